// Every example of the spec validates against its schema (responses in strict mode: no undeclared property),
// and the 200 examples tell the truth about the backend: ok / warning / error outcomes with the exact Spanish texts.
import { describe, expect, it } from "vitest";
import { getOperation, loadSpec, type ExampleObject, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { backend } from "./backend.js";

const doc = loadSpec();
const loose = new ContractValidator();
const strict = new ContractValidator({ strictResponses: true });
const ERROR_MESSAGE = "Hubo un error, inténtelo más tarde.";

interface Envelope {
  Message: string | null;
  Success: boolean;
  Warning: boolean;
  Data: unknown;
}

describe.each(backend.operations.map((f) => [`${f.controller}_${f.action}`, f] as const))("%s", (id, fact) => {
  const op = getOperation(id);

  it("has request examples that validate against the request schema", () => {
    const names = Object.keys(op.requestExamples);
    expect(names).toEqual(fact.request.kind === "dto" ? ["request"] : ["empty"]);
    for (const [name, ex] of Object.entries(op.requestExamples)) {
      const r = loose.validateRequest(op, ex.value);
      expect(r.issues, `${id} request example ${name}`).toEqual([]);
      expect(typeof ex.summary, name).toBe("string");
    }
  });

  it("has ok and error 200 examples that validate in strict mode", () => {
    const examples = op.responseExamples;
    expect(Object.keys(examples)).toEqual(expect.arrayContaining(["ok", "error"]));
    for (const [name, ex] of Object.entries(examples)) {
      const r = strict.validateResponse(op, ex.value);
      expect(r.issues, `${id} response example ${name}`).toEqual([]);
    }
    const ok = examples.ok!.value as Envelope;
    expect([ok.Success, ok.Warning]).toEqual([true, false]);
    if (fact.data.kind === "array") expect(Array.isArray(ok.Data) && ok.Data.length > 0, "ok shows rows").toBe(true);
    if (fact.data.kind === "null") expect(ok.Data).toBeNull();
    // writes answer their success text; reads leave Message null (or the informational empty-list text)
    const info = (fact.infoMessages ?? []).map((m) => m.message);
    expect([fact.successMessage, ...info]).toContain(ok.Message);
    expect(examples.error!.value).toEqual({ Message: ERROR_MESSAGE, Success: false, Warning: false, Data: null });
  });

  it("shows every reachable business warning, with the backend's exact text", () => {
    const warnings = Object.entries(op.responseExamples)
      .filter(([name]) => name.startsWith("warning"))
      .map(([, ex]) => ex.value as Envelope);
    for (const w of warnings) expect([w.Success, w.Warning, w.Data]).toEqual([true, true, null]);
    const reachable = fact.warnings.filter((w) => w.reachable);
    const fixed = reachable.flatMap((w) => (w.message === null ? [] : [w.message]));
    expect(warnings.map((w) => w.Message)).toEqual(expect.arrayContaining(fixed));
    // a warning whose text comes from a stored procedure (free text) gets an example of its own
    const dynamic = reachable.some((w) => w.dynamic) ? 1 : 0;
    expect(warnings.length).toBeGreaterThanOrEqual(fixed.length + dynamic);
    // no example of a warning the backend can never answer
    const known = new Set(reachable.map((w) => w.message));
    for (const w of warnings) {
      expect(known.has(w.Message) || reachable.some((r) => r.dynamic), `${id}: ${w.Message}`).toBe(true);
    }
  });

  it("has query parameter examples of the declared type", () => {
    for (const p of op.queryParameters) expect(Number.isInteger(p.example) && (p.example as number) > 0).toBe(true);
    expect(op.queryParameters.length).toBe(fact.request.kind === "query" ? 1 : 0);
  });
});

describe("component examples", () => {
  const responses = (doc.components as JsonObject).responses as Record<
    string,
    { content: Record<string, { examples: Record<string, ExampleObject> }> }
  >;

  it.each(["BadRequest", "Unauthorized"])("%s examples are error envelopes", (name) => {
    const examples = responses[name]!.content["application/json"]!.examples;
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    for (const [key, ex] of Object.entries(examples)) {
      expect(loose.validateErrorEnvelope(ex.value).issues, `${name}.${key}`).toEqual([]);
      const env = ex.value as Envelope;
      expect(env.Message?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it("every schema `examples` list validates against its schema", () => {
    let count = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const value of (schema.examples ?? []) as unknown[]) {
        expect(loose.validateSchema(name, value).issues, `${name}: ${JSON.stringify(value)}`).toEqual([]);
        count++;
      }
      for (const [prop, p] of Object.entries((schema.properties ?? {}) as Record<string, JsonObject>)) {
        expect(p.examples, `${name}.${prop}: examples belong to top-level schemas or media types`).toBeUndefined();
        expect(p.example, `${name}.${prop}: 3.0-style example`).toBeUndefined();
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it("the validator really rejects a wrong example (strict mode catches undeclared properties)", () => {
    const op = getOperation("ADM_OCUPACION_GetAllActives");
    const ok = structuredClone(op.responseExamples.ok!.value) as Envelope & { Data: JsonObject[] };
    ok.Data[0]!.ExtraField = 1;
    expect(strict.validateResponse(op, ok).valid).toBe(false);
    expect(loose.validateResponse(op, ok).valid).toBe(true);
    ok.Data[0]!.id_ocupacion = "1";
    expect(loose.validateResponse(op, ok).valid).toBe(false);
  });
});
