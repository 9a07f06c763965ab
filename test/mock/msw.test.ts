// The MSW handlers (mocks/msw/) under `msw/node`: the same refusals as the reference server word for word, the
// shared scenario table, the .NET client's bodies, any origin or a given base URL.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation, listOperations } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { createHandlers, handlers } from "../../mocks/msw/index.js";
import { setHashCost } from "../../server/auth/password.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { comparable, refusalProbes, sendProbe } from "../support/refusal-probes.js";
import { runScenarioTable, type Send } from "../support/scenario-table.js";
import { dotnetClientBodies, pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

setHashCost(1 << 10);

/** Where the MSW handlers of these tests answer (never reached: MSW answers inside the process). */
const MSW_BASE = "http://127.0.0.1:9";
const validator = new ContractValidator({ strictResponses: true });
const msw = setupServer(...createHandlers({ baseUrl: MSW_BASE }));
let server: TestServer;

beforeAll(async () => {
  // Requests to the reference server pass through MSW untouched.
  msw.listen({ onUnhandledRequest: "bypass" });
  server = await startTestServer();
});

afterAll(async () => {
  msw.close();
  await server?.close();
});

const post = async (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { Message: unknown; Success: unknown; Warning: unknown; Data: unknown } };
};

describe("MSW handlers: refusals as the reference server answers them", () => {
  const probes = refusalProbes();

  it("has probes for every kind of refusal", () => {
    expect(probes.length).toBeGreaterThan(60);
  });

  it("answers every probe with the server's status, and refusals with the server's envelope and headers", async () => {
    const differ: Record<string, unknown> = {};
    for (const probe of probes) {
      const [fromServer, fromMsw] = [await sendProbe(server.baseUrl, server.token, probe), await sendProbe(MSW_BASE, "x", probe)];
      if (JSON.stringify(comparable(fromServer)) !== JSON.stringify(comparable(fromMsw))) differ[probe.label] = { server: comparable(fromServer), msw: comparable(fromMsw) };
    }
    expect(differ).toEqual({});
  }, 120_000);

  it("names the actual field of the body", async () => {
    const add = getOperation("CVN_PLAN_SEGURO_Add");
    const answer = await post(MSW_BASE, add.path, { d_fecha_i_vigencia: "2021-10-01T00:00:00", d_fecha_f_vigencia: "2022-09-30T00:00:00", id_categoria_pago: "seis" }, { Authorization: "Bearer x" });
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual({ Message: "Solicitud inválida: el campo 'id_categoria_pago' debe ser de tipo integer.", Success: false, Warning: false, Data: null });
  });

  it("answers other methods 405 with Allow: POST", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${MSW_BASE}/api/CVN_PLAN_SEGURO/GetAllActives`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow"), method).toBe("POST");
      expect(validator.validateErrorEnvelope(await res.json()).valid).toBe(true);
    }
  });
});

describe("MSW handlers: answers", () => {
  it("every operation answers its ok example; every secured one 401 without a token", async () => {
    const ops = listOperations();
    const wrong: string[] = [];
    for (const op of ops) {
      const path = pathWithExampleQuery(op);
      const body = Object.values(op.requestExamples)[0]?.value ?? {};
      const ok = await post(MSW_BASE, path, body, { Authorization: "Bearer x" });
      if (ok.status !== 200 || JSON.stringify(ok.body) !== JSON.stringify(op.responseExamples.ok!.value)) wrong.push(`${op.operationId}: HTTP ${ok.status}`);
      if (!validator.validateResponse(op, ok.body).valid) wrong.push(`${op.operationId}: not valid`);
      if (op.secured) {
        const anon = await post(MSW_BASE, path, body);
        if (anon.status !== 401 || !validator.validateErrorEnvelope(anon.body).valid) wrong.push(`${op.operationId}: no token HTTP ${anon.status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it("names the body properties the action does not read, as the server does", async () => {
    const search = getOperation("ADM_PACIENTE_GetAllFilters");
    const quickStart = await post(MSW_BASE, search.path, { apellidos: "Garcia", estado: "A" }, { Authorization: "Bearer x" });
    expect([quickStart.status, quickStart.headers.get("romsoft-ignored-properties")]).toStrictEqual([200, "apellidos, estado"]);
    const read = await post(MSW_BASE, search.path, { valorRequest: "Garcia", otro: null }, { Authorization: "Bearer x" });
    expect([read.status, read.headers.get("romsoft-ignored-properties")]).toStrictEqual([200, null]);
    const scenario = await post(MSW_BASE, search.path, { apellidos: "Garcia" }, { Authorization: "Bearer x", Prefer: "example=error" });
    expect([scenario.body.Success, scenario.headers.get("romsoft-ignored-properties")]).toStrictEqual([false, "apellidos"]);
  });

  it("POST /sandbox/reset (the sandbox's own operation) answers its ok example with a token, 401 without", async () => {
    const reset = getOperation("Sandbox_reset");
    const answered = await post(MSW_BASE, reset.path, {}, { Authorization: "Bearer x", "X-Sandbox-Session": "page-1" });
    expect([answered.status, answered.body]).toStrictEqual([200, reset.responseExamples.ok!.value]);
    expect((await post(MSW_BASE, reset.path, {})).status).toBe(401);
  });

  it("login returns a token that the other operations accept", async () => {
    const login = await post(MSW_BASE, "/api/Account/Login", { Username: "admin", Password: "yourpassword" });
    const token = (login.body.Data as { token: string }).token;
    expect(token).toMatch(/^ey/);
    const plans = await post(MSW_BASE, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: `Bearer ${token}` });
    expect(plans.status).toBe(200);
    expect(Array.isArray(plans.body.Data)).toBe(true);
  });

  it("accepts the bodies the .NET desktop client sends", async () => {
    expect(dotnetClientBodies.length).toBeGreaterThan(20);
    const refused: string[] = [];
    for (const { operationId, body } of dotnetClientBodies) {
      const op = getOperation(operationId);
      const answer = await post(MSW_BASE, pathWithExampleQuery(op), body, { Authorization: "Bearer x" });
      if (answer.status !== 200) refused.push(`${operationId}: HTTP ${answer.status} ${String(answer.body.Message)}`);
    }
    expect(refused).toEqual([]);
  });
});

describe("MSW handlers: the shared scenario table", () => {
  const send: Send = async (operationId, body, headers) => {
    const answer = await post(MSW_BASE, getOperation(operationId).path, body, headers);
    return { status: answer.status, body: answer.body };
  };
  runScenarioTable(() => ({ send, token: "x" }));
});

describe("MSW handlers: options", () => {
  it("`handlers` answer on any origin", async () => {
    const any = setupServer(...handlers);
    msw.close();
    any.listen({ onUnhandledRequest: "error" });
    try {
      for (const origin of ["http://localhost:5173", "http://127.0.0.1:8080", "http://romsoft.localhost"]) {
        const answer = await post(origin, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: "Bearer x" });
        expect(answer.status, origin).toBe(200);
      }
    } finally {
      any.close();
      msw.listen({ onUnhandledRequest: "bypass" });
    }
  });

  it("a base URL with a path prefix, and a default Prefer that a request's own Prefer replaces", async () => {
    const base = "http://127.0.0.1:10/backend";
    msw.use(...createHandlers({ baseUrl: base, defaultPrefer: "example=error, delay=50" }));
    try {
      const started = performance.now();
      const failing = await post(base, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: "Bearer x" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expect(failing.body).toStrictEqual(getOperation("CVN_PLAN_SEGURO_GetAllActives").responseExamples.error!.value);
      const own = await post(base, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: "Bearer x", Prefer: "example=ok" });
      expect(own.body.Success).toBe(true);
      // The other base URL is unaffected.
      expect((await post(MSW_BASE, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: "Bearer x" })).body.Success).toBe(true);
    } finally {
      msw.resetHandlers();
    }
  });
});
