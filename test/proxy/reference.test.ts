// The proxy in front of the reference server: the .NET desktop client's bodies go through with no finding in
// either direction, a drifting client body is reported as client drift, and what comes out of the proxy is
// byte for byte what the server answered.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";
import { getOperation } from "../../contract/spec.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { postText, rawCall, startTestProxy, type CapturedProxy, type RawAnswer } from "../support/test-proxy.js";
import { dotnetClientBodies, pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

const bodies = dotnetClientBodies;
const pathOf = (operationId: string) => pathWithExampleQuery(getOperation(operationId));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { login: false });
});
afterAll(async () => {
  await server?.close();
});

describe("the .NET client through the proxy to the reference server", () => {
  let proxy: CapturedProxy;
  const statuses: string[] = [];
  beforeAll(async () => {
    proxy = await startTestProxy(server.baseUrl);
    // The client logs in through the proxy (the fixture's own Login body names a user the server does not have).
    const login = await postText(proxy.url, "/api/Account/Login", JSON.stringify({ $id: "1", Username: "admin", Password: DEFAULT_ADMIN_PASSWORD, ValidacionAD: false }));
    const token = (login.json as { Data: { token: string } }).Data.token;
    for (const { operationId, body } of bodies) {
      const res = await postText(proxy.url, pathOf(operationId), JSON.stringify(body), token);
      statuses.push(`${operationId} ${res.status}`);
    }
  }, 60_000);

  it("forwards all of them and finds nothing, in either direction", async () => {
    const { report, exitCode } = await proxy.stop();
    expect(statuses.filter((s) => !s.endsWith(" 200"))).toEqual([]);
    expect(report.findings.map((f) => `${f.operationId} [${f.check}] ${f.direction} ${f.category} ${f.pointer ?? ""}: ${f.message}`)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.source).toMatchObject({ kind: "proxy", exchanges: bodies.length + 1, checked: bodies.length + 1, outsideApi: 0, unchecked: 0 });
    // Every exchange was judged both ways: the request check and the answer check ran on each operation.
    const ops = new Map(report.operations.map((o) => [o.operationId, o]));
    // Some operations have several bodies in the fixture (a list as null and as []...): one entry each.
    const operationIds = new Set(bodies.map((b) => b.operationId));
    expect(ops.size).toBe(operationIds.size);
    for (const { operationId } of bodies) {
      const checks = Object.fromEntries(ops.get(operationId)!.checks.map((c) => [c.name, c.status]));
      expect(checks.request, operationId).toBe("passed");
      expect(checks[operationId === "Account_Login" ? "login" : "response"], operationId).toBe("passed");
    }
    expect(report.login.token).toMatchObject({ present: true, wellFormed: true, algorithm: "HS256" });
    expect(proxy.stdout()).toContain(`${operationIds.size} operation(s): ${operationIds.size} passed, 0 failed, 0 skipped`);
  });
});

describe("client drift", () => {
  it("a bad request body is reported on the request side, not as the server's fault", async () => {
    const proxy = await startTestProxy(server.baseUrl);
    const token = ((await postText(proxy.url, "/api/Account/Login", JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }))).json as { Data: { token: string } }).Data.token;
    const good = bodies.find((b) => b.operationId === "ADM_OCUPACION_Add")!.body as Record<string, unknown>;
    for (let i = 0; i < 2; i++) {
      const res = await postText(proxy.url, "/api/ADM_OCUPACION/Add", JSON.stringify({ ...good, id_ocupacion: "15", FechaCreacion: "20/05/2024" }), token);
      expect(res.status).toBe(400);
    }
    const { report, exitCode } = await proxy.stop();
    expect(exitCode).toBe(1);
    const found = report.findings.map((f) => ({ op: f.operationId, direction: f.direction, check: f.check, category: f.category, pointer: f.pointer, occurrences: f.occurrences }));
    expect(found).toEqual(
      expect.arrayContaining([
        { op: "ADM_OCUPACION_Add", direction: "request", check: "request", category: "wrong-type", pointer: "/id_ocupacion", occurrences: 2 },
        { op: "ADM_OCUPACION_Add", direction: "request", check: "request", category: "date-format", pointer: "/FechaCreacion", occurrences: 2 },
      ]),
    );
    expect(found).toHaveLength(2);
    // The finding's example exchange is redacted as verify redacts: no token anywhere.
    const text = JSON.stringify(report) + proxy.stdout();
    expect(text).not.toContain(token);
    expect(report.findings[0]!.exchange?.request.headers.authorization).toBe("Bearer [REDACTED]");
    // Printed live, once per distinct break.
    expect(proxy.stdout().match(/ADM_OCUPACION_Add \[request\] request/g)).toHaveLength(2);
  });
});

describe("properties the action does not read", () => {
  it("the answer's Romsoft-Ignored-Properties header reaches the client and is not drift", async () => {
    const proxy = await startTestProxy(server.baseUrl);
    const token = ((await postText(proxy.url, "/api/Account/Login", JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }))).json as { Data: { token: string } }).Data.token;
    const res = await rawCall(proxy.url, {
      path: "/api/ADM_OCUPACION/GetAllFilters",
      headers: ["Content-Type", "application/json", "Authorization", `Bearer ${token}`],
      body: [JSON.stringify({ t_descripcion: "ENF", apellidos: "Garcia" })],
    });
    expect(res.status).toBe(200);
    const ignored = res.rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === "romsoft-ignored-properties");
    expect(ignored).toBeGreaterThanOrEqual(0);
    expect(res.rawHeaders[ignored + 1]).toContain("apellidos");
    const { report, exitCode } = await proxy.stop();
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.source).toMatchObject({ checked: 2 });
  });
});

describe("forwarding", () => {
  let proxy: CapturedProxy;
  beforeAll(async () => {
    proxy = await startTestProxy(server.baseUrl);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  /** Headers whose values are per moment or per request: compared by name and position only. */
  const VOLATILE = new Set(["date", "x-request-id"]);
  /** Hop-by-hop headers belong to each connection (RFC 9110 §7.6.1): each side's node sets its own. */
  const HOP = new Set(["connection", "keep-alive"]);
  const shape = (a: RawAnswer) => ({
    status: a.status,
    statusMessage: a.statusMessage,
    headers: a.rawHeaders
      .flatMap((v, i) => (i % 2 === 0 ? [[v, a.rawHeaders[i + 1]!] as const] : []))
      .filter(([name]) => !HOP.has(name.toLowerCase()))
      .map(([name, value]) => `${name}: ${VOLATILE.has(name.toLowerCase()) ? "(varies)" : value}`),
    body: a.body.toString("base64"),
  });

  it("answers the same status, headers (names, case, order) and body bytes as the server, whatever the request", async () => {
    const token = server.token || ((await postText(server.baseUrl, "/api/Account/Login", JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }))).json as { Data: { token: string } }).Data.token;
    const calls = [
      { label: "a list", status: 200, path: "/api/ADM_OCUPACION/GetAllActives", headers: ["Content-Type", "application/json", "Authorization", `Bearer ${token}`], body: ["{}"] },
      { label: "no token", status: 401, path: "/api/ADM_OCUPACION/GetAllActives", headers: ["Content-Type", "application/json"], body: ["{}"] },
      { label: "a bad body", status: 400, path: "/api/ADM_OCUPACION/Add", headers: ["Content-Type", "application/json", "Authorization", `Bearer ${token}`], body: ['{"id_ocupacion":"x"'] },
      { label: "a chunked request", status: 200, path: "/api/ADM_GENERO/GetAllActives", headers: ["Content-Type", "application/json", "Authorization", `Bearer ${token}`, "Transfer-Encoding", "chunked"], body: ["{", "}"] },
      { label: "a client that accepts gzip", status: 200, path: "/api/ADM_OCUPACION/GetAllActives", headers: ["Content-Type", "application/json", "Authorization", `Bearer ${token}`, "Accept-Encoding", "gzip"], body: ["{}"] },
      { label: "outside the API", status: 200, method: "GET", path: "/openapi.json", headers: [], body: [] },
      { label: "an unknown path", status: 404, method: "GET", path: "/nothing/here", headers: [], body: [] },
    ];
    for (const call of calls) {
      const direct = await rawCall(server.baseUrl, call);
      const proxied = await rawCall(proxy.url, call);
      expect(shape(proxied), call.label).toEqual(shape(direct));
      expect(direct.status, call.label).toBe(call.status);
    }
  });

  it("survives a client that breaks its request off, and does not judge a body it never finished", async () => {
    const { connect } = await import("node:net");
    const url = new URL(proxy.url);
    const token = ((await postText(server.baseUrl, "/api/Account/Login", JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }))).json as { Data: { token: string } }).Data.token;
    const breakOff = (authorization: string) =>
      new Promise<string>((done) => {
        let answer = "";
        const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
          socket.write(`POST /api/ADM_OCUPACION/Add HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${authorization}Content-Length: 100\r\n\r\n{"id_ocu`);
          socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
          setTimeout(() => {
            socket.destroy();
            done(answer);
          }, 300);
        });
      });
    const before = { ...proxy.recorder.counts };
    const distinct = proxy.recorder.distinct;
    // Without a token the server refuses at once, before the body is complete: auth judged, the body not.
    expect(await breakOff("")).toMatch(/^HTTP\/1\.1 401/);
    // With one, the server waits for the body that never comes: the exchange is counted, not judged.
    expect(await breakOff(`Authorization: Bearer ${token}\r\n`)).toBe("");
    const deadline = Date.now() + 5000;
    while (proxy.recorder.counts.exchanges < before.exchanges + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(proxy.recorder.counts).toEqual({ ...before, exchanges: before.exchanges + 2, checked: before.checked + 1, unchecked: before.unchecked + 1 });
    expect(proxy.recorder.distinct).toBe(distinct);
    const res = await rawCall(proxy.url, { path: "/api/ADM_GENERO/GetAllActives", headers: ["Content-Type", "application/json"], body: ["{}"] });
    expect(res.status).toBe(401);
  });

  it("keeps client connections alive and streams a large answer through", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on("free", (socket) => sockets.add(socket));
    for (let i = 0; i < 5; i++) {
      const res = await rawCall(proxy.url, { path: "/api/ADM_GENERO/GetAllActives", headers: ["Content-Type", "application/json"], body: ["{}"], agent });
      expect(res.status).toBe(401);
    }
    expect(sockets.size).toBe(1);
    agent.destroy();
    // The whole spec (hundreds of KB) through a proxy whose checking copy is far smaller: forwarded intact.
    const small = await startTestProxy(server.baseUrl, { checkCopyBytes: 1024 });
    try {
      const direct = await rawCall(server.baseUrl, { method: "GET", path: "/openapi.json" });
      const proxied = await rawCall(small.url, { method: "GET", path: "/openapi.json" });
      expect(direct.body.length).toBeGreaterThan(100_000);
      expect(proxied.body.equals(direct.body)).toBe(true);
    } finally {
      await small.stop();
    }
  });
});
