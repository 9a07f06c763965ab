// Every request and response schema has exactly the backend DTO's properties, with the JSON type, number or
// date nature and nullability Newtonsoft.Json gives them; rows in responses require every property; requests
// require only what the backend cannot do without.
import { describe, expect, it } from "vitest";
import { getOperation, loadSpec, resolveRef, type JsonObject, type OpenApiDocument } from "../../contract/spec.js";
import {
  backend,
  dtoFact,
  flatten,
  propertyType,
  specOperation,
  typeMismatches,
  type DtoFact,
  type FlatSchema,
  type OperationFact,
} from "../support/backend-facts.js";

const doc = loadSpec();
const schemas = doc.components.schemas;

/** Names and type mismatches between a flattened schema and a DTO fact. */
function compare(
  flat: FlatSchema,
  dto: DtoFact,
  effectivelyRequired: Set<string> = new Set(),
  spec: OpenApiDocument = doc,
): string[] {
  const problems: string[] = [];
  const declared = [...flat.properties.keys()].sort();
  const expected = dto.properties.map((p) => p.name).sort();
  const missing = expected.filter((n) => !declared.includes(n));
  const extra = declared.filter((n) => !expected.includes(n));
  if (missing.length) problems.push(`missing properties: ${missing.join(", ")}`);
  if (extra.length) problems.push(`properties the backend does not have: ${extra.join(", ")}`);
  for (const prop of dto.properties) {
    const pieces = flat.properties.get(prop.name);
    if (pieces) problems.push(...typeMismatches(prop, propertyType(pieces, spec), effectivelyRequired.has(prop.name)));
  }
  return problems;
}

/** Top-level and nested effectively required names of an operation (`a`, `a.b`, `list[].c`), Login's credentials included. */
function requiredOf(fact: OperationFact): string[] {
  const names = fact.effectivelyRequired.map((r) => r.field);
  if (fact.controller === "Account" && fact.action === "Login") names.push("Username");
  return [...new Set(names)];
}

describe("component schemas match the backend DTOs", () => {
  const names = Object.keys(backend.dtos);

  it("every DTO of the fixture has a component schema of the same name", () => {
    expect(names.filter((n) => !schemas[n])).toEqual([]);
  });

  it.each(names)("%s declares exactly the DTO's properties with their types", (name) => {
    expect(compare(flatten({ $ref: `#/components/schemas/${name}` }), dtoFact(name))).toEqual([]);
  });

  it.each(names.filter((n) => schemas[`${n}_Full`]))("%s_Full requires every property", (name) => {
    const flat = flatten({ $ref: `#/components/schemas/${name}_Full` });
    expect(compare(flat, dtoFact(name))).toEqual([]);
    expect([...flat.required].sort()).toEqual(dtoFact(name).properties.map((p) => p.name).sort());
  });

  it("request DTO schemas require nothing by themselves (operations add what they need)", () => {
    for (const name of names) {
      expect(flatten({ $ref: `#/components/schemas/${name}` }).required.size, name).toBe(0);
    }
  });
});

const dtoRequests = backend.operations.flatMap((f) => (f.request.kind === "dto" ? [[f.path, f, f.request.dto] as const] : []));

describe.each(dtoRequests)("%s", (path, fact, requestDto) => {
  it("request schema: the DTO's properties, requiring only the effectively required ones", () => {
    const op = specOperation(path);
    const body = op.requestBody as { content: Record<string, JsonObject> };
    const schema = body.content["application/json"]!.schema as JsonObject;
    const flat = flatten(schema);
    expect(flat.refs).toContain(requestDto);
    const required = requiredOf(fact);
    const topLevel = required.filter((n) => !n.includes(".") && !n.includes("["));
    expect(compare(flat, dtoFact(requestDto), new Set(topLevel))).toEqual([]);
    expect([...flat.required].sort()).toEqual(topLevel.sort());
    // nested: `parent.child` (object) and `list[].child` (items of a list)
    for (const name of required.filter((n) => n.includes(".") || n.includes("["))) {
      const m = /^(\w+)(\[\])?\.(\w+)$/.exec(name);
      expect(m, name).not.toBeNull();
      const [, parent = "", isList, child = ""] = m!;
      const pieces = flat.properties.get(parent) ?? [];
      const nested: string[] = [];
      for (const piece of pieces) {
        const target = isList ? ((resolveRef(doc, piece).items ?? {}) as JsonObject) : piece;
        nested.push(...flatten(target).required);
        // A nullable object (`anyOf: [object, null]`): the object branch carries the requirement.
        for (const branch of (resolveRef(doc, target).anyOf as JsonObject[] | undefined) ?? []) nested.push(...flatten(branch).required);
      }
      expect(nested, name).toContain(child);
    }
  });
});

describe.each(backend.operations.map((f) => [f.path, f] as const))("%s", (path, fact) => {
  it("Data has the backend's shape and rows require every DTO property", () => {
    const op = specOperation(path);
    const media = resolveRef(doc, (op.responses as Record<string, JsonObject>)["200"]!).content as Record<
      string,
      JsonObject
    >;
    const envelope = media["application/json"]!.schema as JsonObject;
    const overlay = (envelope.allOf as JsonObject[])[1]!;
    expect(overlay.required).toEqual(["Data"]);
    const data = (overlay.properties as Record<string, JsonObject>).Data!;
    const operation = getOperation(`${fact.controller}_${fact.action}`);
    expect(operation.dataKind).toBe(fact.data.kind);
    if (fact.data.kind === "null") {
      expect(data).toEqual({ type: "null" });
      return;
    }
    // on warnings and errors Data is null, so every other shape is `anyOf: [shape, null]`
    const [shape, nul] = data.anyOf as JsonObject[];
    expect(nul).toEqual({ type: "null" });
    if (fact.data.kind === "integer") {
      expect(shape).toEqual({ type: "integer", format: "int32" });
      return;
    }
    const row = fact.data.kind === "array" ? (shape!.items as JsonObject) : shape!;
    if (fact.data.kind === "array") expect(shape!.type).toBe("array");
    expect(row).toEqual({ $ref: `#/components/schemas/${fact.data.dto}_Full` });
    const flat = flatten(row);
    const dto = dtoFact(fact.data.dto);
    expect(compare(flat, dto)).toEqual([]);
    expect([...flat.required].sort()).toEqual(dto.properties.map((p) => p.name).sort());
  });
});

describe("backend conventions visible in the schemas", () => {
  it("every GetById answers an array (the backend never returns a single object there)", () => {
    const getById = backend.operations.filter((f) => f.action === "GetById");
    expect(getById.length).toBe(9);
    for (const f of getById) expect(getOperation(`${f.controller}_${f.action}`).dataKind, f.path).toBe("array");
  });

  it("the inherited audit fields are declared once, in EntityAuditableDTO / EntityAuditable", () => {
    const audit = flatten({ $ref: "#/components/schemas/EntityAuditableDTO" });
    expect([...audit.properties.keys()]).toEqual([
      "FechaCreacion",
      "FechaModificacion",
      "UsuarioCreacion",
      "UsuarioModificacion",
      "IdUsuarioActual",
      "id_usuarioCreacion",
      "id_usuarioModifica",
    ]);
    const entity = flatten({ $ref: "#/components/schemas/EntityAuditable" });
    expect([...entity.properties.keys()]).toEqual([...audit.properties.keys()].filter((n) => n !== "IdUsuarioActual"));
    for (const [name, dto] of Object.entries(backend.dtos)) {
      const own = schemas[name]!;
      const refs = ((own.allOf ?? []) as JsonObject[]).map((p) => p.$ref);
      if (dto.inherits) expect(refs, name).toEqual([`#/components/schemas/${dto.inherits}`]);
      else expect(refs, name).toEqual([]);
    }
  });
});

describe("the comparison is not vacuous", () => {
  const name = "ADM_OCUPACIONDTO";
  const check = (mutate: (s: JsonObject & { properties: Record<string, JsonObject> }) => void): string[] => {
    const copy = structuredClone(doc);
    mutate(copy.components.schemas[name] as JsonObject & { properties: Record<string, JsonObject> });
    return compare(flatten({ $ref: `#/components/schemas/${name}` }, copy), dtoFact(name), new Set(), copy);
  };

  it("the unmodified schema agrees", () => {
    expect(check(() => {})).toEqual([]);
  });

  it("detects a wrong JSON type, a lost null, a missing or extra property, a wrong int format", () => {
    expect(check((s) => (s.properties.id_ocupacion = { type: "string" }))).toEqual([
      "id_ocupacion: JSON type string, backend integer",
      "id_ocupacion: format (none), backend int32",
    ]);
    expect(check((s) => (s.properties.t_descripcion = { type: "string" }))).toEqual([
      "t_descripcion: nullable false, backend true (string)",
    ]);
    expect(check((s) => delete s.properties.estado)).toEqual(["missing properties: estado"]);
    expect(check((s) => (s.properties.ExtraField = { type: "string" }))).toEqual([
      "properties the backend does not have: ExtraField",
    ]);
    expect(check((s) => (s.properties.f_estado = { type: ["integer", "null"], format: "int64" }))).toEqual([
      "f_estado: format int64, backend int32",
    ]);
  });

  it("detects an inherited audit field declared as a plain string instead of a .NET date", () => {
    const copy = structuredClone(doc);
    (copy.components.schemas.EntityAuditableDTO!.properties as Record<string, JsonObject>).FechaCreacion = {
      type: ["string", "null"],
    };
    expect(compare(flatten({ $ref: `#/components/schemas/${name}` }, copy), dtoFact(name), new Set(), copy)).toEqual([
      "FechaCreacion: not a NetDateTime (DateTime?)",
    ]);
  });
});
