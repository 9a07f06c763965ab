// The shared table of Prefer scenarios (test/support/scenario-table.ts) against the sandbox server, in the
// default session and in a named session; plus the sandbox's own operation, which speaks the vocabulary too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation } from "../../contract/spec.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { runScenarioTable, type Send } from "../support/scenario-table.js";
import { inSession, post } from "../support/sandbox.js";
import { pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

function sender(server: () => TestServer, session?: string): Send {
  return async (operationId, body, headers) => {
    const op = getOperation(operationId);
    const res = await fetch(`${server().baseUrl}${pathWithExampleQuery(op)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers, ...(session ? { "X-Sandbox-Session": session } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ sandbox: true });
});
afterAll(() => server.close());

describe("Prefer scenarios in the sandbox's default session", () => {
  runScenarioTable(() => ({ send: sender(() => server), token: server.token }));
});

describe("Prefer scenarios in a named session", () => {
  runScenarioTable(() => ({ send: sender(() => server, "scenarios"), token: server.token }));
});

describe("scenarios and the session's data", () => {
  it("an example answer replaces the action: nothing is written", async () => {
    const before = await post(server.baseUrl, "/api/ADM_OCUPACION/GetAllActives", {}, inSession(server.token, "no-write"));
    const example = Object.values(getOperation("ADM_OCUPACION_Add").requestExamples)[0]!.value;
    const added = await post(server.baseUrl, "/api/ADM_OCUPACION/Add", example, { ...inSession(server.token, "no-write"), Prefer: "example=ok" });
    expect(added.body).toEqual(getOperation("ADM_OCUPACION_Add").responseExamples.ok!.value);
    const after = await post(server.baseUrl, "/api/ADM_OCUPACION/GetAllActives", {}, inSession(server.token, "no-write"));
    expect(after.body.Data).toEqual(before.body.Data);
  });

  it("Romsoft-Ignored-Properties: on a delayed real answer and on a scenario's answer alike, as in the mocks", async () => {
    const body = { valorRequest: "GARCIA", apellidos: "Garcia" };
    const delayed = await post(server.baseUrl, "/api/ADM_PACIENTE/GetAllFilters", body, { ...inSession(server.token), Prefer: "delay=1" });
    expect(delayed.body.Success).toBe(true);
    expect(delayed.headers.get("romsoft-ignored-properties")).toBe("apellidos");
    const example = await post(server.baseUrl, "/api/ADM_PACIENTE/GetAllFilters", body, { ...inSession(server.token), Prefer: "example=ok" });
    expect(example.body).toEqual(getOperation("ADM_PACIENTE_GetAllFilters").responseExamples.ok!.value);
    expect(example.headers.get("romsoft-ignored-properties")).toBe("apellidos");
  });

  it("POST /sandbox/reset answers its documented examples too", async () => {
    const res = await post(server.baseUrl, "/sandbox/reset", {}, { ...inSession(server.token), Prefer: "code=503" });
    expect(res.status).toBe(503);
    expect(res.body).toEqual(getOperation("Sandbox_reset").statusExamples["503"]!.full!.value);
  });
});
