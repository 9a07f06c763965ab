// The spec declares exactly the backend's operations (the fixture's list; Home and Prueba left out), each as
// `POST /api/{Controller}/{Action}` with the conventions every consumer relies on.
import { describe, expect, it } from "vitest";
import { isSandboxOnly, listOperations, listSandboxOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { backend, specOperation } from "../support/backend-facts.js";

const doc = loadSpec();
const facts = backend.operations;
/** The backend's paths: the spec's paths but the development sandbox's own (`x-sandbox-only`). */
const apiPaths = Object.entries(doc.paths).filter(([, item]) => !isSandboxOnly(item.post));

describe("operation list", () => {
  it("the fixture lists each action of the backend once, Home and Prueba left out", () => {
    expect(facts.length).toBeGreaterThan(0);
    expect(new Set(facts.map((f) => f.path)).size).toBe(facts.length);
    expect(facts.some((f) => f.controller === "Home" || f.controller === "Prueba")).toBe(false);
  });

  it("the spec has exactly the backend's paths (besides the sandbox-only ones), spelled as the backend spells them", () => {
    expect(apiPaths.map(([path]) => path).sort()).toEqual(facts.map((f) => f.path).sort());
    for (const f of facts) expect(f.path).toBe(`/api/${f.controller}/${f.action}`);
  });

  it("every path item has a POST operation and nothing else", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(Object.keys(item), path).toEqual(["post"]);
    }
  });

  it("contract/spec.ts lists the same operations", () => {
    const ops = listOperations();
    expect(ops.map((o) => o.operationId).sort()).toEqual(facts.map((f) => `${f.controller}_${f.action}`).sort());
  });
});

describe("sandbox-only operations", () => {
  const sandboxPaths = Object.entries(doc.paths).filter(([, item]) => isSandboxOnly(item.post));

  it("are POST /sandbox/reset alone, tagged Sandbox and described as sandbox-only", () => {
    expect(sandboxPaths.map(([path]) => path)).toEqual(["/sandbox/reset"]);
    const op = sandboxPaths[0]![1].post!;
    expect(op.operationId).toBe("Sandbox_reset");
    expect(op.tags).toEqual(["Sandbox"]);
    expect(String(op.description)).toMatch(/Sandbox only/);
    const tag = (doc.tags as { name: string; "x-sandbox-only"?: boolean; description?: string }[]).find((t) => t.name === "Sandbox");
    expect(tag?.["x-sandbox-only"]).toBe(true);
    expect(tag?.description).toMatch(/Sandbox only/);
  });

  it("are listed apart from the API's operations, with the same conventions (envelope, bearer token)", () => {
    expect(listSandboxOperations().map((o) => [o.operationId, o.path, o.secured, o.dataKind])).toEqual([
      ["Sandbox_reset", "/sandbox/reset", true, "null"],
    ]);
    expect(listOperations().some((o) => o.path.startsWith("/sandbox/"))).toBe(false);
    const responses = sandboxPaths[0]![1].post!.responses as Record<string, JsonObject>;
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "413", "503"]);
  });
});

describe.each(facts.map((f) => [f.path, f] as const))("%s", (path, fact) => {
  const op = specOperation(path);

  it("has operationId Controller_Action, one tag for its controller, a summary and a description", () => {
    expect(op.operationId).toBe(`${fact.controller}_${fact.action}`);
    expect(op.tags).toEqual([fact.controller]);
    expect(typeof op.summary === "string" && op.summary.trim().length > 10).toBe(true);
    expect(typeof op.description === "string" && op.description.trim().length > 20).toBe(true);
  });

  it("answers 200 with the envelope, and 400, 413 (plus 401 when secured) with the error envelope", () => {
    const responses = op.responses as Record<string, JsonObject>;
    const secured = fact.controller !== "Account";
    expect(Object.keys(responses).sort()).toEqual(secured ? ["200", "400", "401", "413"] : ["200", "400", "413"]);
    expect(responses["400"]?.$ref).toBe("#/components/responses/BadRequest");
    if (secured) expect(responses["401"]?.$ref).toBe("#/components/responses/Unauthorized");
    expect(responses["413"]?.$ref).toBe("#/components/responses/PayloadTooLarge");
    expect(responses["200"]?.headers).toEqual({ "Romsoft-Ignored-Properties": { $ref: "#/components/headers/IgnoredProperties" } });
    const schema = resolveRef(doc, responses["200"]!).content as Record<string, JsonObject>;
    const allOf = (schema["application/json"]?.schema as JsonObject).allOf as JsonObject[];
    expect(allOf[0]).toEqual({ $ref: "#/components/schemas/JsonResponse" });
  });

  it("is secured by the global bearerAuth, except Login which is public", () => {
    if (fact.controller === "Account") expect(op.security).toEqual([]);
    else expect(op.security).toBeUndefined();
  });

  it("takes its input where the backend reads it", () => {
    const body = op.requestBody as { required?: boolean; content: Record<string, JsonObject> };
    const schema = body.content["application/json"]!.schema as JsonObject;
    const params = (op.parameters ?? []) as JsonObject[];
    const req = fact.request;
    if (req.kind === "query") {
      expect(params).toHaveLength(1);
      const p = params[0]!;
      expect([p.name, p.in, p.required]).toEqual([req.name, "query", true]);
      expect(p.schema).toMatchObject({ type: "integer", format: req.format });
      expect(Number.isInteger(p.example)).toBe(true);
      // the id names the entity it identifies: idPaciente is the patient's id_paciente, idProducto the product's
      const field = `id_${req.name.replace(/^id/, "").toLowerCase()}`;
      expect(String(p.description)).toContain(`\`${field}\``);
    } else {
      expect(params).toEqual([]);
    }
    if (req.kind === "dto") {
      expect(body.required).toBe(true);
      expect(schema).not.toEqual({ $ref: "#/components/schemas/IgnoredBody" });
    } else {
      // no parameter, an ignored DTO, or an int from the query string: any body (or none) is accepted
      expect(body.required).toBe(false);
      expect(schema).toEqual({ $ref: "#/components/schemas/IgnoredBody" });
    }
  });
});

describe("global security", () => {
  it("declares bearerAuth (JWT) as the default for every operation", () => {
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const schemes = (doc.components as JsonObject).securitySchemes as Record<string, JsonObject>;
    expect(schemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
  });

  it("has one tag per controller (and the sandbox's), each described", () => {
    const tags = (doc.tags as { name: string; description?: string }[]) ?? [];
    expect(tags.map((t) => t.name).sort()).toEqual([...new Set(facts.map((f) => f.controller)), "Sandbox"].sort());
    for (const t of tags) expect(t.description?.length ?? 0, t.name).toBeGreaterThan(3);
  });
});
