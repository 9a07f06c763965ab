// A small JSON Schema -> fast-check mapper for the request schemas of the bundled spec.
//
// The spec's request schemas use a narrow subset of JSON Schema ($ref, allOf, anyOf, type (or a list of
// types), properties, required, items, const, pattern (only NetDateTime), format int32/int64/double), so a
// mapper of this size covers it; anything else fails loudly instead of generating something unrelated.
import fc from "fast-check";
import { loadSpec, resolveRef, type JsonObject, type Operation } from "../../contract/spec.js";

export type Schema = JsonObject;

/** A flattened view of an object schema: its properties (merged through allOf/$ref) and required names. */
export interface ObjectShape {
  properties: Record<string, Schema>;
  required: string[];
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function deref(schema: Schema): Schema {
  return resolveRef<Schema>(loadSpec(), schema);
}

/** The JSON Schema of an operation's JSON request body (undefined when the operation declares none). */
export function requestSchema(op: Operation): Schema | undefined {
  const post = loadSpec().paths[op.path]?.post;
  const body = post?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
  return body?.content?.["application/json"]?.schema;
}

/** Collects properties and required names of an object schema through $ref and allOf. */
export function objectShape(schema: Schema): ObjectShape | null {
  const s = deref(schema);
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  let isObject = s.type === "object" || s.properties !== undefined;
  for (const part of (s.allOf as Schema[] | undefined) ?? []) {
    const inner = objectShape(part);
    if (!inner) continue;
    isObject = true;
    Object.assign(properties, inner.properties);
    inner.required.forEach((r) => required.add(r));
  }
  for (const [name, prop] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) {
    // An allOf overlay may restate a property (e.g. to narrow it); the last statement wins.
    properties[name] = prop;
  }
  for (const r of (s.required as string[] | undefined) ?? []) required.add(r);
  if (!isObject) return null;
  return { properties, required: [...required] };
}

/** The JSON types a (dereferenced) schema admits; "any" when it does not say. */
export function typesOf(schema: Schema): string[] {
  const s = deref(schema);
  if (s.const !== undefined) return [s.const === null ? "null" : typeof s.const];
  if (Array.isArray(s.anyOf)) return [...new Set((s.anyOf as Schema[]).flatMap(typesOf))];
  if (Array.isArray(s.allOf) && s.type === undefined) {
    const parts = (s.allOf as Schema[]).map(typesOf).filter((t) => !t.includes("any"));
    return parts[0] ?? (s.properties ? ["object"] : ["any"]);
  }
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (s.properties) return ["object"];
  return ["any"];
}

/** .NET DateTime strings as the spec's NetDateTime pattern admits them. */
export const netDateTime: fc.Arbitrary<string> = fc
  .record({
    y: fc.integer({ min: 1, max: 9999 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.option(fc.integer({ min: 1, max: 9_999_999 }), { nil: undefined }),
    zone: fc.constantFrom("", "", "", "Z", "-05:00", "+01:00"),
    dateOnly: fc.boolean(),
  })
  .map(({ y, mo, d, h, mi, s, frac, zone, dateOnly }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    const date = `${p(y, 4)}-${p(mo)}-${p(d)}`;
    if (dateOnly && frac === undefined && zone === "") return date;
    return `${date}T${p(h)}:${p(mi)}:${p(s)}${frac === undefined ? "" : `.${String(frac).padStart(7, "0")}`}${zone}`;
  });

/** Text the clinic's users type: mostly ordinary words, sometimes any Unicode. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", "GARCIA", "Pérez Núñez", "SIS GRATUITO", "admin", "45678901", "A", "I") },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
);

function integerArb(s: Schema): fc.Arbitrary<number> {
  const min = typeof s.minimum === "number" ? s.minimum : s.format === "int32" ? INT32_MIN : Number.MIN_SAFE_INTEGER;
  const max = typeof s.maximum === "number" ? s.maximum : s.format === "int32" ? INT32_MAX : Number.MAX_SAFE_INTEGER;
  const small = fc.integer({ min: Math.max(min, 0), max: Math.min(max, 6) });
  return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min, max }) });
}

const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((n) => (Object.is(n, -0) ? 0 : n)),
);

/** Any JSON value, bounded in size (used for untyped schemas such as IgnoredBody). */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Values that satisfy `schema` (with the spec's subset of JSON Schema). */
export function valueOf(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) throw new Error("schema nesting deeper than expected");
  const s = deref(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.anyOf)) return fc.oneof(...(s.anyOf as Schema[]).map((x) => valueOf(x, depth + 1)));
  const shape = objectShape(s);
  if (shape && (s.type === "object" || s.type === undefined) && (s.properties || s.allOf)) {
    return objectOf(shape, depth);
  }
  const types = typesOf(s);
  if (types.includes("any")) return anyJson;
  return fc.oneof(...types.map((t) => valueOfType(s, t, depth)));
}

function valueOfType(s: Schema, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return integerArb(s);
    case "number":
      return numberArb;
    case "string":
      if (typeof s.pattern === "string") {
        if (s.title === "NetDateTime" || s.pattern.startsWith("^\\d{4}-\\d{2}-\\d{2}")) return netDateTime;
        return fc.stringMatching(new RegExp(s.pattern));
      }
      return text;
    case "array":
      return fc.array(valueOf((s.items as Schema | undefined) ?? {}, depth + 1), { maxLength: 3 });
    case "object": {
      const shape = objectShape(s);
      return shape ? objectOf(shape, depth) : fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
    }
    default:
      throw new Error(`schema type ${type} not handled by the fuzz mapper`);
  }
}

function objectOf(shape: ObjectShape, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(shape.properties)) model[name] = valueOf(prop, depth + 1);
  // Required names that only the overlay lists still need a value.
  for (const name of shape.required) model[name] ??= anyJson;
  return fc.record(model, { requiredKeys: shape.required }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Names of the properties of a shape whose schema admits strings (the "text fields"). */
export function textFields(shape: ObjectShape): string[] {
  return Object.entries(shape.properties)
    .filter(([, p]) => {
      const s = deref(p);
      return typesOf(s).includes("string") && typeof s.pattern !== "string" && !isDateSchema(s);
    })
    .map(([n]) => n);
}

function isDateSchema(s: Schema): boolean {
  if (s.title === "NetDateTime" || s.title === "NullableNetDateTime") return true;
  return Array.isArray(s.anyOf) && (s.anyOf as Schema[]).some((x) => isDateSchema(deref(x)));
}

/** Names of the properties whose schema is an integer or number. */
export function numericFields(shape: ObjectShape): string[] {
  return Object.entries(shape.properties)
    .filter(([, p]) => typesOf(p).some((t) => t === "integer" || t === "number"))
    .map(([n]) => n);
}
