// A self-contained HTML page for people: summary, controllers, findings worst first, and every operation
// with its checks, latency and the request/response pairs behind its findings. No external asset: inline
// CSS, no script, no link to anything; every value escaped.
import { SEVERITY_RANK, type Exchange, type Finding, type OperationResult, type Report } from "../model.js";
import { short } from "./text.js";

export function htmlEscape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = (v: unknown) => htmlEscape(v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v) ?? String(v));
const anchor = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2230;background:#f6f7f9}
header{background:#1d2a44;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;opacity:.85}main{padding:20px 28px;max-width:1400px}
section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:14px 18px;margin:0 0 18px}
h2{font-size:17px;margin:0 0 10px}h3{font-size:15px;margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #dde1e8;border-radius:6px;padding:8px 14px;min-width:110px;background:#fff}
.card b{display:block;font-size:22px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.passed{background:#dff3e4;color:#17612c}.failed{background:#fbe0e0;color:#8a1c1c}.skipped{background:#eceef2;color:#555}
.error{background:#fbe0e0;color:#8a1c1c}.warning{background:#fff1cc;color:#7a5400}.info{background:#e3ecfb;color:#1d4a8a}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{background:#f4f5f7;border:1px solid #e3e5ea;border-radius:4px;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-word}
details{margin:6px 0}summary{cursor:pointer}
.op{border-top:1px solid #eceef2;padding:10px 0}.op:first-of-type{border-top:0}
.muted{color:#667}.finding{margin:8px 0 8px 0;padding:6px 10px;border-left:3px solid #c9ced8;background:#fafbfc}
.finding.sev-error{border-left-color:#c43a3a}.finding.sev-warning{border-left-color:#d19a00}
`;

function exchangeHtml(x: Exchange): string {
  const req = x.request;
  const res = x.response;
  const reqText = `${req.method} ${req.url}\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}${req.body !== null ? `\n\n${JSON.stringify(req.body, null, 2)}` : ""}`;
  const resText = res
    ? `HTTP ${res.status}\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${typeof res.body === "string" ? res.body : JSON.stringify(res.body, null, 2)}`
    : `(no response: ${x.error ?? "unknown"})`;
  return `<details><summary>request / response (${x.durationMs} ms)</summary><div><b>Request</b><pre>${htmlEscape(reqText)}</pre><b>Response</b><pre>${htmlEscape(resText)}</pre></div></details>`;
}

function findingHtml(f: Finding, withOperation: boolean): string {
  const where = f.pointer !== null && f.pointer !== "" ? ` at <code>${e(f.pointer)}</code>` : "";
  const ea =
    f.expected !== undefined || f.actual !== undefined
      ? `<div class="muted">expected <code>${e(short(f.expected, 200))}</code>, got <code>${e(short(f.actual, 200))}</code></div>`
      : "";
  const op = withOperation ? `<a href="#${anchor(f.operationId)}"><code>${e(f.operationId)}</code></a> ` : "";
  return `<div class="finding sev-${e(f.severity)}" id="${anchor(f.id)}"><span class="badge ${e(f.severity)}">${e(f.severity)}</span> <b>${e(f.id)}</b> ${op}<code>[${e(f.check)}]</code> <span class="muted">${e(f.direction)}</span> ${e(f.category)}${where}: ${e(f.message)}${ea}${f.exchange ? exchangeHtml(f.exchange) : ""}</div>`;
}

function operationHtml(op: OperationResult, findings: Finding[]): string {
  const checks = op.checks
    .map((c) => `<span class="badge ${e(c.status)}" title="${e(c.reason ?? "")}">${e(c.name)}: ${e(c.status)}</span>`)
    .join(" ");
  const latency = op.latency ? `<span class="muted">p50 ${op.latency.p50Ms} ms, max ${op.latency.maxMs} ms over ${op.latency.count} request(s)</span>` : "";
  const skipped = op.checks.filter((c) => c.status === "skipped" && c.reason).map((c) => `<li>${e(c.name)} skipped: ${e(c.reason)}</li>`);
  const notes = [...op.notes.map((n) => `<li>${e(n)}</li>`), ...skipped];
  return `<div class="op" id="${anchor(op.operationId)}"><h3><span class="badge ${e(op.status)}">${e(op.status)}</span> <code>${e(op.operationId)}</code> <span class="muted">POST ${e(op.path)}${op.writes ? " (write)" : ""}</span></h3>
<div>${checks}</div><div>${latency}</div>${notes.length ? `<ul class="muted">${notes.join("")}</ul>` : ""}${findings.map((f) => findingHtml(f, false)).join("")}</div>`;
}

export function renderHtml(report: Report): string {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const s = report.summary;
  const cards = [
    ["operations", s.operations.total],
    ["passed", s.operations.passed],
    ["failed", s.operations.failed],
    ["skipped", s.operations.skipped],
    ["errors", s.findings.error],
    ["warnings", s.findings.warning],
    ["requests", s.requests],
    ["seconds", (report.durationMs / 1000).toFixed(1)],
  ]
    .map(([k, v]) => `<div class="card"><b>${e(String(v))}</b>${e(String(k))}</div>`)
    .join("");
  const controllers = report.controllers
    .map((c) => `<tr><td><a href="#ctl-${anchor(c.name)}">${e(c.name)}</a></td><td class="n">${c.passed}</td><td class="n">${c.failed}</td><td class="n">${c.skipped}</td><td class="n">${c.findings}</td></tr>`)
    .join("");
  const worst = report.findings.filter((f) => SEVERITY_RANK[f.severity] > 0);
  const token = report.login.token;
  const tokenLine = token
    ? `<p>Login token: ${token.present ? (token.wellFormed ? `JWT, algorithm <code>${e(token.algorithm)}</code>, issued ${e(token.issuedAt ?? "?")}, expires ${e(token.expiresAt ?? "never")}` : "present but not a JWT") : "none"}</p>`
    : "";
  const leftovers = s.leftovers.length
    ? `<section><h2>Rows left behind</h2><p>Write actions without a Delete action created these rows; remove them by hand.</p><ul>${s.leftovers.map((l) => `<li>${e(l)}</li>`).join("")}</ul></section>`
    : "";
  const perController = [...new Set(report.operations.map((o) => o.controller))]
    .map((name) => {
      const ops = report.operations.filter((o) => o.controller === name);
      return `<section id="ctl-${anchor(name)}"><h2>${e(name)}</h2>${ops.map((o) => operationHtml(o, o.findings.map((id) => byId.get(id)!).filter(Boolean))).join("")}</section>`;
    })
    .join("");
  const opts = report.options;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Romsoft contract verification: ${e(report.target.baseUrl)}</title><style>${CSS}</style></head>
<body><header><h1>Romsoft contract verification</h1><p><code>${e(report.target.baseUrl)}</code> against ${e(report.spec.title)} ${e(report.spec.version)}, ${e(report.startedAt)}</p></header>
<main>
<section><h2>Summary</h2><div class="cards">${cards}</div>
<p class="muted">Options: operations ${e(opts.operations ? opts.operations.join(", ") : "all")}; ${
    report.source.kind === "verify"
      ? `writes ${opts.allowWrites ? "allowed" : "not allowed (read-only run)"}; timeout ${opts.timeoutMs} ms; concurrency ${opts.concurrency}; auth by ${e(opts.auth)}; `
      : "observed traffic (nothing sent by the checker); "
  }fail on ${e(opts.failOn)}; skipped with --skip: ${e(opts.skip.length ? opts.skip.join(", ") : "nothing")}. Report format version ${report.version}.</p>${
    report.skipped.length ? `<p>Checks left out of the whole run: ${report.skipped.map((x) => `<code>${e(x.check)}</code> (${e(x.reason)})`).join(", ")}</p>` : ""
  }${
    report.source.kind !== "verify"
      ? `<p>${e(report.source.kind === "proxy" ? "Traffic through the proxy" : `Recorded exchanges (${report.source.file ?? "HAR"})`)}: ${report.source.exchanges} exchange(s), ${report.source.checked} checked, ${report.source.outsideApi} outside the API, ${report.source.unchecked} not checked.</p>`
      : ""
  }${tokenLine}</section>
<section><h2>Findings, worst first (${worst.length})</h2>${worst.length ? worst.map((f) => findingHtml(f, true)).join("") : "<p>None.</p>"}</section>
${leftovers}
<section><h2>By controller</h2><table><thead><tr><th>controller</th><th>passed</th><th>failed</th><th>skipped</th><th>findings</th></tr></thead><tbody>${controllers}</tbody></table></section>
<h2>Operations</h2>
${perController}
</main></body></html>
`;
}
