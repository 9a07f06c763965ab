// Helpers for the spec tests: the backend facts fixture and a small walker that reads what a schema of the
// bundled spec declares (properties, required names, JSON types) through $ref, allOf and anyOf.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpec, type JsonObject, type OpenApiDocument } from "../../contract/spec.js";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type RequestFact =
  | { kind: "dto"; dto: string }
  | { kind: "ignored"; dto: string }
  | { kind: "none" }
  | { kind: "query"; name: string; type: "integer"; format: string; required: boolean };

export type DataFact = { kind: "array" | "object"; dto: string } | { kind: "integer" } | { kind: "null" };

export interface WarningFact {
  /** Exact Spanish text, or null when the text comes from a stored procedure (free text). */
  message: string | null;
  dynamic: boolean;
  reachable: boolean;
}

export interface OperationFact {
  controller: string;
  action: string;
  path: string;
  request: RequestFact;
  data: DataFact;
  effectivelyRequired: { field: string; note?: string }[];
  successMessage: string | null;
  warnings: WarningFact[];
  infoMessages?: { message: string; when: string }[];
  alwaysFails?: boolean;
}

export interface PropertyFact {
  name: string;
  csType: string;
  json: "integer" | "number" | "string" | "boolean" | "object" | "array";
  /** int32 | int64 | decimal | double | date-time | string | boolean | object | list */
  nature: string;
  nullable: boolean;
  /** DTO of a nested object or of the items of a list. */
  ref?: string;
  inheritedFrom?: string;
}

export interface DtoFact {
  kind: string;
  inherits: string | null;
  properties: PropertyFact[];
}

export interface BackendFacts {
  counts: { controllers: number; operations: number };
  operations: OperationFact[];
  dtos: Record<string, DtoFact>;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export const backend: BackendFacts = readJson<BackendFacts>(join(fixturesDir, "backend-operations.json"));

export function dtoFact(name: string): DtoFact {
  const dto = backend.dtos[name];
  if (!dto) throw new Error(`DTO ${name} missing from the fixture`);
  return dto;
}

/**
 * Prefix of the 200 examples that show a business warning of the reference server's own checks (a text the legacy
 * backend does not answer). Other `warning...` examples are the legacy backend's.
 */
export const REFERENCE_SERVER_WARNING = "warningReferenceServer";

export function isReferenceServerWarning(exampleName: string): boolean {
  return exampleName.startsWith(REFERENCE_SERVER_WARNING);
}

/** Name of the component a `$ref` points to. */
export function refName(ref: string): string {
  return ref.split("/").pop() ?? ref;
}

function deref(doc: OpenApiDocument, schema: JsonObject): JsonObject {
  let s = schema;
  const seen = new Set<string>();
  while (typeof s.$ref === "string") {
    if (seen.has(s.$ref)) throw new Error(`$ref cycle at ${s.$ref}`);
    seen.add(s.$ref);
    const parts = s.$ref.replace(/^#\//, "").split("/");
    let node: unknown = doc;
    for (const p of parts) node = (node as JsonObject)[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!node || typeof node !== "object") throw new Error(`unresolvable $ref ${s.$ref}`);
    s = node as JsonObject;
  }
  return s;
}

export interface FlatSchema {
  /** Every declared property with every schema piece that constrains it (base DTO plus overlays). */
  properties: Map<string, JsonObject[]>;
  required: Set<string>;
  /** Component names reached through $ref on the way (e.g. `ADM_OCUPACIONDTO_Full`, `ADM_OCUPACIONDTO`). */
  refs: string[];
}

/** Merges what an object schema declares through $ref and allOf (not through anyOf/oneOf). */
export function flatten(schema: JsonObject, doc: OpenApiDocument = loadSpec()): FlatSchema {
  const flat: FlatSchema = { properties: new Map(), required: new Set(), refs: [] };
  const visit = (s: JsonObject): void => {
    if (typeof s.$ref === "string") flat.refs.push(refName(s.$ref));
    const r = deref(doc, s);
    for (const [name, p] of Object.entries((r.properties ?? {}) as Record<string, JsonObject>)) {
      const pieces = flat.properties.get(name) ?? [];
      pieces.push(p);
      flat.properties.set(name, pieces);
    }
    for (const name of (r.required ?? []) as string[]) flat.required.add(name);
    for (const part of (r.allOf ?? []) as JsonObject[]) visit(part);
  };
  visit(schema);
  return flat;
}

export interface TypeInfo {
  /** JSON types a non-null value may have. */
  types: Set<string>;
  nullable: boolean;
  format?: string;
  /** A .NET date string (NetDateTime). */
  date: boolean;
  /** Component of a nested object or of list items. */
  ref?: string;
}

/** What one property schema allows, following $ref/anyOf/allOf. */
export function describe(schema: JsonObject, doc: OpenApiDocument = loadSpec()): TypeInfo {
  if (typeof schema.$ref === "string") {
    const name = refName(schema.$ref);
    if (name === "NetDateTime") return { types: new Set(["string"]), nullable: false, date: true };
    if (name === "NullableNetDateTime") return { types: new Set(["string"]), nullable: true, date: true };
    const inner = describe(deref(doc, schema), doc);
    if (inner.types.has("object") && !inner.ref) inner.ref = name;
    return inner;
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const parts = ((schema.anyOf ?? schema.oneOf) as JsonObject[]).map((p) => describe(p, doc));
    const out: TypeInfo = { types: new Set(), nullable: false, date: false };
    for (const p of parts) {
      for (const t of p.types) out.types.add(t);
      out.nullable ||= p.nullable;
      out.date ||= p.date;
      out.format ??= p.format;
      out.ref ??= p.ref;
    }
    return out;
  }
  if (Array.isArray(schema.allOf) && schema.type === undefined) {
    // An overlay such as `allOf: [$ref X], required: [...]`: the type is that of its members.
    return intersect(((schema.allOf as JsonObject[]).map((p) => describe(p, doc))));
  }
  const raw = schema.type;
  const list = Array.isArray(raw) ? (raw as string[]) : raw === undefined ? [] : [String(raw)];
  const out: TypeInfo = {
    types: new Set(list.filter((t) => t !== "null")),
    nullable: list.includes("null"),
    date: false,
  };
  if (typeof schema.format === "string") out.format = schema.format;
  if (out.types.has("object") && schema.properties === undefined && schema.allOf === undefined) out.types.clear();
  if (out.types.has("array") && schema.items && typeof schema.items === "object") {
    const items = schema.items as JsonObject;
    if (typeof items.$ref === "string") out.ref = refName(items.$ref);
    else {
      const inner = flatten(items, doc).refs[0];
      if (inner) out.ref = inner;
    }
  }
  if (list.length === 0 && schema.properties === undefined) return { types: new Set(), nullable: true, date: false };
  if (list.length === 0) out.types.add("object");
  return out;
}

/** Several schema pieces that all apply to one value (a DTO property and an operation's overlay). */
export function intersect(parts: TypeInfo[]): TypeInfo {
  const typed = parts.filter((p) => p.types.size > 0 || !p.nullable);
  if (typed.length === 0) return { types: new Set(), nullable: true, date: false };
  const out: TypeInfo = {
    types: new Set([...typed[0]!.types].filter((t) => typed.every((p) => p.types.has(t)))),
    nullable: typed.every((p) => p.nullable),
    date: typed.some((p) => p.date),
  };
  for (const p of typed) {
    out.format ??= p.format;
    out.ref ??= p.ref;
  }
  return out;
}

export function propertyType(pieces: JsonObject[], doc: OpenApiDocument = loadSpec()): TypeInfo {
  return intersect(pieces.map((p) => describe(p, doc)));
}

/**
 * Differences between what a schema declares for one property and what the backend fact says; empty when they agree.
 * `allowNonNullable`: an effectively required property may be declared non-nullable although .NET allows null.
 */
export function typeMismatches(prop: PropertyFact, t: TypeInfo, allowNonNullable = false): string[] {
  const out: string[] = [];
  const types = [...t.types].sort().join("|");
  if (types !== prop.json) out.push(`${prop.name}: JSON type ${types || "(any)"}, backend ${prop.json}`);
  if (t.nullable !== prop.nullable && !(allowNonNullable && prop.nullable && !t.nullable)) {
    out.push(`${prop.name}: nullable ${t.nullable}, backend ${prop.nullable} (${prop.csType})`);
  }
  switch (prop.nature) {
    case "int32":
    case "int64":
    case "double":
      if (t.format !== prop.nature) out.push(`${prop.name}: format ${t.format ?? "(none)"}, backend ${prop.nature}`);
      break;
    case "decimal":
      if (t.format !== undefined) out.push(`${prop.name}: format ${t.format} on a C# decimal`);
      break;
    case "date-time":
      if (!t.date) out.push(`${prop.name}: not a NetDateTime (${prop.csType})`);
      break;
    case "string":
      if (t.date) out.push(`${prop.name}: a plain string declared as a date`);
      break;
    case "object":
    case "list":
      if (t.ref !== prop.ref) out.push(`${prop.name}: refers to ${t.ref ?? "(nothing)"}, backend ${prop.ref ?? "?"}`);
      break;
  }
  return out;
}

/** The operation object of a path in the bundled spec. */
export function specOperation(path: string, doc: OpenApiDocument = loadSpec()): JsonObject {
  const op = doc.paths[path]?.post;
  if (!op) throw new Error(`no POST ${path} in the spec`);
  return op;
}
