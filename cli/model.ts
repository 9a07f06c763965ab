// The data model of a verification run: findings, exchanges, per-operation results and the report that
// every output (console summary, JSON, JUnit XML, HTML) is rendered from.

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The checks the validator runs. One JUnit testcase is written per operation and check. */
export type CheckName =
  | "login"
  | "auth:no-token"
  | "auth:garbage-token"
  | "auth:bad-signature"
  | "auth:alg-none"
  | "response"
  | "crud"
  | "duplicate"
  | "latency";

export const CHECK_ORDER: readonly CheckName[] = [
  "login",
  "auth:no-token",
  "auth:garbage-token",
  "auth:bad-signature",
  "auth:alg-none",
  "response",
  "crud",
  "duplicate",
  "latency",
];

/** What kind of break a finding is. Stable strings: they are part of the JSON report. */
export type Category =
  | "network"
  | "timeout"
  | "redirect"
  | "http-status"
  | "content-type"
  | "not-json"
  | "not-envelope"
  | "success-false"
  | "business-warning"
  | "message"
  | "missing-property"
  | "extra-property"
  | "renamed-property"
  | "wrong-type"
  | "null-not-nullable"
  | "date-format"
  | "wrong-data-kind"
  | "schema"
  | "security"
  | "token"
  | "error-envelope"
  | "crud";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or null when none was sent. Secrets redacted. */
  body: unknown;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the text (truncated). Secrets redacted. */
  body: unknown;
}

/** One request/response pair, kept with the findings it proves. */
export interface Exchange {
  request: RecordedRequest;
  response: RecordedResponse | null;
  durationMs: number;
  /** Set when no response was obtained: `timeout`, `network: <reason>`, `redirect: <location>`. */
  error?: string;
}

export interface Finding {
  /** `F1`, `F2`... in report order. */
  id: string;
  operationId: string;
  controller: string;
  check: CheckName;
  severity: Severity;
  category: Category;
  /** JSON pointer into the response body (`/Data/0/id_paciente`), or null when the finding is not about a value. */
  pointer: string | null;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** How many times the same break was seen (e.g. once per row of `Data`); reported once. */
  occurrences: number;
  exchange?: Exchange;
}

export type CheckStatus = "passed" | "failed" | "skipped";

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** Why the check was skipped. */
  reason?: string;
}

export interface Latency {
  count: number;
  p50Ms: number;
  maxMs: number;
}

export type OperationStatus = "passed" | "failed" | "skipped";

export interface OperationResult {
  operationId: string;
  controller: string;
  action: string;
  path: string;
  writes: boolean;
  status: OperationStatus;
  checks: CheckResult[];
  latency: Latency | null;
  notes: string[];
  /** Ids of this operation's findings (the objects are in `Report.findings`). */
  findings: string[];
}

export interface TokenInfo {
  present: boolean;
  wellFormed: boolean;
  algorithm: string | null;
  issuedAt: string | null;
  expiresAt: string | null;
  expiresInSeconds: number | null;
}

export interface ControllerSummary {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  findings: number;
}

/** Version of the JSON report shape; bumped on any incompatible change. */
export const REPORT_VERSION = 1;

export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: string; version: string };
  spec: { title: string; version: string };
  target: { baseUrl: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  options: {
    operations: string[] | null;
    allowWrites: boolean;
    timeoutMs: number;
    concurrency: number;
    failOn: "error" | "warning";
    auth: "credentials" | "token";
  };
  login: { checked: boolean; token: TokenInfo | null };
  summary: {
    operations: { total: number; passed: number; failed: number; skipped: number };
    findings: { error: number; warning: number; info: number };
    requests: number;
    /** Rows created by write sequences that could not be removed (no Delete action), for manual clean-up. */
    leftovers: string[];
  };
  controllers: ControllerSummary[];
  operations: OperationResult[];
  /** Every finding, worst first. */
  findings: Finding[];
}
