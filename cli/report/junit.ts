// JUnit XML for CI: one testsuite per controller, one testcase per operation and check. Findings at or
// above --fail-on are <failure>s; lower ones go to <system-out>.
import { SEVERITY_RANK, type Finding, type Report } from "../model.js";
import { expectedActual } from "./text.js";

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry. */
export function xmlEscape(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
      const code = c.charCodeAt(0);
      const next = s.charCodeAt(i + 1);
      const prev = s.charCodeAt(i - 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return c;
      if (code >= 0xdc00 && prev >= 0xd800 && prev <= 0xdbff) return c;
      return "";
    })
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function describe(f: Finding): string {
  const parts = [`${f.id} ${f.severity} ${f.category}${f.pointer ? ` at ${f.pointer}` : ""}: ${f.message}`];
  const ea = expectedActual(f);
  if (ea) parts.push(`  ${ea}`);
  if (f.exchange) {
    parts.push(`  request: ${f.exchange.request.method} ${f.exchange.request.url}`);
    if (f.exchange.response) parts.push(`  response: HTTP ${f.exchange.response.status}`);
    if (f.exchange.error) parts.push(`  error: ${f.exchange.error}`);
  }
  return parts.join("\n");
}

export function renderJunit(report: Report): string {
  const threshold = SEVERITY_RANK[report.options.failOn];
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const controllers = [...new Set(report.operations.map((o) => o.controller))];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  const suites: string[] = [];
  for (const controller of controllers) {
    const ops = report.operations.filter((o) => o.controller === controller);
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    let time = 0;
    for (const op of ops) {
      const findings = op.findings.map((id) => byId.get(id)!).filter(Boolean);
      const opTime = op.latency ? (op.latency.p50Ms * op.latency.count) / 1000 : 0;
      time += opTime;
      for (const check of op.checks) {
        const mine = findings.filter((f) => f.check === check.name);
        const failing = mine.filter((f) => SEVERITY_RANK[f.severity] >= threshold);
        const other = mine.filter((f) => SEVERITY_RANK[f.severity] < threshold);
        const attrs = `classname="${xmlEscape(`${controller}.${op.operationId}`)}" name="${xmlEscape(`${op.operationId} ${check.name}`)}" time="${(opTime / Math.max(1, op.checks.length)).toFixed(3)}"`;
        const body: string[] = [];
        if (check.status === "skipped") {
          skipped++;
          body.push(`      <skipped message="${xmlEscape(check.reason ?? "skipped")}"/>`);
        } else if (failing.length) {
          failures++;
          const first = failing[0]!;
          body.push(
            `      <failure message="${xmlEscape(`${failing.length} finding(s): ${first.message}`)}" type="${xmlEscape(first.category)}">${xmlEscape(failing.map(describe).join("\n\n"))}</failure>`,
          );
        }
        if (other.length) body.push(`      <system-out>${xmlEscape(other.map(describe).join("\n\n"))}</system-out>`);
        cases.push(body.length ? `    <testcase ${attrs}>\n${body.join("\n")}\n    </testcase>` : `    <testcase ${attrs}/>`);
      }
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite name="${xmlEscape(controller)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${xmlEscape(report.startedAt.replace(/Z$/, ""))}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xmlEscape(`romsoft-contract ${report.source.kind === "proxy" ? "proxy" : report.source.kind === "har" ? `verify --har ${report.source.file ?? ""}` : "verify"} ${report.target.baseUrl}`)}" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="${totalSkipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
