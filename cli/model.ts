// The data model of a verification run: findings, exchanges, per-operation results and the report that
// every output (console summary, JSON, JUnit XML, HTML) is rendered from.

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * The checks the validator runs. One JUnit testcase is written per operation and check. `request` (the client's
 * body and query against the request schema) and `auth:expired-token` are judged only on observed traffic
 * (proxy, HAR): verify sends its own requests.
 */
export type CheckName =
  | "login"
  | "auth:no-token"
  | "auth:garbage-token"
  | "auth:bad-signature"
  | "auth:alg-none"
  | "auth:expired-token"
  | "request"
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
  "auth:expired-token",
  "request",
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

/** Whose side of an exchange a finding is about: the client's request (client drift) or the server's answer. */
export type Direction = "request" | "response";

export interface Finding {
  /** `F1`, `F2`... in report order. */
  id: string;
  operationId: string;
  controller: string;
  check: CheckName;
  /** `request` for the `request` check (client drift), `response` for every other check. */
  direction: Direction;
  severity: Severity;
  category: Category;
  /**
   * JSON pointer into the response body (`/Data/0/id_paciente`) or, for `direction: "request"`, into the request
   * body (`/id_ocupacion`; `?name` for a query parameter); null when the finding is not about a value.
   */
  pointer: string | null;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /**
   * How many times the same break was seen (e.g. once per row of `Data`; for observed traffic, once per exchange
   * that showed it); reported once, with the first exchange.
   */
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

/**
 * Version of the JSON report shape; bumped on any incompatible change.
 * 2: findings have `direction`; `source` says what was checked (live run, proxy, HAR); `options.skip` and
 * `skipped` list the checks left out with --skip; check names `request` and `auth:expired-token`.
 */
export const REPORT_VERSION = 2;

/** A check left out of the whole run (--skip), with why. */
export interface SkippedCheck {
  check: CheckName;
  reason: string;
}

/** What the findings were drawn from. */
export type ReportSource =
  | { kind: "verify" }
  | { kind: "proxy" | "har"; exchanges: number; checked: number; outsideApi: number; unchecked: number; file?: string };

export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: string; version: string };
  spec: { title: string; version: string };
  source: ReportSource;
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
    auth: "credentials" | "token" | "observed";
    /** Check names given to --skip (as typed: `auth` stands for every auth:* check). */
    skip: string[];
  };
  /** Every check left out with --skip, with the reason (also on each operation's checks). */
  skipped: SkippedCheck[];
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
