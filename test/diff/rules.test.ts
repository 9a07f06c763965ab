// Every kind of change the diff knows, each made by one edit of the fixture contract, with the severity the
// README's rules give it. A change in a shared schema must show on every operation that reaches it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../contract/paths.js";
import { diffContracts } from "../../contract/diff/compare.js";
import { diffEdit, loadBase, op, schemas, summaryLines, type Loose } from "./support.js";

const ADD = "/api/ITEM/Add";
const GET = "/api/ITEM/GetById";
const LIST = "/api/ITEM/GetAllActives";
const COUNT = "/api/ITEM/Count";
const LOGIN = "/api/Account/Login";
const item = (s: Loose) => schemas(s).ItemDTO.properties;
const envelopeOf = (s: Loose, path: string) => op(s, path).responses["200"].content["application/json"];
const dataOf = (s: Loose, path: string) => envelopeOf(s, path).schema.allOf[1].properties;

const cases: [string, (s: Loose) => void, string[]][] = [
  // Operations
  ["operation removed", (s) => delete s.paths[COUNT], ["ITEM_Count operation-removed breaking"]],
  ["operation added", (s) => (s.paths["/api/ITEM/Delete"] = { post: { ...structuredClone(op(s, ADD)), operationId: "ITEM_Delete" } }),
    ["ITEM_Delete operation-added non-breaking"]],
  ["operation moved to another path", (s) => { s.paths["/api/ITEM/Contar"] = s.paths[COUNT]; delete s.paths[COUNT]; },
    ["ITEM_Count operation-moved breaking"]],

  // Request body: properties and required (ItemDTO is the body of Add and GetById, and the row of Data)
  ["shared request property removed (fan-out)", (s) => delete item(s).n_cantidad, [
    "ITEM_Add request-property-removed breaking",
    "ITEM_GetById request-property-removed breaking",
    "ITEM_GetById data-property-removed breaking",
    "ITEM_GetAllActives data-property-removed breaking",
  ]],
  ["optional property added", (s) => (item(s).t_nota = { type: ["string", "null"] }), [
    "ITEM_Add request-property-added non-breaking",
    "ITEM_GetById request-property-added non-breaking",
    "ITEM_GetById data-property-added non-breaking",
    "ITEM_GetAllActives data-property-added non-breaking",
  ]],
  ["required property added to a request", (s) => {
    const body = op(s, ADD).requestBody.content["application/json"].schema;
    body.properties = { c_lote: { type: "string" } };
    body.required.push("c_lote");
  }, ["ITEM_Add request-property-added breaking"]],
  ["request property made required", (s) => op(s, ADD).requestBody.content["application/json"].schema.required.push("n_cantidad"),
    ["ITEM_Add request-required-added breaking"]],
  ["request property no longer required", (s) => (op(s, ADD).requestBody.content["application/json"].schema.required = []),
    ["ITEM_Add request-required-removed non-breaking"]],
  ["Data row property no longer required (may be missing)", (s) => (schemas(s).ItemDTO_Full.required = schemas(s).ItemDTO_Full.required.filter((n: string) => n !== "t_nombre")), [
    "ITEM_GetById data-required-removed breaking",
    "ITEM_GetAllActives data-required-removed breaking",
  ]],
  ["Login response property added as required", (s) => {
    schemas(s).SessionDTO_Full.properties.id_rol = { type: "integer" };
    schemas(s).SessionDTO_Full.required.push("id_rol");
  }, ["Account_Login data-property-added non-breaking"]],

  // Types, nullability, formats, enums, bounds: the same edit reads one way in a request and the other in Data
  ["made nullable", (s) => (item(s).id_item.type = ["integer", "null"]), [
    "ITEM_Add request-nullable-added non-breaking",
    "ITEM_GetById request-nullable-added non-breaking",
    "ITEM_GetById data-nullable-added breaking",
    "ITEM_GetAllActives data-nullable-added breaking",
  ]],
  ["no longer nullable", (s) => (item(s).t_nombre.type = "string"), [
    "ITEM_Add request-nullable-removed breaking",
    "ITEM_GetById request-nullable-removed breaking",
    "ITEM_GetById data-nullable-removed non-breaking",
    "ITEM_GetAllActives data-nullable-removed non-breaking",
  ]],
  ["nullable through a shared anyOf (the audit date)", (s) => (schemas(s).Audit.properties.FechaCreacion = { $ref: "#/components/schemas/NetDateTime", description: "Creation date." }), [
    "ITEM_Add request-nullable-removed breaking",
    "ITEM_GetById request-nullable-removed breaking",
    "ITEM_GetById data-nullable-removed non-breaking",
    "ITEM_GetAllActives data-nullable-removed non-breaking",
  ]],
  ["type widened (integer to number)", (s) => (item(s).n_cantidad.type = "number"), [
    "ITEM_Add request-type-widened non-breaking",
    "ITEM_GetById request-type-widened non-breaking",
    "ITEM_GetById data-type-widened breaking",
    "ITEM_GetAllActives data-type-widened breaking",
  ]],
  ["retyped (integer to string)", (s) => (item(s).id_item = { type: "string" }), [
    "ITEM_Add request-type-changed breaking",
    "ITEM_Add request-format-widened non-breaking",
    "ITEM_GetById request-type-changed breaking",
    "ITEM_GetById request-format-widened non-breaking",
    "ITEM_GetById data-type-changed breaking",
    "ITEM_GetById data-format-widened breaking",
    "ITEM_GetAllActives data-type-changed breaking",
    "ITEM_GetAllActives data-format-widened breaking",
  ]],
  ["format widened (int32 to int64, shared audit schema)", (s) => (schemas(s).Audit.properties.IdUsuarioActual.format = "int64"), [
    "ITEM_Add request-format-widened non-breaking",
    "ITEM_GetById request-format-widened non-breaking",
    "ITEM_GetById data-format-widened breaking",
    "ITEM_GetAllActives data-format-widened breaking",
  ]],
  ["enum value removed", (s) => (item(s).c_estado.enum = ["A", null]), [
    "ITEM_Add request-enum-narrowed breaking",
    "ITEM_GetById request-enum-narrowed breaking",
    "ITEM_GetById data-enum-narrowed non-breaking",
    "ITEM_GetAllActives data-enum-narrowed non-breaking",
  ]],
  ["enum value added", (s) => item(s).c_estado.enum.push("X"), [
    "ITEM_Add request-enum-widened non-breaking",
    "ITEM_GetById request-enum-widened non-breaking",
    "ITEM_GetById data-enum-widened breaking",
    "ITEM_GetAllActives data-enum-widened breaking",
  ]],
  ["upper bound lowered", (s) => (item(s).n_cantidad.maximum = 50), [
    "ITEM_Add request-bounds-narrowed breaking",
    "ITEM_GetById request-bounds-narrowed breaking",
    "ITEM_GetById data-bounds-narrowed non-breaking",
    "ITEM_GetAllActives data-bounds-narrowed non-breaking",
  ]],
  ["lower bound removed and length raised", (s) => { delete item(s).n_cantidad.minimum; item(s).t_nombre.maxLength = 200; }, [
    "ITEM_Add request-bounds-widened non-breaking",
    "ITEM_Add request-bounds-widened non-breaking",
    "ITEM_GetById request-bounds-widened non-breaking",
    "ITEM_GetById request-bounds-widened non-breaking",
    "ITEM_GetById data-bounds-widened breaking",
    "ITEM_GetById data-bounds-widened breaking",
    "ITEM_GetAllActives data-bounds-widened breaking",
    "ITEM_GetAllActives data-bounds-widened breaking",
  ]],
  ["pattern changed", (s) => (schemas(s).NetDateTime.pattern = "^\\d{4}-\\d{2}-\\d{2}$"), [
    "ITEM_Add request-pattern-changed breaking",
    "ITEM_GetById request-pattern-changed breaking",
    "ITEM_GetById data-pattern-changed breaking",
    "ITEM_GetAllActives data-pattern-changed breaking",
  ]],
  ["request body made required", (s) => (op(s, COUNT).requestBody.required = true), ["ITEM_Count request-body-required breaking"]],
  ["request body made optional", (s) => (op(s, ADD).requestBody.required = false), ["ITEM_Add request-body-optional non-breaking"]],
  ["request body removed", (s) => delete op(s, ADD).requestBody, ["ITEM_Add request-body-removed breaking"]],

  // Parameters
  ["parameter made required", (s) => (op(s, GET).parameters[0].required = true), ["ITEM_GetById parameter-required breaking"]],
  ["required parameter added", (s) => op(s, COUNT).parameters = [{ name: "tabla", in: "query", required: true, schema: { type: "string" } }],
    ["ITEM_Count parameter-added breaking"]],
  ["parameter removed", (s) => delete op(s, GET).parameters, ["ITEM_GetById parameter-removed breaking"]],
  ["parameter narrowed", (s) => (op(s, GET).parameters[0].schema.minimum = 1), ["ITEM_GetById parameter-bounds-narrowed breaking"]],

  // Data inside the envelope
  ["Data kind array to object", (s) => (dataOf(s, LIST).Data.anyOf[0] = { $ref: "#/components/schemas/ItemDTO_Full" }),
    ["ITEM_GetAllActives data-kind-changed breaking"]],
  ["Data kind scalar to null", (s) => (dataOf(s, COUNT).Data = { type: "null" }), ["ITEM_Count data-kind-changed breaking"]],
  ["Data kind null to scalar (a write now answers the new id)", (s) => (dataOf(s, ADD).Data = { anyOf: [{ type: "integer" }, { type: "null" }] }),
    ["ITEM_Add data-kind-changed breaking"]],
  ["Data scalar retyped", (s) => (dataOf(s, COUNT).Data.anyOf[0] = { type: "string" }), [
    "ITEM_Count data-type-changed breaking",
    "ITEM_Count data-format-widened breaking",
  ]],
  ["Data no longer null on warnings", (s) => (dataOf(s, COUNT).Data = { type: "integer", format: "int32" }), ["ITEM_Count data-nullable-removed non-breaking"]],
  ["envelope property removed", (s) => delete schemas(s).JsonResponse.properties.Warning, [
    "Account_Login response-property-removed breaking",
    "ITEM_Add response-property-removed breaking",
    "ITEM_Add response-property-removed breaking",
    "ITEM_GetById response-property-removed breaking",
    "ITEM_GetAllActives response-property-removed breaking",
    "ITEM_Count response-property-removed breaking",
  ]],
  ["response status added", (s) => (op(s, COUNT).responses["403"] = { description: "Forbidden." }), ["ITEM_Count response-added breaking"]],
  ["response status removed", (s) => delete op(s, ADD).responses["401"], ["ITEM_Add response-removed non-breaking"]],

  // Documented messages (the Message of each named example)
  ["success message changed", (s) => (envelopeOf(s, ADD).examples.ok.value.Message = "Registrado."), ["ITEM_Add message-changed breaking"]],
  ["warning message changed", (s) => (envelopeOf(s, LOGIN).examples.warning.value.Message = "Usuario o clave incorrectos."),
    ["Account_Login message-changed breaking"]],
  ["shared error message changed (fan-out)", (s) => (s.components.examples.Error.value.Message = "Ocurrió un error."), [
    "Account_Login message-changed breaking",
    "ITEM_Add message-changed breaking",
    "ITEM_GetById message-changed breaking",
    "ITEM_GetAllActives message-changed breaking",
    "ITEM_Count message-changed breaking",
  ]],
  ["warning added", (s) => (envelopeOf(s, ADD).examples.warning2 = { value: { Message: "No se pudo realizar el registro.", Success: true, Warning: true, Data: null } }),
    ["ITEM_Add message-added breaking", "ITEM_Add response-example-added info"]],
  ["success message added", (s) => (envelopeOf(s, ADD).examples.ok2 = { value: { Message: "Se registró con observaciones.", Success: true, Warning: false, Data: null } }),
    ["ITEM_Add message-added non-breaking", "ITEM_Add response-example-added info"]],
  ["warning removed", (s) => delete envelopeOf(s, ADD).examples.warning, ["ITEM_Add message-removed non-breaking", "ITEM_Add response-example-removed info"]],
  ["example renamed, same message: no message change", (s) => {
    const ex = envelopeOf(s, ADD).examples;
    ex.duplicate = ex.warning;
    delete ex.warning;
  }, ["ITEM_Add response-example-added info", "ITEM_Add response-example-removed info"]],

  // Security
  ["public operation now secured", (s) => delete op(s, LOGIN).security, ["Account_Login security-added breaking"]],
  ["secured operation now public", (s) => (op(s, COUNT).security = []), ["ITEM_Count security-removed non-breaking"]],
  ["security scheme changed (every secured operation)", (s) => (s.components.securitySchemes.bearerAuth = { type: "apiKey", in: "header", name: "X-Key" }), [
    "ITEM_Add security-scheme-changed breaking",
    "ITEM_GetById security-scheme-changed breaking",
    "ITEM_GetAllActives security-scheme-changed breaking",
    "ITEM_Count security-scheme-changed breaking",
  ]],

  // Document
  ["version bumped", (s) => (s.info.version = "1.1.0"), ["- version-changed info"]],
];

describe("diff rules: one edit, its kind and severity", () => {
  it.each(cases)("%s", (_name, edit, expected) => {
    expect(summaryLines(diffEdit(edit))).toEqual([...expected].sort());
  });
});

describe("prose is info at most", () => {
  it("descriptions, summaries, titles and example values edited everywhere: only info changes", () => {
    const changes = diffEdit((s) => {
      s.info.description = "Rewritten.";
      for (const item of Object.values(s.paths) as Loose[]) {
        item.post.summary += " (edited)";
        item.post.description = "Edited description.";
        item.post.responses["200"].description = "Edited.";
        const examples = item.post.responses["200"].content["application/json"].examples;
        if (examples.ok.value.Data) examples.ok.value.Data = Array.isArray(examples.ok.value.Data) ? [] : { edited: true };
        examples.ok.summary = "Edited";
      }
      for (const schema of Object.values(schemas(s)) as Loose[]) {
        schema.description = "Edited.";
        schema.title = "Edited";
      }
      schemas(s).Audit.properties.FechaCreacion.description = "Edited.";
      schemas(s).NetDateTime.examples = ["2024-01-01"];
      op(s, LOGIN).requestBody.content["application/json"].examples.request.value.Username = "otro";
      s.components.securitySchemes.bearerAuth.description = "Edited.";
    });
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.filter((c) => c.severity !== "info")).toEqual([]);
    const kinds = new Set(changes.map((c) => c.kind));
    for (const kind of ["summary-changed", "description-changed", "request-description-changed", "data-description-changed", "data-title-changed",
      "response-example-changed", "request-example-changed", "response-description-changed"]) {
      expect(kinds).toContain(kind);
    }
  });

  it("a shared schema's description edit is info on every operation that reaches it", () => {
    const changes = diffEdit((s) => (schemas(s).Audit.properties.IdUsuarioActual.description = "Who calls."));
    expect(summaryLines(changes)).toEqual([
      "ITEM_Add request-description-changed info",
      "ITEM_GetAllActives data-description-changed info",
      "ITEM_GetById data-description-changed info",
      "ITEM_GetById request-description-changed info",
    ]);
  });
});

describe("diff result", () => {
  it("a contract against itself has no change", () => {
    const spec = loadBase();
    const result = diffContracts(spec, structuredClone(spec), { base: "a", revision: "b" });
    expect(result.changes).toEqual([]);
    expect(result.summary).toEqual({ breaking: 0, nonBreaking: 0, info: 0 });
  });

  it("pointers lead from the operation through $refs, and before/after carry the values", () => {
    const [change] = diffEdit((s) => (schemas(s).LoginDTO.properties.Username.type = "string"));
    expect(change).toEqual({
      operationId: "Account_Login",
      severity: "breaking",
      kind: "request-nullable-removed",
      pointer: "#/paths/~1api~1Account~1Login/post/requestBody/content/application~1json/schema/properties/Username",
      message: "body.Username: may no longer be null",
      before: true,
      after: false,
    });
  });

  it("a message change carries both texts", () => {
    const [change] = diffEdit((s) => (envelopeOf(s, LOGIN).examples.warning.value.Message = "Usuario o clave incorrectos."));
    expect(change).toMatchObject({
      pointer: "#/paths/~1api~1Account~1Login/post/responses/200/content/application~1json/examples/warning/value/Message",
      before: "El usuario no pertenece al sistema.",
      after: "Usuario o clave incorrectos.",
    });
  });
});

describe("README", () => {
  it("the rules tables name every kind these cases produce", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    const start = readme.indexOf("\n## Contract changes");
    const section = readme.slice(start, readme.indexOf("\n## ", start + 5));
    const kinds = new Set(cases.flatMap(([, edit]) => diffEdit(edit).map((c) => c.kind)));
    expect(kinds.size).toBeGreaterThan(40);
    for (const kind of kinds) {
      const facet = kind.replace(/^(request|parameter|response|data)-/, "");
      const documented = [kind, facet, kind.replace(/-[a-z]+$/, "-…")].some((name) => section.includes(`\`${name}\``));
      expect(documented, kind).toBe(true);
    }
  });
});
