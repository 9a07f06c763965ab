// DTO shapes read from the bundled spec at start-up: the property list of every schema with the value C#
// would write for an unset property, and the kind of each property (to coerce request values to columns).
import { loadSpec, resolveRef, type JsonObject } from "../../../contract/spec.js";
import { NET_MIN_DATE, toNetDate } from "../../db/values.js";
import type { SchemaName, Schemas } from "./definition.js";

export type PropKind = "int" | "number" | "string" | "bool" | "date" | "nullableDate" | "nullableInt" | "other";

export interface PropInfo {
  name: string;
  kind: PropKind;
  /** What Newtonsoft writes when the property was never set: 0, false, null, 0001-01-01T00:00:00. */
  default: unknown;
}

const cache = new Map<string, PropInfo[]>();

function refName(node: JsonObject): string | null {
  return typeof node.$ref === "string" ? node.$ref.split("/").pop()! : null;
}

function kindOf(prop: JsonObject): PropKind {
  const ref = refName(prop);
  if (ref === "NetDateTime") return "date";
  if (ref === "NullableNetDateTime") return "nullableDate";
  const types = Array.isArray(prop.type) ? (prop.type as string[]) : [prop.type as string];
  const nullable = types.includes("null");
  if (types.includes("integer")) return nullable ? "nullableInt" : "int";
  if (types.includes("number")) return "number";
  if (types.includes("string")) return "string";
  if (types.includes("boolean")) return "bool";
  return "other";
}

function defaultOf(kind: PropKind): unknown {
  switch (kind) {
    case "int":
    case "number":
      return 0;
    case "bool":
      return false;
    case "date":
      return NET_MIN_DATE;
    default:
      return null;
  }
}

function collect(schema: JsonObject, out: Map<string, PropInfo>): void {
  const doc = loadSpec();
  for (const part of (schema.allOf as JsonObject[] | undefined) ?? []) {
    collect(resolveRef<JsonObject>(doc, part), out);
  }
  for (const [name, raw] of Object.entries((schema.properties as Record<string, JsonObject> | undefined) ?? {})) {
    if (out.has(name)) continue;
    const kind = kindOf(raw);
    out.set(name, { name, kind, default: defaultOf(kind) });
  }
}

/** Every property of a schema (its allOf parts included), in spec order. */
export function propertiesOf(schema: SchemaName): PropInfo[] {
  let props = cache.get(schema);
  if (!props) {
    const node = loadSpec().components.schemas[schema];
    if (!node) throw new Error(`no schema ${schema}`);
    const out = new Map<string, PropInfo>();
    collect(node, out);
    props = [...out.values()];
    cache.set(schema, props);
  }
  return props;
}

/**
 * Builds a DTO from a database row: every property of the schema, in order, with the row's value when the row
 * has one and the C# default otherwise. Values are converted to the property's JSON type.
 */
export function toDto<S extends SchemaName>(schema: S, row: Record<string, unknown>): Schemas[S] {
  const out: Record<string, unknown> = {};
  for (const p of propertiesOf(schema)) {
    const v = row[p.name];
    out[p.name] = v === undefined ? p.default : fromColumn(p, v);
  }
  return out as Schemas[S];
}

function fromColumn(p: PropInfo, v: unknown): unknown {
  if (v === null) return p.kind === "int" || p.kind === "number" || p.kind === "bool" || p.kind === "date" ? p.default : null;
  switch (p.kind) {
    case "int":
    case "nullableInt": {
      const n = typeof v === "number" ? v : Number(v);
      return Number.isFinite(n) ? Math.trunc(n) : p.default;
    }
    case "number": {
      const n = typeof v === "number" ? v : Number(v);
      return Number.isFinite(n) ? n : 0;
    }
    case "bool":
      return v === true || v === 1 || v === "1";
    case "string":
      return typeof v === "string" ? v : String(v);
    case "date":
    case "nullableDate":
      return toNetDate(v) ?? p.default;
    default:
      return v;
  }
}

/**
 * A request value converted for storage in a column of the given kind; undefined when the request did not
 * send the property. Dates are normalized to the .NET form; a non-nullable date that is not a date becomes
 * 0001-01-01T00:00:00 (what the backend binds).
 */
export function toColumn(kind: PropKind, v: unknown): unknown {
  if (v === undefined) return undefined;
  switch (kind) {
    case "date":
      return toNetDate(v) ?? NET_MIN_DATE;
    case "nullableDate":
      return v === null ? null : (toNetDate(v) ?? null);
    case "bool":
      return v === true ? 1 : v === false ? 0 : undefined;
    // The HTTP layer validates types against the spec; a value of the wrong type that still gets here is
    // treated as not sent rather than stored in a column of another type.
    case "int":
      return typeof v === "number" && Number.isSafeInteger(v) ? v : undefined;
    case "nullableInt":
      return v === null || (typeof v === "number" && Number.isSafeInteger(v)) ? v : undefined;
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? v : undefined;
    case "string":
      return v === null || typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
    default:
      return v;
  }
}
