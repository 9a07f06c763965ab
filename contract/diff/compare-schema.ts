// Compares two flattened schemas facet by facet. Whether a change breaks clients depends on which way the
// schema is read: a request schema says what the server accepts (narrowing it breaks callers), a response
// schema says what clients receive (widening it breaks readers).
import type { Change, Severity } from "./model.js";
import { anySchema, canonical, LOWER_BOUNDS, UPPER_BOUNDS, type Bound, type FlatSchema } from "./schema.js";

/** request / parameter: accepted by the server; response / data: answered to the client. */
export type Area = "request" | "parameter" | "response" | "data";

export type Direction = "widened" | "narrowed" | "changed";

export interface SchemaContext {
  operationId: string;
  area: Area;
  pointer: string;
  /** Label of the place in messages, e.g. `body.t_descripcion`, `Data[].id`, `query.id`. */
  where: string;
  emit: (change: Change) => void;
}

const answered = (area: Area) => area === "response" || area === "data";

/** Narrowing what is accepted or widening what is answered breaks clients; the opposite does not. */
export function severityOf(area: Area, direction: Direction): Severity {
  if (direction === "changed") return "breaking";
  const widened = direction === "widened";
  return answered(area) === widened ? "breaking" : "non-breaking";
}

function emit(ctx: SchemaContext, kind: string, severity: Severity, message: string, before?: unknown, after?: unknown): void {
  const change: Change = { operationId: ctx.operationId, severity, kind: `${ctx.area}-${kind}`, pointer: ctx.pointer, message };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  ctx.emit(change);
}

function sub(ctx: SchemaContext, segment: string, where: string): SchemaContext {
  return { ...ctx, pointer: `${ctx.pointer}/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`, where };
}

const ANY = "any";

function nonNullTypes(types: Set<string> | null): Set<string> | null {
  if (types === null) return null;
  return new Set([...types].filter((t) => t !== "null"));
}

/** Whether every value of types `inner` is also of types `outer` (null = any type). */
function covers(outer: Set<string> | null, inner: Set<string> | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return [...inner].every((t) => outer.has(t) || (t === "integer" && outer.has("number")));
}

const typeList = (types: Set<string> | null) => (types === null ? ANY : [...types].sort().join(" | ") || "nothing");

/** Which way a change of allowed values goes, from what each side allows. */
function direction(widens: boolean, narrows: boolean): Direction {
  return widens && !narrows ? "widened" : narrows && !widens ? "narrowed" : "changed";
}

/** Formats ordered by the values they allow. */
const FORMAT_RANK: Record<string, number> = { int32: 1, int64: 2, float: 1, double: 2 };

function compareTypes(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  if (base.types !== null && rev.types !== null) {
    const wasNullable = base.types.has("null");
    const isNullable = rev.types.has("null");
    if (wasNullable !== isNullable) {
      const d: Direction = isNullable ? "widened" : "narrowed";
      emit(ctx, isNullable ? "nullable-added" : "nullable-removed", severityOf(ctx.area, d),
        `${ctx.where}: ${isNullable ? "may now be null" : "may no longer be null"}`, wasNullable, isNullable);
    }
  }
  const b = nonNullTypes(base.types);
  const r = nonNullTypes(rev.types);
  if (typeList(b) === typeList(r)) return;
  const d = direction(covers(r, b), covers(b, r));
  emit(ctx, `type-${d}`, severityOf(ctx.area, d), `${ctx.where}: type ${typeList(b)} → ${typeList(r)}`, typeList(b), typeList(r));
}

function compareFormat(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  if (base.format === rev.format) return;
  let d: Direction;
  if (base.format === undefined) d = "narrowed";
  else if (rev.format === undefined) d = "widened";
  else {
    const rb = FORMAT_RANK[base.format];
    const rr = FORMAT_RANK[rev.format];
    d = rb !== undefined && rr !== undefined ? (rr > rb ? "widened" : "narrowed") : "changed";
  }
  emit(ctx, `format-${d}`, severityOf(ctx.area, d), `${ctx.where}: format ${base.format ?? "none"} → ${rev.format ?? "none"}`,
    base.format ?? null, rev.format ?? null);
}

function compareEnum(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  if (base.enum === undefined && rev.enum === undefined) return;
  const b = base.enum?.map(canonical);
  const r = rev.enum?.map(canonical);
  if (b && r && b.length === r.length && b.every((v) => r.includes(v))) return;
  const added = b && r ? r.filter((v) => !b.includes(v)) : [];
  const removed = b && r ? b.filter((v) => !r.includes(v)) : [];
  const d: Direction = !b ? "narrowed" : !r ? "widened" : direction(added.length > 0, removed.length > 0);
  const detail = !b ? "values now limited to an enum" : !r ? "no longer limited to an enum" :
    [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean).join("; ");
  emit(ctx, `enum-${d}`, severityOf(ctx.area, d), `${ctx.where}: ${detail}`, base.enum ?? null, rev.enum ?? null);
}

function compareBounds(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  const check = (key: Bound, lower: boolean) => {
    const b = base.bounds[key];
    const r = rev.bounds[key];
    if (b === r) return;
    // A lower bound that rises, or an upper bound that falls, allows fewer values.
    const narrowed = b === undefined ? true : r === undefined ? false : lower ? r > b : r < b;
    const d: Direction = narrowed ? "narrowed" : "widened";
    emit(ctx, `bounds-${d}`, severityOf(ctx.area, d), `${ctx.where}: ${key} ${b ?? "none"} → ${r ?? "none"}`, b ?? null, r ?? null);
  };
  for (const key of LOWER_BOUNDS) check(key, true);
  for (const key of UPPER_BOUNDS) check(key, false);
  if (base.pattern !== rev.pattern) {
    const d: Direction = base.pattern === undefined ? "narrowed" : rev.pattern === undefined ? "widened" : "changed";
    const kind = d === "changed" ? "pattern-changed" : `bounds-${d}`;
    emit(ctx, kind, severityOf(ctx.area, d), `${ctx.where}: pattern ${base.pattern ?? "none"} → ${rev.pattern ?? "none"}`,
      base.pattern ?? null, rev.pattern ?? null);
  }
  if (base.closed !== rev.closed) {
    const d: Direction = rev.closed ? "narrowed" : "widened";
    emit(ctx, `bounds-${d}`, severityOf(ctx.area, d),
      `${ctx.where}: unknown properties ${rev.closed ? "no longer allowed" : "now allowed"}`, !base.closed, !rev.closed);
  }
}

/** The context of property `name`: its pointer, and a label like `body.t_descripcion` or `Data[].id`. */
export function property(ctx: SchemaContext, name: string): SchemaContext {
  return sub(sub(ctx, "properties", ctx.where), name, `${ctx.where}.${name}`);
}

function compareProperties(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  for (const [name, schema] of base.properties) {
    if (rev.properties.has(name)) continue;
    const c = property(ctx, name);
    // A removed request property is still tolerated but no longer read; a removed answered property is missing.
    const message = answered(ctx.area) ? `${c.where}: removed (clients reading it get nothing)` : `${c.where}: removed (no longer read by the server)`;
    emit(c, "property-removed", "breaking", message, describeType(schema), undefined);
  }
  for (const [name, schema] of rev.properties) {
    if (base.properties.has(name)) continue;
    const c = property(ctx, name);
    const required = rev.required.has(name);
    const severity: Severity = required && !answered(ctx.area) ? "breaking" : "non-breaking";
    emit(c, "property-added", severity, `${c.where}: added${required ? " (required)" : ""}`, undefined, describeType(schema));
  }
  for (const name of new Set([...base.required, ...rev.required])) {
    const had = base.required.has(name);
    const has = rev.required.has(name);
    if (had === has) continue;
    // A property added as required, or removed, is reported once, by property-added / property-removed.
    if (has && !base.properties.has(name) && rev.properties.has(name)) continue;
    if (had && base.properties.has(name) && !rev.properties.has(name)) continue;
    const c = property(ctx, name);
    const d: Direction = has ? "narrowed" : "widened";
    emit(c, has ? "required-added" : "required-removed", severityOf(ctx.area, d),
      `${c.where}: ${has ? "now required" : "no longer required"}${answered(ctx.area) && !has ? " (may be missing from answers)" : ""}`, had, has);
  }
  for (const [name, b] of base.properties) {
    const r = rev.properties.get(name);
    if (r) compareSchema(b, r, property(ctx, name));
  }
}

function describeType(schema: FlatSchema): string {
  const t = typeList(schema.types);
  return schema.format ? `${t} (${schema.format})` : t;
}

function compareProse(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  for (const key of ["description", "title"] as const) {
    if (base[key] !== rev[key]) emit(ctx, `${key}-changed`, "info", `${ctx.where}: ${key} edited`, base[key] ?? null, rev[key] ?? null);
  }
  if (base.examples !== rev.examples) emit(ctx, "example-changed", "info", `${ctx.where}: schema examples edited`);
}

/** Emits every difference between two flattened schemas read in `ctx.area`. */
export function compareSchema(base: FlatSchema, rev: FlatSchema, ctx: SchemaContext): void {
  compareTypes(base, rev, ctx);
  compareFormat(base, rev, ctx);
  compareEnum(base, rev, ctx);
  compareBounds(base, rev, ctx);
  if ((base.alternatives ?? []).join() !== (rev.alternatives ?? []).join()) {
    emit(ctx, "schema-changed", "breaking", `${ctx.where}: the alternatives (anyOf/oneOf) changed`);
  }
  compareProperties(base, rev, ctx);
  if (base.items || rev.items) compareSchema(base.items ?? anySchema(), rev.items ?? anySchema(), sub(ctx, "items", `${ctx.where}[]`));
  compareProse(base, rev, ctx);
}

export type DataKind = "array" | "object" | "scalar" | "null" | "any";

/** The shape of `Data` in the envelope. */
export function dataKind(schema: FlatSchema): DataKind {
  const types = nonNullTypes(schema.types);
  if (types === null) return "any";
  if (types.has("array")) return "array";
  if (types.has("object") || (types.size === 0 && schema.properties.size > 0)) return "object";
  return types.size === 0 ? "null" : "scalar";
}
