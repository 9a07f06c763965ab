// Every example of the spec validates against its schema (responses in strict mode: no undeclared property),
// and the 200 examples tell the truth about the backend: ok / warning / error outcomes with the exact Spanish texts.
// Warning examples are the legacy backend's (it can answer them) or, when named `warningReferenceServer...`, the
// reference server's own checks (reference-warnings.test.ts proves the server answers each of them).
import { describe, expect, it } from "vitest";
import { getOperation, loadSpec, type ExampleObject, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { backend, isReferenceServerWarning, specOperation } from "../support/backend-facts.js";

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
    const all = Object.entries(op.responseExamples).filter(([name]) => name.startsWith("warning"));
    for (const [, ex] of all) {
      const w = ex.value as Envelope;
      expect([w.Success, w.Warning, w.Data]).toEqual([true, true, null]);
    }
    // the reference server's own warnings are labelled (and checked below and in reference-warnings.test.ts);
    // every other warning example is the legacy backend's
    const warnings = all.filter(([name]) => !isReferenceServerWarning(name)).map(([, ex]) => ex.value as Envelope);
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

  it("labels the reference server's own warnings and names each in the operation description", () => {
    const description = String(specOperation(op.path).description);
    const legacyTexts = fact.warnings.filter((w) => w.reachable).map((w) => w.message);
    for (const [name, ex] of Object.entries(op.responseExamples)) {
      if (!name.startsWith("warning")) continue;
      const labelled = isReferenceServerWarning(name);
      // the name and the summary agree: a legacy example never says "Reference server:", a labelled one always does
      expect(/^Reference server: \S/.test(ex.summary ?? ""), `${id} ${name}: summary ${ex.summary}`).toBe(labelled);
      if (!labelled) continue;
      const message = (ex.value as Envelope).Message;
      expect(typeof message === "string" && message.length > 10, `${id} ${name}`).toBe(true);
      expect(description, `${id}: ${name} is listed in the description`).toContain(`\`${message}\``);
      expect(description).toContain("**Reference server warnings**");
      // a text the legacy backend answers belongs in a legacy example, not in a reference-server one
      expect(legacyTexts, `${id} ${name}`).not.toContain(message);
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
