// Turns what a run collected (operation results and findings from the Collector) into the Report every output is
// rendered from, and writes the requested files. Shared by `verify` (live run, HAR) and `proxy`.
import { writeFileSync } from "node:fs";
import { loadSpec } from "../../contract/spec.js";
import {
  REPORT_VERSION,
  SEVERITY_RANK,
  type ControllerSummary,
  type Finding,
  type OperationResult,
  type Report,
  type ReportSource,
  type Severity,
  type SkippedCheck,
} from "../model.js";
import type { ReportTarget } from "../options.js";
import type { Redactor } from "../redact.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";

export const TOOL_NAME = "romsoft-contract";
export const TOOL_VERSION = "0.1.0";

export interface ReportParts {
  started: number;
  finished: number;
  source: ReportSource;
  baseUrl: string;
  options: Report["options"];
  login: Report["login"];
  requests: number;
  leftovers: string[];
  operations: OperationResult[];
  findings: Finding[];
  skipped: SkippedCheck[];
}

/** The report, passed through the redactor once more as a whole. */
export function assembleReport(parts: ReportParts, redactor: Redactor): Report {
  const { operations, findings } = parts;
  const controllers: ControllerSummary[] = [];
  for (const op of operations) {
    let c = controllers.find((x) => x.name === op.controller);
    if (!c) {
      c = { name: op.controller, passed: 0, failed: 0, skipped: 0, findings: 0 };
      controllers.push(c);
    }
    c[op.status]++;
    c.findings += op.findings.length;
  }
  controllers.sort((a, b) => b.failed - a.failed || b.findings - a.findings || a.name.localeCompare(b.name));
  const spec = loadSpec();
  const report: Report = {
    version: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    spec: { title: spec.info.title, version: spec.info.version },
    source: parts.source,
    target: { baseUrl: redactor.text(parts.baseUrl) },
    startedAt: new Date(parts.started).toISOString(),
    finishedAt: new Date(parts.finished).toISOString(),
    durationMs: parts.finished - parts.started,
    options: parts.options,
    skipped: parts.skipped,
    login: parts.login,
    summary: {
      operations: {
        total: operations.length,
        passed: operations.filter((o) => o.status === "passed").length,
        failed: operations.filter((o) => o.status === "failed").length,
        skipped: operations.filter((o) => o.status === "skipped").length,
      },
      findings: {
        error: findings.filter((f) => f.severity === "error").length,
        warning: findings.filter((f) => f.severity === "warning").length,
        info: findings.filter((f) => f.severity === "info").length,
      },
      requests: parts.requests,
      leftovers: parts.leftovers.map((l) => redactor.text(l)),
    },
    controllers,
    operations,
    findings,
  };
  return redactor.value(report);
}

/** Writes every requested report file; returns their paths. */
export function writeReports(report: Report, targets: readonly ReportTarget[]): string[] {
  const written: string[] = [];
  for (const target of targets) {
    const text = target.format === "json" ? renderJson(report) : target.format === "junit" ? renderJunit(report) : renderHtml(report);
    writeFileSync(target.path, text);
    written.push(target.path);
  }
  return written;
}

/** 1 when a finding reaches --fail-on, else 0. */
export function exitCodeOf(report: Report, failOn: Severity): 0 | 1 {
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}
