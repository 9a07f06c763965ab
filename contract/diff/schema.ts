// A JSON Schema of the bundled spec reduced to what a client can observe: $refs followed and allOf/anyOf merged,
// so that two versions of a schema compare facet by facet however they were split into components.
import type { JsonObject } from "../spec.js";

export interface FlatSchema {
  /** JSON types allowed (`null` included when the value may be null); null means any type. */
  types: Set<string> | null;
  format?: string;
  /** Allowed values (`enum`, or `const` as a one-value enum). */
  enum?: unknown[];
  /** minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems, maxItems. */
  bounds: Partial<Record<Bound, number>>;
  pattern?: string;
  properties: Map<string, FlatSchema>;
  required: Set<string>;
  /** false when unknown properties are refused. */
  closed: boolean;
  items?: FlatSchema;
  /** anyOf/oneOf with several non-null alternatives: their canonical JSON, compared as a whole. */
  alternatives?: string[];
  /** Prose: changes here are `info`. */
  description?: string;
  title?: string;
  examples?: string;
}

export const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems"] as const;
export const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems"] as const;
export type Bound = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number];

/** Keywords that only explain: never part of what is accepted or answered. */
const PROSE_KEYS = new Set(["description", "title", "examples", "example", "summary"]);

export function anySchema(): FlatSchema {
  return { types: null, bounds: {}, properties: new Map(), required: new Set(), closed: false };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function intersectTypes(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Set<string>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === "integer" && b.has("number")) out.add("integer");
    else if (t === "number" && b.has("integer")) out.add("integer");
  }
  return out;
}

/** The schema both `a` and `b` describe (allOf). Prose, format and pattern: the first one given wins. */
export function mergeSchemas(a: FlatSchema, b: FlatSchema): FlatSchema {
  const properties = new Map(a.properties);
  for (const [name, schema] of b.properties) {
    const mine = properties.get(name);
    properties.set(name, mine ? mergeSchemas(mine, schema) : schema);
  }
  const bounds = { ...a.bounds };
  for (const key of LOWER_BOUNDS) {
    const v = b.bounds[key];
    if (v !== undefined) bounds[key] = Math.max(bounds[key] ?? v, v);
  }
  for (const key of UPPER_BOUNDS) {
    const v = b.bounds[key];
    if (v !== undefined) bounds[key] = Math.min(bounds[key] ?? v, v);
  }
  const merged: FlatSchema = {
    types: intersectTypes(a.types, b.types),
    bounds,
    properties,
    required: new Set([...a.required, ...b.required]),
    closed: a.closed || b.closed,
  };
  const enumValues = a.enum && b.enum ? a.enum.filter((v) => b.enum!.some((w) => canonical(w) === canonical(v))) : (a.enum ?? b.enum);
  if (enumValues) merged.enum = enumValues;
  const items = a.items && b.items ? mergeSchemas(a.items, b.items) : (a.items ?? b.items);
  if (items) merged.items = items;
  const alternatives = a.alternatives ?? b.alternatives;
  if (alternatives) merged.alternatives = alternatives;
  for (const key of ["format", "pattern", "description", "title", "examples"] as const) {
    const v = a[key] ?? b[key];
    if (v !== undefined) merged[key] = v;
  }
  return merged;
}

/** JSON with object keys sorted: equal values give equal text whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** Resolves a local `#/...` reference of the document. */
export function resolvePointer(doc: JsonObject, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`only local references are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.replace(/^#\/?/, "").split("/").filter((p) => p !== "")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
    if (node === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return node;
}

/** Follows $refs until a value that is not a reference. */
export function deref<T = unknown>(doc: JsonObject, value: unknown): T {
  let node = value;
  for (let hops = 0; isObject(node) && typeof node.$ref === "string"; hops++) {
    if (hops > 64) throw new Error(`reference loop at ${String(node.$ref)}`);
    node = resolvePointer(doc, node.$ref);
  }
  return node as T;
}

/** Flattens schemas of one document; flattened $ref targets are kept, as schemas are shared widely. */
export class SchemaFlattener {
  private readonly byRef = new Map<string, FlatSchema>();

  constructor(private readonly doc: JsonObject) {}

  flatten(schema: unknown, refsSeen: readonly string[] = []): FlatSchema {
    if (schema === true || schema === undefined) return anySchema();
    if (schema === false) return { ...anySchema(), types: new Set() };
    if (!isObject(schema)) return anySchema();
    let flat = this.own(schema, refsSeen);
    if (typeof schema.$ref === "string") flat = mergeSchemas(flat, this.target(schema.$ref, refsSeen));
    for (const member of (schema.allOf as unknown[] | undefined) ?? []) flat = mergeSchemas(flat, this.flatten(member, refsSeen));
    const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (alternatives) flat = mergeSchemas(flat, this.union(alternatives, refsSeen));
    return flat;
  }

  private target(ref: string, refsSeen: readonly string[]): FlatSchema {
    const known = this.byRef.get(ref);
    if (known) return known;
    // A schema that contains itself is compared down to the first repetition only.
    if (refsSeen.includes(ref)) return { ...anySchema(), description: `(recursive ${ref})` };
    const flat = this.flatten(resolvePointer(this.doc, ref), [...refsSeen, ref]);
    this.byRef.set(ref, flat);
    return flat;
  }

  private own(schema: JsonObject, refsSeen: readonly string[]): FlatSchema {
    const flat = anySchema();
    if (typeof schema.type === "string") flat.types = new Set([schema.type]);
    else if (Array.isArray(schema.type)) flat.types = new Set(schema.type.map(String));
    if (schema.nullable === true && flat.types) flat.types.add("null"); // OpenAPI 3.0 spelling
    if (typeof schema.format === "string") flat.format = schema.format;
    if (Array.isArray(schema.enum)) flat.enum = schema.enum;
    else if ("const" in schema) flat.enum = [schema.const];
    for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
      const v = schema[key];
      if (typeof v === "number") flat.bounds[key] = v;
    }
    if (typeof schema.pattern === "string") flat.pattern = schema.pattern;
    if (isObject(schema.properties)) {
      for (const [name, prop] of Object.entries(schema.properties)) flat.properties.set(name, this.flatten(prop, refsSeen));
    }
    if (Array.isArray(schema.required)) flat.required = new Set(schema.required.map(String));
    if (schema.additionalProperties === false) flat.closed = true;
    if (schema.items !== undefined) flat.items = this.flatten(schema.items, refsSeen);
    if (typeof schema.description === "string") flat.description = schema.description;
    if (typeof schema.title === "string") flat.title = schema.title;
    const examples = schema.examples ?? schema.example;
    if (examples !== undefined) flat.examples = canonical(examples);
    return flat;
  }

  /** anyOf/oneOf: `X or null` (how this spec writes nullable) becomes X with null added to its types. */
  private union(alternatives: unknown[], refsSeen: readonly string[]): FlatSchema {
    const flats = alternatives.map((a) => this.flatten(a, refsSeen));
    const isNull = (f: FlatSchema) => f.types !== null && f.types.size === 1 && f.types.has("null");
    const nonNull = flats.filter((f) => !isNull(f));
    const nullable = nonNull.length < flats.length;
    if (nonNull.length === 1) {
      const only = nonNull[0]!;
      const types = only.types && nullable ? new Set([...only.types, "null"]) : only.types;
      return { ...only, types };
    }
    const union = anySchema();
    if (flats.every((f) => f.types !== null)) union.types = new Set(flats.flatMap((f) => [...f.types!]));
    if (nonNull.length > 1) union.alternatives = alternatives.map((a) => canonical(this.resolveDeep(a, refsSeen.length)));
    return union;
  }

  /** The schema with its $refs replaced by their targets (depth-limited), for comparing alternatives as text. */
  private resolveDeep(value: unknown, depth: number): unknown {
    if (depth > 16) return value;
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v, depth + 1));
    if (!isObject(value)) return value;
    if (typeof value.$ref === "string") {
      const { $ref, ...rest } = value;
      return this.resolveDeep({ ...(resolvePointer(this.doc, $ref) as JsonObject), ...rest }, depth + 1);
    }
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !PROSE_KEYS.has(k))
        .map(([k, v]) => [k, this.resolveDeep(v, depth + 1)]),
    );
  }
}
