// Generated requests for one operation: schema-valid bodies built from the operation's JSON Schema, and
// mutations of them (wrong types, missing and extra properties, big strings, deep nesting, out-of-range
// numbers, prototype keys, SQL injection, control characters, malformed JSON, wrong content types).
//
// Each case carries what the contract says must happen to it:
// - "accept": a schema-valid request → 200 with a response that matches the operation's 200 schema;
// - "reject": invalid → 400 (or 413/415) in the error envelope, naming the field when there is one;
// - "any": the contract does not decide (e.g. content-type spelling) → anything but a 5xx.
// The expectation is computed by parsing the payload the way the server does and validating the result
// with the project's ContractValidator, never hand-written per case.
import fc from "fast-check";
import type { ContractValidator } from "../../contract/validate.js";
import type { Operation } from "../../contract/spec.js";
import { anyJson, numericFields, objectShape, requestSchema, textFields, typesOf, valueOf, type ObjectShape } from "./schema-arbitraries.js";

export type Expectation = "accept" | "reject" | "any";

export interface FuzzCase {
  /** The mutation class, e.g. `wrongType`, `sqlInjection`. */
  kind: string;
  /** Raw body; undefined sends no body at all. */
  payload: string | undefined;
  /** Content-Type header; null sends none. */
  contentType: string | null;
  /** Query string without `?` ("" for none). */
  query: string;
  expect: Expectation;
  /** The field a refusal must name. */
  field?: string;
}

/** Strings that break naive SQL built by concatenation. */
export const SQL_INJECTIONS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE SEG_USUARIO; --",
  "'; DROP TABLE ADM_PACIENTE; --",
  '" OR ""="',
  "1; DELETE FROM SEG_USUARIO",
  "') UNION SELECT usuario, clave FROM SEG_USUARIO --",
  "admin'--",
  "\\'; SELECT sqlite_version(); --",
  "%' AND 1=0 UNION SELECT name FROM sqlite_master --",
] as const;

/** Numbers (as raw JSON text) at and past the edges of what the backend's types hold. */
export const RAW_NUMBERS = [
  "2147483647",
  "2147483648",
  "-2147483648",
  "-2147483649",
  "9007199254740993",
  "1e309",
  "-1e309",
  "1.5",
  "-0",
  "1e5",
  "1E-400",
  '"NaN"',
  '"Infinity"',
  '"-Infinity"',
  '"1e5"',
  '"12"',
  '""',
  // Not JSON at all.
  "NaN",
  "Infinity",
  "0x10",
  "+1",
  "01",
] as const;

const CONTROL = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).chain((c) => fc.constantFrom(String.fromCharCode(c), "\u007f", "\u2028", "\u2029", "\ufeff", "\ud800")),
  minLength: 1,
  maxLength: 12,
});

/** `depth` nested objects around 1, as JSON text. */
export function deepJson(depth: number, open = '{"x":', close = "}"): string {
  return open.repeat(depth) + "1" + close.repeat(depth);
}

const PLACEHOLDER = "\u0000@@FUZZ@@\u0000";
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

/**
 * Mirrors the server's body parsing: BOM stripped, blank → no body, else JSON with prototype-poisoning keys
 * dropped (`__proto__`, `constructor` holding a `prototype`). `nonFinite` tells whether a number overflowed
 * to ±Infinity (1e309). The walk uses an explicit stack: bodies nest 10 000 levels deep.
 */
export function parseLikeServer(payload: string | undefined): { ok: true; value: unknown; nonFinite: boolean } | { ok: false } {
  if (payload === undefined) return { ok: true, value: undefined, nonFinite: false };
  const body = payload.charCodeAt(0) === 0xfeff ? payload.slice(1) : payload;
  if (body.trim() === "") return { ok: true, value: undefined, nonFinite: false };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false };
  }
  let nonFinite = false;
  // Only a payload that can hold a prototype key or an overflowing exponent needs the walk.
  if (!/__proto__|constructor|\d[eE][+-]?\d{3}|\d{300}/.test(body)) return { ok: true, value, nonFinite };
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "number" && !Number.isFinite(v)) nonFinite = true;
    if (v === null || typeof v !== "object") continue;
    const record = v as Record<string, unknown>;
    if (!Array.isArray(v)) {
      if (Object.prototype.hasOwnProperty.call(record, "__proto__")) Reflect.deleteProperty(record, "__proto__");
      const ctor = Object.prototype.hasOwnProperty.call(record, "constructor") ? record.constructor : undefined;
      if (ctor !== null && typeof ctor === "object" && Object.prototype.hasOwnProperty.call(ctor, "prototype")) Reflect.deleteProperty(record, "constructor");
    }
    for (const child of Object.values(record)) stack.push(child);
  }
  return { ok: true, value, nonFinite };
}

export interface CaseFactory {
  op: Operation;
  shape: ObjectShape | null;
  /** Valid bodies (objects for DTO operations, any JSON for ignored bodies). */
  body: fc.Arbitrary<unknown>;
  /** All cases, valid and mutated, weighted. */
  cases: fc.Arbitrary<FuzzCase>;
  /** Expectation of a raw request, by the contract. */
  expectationOf(payload: string | undefined, contentType: string | null, query: string): Expectation;
}

function queryOf(op: Operation, values: Record<string, string | undefined>): string {
  return op.queryParameters
    .filter((p) => values[p.name] !== undefined)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(values[p.name]!)}`)
    .join("&");
}

function validQuery(op: Operation): fc.Arbitrary<string> {
  if (op.queryParameters.length === 0) return fc.constant("");
  return fc
    .record(Object.fromEntries(op.queryParameters.map((p) => [p.name, fc.integer({ min: 1, max: 2147483647 }).map(String)])))
    .map((v) => queryOf(op, v));
}

function queryValid(op: Operation, query: string): boolean {
  const params = new URLSearchParams(query);
  return op.queryParameters.every((p) => {
    const all = params.getAll(p.name);
    if (all.length === 0) return !p.required;
    if (all.length > 1) return false;
    const v = all[0]!;
    // Query strings are text: the server coerces them as Ajv does (`"5"`, `" 5"`, `"5.0"`, `"5e0"` are 5),
    // then applies `integer, int32, minimum 1`.
    const n = Number(v);
    return v !== "" && Number.isInteger(n) && n >= 1 && n <= 2147483647;
  });
}

function isJsonMedia(contentType: string | null): boolean | "unsure" {
  if (contentType === null) return false;
  const media = contentType.split(";")[0]!.trim();
  if (media === "application/json" || media === "text/json") return true;
  if (media.toLowerCase() === "application/json" || media.toLowerCase() === "text/json") return "unsure";
  return false;
}

export function caseFactory(op: Operation, validator: ContractValidator): CaseFactory {
  const schema = requestSchema(op) ?? {};
  const shape = op.bodyRequired ? objectShape(schema) : null;
  const ignored = !op.bodyRequired;
  const body: fc.Arbitrary<unknown> = ignored
    ? fc.oneof(fc.constant({}), fc.constant(""), fc.constant(null), anyJson)
    : valueOf(schema);
  const objectBody = body.filter((b): b is Record<string, unknown> => b !== null && typeof b === "object" && !Array.isArray(b));

  function expectationOf(payload: string | undefined, contentType: string | null, query: string): Expectation {
    const qOk = queryValid(op, query);
    const hasBody = payload !== undefined && payload.length > 0;
    if (hasBody) {
      const json = isJsonMedia(contentType);
      if (json === "unsure") return "any";
      if (!json) return "reject";
    }
    const parsed = parseLikeServer(payload);
    if (!parsed.ok) return "reject";
    if (parsed.nonFinite) return "reject";
    if (!qOk) return "reject";
    if (ignored) return "accept";
    if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return "reject";
    return validator.validateRequest(op, parsed.value).valid ? "accept" : "reject";
  }

  const make = (kind: string, payload: string | undefined, query: string, field?: string, contentType: string | null = "application/json"): FuzzCase => {
    const c: FuzzCase = { kind, payload, contentType, query, expect: expectationOf(payload, contentType, query) };
    if (field !== undefined) c.field = field;
    return c;
  };

  const q = validQuery(op);
  const weighted: fc.WeightedArbitrary<FuzzCase>[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<FuzzCase>) => weighted.push({ weight, arbitrary });

  add(6, fc.tuple(body, q).map(([b, qs]) => make("valid", JSON.stringify(b), qs)));
  add(1, fc.tuple(body, q, fc.constantFrom<[string | null, string]>(["text/plain", "text"], ["application/x-www-form-urlencoded", "form"], ["application/xml", "xml"], [null, "none"], ["application/json; charset=utf-8", "charset"], ["text/json", "textjson"], ["APPLICATION/JSON", "upper"], ["application/json; charset=latin1", "latin1"]))
    .map(([b, qs, [ct, name]]) => make(`contentType:${name}`, JSON.stringify(b), qs, undefined, ct)));
  add(1, fc.tuple(q, fc.constantFrom<string | undefined>(undefined, "", "   ", "\ufeff")).map(([qs, p]) => make("emptyBody", p, qs)));
  add(1, fc.tuple(q, fc.constantFrom<unknown>([], [{}], "x", "", 0, 1.5, true, null)).map(([qs, v]) => make("nonObject", JSON.stringify(v), qs)));
  add(2, fc.tuple(body, q, fc.nat(), fc.constantFrom("", "}", "]", ",", "'", "{", "\u0000", "garbage", "//c")).map(([b, qs, cut, tail]) => {
    const json = JSON.stringify(b);
    const at = json.length === 0 ? 0 : cut % json.length;
    return make("malformed", json.slice(0, at) + tail, qs);
  }));
  add(1, fc.tuple(body, q, fc.integer({ min: 1000, max: 10_000 }), fc.constantFrom<[string, string]>(['{"x":', "}"], ["[", "]"], ['{"a":[', "]}"]))
    .map(([b, qs, depth, [open, close]]) => {
      const deep = deepJson(depth, open, close);
      if (b !== null && typeof b === "object" && !Array.isArray(b)) {
        return make("deepNesting:extra", JSON.stringify({ ...b, nested: PLACEHOLDER }).replace(PLACEHOLDER_JSON, deep), qs);
      }
      return make("deepNesting:root", deep, qs);
    }));
  add(1, fc.tuple(q, fc.constantFrom(
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"a":{"__proto__":{"polluted":"yes"}}}',
    '[{"__proto__":{"polluted":"yes"}}]',
  ), objectBody.map((b) => JSON.stringify(b)))
    .map(([qs, proto, rest]) => {
      // Merge the prototype keys into a valid body: `{"__proto__":...,` + the body's own members.
      const merged = proto.startsWith("{") && rest.startsWith("{") && rest !== "{}" ? `${proto.slice(0, -1)},${rest.slice(1)}` : proto;
      return make("prototypeKeys", merged, qs);
    }));

  if (shape && Object.keys(shape.properties).length > 0) {
    const props = Object.keys(shape.properties);
    const texts = textFields(shape);
    const numbers = numericFields(shape);

    add(4, fc.tuple(objectBody, q, fc.constantFrom(...props), fc.constantFrom<unknown>("texto", 123, 1.5, true, false, [], [1], {}, { a: 1 }, null, "2021-13-45", "06/09/2021"))
      .map(([b, qs, prop, wrong]) => make("wrongType", JSON.stringify({ ...b, [prop]: wrong }), qs, prop)));

    if (shape.required.length > 0) {
      add(2, fc.tuple(objectBody, q, fc.constantFrom(...shape.required)).map(([b, qs, prop]) => {
        const copy = { ...b };
        delete copy[prop];
        return make("missingRequired", JSON.stringify(copy), qs, prop);
      }));
    }

    add(2, fc.tuple(objectBody, q, fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("id", "Data", "$where", "valueOf", "toString", "hasOwnProperty", "ID_USUARIO", "Estado")), anyJson, { minKeys: 1, maxKeys: 5 }))
      .map(([b, qs, extra]) => {
        const merged: Record<string, unknown> = { ...b };
        for (const [k, v] of Object.entries(extra)) {
          if (!(k in shape.properties) && !Object.keys(shape.properties).some((p) => p === k)) {
            Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true, configurable: true });
          }
        }
        return make("extraProperties", JSON.stringify(merged), qs);
      }));

    add(1, fc.tuple(objectBody, q, fc.constantFrom(...props), fc.constantFrom<unknown>("texto", 7, null, true)).map(([b, qs, prop, first]) => {
      // Duplicate keys: the last one wins in JSON.parse (and in the server's parser).
      const json = JSON.stringify({ ...b, [prop]: PLACEHOLDER });
      return make("duplicateKeys", json.replace(PLACEHOLDER_JSON, `${JSON.stringify(first)},${JSON.stringify(prop)}:${JSON.stringify(b[prop] ?? null)}`), qs);
    }));

    if (numbers.length > 0) {
      add(3, fc.tuple(objectBody, q, fc.constantFrom(...numbers), fc.constantFrom(...RAW_NUMBERS)).map(([b, qs, prop, raw]) =>
        make(`outOfRange:${raw}`, JSON.stringify({ ...b, [prop]: PLACEHOLDER }).replace(PLACEHOLDER_JSON, raw), qs, prop)));
    }

    if (texts.length > 0) {
      add(3, fc.tuple(objectBody, q, fc.array(fc.constantFrom(...SQL_INJECTIONS), { minLength: texts.length, maxLength: texts.length }))
        .map(([b, qs, inj]) => make("sqlInjection", JSON.stringify({ ...b, ...Object.fromEntries(texts.map((t, i) => [t, inj[i]])) }), qs)));
      add(2, fc.tuple(objectBody, q, fc.array(CONTROL, { minLength: texts.length, maxLength: texts.length }))
        .map(([b, qs, ctl]) => make("controlCharacters", JSON.stringify({ ...b, ...Object.fromEntries(texts.map((t, i) => [t, ctl[i]])) }), qs)));
      add(1, fc.tuple(objectBody, q, fc.constantFrom(...texts), fc.integer({ min: 10_000, max: 100_000 }), fc.constantFrom("x", "ñ", "😀", "'"))
        .map(([b, qs, prop, n, ch]) => make("bigString", JSON.stringify({ ...b, [prop]: ch.repeat(n) }), qs, prop)));
    }

    // Types that a property does not admit, nested one level deep into object-valued properties.
    const objectProps = props.filter((p) => typesOf(shape.properties[p]!).includes("object"));
    if (objectProps.length > 0) {
      add(1, fc.tuple(objectBody, q, fc.constantFrom(...objectProps), fc.constantFrom<unknown>("x", 1, [], [[]])).map(([b, qs, prop, v]) =>
        make("nestedWrongType", JSON.stringify({ ...b, [prop]: v }), qs, prop)));
    }
  } else if (!op.bodyRequired) {
    add(2, fc.tuple(q, anyJson).map(([qs, v]) => make("anyJson", JSON.stringify(v), qs)));
  }

  if (op.queryParameters.length > 0) {
    add(4, fc.tuple(body, fc.constantFrom("", "idX=1", "=1", "0", "-1", "abc", "1.5", "2147483648", "99999999999999999999", "1e3", " 1", "1,2", "", "%00", "1;DROP TABLE x", "' OR 1=1 --", "dup"))
      .map(([b, v]) => {
        const name = op.queryParameters[0]!.name;
        const qs = v === "" ? "" : v === "dup" ? `${name}=1&${name}=2` : v.startsWith("idX") || v.startsWith("=") ? v : `${name}=${encodeURIComponent(v)}`;
        return make("query", JSON.stringify(b), qs, name);
      }));
  }

  return { op, shape, body, cases: fc.oneof(...weighted), expectationOf };
}

/** Heavy cases run once per operation (not drawn at random: each costs megabytes). */
export function heavyCases(factory: CaseFactory, validBody: unknown, query: string): FuzzCase[] {
  const { op, shape } = factory;
  const mk = (kind: string, payload: string, field?: string): FuzzCase => {
    const c: FuzzCase = { kind, payload, contentType: "application/json", query, expect: factory.expectationOf(payload, "application/json", query) };
    if (field) c.field = field;
    return c;
  };
  const out: FuzzCase[] = [];
  const base = validBody !== null && typeof validBody === "object" && !Array.isArray(validBody) ? (validBody as Record<string, unknown>) : {};
  const text = shape ? textFields(shape)[0] : undefined;
  const megabyte = "x".repeat(1_000_000);
  // 1 MB in a text field (fits the default 1 MiB body limit) and 2 MB (does not).
  out.push(mk("huge1MB", JSON.stringify({ ...base, [text ?? "huge"]: megabyte }), text));
  out.push(mk("huge2MB", JSON.stringify({ ...base, [text ?? "huge"]: megabyte + megabyte }), text));
  // 10 000 levels of nesting, as an unknown property, as a known one and as the whole body.
  out.push(mk("deep10k:extra", JSON.stringify({ ...base, nested: PLACEHOLDER }).replace(PLACEHOLDER_JSON, deepJson(10_000))));
  if (shape) {
    const prop = Object.keys(shape.properties)[0];
    if (prop) out.push(mk("deep10k:property", JSON.stringify({ ...base, [prop]: PLACEHOLDER }).replace(PLACEHOLDER_JSON, deepJson(10_000, "[", "]")), prop));
  }
  out.push(mk("deep10k:root", deepJson(10_000, "[", "]")));
  return out;
}
