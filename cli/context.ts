// What every check gets: the HTTP client, the strict validator, the collector and the run's options.
import type { ContractValidator } from "../contract/validate.js";
import type { Operation } from "../contract/spec.js";
import type { Collector } from "./collector.js";
import type { HttpClient } from "./http.js";
import type { VerifyOptions } from "./options.js";
import type { Redactor } from "./redact.js";

export interface Session {
  /** Bearer token for the checks, or null when none could be obtained. */
  token: string | null;
  /** Claims and header of that token, used to forge the bad-signature and alg:none tokens. */
  payload: Record<string, unknown> | null;
  header: Record<string, unknown> | null;
}

export interface RunContext {
  client: HttpClient;
  validator: ContractValidator;
  collector: Collector;
  redactor: Redactor;
  options: VerifyOptions;
  session: Session;
  /** Every operation of the spec (CRUD sequences may call operations outside the selection). */
  allOperations: Operation[];
  /** A unique suffix for this run's test data (timestamp based). */
  runId: string;
}

/** The body the spec documents for an operation: its `request` example, else its `empty` one, else {}. */
export function exampleBody(op: Operation): unknown {
  return structuredClone(op.requestExamples.request?.value ?? op.requestExamples.empty?.value ?? {});
}

/** Query parameters from the spec's examples (two operations take an id in the query string). */
export function exampleQuery(op: Operation): Record<string, string> | undefined {
  if (!op.queryParameters.length) return undefined;
  return Object.fromEntries(op.queryParameters.map((q) => [q.name, String(q.example ?? 1)]));
}
