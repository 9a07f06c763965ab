// Checks every answer of the server must pass, whatever was sent.
import { JSON_RESPONSE_KEYS, type JsonResponse } from "../../contract/envelope.js";

/** Text of a database error that must never reach a client. */
export const SQL_ERROR_TEXT = /SQLITE_[A-Z]|SqliteError|better-sqlite3|syntax error|no such (column|table|function)|unrecognized token|constraint failed|near "/;

/** Internals that must never reach a client either. */
export const INTERNAL_TEXT = /\bat [\w.<>]+ \(|node:internal|\/server\/|\.ts:\d+|TypeError|RangeError|ReferenceError|Maximum call stack/;

/** Parses a body and returns a description of what is wrong with it as an envelope, or the envelope. */
export function parseEnvelope(body: string): { ok: true; envelope: JsonResponse } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, problem: `not JSON: ${body.slice(0, 200)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, problem: "not an object" };
  const keys = Object.keys(value).sort().join(",");
  if (keys !== [...JSON_RESPONSE_KEYS].sort().join(",")) return { ok: false, problem: `keys ${keys}` };
  const e = value as JsonResponse;
  if (typeof e.Success !== "boolean" || typeof e.Warning !== "boolean") return { ok: false, problem: "Success/Warning not boolean" };
  if (e.Message !== null && typeof e.Message !== "string") return { ok: false, problem: "Message not string|null" };
  return { ok: true, envelope: e };
}

/** Problems of a response, whatever the request: empty when it is a well-formed, leak-free envelope. */
export function responseProblems(status: number, contentType: string | undefined, body: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  if (!/^application\/json/i.test(contentType ?? "")) problems.push(`content-type ${contentType ?? "(none)"}`);
  const parsed = parseEnvelope(body);
  if (!parsed.ok) problems.push(`not an envelope (${parsed.problem})`);
  else {
    const m = parsed.envelope.Message ?? "";
    if (SQL_ERROR_TEXT.test(m)) problems.push(`SQL error text in Message: ${m.slice(0, 200)}`);
    if (INTERNAL_TEXT.test(m)) problems.push(`internal detail in Message: ${m.slice(0, 200)}`);
    if (status !== 200 && (parsed.envelope.Success || parsed.envelope.Data !== null)) problems.push("error status without the error envelope");
  }
  return problems;
}
