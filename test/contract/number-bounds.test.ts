// The server's request validation, the shared validator (contract/validate.ts), the client package's
// precompiled validators and verify's classifier compile the spec with the same Ajv factory (contract/ajv.ts),
// so they draw the integer bounds at the same place: an `int32` is a C# int, an `int64` a safe JavaScript
// integer, ±(2^53−1) (beyond it a JSON number no longer names one integer; the spec also bounds every int64
// property with minimum/maximum).
import { responseValidator } from "@romsoft-contract/client/validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateAnswer } from "../../cli/analyze.js";
import type { CallResult } from "../../cli/http.js";
import { AJV_PRESETS, createAjv, type AjvPreset } from "../../contract/ajv.js";
import { getOperation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startTestServer, type TestServer } from "../support/server.js";

// ADM_ATENCIONDTO: id_atencion is an int32, id_nro_interno an int64; the request and response of these two
// operations both carry it.
const FILTER = getOperation("ADM_ATENCION_GetAllFilters");
const BY_ID = getOperation("ADM_ATENCION_GetById");
const INT32_FIELD = "id_atencion";
const INT64_FIELD = "id_nro_interno";

const cases: { field: string; value: number; accepted: boolean }[] = [
  { field: INT32_FIELD, value: 2 ** 31 - 1, accepted: true },
  { field: INT32_FIELD, value: 2 ** 31, accepted: false },
  { field: INT32_FIELD, value: -(2 ** 31), accepted: true },
  { field: INT32_FIELD, value: -(2 ** 31) - 1, accepted: false },
  { field: INT32_FIELD, value: 1.5, accepted: false },
  { field: INT64_FIELD, value: 2 ** 31, accepted: true },
  { field: INT64_FIELD, value: -(2 ** 31) - 1, accepted: true },
  { field: INT64_FIELD, value: Number.MAX_SAFE_INTEGER, accepted: true },
  { field: INT64_FIELD, value: Number.MIN_SAFE_INTEGER, accepted: true },
  { field: INT64_FIELD, value: 1.5, accepted: false },
  { field: INT64_FIELD, value: 2 ** 53, accepted: false },
  { field: INT64_FIELD, value: -(2 ** 53), accepted: false },
  { field: INT64_FIELD, value: 1e20, accepted: false },
];

const label = (c: (typeof cases)[number]) => `${c.field} = ${c.value} is ${c.accepted ? "accepted" : "refused"}`;

function requestWith(field: string, value: number): Record<string, unknown> {
  return { ...(FILTER.requestExamples.request?.value as Record<string, unknown>), [field]: value };
}

/** The spec's GetById answer (a list of one row) with one field of its row replaced. */
function answerWith(field: string, value: number): { Data: Record<string, unknown>[] } {
  const example = structuredClone(BY_ID.responseExamples.ok?.value) as { Data: Record<string, unknown>[] };
  const row = example.Data[0];
  expect(row).toHaveProperty(field);
  row![field] = value;
  return example;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("the server's request validation", () => {
  it.each(cases)("$field = $value", async (c) => {
    const res = await fetch(`${server.baseUrl}${FILTER.path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(requestWith(c.field, c.value)),
    });
    const body = (await res.json()) as { Message: string | null; Success: boolean };
    expect(res.status, `${label(c)}: ${body.Message}`).toBe(c.accepted ? 200 : 400);
    if (!c.accepted) expect(body.Message).toContain(`'${c.field}'`);
  });
});

describe("the shared validator (contract/validate.ts) and the client package's precompiled one", () => {
  const validator = new ContractValidator();
  const validateResponse = responseValidator;

  it.each(cases)("request with $field = $value", (c) => {
    expect(validator.validateRequest(FILTER, requestWith(c.field, c.value)).valid, label(c)).toBe(c.accepted);
  });

  it.each(cases)("answer with $field = $value", (c) => {
    const issues = validateResponse("ADM_ATENCION_GetById", 200, answerWith(c.field, c.value));
    if (c.accepted) expect(issues, label(c)).toEqual([]);
    else expect(issues, label(c)).toContainEqual(expect.objectContaining({ pointer: `/Data/0/${c.field}` }));
  });
});

describe("verify's classifier", () => {
  const validator = new ContractValidator({ strictResponses: true });

  it.each(cases)("answer with $field = $value", (c) => {
    const json = answerWith(c.field, c.value);
    const res: CallResult = {
      exchange: {} as CallResult["exchange"],
      status: 200,
      contentType: "application/json; charset=utf-8",
      text: JSON.stringify(json),
      json,
      redirects: [],
      durationMs: 1,
    };
    const evaluation = evaluateAnswer(validator, BY_ID, res, { warningAllowed: false });
    expect(evaluation.ok, `${label(c)}: ${JSON.stringify(evaluation.drafts)}`).toBe(c.accepted);
    if (!c.accepted) expect(evaluation.drafts).toContainEqual(expect.objectContaining({ severity: "error", pointer: `/Data/0/${c.field}` }));
  });
});

// The bounds belong to the formats themselves, so a schema without minimum/maximum (a new property, another
// spec) is bounded alike by every preset of the factory.
describe("the Ajv factory's formats, in every preset", () => {
  const presets = Object.keys(AJV_PRESETS) as AjvPreset[];
  const formatCases: { format: string; value: number; accepted: boolean }[] = [
    { format: "int32", value: 2 ** 31 - 1, accepted: true },
    { format: "int32", value: 2 ** 31, accepted: false },
    { format: "int64", value: Number.MAX_SAFE_INTEGER, accepted: true },
    { format: "int64", value: Number.MIN_SAFE_INTEGER, accepted: true },
    { format: "int64", value: 2 ** 53, accepted: false },
    { format: "int64", value: -(2 ** 53), accepted: false },
    { format: "int64", value: 1e20, accepted: false },
  ];

  it.each(presets)("%s", (preset) => {
    const ajv = createAjv(preset);
    for (const c of formatCases) {
      const validate = ajv.compile({ type: "integer", format: c.format });
      expect(validate(c.value), `${preset}: ${c.format} ${c.value}`).toBe(c.accepted);
    }
  });
});
