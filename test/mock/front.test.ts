// The Prism front (`npm run mock`): Prism behind the envelope front. The same refusals as the reference server
// word for word, open CORS, the shared scenario table, the .NET client's bodies, and Prism's native answers
// turned into the envelope.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation, loadSpec } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { listenMockFront, violationMessage, type FrontServer } from "../../mocks/front.js";
import { startMock, type MockServer } from "../../mocks/prism.js";
import { setHashCost } from "../../server/auth/password.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { comparable, refusalProbes, sendProbe } from "../support/refusal-probes.js";
import { runScenarioTable, type Send } from "../support/scenario-table.js";
import { dotnetClientBodies, pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

setHashCost(1 << 10);

const validator = new ContractValidator({ strictResponses: true });
// Prism reloads a spec file that changes under it: it serves a snapshot of the spec this suite loaded.
const snapshotDir = mkdtempSync(join(tmpdir(), "romsoft-front-"));
let mock: MockServer;
let server: TestServer;

beforeAll(async () => {
  const spec = join(snapshotDir, "openapi.json");
  writeFileSync(spec, JSON.stringify(loadSpec()));
  [mock, server] = await Promise.all([startMock({ spec, logLevel: "error" }), startTestServer()]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([mock?.stop(), server?.close()]);
  rmSync(snapshotDir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { Message: unknown; Success: unknown; Warning: unknown; Data: unknown } };
};

describe("mock front: refusals as the reference server answers them", () => {
  it("answers every probe with the server's status, and refusals with the server's envelope and headers", async () => {
    const differ: Record<string, unknown> = {};
    for (const probe of refusalProbes()) {
      const [fromServer, fromMock] = [await sendProbe(server.baseUrl, server.token, probe), await sendProbe(mock.url, "x", probe)];
      if (JSON.stringify(comparable(fromServer)) !== JSON.stringify(comparable(fromMock))) differ[probe.label] = { server: comparable(fromServer), mock: comparable(fromMock) };
    }
    expect(differ).toEqual({});
  }, 120_000);

  it("names the actual field, not the spec's sample 400 (CVN_PLAN_SEGURO/Add {})", async () => {
    const answer = await post("/api/CVN_PLAN_SEGURO/Add", {}, { Authorization: "Bearer x" });
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual({ Message: "Solicitud inválida: falta el campo obligatorio 'd_fecha_i_vigencia'.", Success: false, Warning: false, Data: null });
  });

  it("answers malformed JSON, unknown paths, other methods and a missing token in the envelope", async () => {
    const malformed = await fetch(`${mock.url}/api/CVN_PLAN_SEGURO/GetAllActives`, { method: "POST", headers: { Authorization: "Bearer x", "Content-Type": "application/json" }, body: "{nope" });
    expect([malformed.status, await malformed.json()]).toStrictEqual([400, { Message: "Solicitud inválida: el cuerpo no es JSON válido.", Success: false, Warning: false, Data: null }]);
    const unknown = await post("/api/CVN_PLAN_SEGURO/Nope", {}, { Authorization: "Bearer x" });
    expect([unknown.status, unknown.body.Message]).toStrictEqual([404, "No se encontró el recurso: POST /api/CVN_PLAN_SEGURO/Nope."]);
    const anon = await post("/api/CVN_PLAN_SEGURO/GetAllActives", {});
    expect([anon.status, anon.body.Message, anon.headers.get("www-authenticate")]).toStrictEqual([401, "No autorizado: falta el token (Authorization: Bearer <token>).", "Bearer"]);
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD"]) {
      const res = await fetch(`${mock.url}/api/CVN_PLAN_SEGURO/GetAllActives`, { method });
      expect([method, res.status, res.headers.get("allow")]).toStrictEqual([method, 405, "POST"]);
      if (method !== "HEAD") expect(validator.validateErrorEnvelope(await res.json()).valid).toBe(true);
    }
  });

  it("refuses a body over the server's limit with its 413", async () => {
    const big = JSON.stringify({ t_descripcion: "x".repeat(1024 * 1024) });
    const [fromServer, fromMock] = await Promise.all(
      [server.baseUrl, mock.url].map((base) =>
        fetch(`${base}/api/CVN_PLAN_SEGURO/GetAllActives`, { method: "POST", headers: { Authorization: `Bearer ${base === mock.url ? "x" : server.token}`, "Content-Type": "application/json" }, body: big }).then(
          async (res) => [res.status, await res.json()] as const,
        ),
      ),
    );
    expect(fromMock![0]).toBe(413);
    expect(fromMock).toStrictEqual(fromServer);
  });

  it("keeps CORS open: preflights and answers carry the headers a browser needs", async () => {
    const preflight = await fetch(`${mock.url}/api/CVN_PLAN_SEGURO/GetAllActives`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type,prefer" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("prefer");
    const answer = await post("/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Authorization: "Bearer x", Origin: "http://localhost:5173" });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    // A page may read the header that names ignored body properties.
    expect(answer.headers.get("access-control-expose-headers")).toBe("Romsoft-Ignored-Properties");
    const refused = await post("/api/CVN_PLAN_SEGURO/GetAllActives", {}, { Origin: "http://localhost:5173" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("names the body properties the action does not read as the server does, never Prism's empty header", async () => {
    const search = getOperation("ADM_PACIENTE_GetAllFilters");
    const quickStart = await post(search.path, { apellidos: "Garcia", estado: "A" }, { Authorization: "Bearer x" });
    expect([quickStart.status, quickStart.headers.get("romsoft-ignored-properties")]).toStrictEqual([200, "apellidos, estado"]);
    const read = await post(search.path, { valorRequest: "Garcia", otro: null }, { Authorization: "Bearer x" });
    expect([read.status, read.headers.get("romsoft-ignored-properties")]).toStrictEqual([200, null]);
    const scenario = await post(search.path, { apellidos: "Garcia" }, { Authorization: "Bearer x", Prefer: "example=error" });
    expect([scenario.body.Success, scenario.headers.get("romsoft-ignored-properties")]).toStrictEqual([false, "apellidos"]);
  });

  it("POST /sandbox/reset (the sandbox's own operation) answers its ok example with a token, 401 without", async () => {
    const reset = getOperation("Sandbox_reset");
    const answered = await post(reset.path, {}, { Authorization: "Bearer x", "X-Sandbox-Session": "page-1" });
    expect([answered.status, answered.body]).toStrictEqual([200, reset.responseExamples.ok!.value]);
    expect((await post(reset.path, {})).status).toBe(401);
  });

  it("accepts the bodies the .NET desktop client sends", async () => {
    expect(dotnetClientBodies.length).toBeGreaterThan(20);
    const refused: string[] = [];
    for (const { operationId, body } of dotnetClientBodies) {
      const op = getOperation(operationId);
      const answer = await post(pathWithExampleQuery(op), body, { Authorization: "Bearer x" });
      if (answer.status !== 200) refused.push(`${operationId}: HTTP ${answer.status} ${String(answer.body.Message)}`);
    }
    expect(refused).toEqual([]);
  }, 60_000);
});

describe("mock front: the shared scenario table", () => {
  const send: Send = async (operationId, body, headers) => {
    const answer = await post(getOperation(operationId).path, body, headers);
    return { status: answer.status, body: answer.body };
  };
  runScenarioTable(() => ({ send, token: "x" }));
});

describe("mock front: Prism's own answers become the envelope", () => {
  let fake: Server;
  let front: FrontServer;
  /** What the fake Prism answers next. */
  let next: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: "" };

  beforeAll(async () => {
    fake = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(next.status, next.headers).end(next.body));
    });
    await new Promise<void>((done) => fake.listen(0, "127.0.0.1", done));
    front = await listenMockFront({ prismUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}` });
  });

  afterAll(async () => {
    await front?.close();
    await new Promise((done) => fake?.close(done));
  });

  const ask = async () => {
    const res = await fetch(`${front.url}/api/CVN_PLAN_SEGURO/GetAllActives`, { method: "POST", headers: { Authorization: "Bearer x", "Content-Type": "application/json" }, body: "{}" });
    return [res.status, await res.json()];
  };

  it("a sl-violations refusal names the field in the server's words", async () => {
    const violations = [{ location: ["request", "body", "id_contacto_garante"], severity: "Error", code: "type", message: "must be integer" }];
    next = { status: 400, headers: { "content-type": "application/json", "sl-violations": JSON.stringify(violations) }, body: '{"Message":"x","Success":false,"Warning":false,"Data":null}' };
    expect(await ask()).toStrictEqual([400, { Message: "Solicitud inválida: el campo 'id_contacto_garante' debe ser de tipo integer.", Success: false, Warning: false, Data: null }]);
    expect(violationMessage(JSON.stringify([{ location: ["request", "body"], severity: "Error", code: "required", message: "must have required property 'c_codigo'" }]))).toBe(
      "Solicitud inválida: falta el campo obligatorio 'c_codigo'.",
    );
    expect(violationMessage(JSON.stringify([{ location: ["request", "query", "idPaciente"], severity: "Error", code: "type", message: "must be integer" }]))).toBe(
      "Solicitud inválida: el parámetro 'idPaciente' de la URL debe ser de tipo integer.",
    );
  });

  it("a problem+json error becomes a 502 envelope saying what Prism answered", async () => {
    next = { status: 500, headers: { "content-type": "application/problem+json" }, body: '{"type":"x","title":"Route resolved, but no response","detail":"NO_RESPONSE_DEFINED"}' };
    expect(await ask()).toStrictEqual([502, { Message: "Error interno del mock: Prism respondió 500 (NO_RESPONSE_DEFINED).", Success: false, Warning: false, Data: null }]);
  });

  it("an envelope is passed on as it is", async () => {
    next = { status: 200, headers: { "content-type": "application/json" }, body: '{"Message":null,"Success":true,"Warning":false,"Data":[]}' };
    expect(await ask()).toStrictEqual([200, { Message: null, Success: true, Warning: false, Data: [] }]);
  });

  it("Prism not answering is a 503 envelope", async () => {
    const orphan = await listenMockFront({ prismUrl: "http://127.0.0.1:1" });
    try {
      const res = await fetch(`${orphan.url}/api/CVN_PLAN_SEGURO/GetAllActives`, { method: "POST", headers: { Authorization: "Bearer x" } });
      expect([res.status, await res.json()]).toStrictEqual([503, { Message: "Servicio no disponible: el motor del mock (Prism) no responde.", Success: false, Warning: false, Data: null }]);
    } finally {
      await orphan.close();
    }
  });
});
