// Newtonsoft writes an unset List<T> (and an unset object) as null, and the desktop client sends such bodies:
// spec and server accept them and answer the envelope, never a 400. The legacy action dereferences the null and
// answers its caught error (Success:false); the reference server keeps Success:false for unexpected failures
// (the fuzz suite holds it to that) and answers its documented warning naming the property instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation, listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { dotnetClientBodies } from "../support/dotnet-client-bodies.js";

const required = (field: string) => ({ Message: `El campo ${field} es obligatorio.`, Success: true, Warning: true, Data: null });
const doc = loadSpec();
const validator = new ContractValidator();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

function nullListBody(operationId: string, property: string): Record<string, unknown> {
  const sample = dotnetClientBodies.find(
    (b) => b.operationId === operationId && typeof b.body === "object" && b.body !== null && (b.body as Record<string, unknown>)[property] === null,
  );
  if (!sample) throw new Error(`the .NET client bodies have no ${operationId} with ${property}: null`);
  return sample.body as Record<string, unknown>;
}

/** Top-level properties whose schema (allOf parts, anyOf branches) admits an array, per operation. */
function arrayProperties(schema: JsonObject): Map<string, JsonObject[]> {
  const out = new Map<string, JsonObject[]>();
  const visit = (node: JsonObject) => {
    const n = resolveRef<JsonObject>(doc, node);
    for (const part of (n.allOf as JsonObject[] | undefined) ?? []) visit(part);
    for (const [name, raw] of Object.entries((n.properties as Record<string, JsonObject> | undefined) ?? {})) {
      const p = resolveRef<JsonObject>(doc, raw);
      const branches = [p, ...((p.anyOf as JsonObject[] | undefined) ?? []).map((b) => resolveRef<JsonObject>(doc, b))];
      const isArray = branches.some((b) => b.type === "array" || (Array.isArray(b.type) && b.type.includes("array")));
      if (isArray) out.set(name, [...(out.get(name) ?? []), p]);
    }
  };
  visit(schema);
  return out;
}

describe("null lists", () => {
  it("every array-typed request property of every operation accepts null in the spec", () => {
    let found = 0;
    for (const op of listOperations()) {
      const item = resolveRef<JsonObject>(doc, { $ref: op.pointer });
      const schema = (item.requestBody as { content: Record<string, { schema: JsonObject }> }).content["application/json"]!.schema;
      for (const name of arrayProperties(schema).keys()) {
        found++;
        const example = structuredClone(Object.values(op.requestExamples)[0]!.value) as Record<string, unknown>;
        example[name] = null;
        expect(validator.validateRequest(op, example).issues, `${op.operationId}.${name}`).toEqual([]);
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it("FAC_DOCUMENTO_PAGO/addComprobante with DetalleComprobante: null answers the envelope (a warning naming it)", async () => {
    // The visit and payment document of the spec's example exist in the seed (the fixture's are the client's).
    const example = Object.values(getOperation("FAC_DOCUMENTO_PAGO_addComprobante").requestExamples)[0]!.value as Record<string, unknown>;
    const body = { ...nullListBody("FAC_DOCUMENTO_PAGO_addComprobante", "DetalleComprobante"), id_atencion: example.id_atencion, id_documento_pago: example.id_documento_pago };
    expect(validator.validateRequest(getOperation("FAC_DOCUMENTO_PAGO_addComprobante"), body).issues).toEqual([]);
    const res = await fetch(`${server.baseUrl}/api/FAC_DOCUMENTO_PAGO/addComprobante`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(required("DetalleComprobante"));
  });

  it("ADM_DOCUMENTO_AUTORIZACION/GetAddAtencionAll with listaAutoriza: null answers the envelope (a warning naming it)", async () => {
    const body = nullListBody("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", "listaAutoriza");
    expect(validator.validateRequest(getOperation("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll"), body).issues).toEqual([]);
    const res = await fetch(`${server.baseUrl}/api/ADM_DOCUMENTO_AUTORIZACION/GetAddAtencionAll`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(required("listaAutoriza"));
  });
});
