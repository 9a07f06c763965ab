// The summary printed at the end of a run: per controller passed/failed/skipped, then the worst findings.
import { SEVERITY_RANK, type Report } from "../model.js";
import { expectedActual } from "./text.js";

const MAX_FINDINGS = 25;

export function renderSummary(report: Report, reportFiles: string[]): string {
  const lines: string[] = [];
  const { summary } = report;
  lines.push("");
  lines.push(`Romsoft contract verification of ${report.target.baseUrl} (spec ${report.spec.version})`);
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
  for (const file of reportFiles) lines.push(`report written: ${file}`);
  return `${lines.join("\n")}\n`;
}
