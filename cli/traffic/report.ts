// The Report of observed traffic (proxy or HAR): same shape and renderers as verify's, with `source` saying
// how many exchanges were seen, judged and skipped.
import type { CheckName, Report } from "../model.js";
import type { Redactor } from "../redact.js";
import { assembleReport } from "../report/assemble.js";
import type { SkipSelection } from "../skip.js";
import type { TrafficRecorder } from "./recorder.js";

/** Checks observed traffic can be judged by, in report order. */
export const TRAFFIC_CHECKS: readonly CheckName[] = [
  "login",
  "auth:no-token",
  "auth:garbage-token",
  "auth:alg-none",
  "auth:expired-token",
  "request",
  "response",
  "latency",
];

export interface TrafficReportInput {
  kind: "proxy" | "har";
  /** The deployment (proxy target, or the origin the HAR was recorded from). */
  baseUrl: string;
  /** The HAR file's name (no directory). */
  file?: string;
  started: number;
  failOn: "error" | "warning";
  skip: SkipSelection;
  operations: string[] | null;
}

export function trafficReport(recorder: TrafficRecorder, input: TrafficReportInput, redactor: Redactor): Report {
  const { operations, findings } = recorder.build(input.failOn);
  const c = recorder.counts;
  return assembleReport(
    {
      started: input.started,
      finished: Date.now(),
      source: { kind: input.kind, exchanges: c.exchanges, checked: c.checked, outsideApi: c.outsideApi, unchecked: c.unchecked, ...(input.file ? { file: input.file } : {}) },
      baseUrl: input.baseUrl,
      options: {
        operations: input.operations,
        allowWrites: false,
        timeoutMs: 0,
        concurrency: 0,
        failOn: input.failOn,
        auth: "observed",
        skip: input.skip.names,
      },
      login: { checked: recorder.loginSeen && !input.skip.checks.has("login"), token: recorder.token },
      requests: c.exchanges,
      leftovers: [],
      operations,
      findings,
      skipped: TRAFFIC_CHECKS.filter((check) => input.skip.checks.has(check)).map((check) => ({ check, reason: input.skip.checks.get(check)! })),
    },
    redactor,
  );
}
