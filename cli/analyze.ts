// Turns one HTTP answer of an operation into findings: transport, status, content type, envelope, Success,
// Warning, and the schema issues of Ajv regrouped into one finding per break (missing, extra or renamed
// property, wrong type, null where not nullable, date not in .NET form, Data of the wrong kind), each
// break reported once however many rows of Data repeat it.
import { JSON_RESPONSE_KEYS, type JsonResponse } from "../contract/envelope.js";
import type { ContractValidator, ValidationIssue } from "../contract/validate.js";
import { loadSpec, type Operation } from "../contract/spec.js";
import type { CallResult } from "./http.js";
import { trimForReport } from "./http.js";
import type { Finding } from "./model.js";

/** A finding before it is attached to an operation and check (and numbered, and given its exchange). */
export type Draft = Omit<Finding, "id" | "operationId" | "controller" | "check" | "direction" | "occurrences" | "exchange"> & {
  occurrences?: number;
};

export type ValueKind = "null" | "array" | "object" | "string" | "integer" | "number" | "boolean" | "undefined";

export function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") return "object";
  return typeof value as ValueKind;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const seg of pointer.slice(1).split("/").map(unescape)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function describe(value: unknown): string {
  const kind = kindOf(value);
  if (kind === "object" || kind === "array") return kind;
  const text = JSON.stringify(value);
  return `${kind} ${text && text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

let datePattern: string | undefined;
function netDatePattern(): string {
  datePattern ??= String((loadSpec().components.schemas.NetDateTime as { pattern?: string }).pattern ?? "");
  return datePattern;
}

function isDatePatternIssue(issue: ValidationIssue): boolean {
  return issue.keyword === "pattern" && netDatePattern() !== "" && issue.message.includes(netDatePattern());
}

function expectedTypes(issues: ValidationIssue[]): string {
  const types = new Set<string>();
  for (const i of issues) {
    const m = /^must be (.+)$/.exec(i.message);
    if (i.keyword === "type" && m?.[1]) for (const t of m[1].split(",")) types.add(t.trim());
  }
  return [...types].join(" | ");
}

const normalizeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function similar(a: string, b: string): boolean {
  const x = normalizeName(a);
  const y = normalizeName(b);
  return x === y || (x.length > 3 && (x.includes(y) || y.includes(x)));
}

/** Row indexes are folded so the same break in every row of Data counts once. */
const foldRows = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

/** Regroups Ajv's issues for one response into drafts, one per distinct break. */
export function classifyIssues(op: Operation, body: unknown, issues: ValidationIssue[]): Draft[] {
  const drafts: Draft[] = [];
  // required / unevaluated properties are reported at the parent; rename detection pairs them there.
  const missing = new Map<string, string[]>();
  const extra = new Map<string, string[]>();
  const byPointer = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    if (issue.keyword === "required" && issue.property !== undefined) {
      missing.set(issue.pointer, [...(missing.get(issue.pointer) ?? []), issue.property]);
    } else if ((issue.keyword === "unevaluatedProperties" || issue.keyword === "additionalProperties") && issue.property !== undefined) {
      extra.set(issue.pointer, [...(extra.get(issue.pointer) ?? []), issue.property]);
    } else {
      byPointer.set(issue.pointer, [...(byPointer.get(issue.pointer) ?? []), issue]);
    }
  }
  const parents = new Set([...missing.keys(), ...extra.keys()]);
  for (const parent of parents) {
    const m = [...(missing.get(parent) ?? [])];
    const e = [...(extra.get(parent) ?? [])];
    const pairs: [string, string][] = [];
    for (const name of [...m]) {
      const j = e.findIndex((x) => similar(name, x));
      if (j >= 0) {
        pairs.push([name, e[j]!]);
        e.splice(j, 1);
        m.splice(m.indexOf(name), 1);
      }
    }
    if (m.length === 1 && e.length === 1) pairs.push([m.pop()!, e.pop()!]);
    for (const [want, got] of pairs) {
      drafts.push({
        severity: "error",
        category: "renamed-property",
        pointer: `${parent}/${escapeSegment(want)}`,
        message: `property \`${want}\` is missing and \`${got}\` is not in the contract: renamed?`,
        expected: want,
        actual: got,
      });
    }
    for (const name of m) {
      drafts.push({
        severity: "error",
        category: "missing-property",
        pointer: `${parent}/${escapeSegment(name)}`,
        message: `required property \`${name}\` is missing`,
        expected: "present",
        actual: "absent",
      });
    }
    for (const name of e) {
      drafts.push({
        severity: "error",
        category: "extra-property",
        pointer: `${parent}/${escapeSegment(name)}`,
        message: `property \`${name}\` is not in the contract`,
        expected: "absent",
        actual: trimForReport(valueAt(body, `${parent}/${escapeSegment(name)}`)),
      });
    }
  }
  const pointers = [...byPointer.keys()];
  for (const [pointer, list] of byPointer) {
    const value = valueAt(body, pointer);
    const hasDeeper = pointers.some((p) => p.startsWith(`${pointer}/`)) || [...parents].some((p) => p === pointer || p.startsWith(`${pointer}/`));
    const types = list.filter((i) => i.keyword === "type");
    const others = list.filter((i) => i.keyword !== "type");
    // An anyOf [X, null] branch adds "must be null" next to the real error further down: drop it.
    if (hasDeeper && others.length === 0) continue;
    if (list.some(isDatePatternIssue)) {
      drafts.push({
        severity: "error",
        category: "date-format",
        pointer,
        message: `date not in .NET DateTime form (e.g. 2021-09-06T10:12:05): ${describe(value)}`,
        expected: "yyyy-MM-ddTHH:mm:ss[.fffffff]",
        actual: value,
      });
      continue;
    }
    if (types.length > 0 && others.length === 0) {
      const expected = expectedTypes(types);
      if (pointer === "/Data") {
        drafts.push({
          severity: "error",
          category: "wrong-data-kind",
          pointer,
          message: `Data is ${kindOf(value) === "object" ? "an object" : `of kind ${kindOf(value)}`}, the contract says ${op.dataKind === "array" ? "an array" : op.dataKind}`,
          expected: op.dataKind,
          actual: kindOf(value),
        });
      } else if (value === null) {
        drafts.push({ severity: "error", category: "null-not-nullable", pointer, message: `null where the contract does not allow it (expected ${expected})`, expected, actual: null });
      } else {
        drafts.push({ severity: "error", category: "wrong-type", pointer, message: `expected ${expected}, got ${describe(value)}`, expected, actual: trimForReport(value) });
      }
      continue;
    }
    for (const issue of others) {
      drafts.push({ severity: "error", category: "schema", pointer, message: `${issue.keyword}: ${issue.message} (got ${describe(value)})`, actual: trimForReport(value) });
    }
  }
  return dedupe(drafts);
}

/** Merges drafts that describe the same break (same folded pointer, category and message shape). */
export function dedupe(drafts: Draft[]): Draft[] {
  const seen = new Map<string, Draft>();
  for (const d of drafts) {
    const key = `${d.category}|${d.pointer === null ? "" : foldRows(d.pointer)}|${JSON.stringify(d.expected ?? null)}`;
    const prior = seen.get(key);
    if (prior) prior.occurrences = (prior.occurrences ?? 1) + (d.occurrences ?? 1);
    else seen.set(key, { ...d, occurrences: d.occurrences ?? 1 });
  }
  return [...seen.values()].map((d) =>
    (d.occurrences ?? 1) > 1 ? { ...d, message: `${d.message} (in ${d.occurrences} places, first shown)` } : d,
  );
}

export interface AnswerExpectation {
  /** Warning:true is documented for this operation (the spec has a `warning` example). */
  warningAllowed: boolean;
  /** When set, a Success answer must carry this Message (the spec's ok example, for writes). */
  okMessage?: string | null;
}

export interface AnswerEvaluation {
  drafts: Draft[];
  /** The envelope when the answer was one (even if other checks failed). */
  envelope: JsonResponse | null;
  /** Success:true, Warning:false and Data valid. */
  ok: boolean;
  /** Success:true with Warning:true. */
  businessWarning: boolean;
}

function isEnvelope(value: unknown): value is JsonResponse {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return JSON_RESPONSE_KEYS.every((key) => key in value);
}

/** Transport problems (timeout, network, redirect to another host) as drafts; empty when a response came. */
export function transportDrafts(res: CallResult): Draft[] {
  if (!res.error) {
    return res.redirects.length
      ? [{ severity: "warning", category: "redirect", pointer: null, message: `answered through a redirect to ${res.redirects.join(" → ")}` }]
      : [];
  }
  if (res.error === "timeout") return [{ severity: "error", category: "timeout", pointer: null, message: `no answer within the timeout: ${res.errorDetail ?? ""}`.trim() }];
  if (res.error === "redirect") return [{ severity: "error", category: "redirect", pointer: null, message: `redirected ${res.errorDetail ?? ""}`.trim(), expected: 200, actual: res.status }];
  return [{ severity: "error", category: "network", pointer: null, message: `request failed: ${res.errorDetail ?? "network error"}` }];
}

/** Checks one answer that should be a successful JsonResponse of `op`. */
export function evaluateAnswer(validator: ContractValidator, op: Operation, res: CallResult, expectation: AnswerExpectation): AnswerEvaluation {
  const drafts = transportDrafts(res);
  const fail = (): AnswerEvaluation => ({ drafts, envelope: null, ok: false, businessWarning: false });
  if (res.error) return fail();
  const body = res.json;
  if (res.status !== 200) {
    const envelopeNote = isEnvelope(body) && body.Message ? `: ${body.Message}` : body === undefined ? " (not JSON)" : isEnvelope(body) ? "" : " (not the JsonResponse envelope)";
    drafts.push({ severity: "error", category: "http-status", pointer: null, message: `HTTP ${res.status} instead of 200${envelopeNote}`, expected: 200, actual: res.status });
    return fail();
  }
  if (!res.contentType || !/^application\/json\b/i.test(res.contentType)) {
    drafts.push({ severity: "error", category: "content-type", pointer: null, message: `content type ${res.contentType ?? "(none)"} instead of application/json`, expected: "application/json", actual: res.contentType });
  }
  if (body === undefined) {
    drafts.push({ severity: "error", category: "not-json", pointer: null, message: "the body is not JSON", actual: trimForReport(res.text) });
    return fail();
  }
  if (!isEnvelope(body)) {
    const keys = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
    drafts.push({
      severity: "error",
      category: "not-envelope",
      pointer: "",
      message: `the body is not the JsonResponse envelope {Message, Success, Warning, Data}${keys.length ? ` (keys: ${keys.slice(0, 8).join(", ")})` : ` (${kindOf(body)})`}`,
      expected: [...JSON_RESPONSE_KEYS],
      actual: keys.length ? keys : kindOf(body),
    });
    return fail();
  }
  const evaluation: AnswerEvaluation = { drafts, envelope: body, ok: false, businessWarning: false };
  if (body.Success === false) {
    drafts.push({ severity: "error", category: "success-false", pointer: "/Success", message: `Success:false in an HTTP 200 answer${body.Message ? `: ${body.Message}` : ""}`, expected: true, actual: false });
    // Still worth checking the envelope's own shape.
    drafts.push(...classifyIssues(op, body, validator.validateSchema("JsonResponse", body).issues));
    return evaluation;
  }
  if (body.Warning === true) {
    evaluation.businessWarning = true;
    if (!expectation.warningAllowed) {
      drafts.push({ severity: "warning", category: "business-warning", pointer: "/Warning", message: `business warning the contract does not document for this operation: ${body.Message ?? "(no message)"}`, expected: false, actual: true });
    }
  } else if (expectation.okMessage !== undefined && body.Success === true && body.Message !== expectation.okMessage) {
    drafts.push({ severity: "warning", category: "message", pointer: "/Message", message: `Message ${JSON.stringify(body.Message)} instead of ${JSON.stringify(expectation.okMessage)}`, expected: expectation.okMessage, actual: body.Message });
  }
  const schemaDrafts = classifyIssues(op, body, validator.validateResponse(op, body).issues);
  drafts.push(...schemaDrafts);
  evaluation.ok = body.Success === true && body.Warning === false && !drafts.some((d) => d.severity === "error");
  return evaluation;
}
