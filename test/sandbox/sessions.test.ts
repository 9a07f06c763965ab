// Sandbox sessions over HTTP: each X-Sandbox-Session is an isolated copy of the seed, reset restores it,
// idle sessions go away, the cap refuses new sessions clearly; and a server not in sandbox mode has none of it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation } from "../../contract/spec.js";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";
import { SANDBOX_MESSAGES } from "../../server/sandbox/index.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { inSession, post } from "../support/sandbox.js";

const ADD = "/api/ADM_OCUPACION/Add";
const LIST = "/api/ADM_OCUPACION/GetAllActives";
const newRow = (code: string) => ({
  ...(Object.values(getOperation("ADM_OCUPACION_Add").requestExamples)[0]!.value as object),
  c_codigo: code,
  t_descripcion: `Ocupación ${code}`,
});

async function codes(server: TestServer, session?: string): Promise<string[]> {
  const res = await post(server.baseUrl, LIST, {}, inSession(server.token, session));
  expect(res.status).toBe(200);
  expect(res.body.Success).toBe(true);
  return (res.body.Data as { c_codigo: string }[]).map((r) => r.c_codigo);
}

async function add(server: TestServer, code: string, session?: string): Promise<void> {
  const res = await post(server.baseUrl, ADD, newRow(code), inSession(server.token, session));
  expect([res.status, res.body.Success, res.body.Warning], JSON.stringify(res.body)).toEqual([200, true, false]);
}

describe("sandbox sessions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: true });
  });
  afterAll(() => server.close());

  it("a write in one session is invisible in another session and in the default session", async () => {
    const seeded = await codes(server);
    await add(server, "S1A", "alpha");
    expect(await codes(server, "alpha")).toContain("S1A");
    expect(await codes(server, "beta")).toEqual(seeded);
    expect(await codes(server)).toEqual(seeded);
    await add(server, "S1D");
    expect(await codes(server)).toContain("S1D");
    expect(await codes(server, "alpha")).not.toContain("S1D");
    expect(await codes(server, "gamma")).toEqual(seeded);
  });

  it("the default session's token works in every session (same seeded users, one signing key)", async () => {
    const res = await post(server.baseUrl, LIST, {}, inSession(server.token, "token-check"));
    expect(res.status).toBe(200);
    // and a token from a session's own Login works in the default session
    const login = await post(server.baseUrl, "/api/Account/Login", { Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }, { "X-Sandbox-Session": "token-check" });
    const token = (login.body.Data as { token: string }).token;
    expect((await post(server.baseUrl, LIST, {}, inSession(token))).status).toBe(200);
  });

  it("a user created in a session exists only there: its token is refused in other sessions", async () => {
    const session = "users-1";
    const user = Object.values(getOperation("SEG_USUARIO_Add").requestExamples)[0]!.value as Record<string, unknown>;
    const created = await post(server.baseUrl, "/api/SEG_USUARIO/Add", { ...user, usuario: "sandboxuser", clave: "Clave-123", estado: "Activo" }, inSession(server.token, session));
    expect(created.body.Success, JSON.stringify(created.body)).toBe(true);
    const login = await post(server.baseUrl, "/api/Account/Login", { Username: "sandboxuser", Password: "Clave-123" }, { "X-Sandbox-Session": session });
    const token = (login.body.Data as { token?: string } | null)?.token;
    expect(typeof token, JSON.stringify(login.body)).toBe("string");
    expect((await post(server.baseUrl, LIST, {}, inSession(token!, session))).status).toBe(200);
    const elsewhere = await post(server.baseUrl, LIST, {}, inSession(token!));
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.Message).toMatch(/^No autorizado/);
  });

  it("POST /sandbox/reset restores the calling session to the seed and leaves the others alone", async () => {
    const seeded = await codes(server, "fresh");
    await add(server, "R1", "reset-me");
    await add(server, "R2", "keep-me");
    const res = await post(server.baseUrl, "/sandbox/reset", {}, inSession(server.token, "reset-me"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Message: SANDBOX_MESSAGES.reset("reset-me"), Success: true, Warning: false, Data: null });
    expect(await codes(server, "reset-me")).toEqual(seeded);
    expect(await codes(server, "keep-me")).toContain("R2");
    // the session works normally after the reset, and can be written again
    await add(server, "R3", "reset-me");
    expect(await codes(server, "reset-me")).toContain("R3");
  });

  it("reset of the default session (no header)", async () => {
    await add(server, "RD");
    expect(await codes(server)).toContain("RD");
    const res = await post(server.baseUrl, "/sandbox/reset", null, inSession(server.token));
    expect(res.body).toEqual({ Message: SANDBOX_MESSAGES.reset(null), Success: true, Warning: false, Data: null });
    expect(await codes(server)).not.toContain("RD");
    expect(await codes(server)).not.toContain("S1D");
  });

  it("reset needs a token", async () => {
    const res = await post(server.baseUrl, "/sandbox/reset", {}, { "X-Sandbox-Session": "reset-me" });
    expect(res.status).toBe(401);
    expect(res.body.Message).toMatch(/^No autorizado: falta el token/);
    expect(await codes(server, "reset-me")).toContain("R3");
  });

  it.each([["a b"], ["x".repeat(65)], [""], ["a,b"], ["../etc"], ["caf\u00e9"]])("an invalid X-Sandbox-Session %j is a 400 naming the header", async (value) => {
    const res = await fetch(`${server.baseUrl}${LIST}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...inSession(server.token), "X-Sandbox-Session": value },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ Message: SANDBOX_MESSAGES.badSession, Success: false, Warning: false, Data: null });
    expect(SANDBOX_MESSAGES.badSession).toContain("'X-Sandbox-Session'");
  });

  it("accepts the longest id (64 characters) and every allowed character", async () => {
    expect(await codes(server, `${"a".repeat(60)}_-Z9`)).toContain("001");
  });
});

/** Long enough that a loaded machine answers the calls of the first test within it. */
const EVICTABLE_MS = 2000;

describe("sandbox session cap over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { maxSessions: 2, idleMs: 60_000, evictableAfterMs: EVICTABLE_MS } });
  });
  afterAll(() => server.close());

  it("at the cap a new session is refused with 503, Retry-After and the envelope, while the others are in use", async () => {
    await add(server, "C1", "one");
    await add(server, "C2", "two");
    const refused = await post(server.baseUrl, LIST, {}, inSession(server.token, "three"));
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ Message: SANDBOX_MESSAGES.capReached(2), Success: false, Warning: false, Data: null });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // existing sessions and the default one keep working
    expect(await codes(server, "one")).toContain("C1");
    expect((await post(server.baseUrl, LIST, {}, inSession(server.token))).status).toBe(200);
  });

  it("once the least recently used session has been idle long enough, a new session replaces it", async () => {
    await new Promise((r) => setTimeout(r, EVICTABLE_MS + 100));
    await codes(server, "one"); // "two" is now the least recently used
    expect(await codes(server, "three")).not.toContain("C1");
    expect(await codes(server, "one")).toContain("C1");
    // "two" was dropped: asking for it again (once "three" is evictable) gives a fresh copy of the seed
    await new Promise((r) => setTimeout(r, EVICTABLE_MS + 100));
    expect(await codes(server, "two")).not.toContain("C2");
  });
});

describe("a sandbox started on a database file (ROMSOFT_DB)", () => {
  it("serves a copy of the file and never writes to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "romsoft-sandbox-file-"));
    try {
      const file = join(dir, "seed.db");
      const server = await startTestServer({ dbPath: file, sandbox: true });
      try {
        await add(server, "F1");
        await add(server, "F2", "file-session");
        expect(await codes(server)).toContain("F1");
      } finally {
        await server.close();
      }
      const db = new Database(file, { readonly: true });
      try {
        const stored = db.prepare("SELECT c_codigo FROM ADM_OCUPACION").pluck().all();
        expect(stored.length).toBeGreaterThan(0);
        expect(stored).not.toContain("F1");
        expect(stored).not.toContain("F2");
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a server not in sandbox mode (npm start)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("answers POST /sandbox/reset with 404", async () => {
    const res = await post(server.baseUrl, "/sandbox/reset", {}, inSession(server.token));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ Message: "No se encontró el recurso: POST /sandbox/reset.", Success: false, Warning: false, Data: null });
  });

  it("ignores X-Sandbox-Session (one database) and Prefer (the real answer)", async () => {
    await add(server, "N1", "alpha");
    expect(await codes(server, "beta")).toContain("N1");
    expect(await codes(server)).toContain("N1");
    const bad = await post(server.baseUrl, LIST, {}, { ...inSession(server.token), "X-Sandbox-Session": "not valid!", Prefer: "example=error, delay=5000" });
    expect(bad.status).toBe(200);
    expect(bad.body.Success).toBe(true);
    expect((bad.body.Data as unknown[]).length).toBeGreaterThan(0);
    const nonsense = await post(server.baseUrl, LIST, {}, { ...inSession(server.token), Prefer: "nonsense" });
    expect([nonsense.status, nonsense.body.Success]).toEqual([200, true]);
  });
});
