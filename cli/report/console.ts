// The summary printed at the end of a run: per controller passed/failed/skipped, then the worst findings.
import { SEVERITY_RANK, type Report } from "../model.js";
import { expectedActual } from "./text.js";

const MAX_FINDINGS = 25;
/** Operations listed one per line with their skipped checks before the rest is left to the reports. */
const MAX_SKIPPED_LINES = 60;

/** `check, check (reason); check (reason)` for one operation's skipped checks, grouped by reason. */
function skippedLine(checks: { name: string; reason?: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const c of checks) byReason.set(c.reason ?? "skipped", [...(byReason.get(c.reason ?? "skipped") ?? []), c.name]);
  return [...byReason].map(([reason, names]) => `${names.join(", ")} (${reason})`).join("; ");
}

function title(report: Report): string {
  const spec = `(spec ${report.spec.version})`;
  if (report.source.kind === "proxy") return `Romsoft contract check of the traffic through the proxy to ${report.target.baseUrl} ${spec}`;
  if (report.source.kind === "har") return `Romsoft contract check of the recorded exchanges in ${report.source.file ?? "a HAR file"} ${spec}`;
  return `Romsoft contract verification of ${report.target.baseUrl} ${spec}`;
}

export function renderSummary(report: Report, reportFiles: string[]): string {
  const lines: string[] = [];
  const { summary } = report;
  lines.push("");
  lines.push(title(report));
  if (report.login.token) {
    const t = report.login.token;
    lines.push(
      `Login token: ${t.present ? (t.wellFormed ? `JWT ${t.algorithm}, expires ${t.expiresAt ?? "never"}` : "present but not a JWT") : "none"}`,
    );
  }
  lines.push("");
  const width = Math.max(10, ...report.controllers.map((c) => c.name.length));
  lines.push(`${"controller".padEnd(width)}  passed  failed  skipped  findings`);
  for (const c of report.controllers) {
    lines.push(`${c.name.padEnd(width)}  ${String(c.passed).padStart(6)}  ${String(c.failed).padStart(6)}  ${String(c.skipped).padStart(7)}  ${String(c.findings).padStart(8)}`);
  }
  lines.push("");
  const shown = report.findings.filter((f) => SEVERITY_RANK[f.severity] > SEVERITY_RANK.info).slice(0, MAX_FINDINGS);
  if (shown.length) {
    lines.push("Findings (worst first):");
    for (const f of shown) {
      const where = f.pointer !== null && f.pointer !== "" ? ` at ${f.pointer}` : "";
      const ea = expectedActual(f);
      lines.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.operationId} [${f.check}] ${f.category}${where}: ${f.message}${ea ? ` (${ea})` : ""}`);
    }
    const more = report.findings.length - shown.length;
    if (more > 0) lines.push(`  … ${more} more in the reports`);
    lines.push("");
  }
  const withSkips = report.operations.filter((o) => o.checks.some((c) => c.status === "skipped"));
  if (withSkips.length) {
    lines.push("Skipped checks (per operation, with the reason):");
    if (report.skipped.length) lines.push(`  left out of the whole run with --skip: ${report.skipped.map((s) => s.check).join(", ")}`);
    for (const op of withSkips.slice(0, MAX_SKIPPED_LINES)) {
      lines.push(`  ${op.operationId}: ${skippedLine(op.checks.filter((c) => c.status === "skipped"))}`);
    }
    if (withSkips.length > MAX_SKIPPED_LINES) lines.push(`  … ${withSkips.length - MAX_SKIPPED_LINES} more operation(s) with skipped checks in the reports`);
    lines.push("");
  }
  if (summary.leftovers.length) {
    lines.push("Rows left behind by write actions that have no Delete (remove them by hand):");
    for (const l of summary.leftovers) lines.push(`  - ${l}`);
    lines.push("");
  }
  const o = summary.operations;
  lines.push(
    `${o.total} operation(s): ${o.passed} passed, ${o.failed} failed, ${o.skipped} skipped; ` +
      `findings: ${summary.findings.error} error(s), ${summary.findings.warning} warning(s), ${summary.findings.info} info; ` +
      `${summary.requests} request(s) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (report.source.kind !== "verify") {
    const s = report.source;
    lines.push(`${s.exchanges} exchange(s): ${s.checked} checked, ${s.outsideApi} outside the API (skipped), ${s.unchecked} not checked (see the notes)`);
  }
  for (const file of reportFiles) lines.push(`report written: ${file}`);
  return `${lines.join("\n")}\n`;
}
