// CORS in both modes: which origins may read answers, the preflight of every API path, and how OPTIONS
// requests that are not allowed preflights meet the 404/405 handling.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { buildApp, type AppOptions } from "../../server/app.js";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";
import { originAllowed, parseCorsOrigins } from "../../server/plugins/cors.js";

const API_PATH = "/api/CVN_MONEDA/GetAllActives";

function preflight(app: FastifyInstance, url: string, origin: string, requestHeaders = "authorization,content-type,prefer,x-sandbox-session") {
  return app.inject({
    method: "OPTIONS",
    url,
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });
}

async function appWith(options: Partial<AppOptions>): Promise<{ app: FastifyInstance; token: string }> {
  const app = await buildApp({ onNotice: () => undefined, ...options });
  const login = await app.inject({ method: "POST", url: "/api/Account/Login", payload: { Username: "admin", Password: DEFAULT_ADMIN_PASSWORD } });
  return { app, token: (login.json() as { Data: { token: string } }).Data.token };
}

describe("origin settings", () => {
  it.each([
    ["http://localhost:5173", true],
    ["http://localhost", true],
    ["http://127.0.0.1:8080", true],
    ["http://[::1]:3000", true],
    ["https://localhost:5173", false],
    ["http://localhost.evil.example", false],
    ["http://127.0.0.2:80", false],
    ["http://192.168.1.10:5173", false],
    ["null", false],
  ])("loopback default: %s → %s", (origin, allowed) => {
    expect(originAllowed("loopback", origin)).toBe(allowed);
  });

  it("a list allows exactly its origins; * allows all", () => {
    const list = parseCorsOrigins("https://App.example.pe, http://localhost:5173/", "loopback");
    expect(list).toEqual(["https://app.example.pe", "http://localhost:5173"]);
    expect(originAllowed(list, "https://app.example.pe")).toBe(true);
    expect(originAllowed(list, "http://localhost:5174")).toBe(false);
    expect(originAllowed("*", "https://anything.example")).toBe(true);
    expect(parseCorsOrigins(undefined, "*")).toBe("*");
  });
});

describe("CORS of npm start (loopback origins by default)", () => {
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    ({ app, token } = await appWith({}));
  });
  afterAll(() => app.close());

  it.each(listOperations().filter((_, i) => i % 11 === 0).map((op) => [op.path]))("preflight of %s from a loopback origin: 204 with methods, headers, max-age", async (path) => {
    const res = await preflight(app, path, "http://localhost:5173");
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
    expect(res.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(res.headers["access-control-allow-methods"]).toBe("POST");
    expect(String(res.headers["access-control-allow-headers"]).split(", ")).toEqual(["Authorization", "Content-Type", "Prefer", "X-Sandbox-Session"]);
    expect(Number(res.headers["access-control-max-age"])).toBeGreaterThan(0);
    expect(res.headers["access-control-expose-headers"]).toBe("Romsoft-Ignored-Properties");
    expect(String(res.headers.vary)).toMatch(/Origin/);
    expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("preflight paths are matched without regard to case, like the routes", async () => {
    expect((await preflight(app, "/API/cvn_moneda/getallactives", "http://127.0.0.1:4000")).statusCode).toBe(204);
  });

  it("an allowed origin's answers carry Access-Control-Allow-Origin, 200 and 401 alike, and expose the readable headers", async () => {
    const ok = await app.inject({ method: "POST", url: API_PATH, headers: { origin: "http://[::1]:5173", authorization: `Bearer ${token}` }, payload: {} });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe("http://[::1]:5173");
    expect(ok.headers["access-control-expose-headers"]).toBe("Romsoft-Ignored-Properties");
    const unauthorized = await app.inject({ method: "POST", url: API_PATH, headers: { origin: "http://localhost:5173" }, payload: {} });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    const invalid = await app.inject({ method: "POST", url: API_PATH, headers: { origin: "http://localhost:5173", authorization: `Bearer ${token}`, "content-type": "application/json" }, payload: "{" });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
  });

  it("an answer with Romsoft-Ignored-Properties to an allowed origin exposes that header to the page", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/ADM_PACIENTE/GetAllFilters",
      headers: { origin: "http://localhost:5173", authorization: `Bearer ${token}` },
      payload: { valorRequest: "GARCIA", apellidos: "Garcia" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["romsoft-ignored-properties"]).toBe("apellidos");
    expect(String(res.headers["access-control-expose-headers"]).split(", ")).toContain("Romsoft-Ignored-Properties");
  });

  it("a refused origin gets no CORS header: preflight is the 405 it always was, answers are unchanged", async () => {
    const res = await preflight(app, API_PATH, "https://evil.example");
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("POST");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers["access-control-allow-methods"]).toBeUndefined();
    expect(res.json()).toMatchObject({ Success: false, Data: null });
    const answer = await app.inject({ method: "POST", url: API_PATH, headers: { origin: "https://evil.example", authorization: `Bearer ${token}` }, payload: {} });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("an OPTIONS that is not a preflight (no Origin, or no Access-Control-Request-Method) is still 405 with Allow: POST", async () => {
    const plain = await app.inject({ method: "OPTIONS", url: API_PATH });
    expect([plain.statusCode, plain.headers.allow]).toEqual([405, "POST"]);
    expect(plain.headers["access-control-allow-origin"]).toBeUndefined();
    const noMethod = await app.inject({ method: "OPTIONS", url: API_PATH, headers: { origin: "http://localhost:5173" } });
    expect([noMethod.statusCode, noMethod.headers.allow]).toEqual([405, "POST"]);
    expect(noMethod.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(noMethod.headers["access-control-allow-methods"]).toBeUndefined();
  });

  it("a preflight outside the API's paths is not answered as one: 404 in the envelope", async () => {
    const res = await preflight(app, "/nowhere", "http://localhost:5173");
    expect(res.statusCode).toBe(404);
    expect(res.headers["access-control-allow-methods"]).toBeUndefined();
    expect(res.json()).toEqual({ Message: "No se encontró el recurso: OPTIONS /nowhere.", Success: false, Warning: false, Data: null });
  });

  it("a preflight of an unknown API path is answered (the POST then gets its 404 with CORS headers, readable by the page)", async () => {
    expect((await preflight(app, "/api/Nope/Nope", "http://localhost:5173")).statusCode).toBe(204);
    const res = await app.inject({ method: "POST", url: "/api/Nope/Nope", headers: { origin: "http://localhost:5173" }, payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
  });

  it("GET of the spec from a page of another loopback origin is readable", async () => {
    const res = await app.inject({ method: "GET", url: "/openapi.json", headers: { origin: "http://localhost:5173" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
  });
});

describe("CORS with a configured list (ROMSOFT_CORS_ORIGINS)", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await appWith({ cors: ["https://app.example.pe"] }));
  });
  afterAll(() => app.close());

  it("allows the listed origin only (loopback is no longer implied)", async () => {
    const listed = await preflight(app, API_PATH, "https://app.example.pe");
    expect([listed.statusCode, listed.headers["access-control-allow-origin"]]).toEqual([204, "https://app.example.pe"]);
    const loopback = await preflight(app, API_PATH, "http://localhost:5173");
    expect([loopback.statusCode, loopback.headers["access-control-allow-origin"]]).toEqual([405, undefined]);
  });
});

describe("CORS of the sandbox (* by default)", () => {
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    ({ app, token } = await appWith({ sandbox: true }));
  });
  afterAll(() => app.close());

  it("any origin: preflight 204 with Access-Control-Allow-Origin *, for /api paths and /sandbox/reset", async () => {
    for (const path of [API_PATH, "/sandbox/reset"]) {
      const res = await preflight(app, path, "https://any.example");
      expect(res.statusCode, path).toBe(204);
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(String(res.headers["access-control-allow-headers"])).toContain("X-Sandbox-Session");
      expect(String(res.headers["access-control-allow-headers"])).toContain("Prefer");
    }
  });

  it("answers carry Access-Control-Allow-Origin *, the session refusal and the scenario answers included", async () => {
    const origin = { origin: "http://localhost:9999" };
    const ok = await app.inject({ method: "POST", url: API_PATH, headers: { ...origin, authorization: `Bearer ${token}` }, payload: {} });
    expect(ok.headers["access-control-allow-origin"]).toBe("*");
    const badSession = await app.inject({ method: "POST", url: API_PATH, headers: { ...origin, authorization: `Bearer ${token}`, "x-sandbox-session": "a b" }, payload: {} });
    expect([badSession.statusCode, badSession.headers["access-control-allow-origin"]]).toEqual([400, "*"]);
    const scenario = await app.inject({ method: "POST", url: API_PATH, headers: { ...origin, authorization: `Bearer ${token}`, prefer: "code=401" }, payload: {} });
    expect([scenario.statusCode, scenario.headers["access-control-allow-origin"]]).toEqual([401, "*"]);
  });

  it("a configured list replaces * in the sandbox too", async () => {
    const listed = await buildApp({ onNotice: () => undefined, sandbox: true, cors: ["http://localhost:5173"] });
    try {
      expect((await preflight(listed, API_PATH, "https://any.example")).headers["access-control-allow-origin"]).toBeUndefined();
      expect((await preflight(listed, API_PATH, "http://localhost:5173")).headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    } finally {
      await listed.close();
    }
  });
});
