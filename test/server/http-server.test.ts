// The server around the actions, through real HTTP: failing actions, response validation, what is logged,
// the public spec files, the tokens Login issues, and persistence of a file database across a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import jwt from "jsonwebtoken";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../contract/spec.js";
import type { ServiceHandlers } from "../../server/app.js";
import type { TokenIssuer } from "../../server/context.js";
import { DEFAULT_AUDIENCE, DEFAULT_EXPIRES_MINUTES, DEFAULT_ISSUER } from "../../server/auth/jwt.js";
import { loginToken, startTestServer, type TestServer } from "../support/server.js";

const GENERIC = { Message: "Hubo un error, inténtelo más tarde.", Success: false, Warning: false, Data: null };

async function post(server: TestServer, path: string, body: unknown, token = server.token): Promise<{ status: number; text: string; json: unknown }> {
  const res = await fetch(server.baseUrl + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

describe("with stand-in handlers", () => {
  let server: TestServer;
  let tokens: TokenIssuer | undefined;
  const mintToken = () => tokens!.issue({ id_usuario: 1, usuario: "admin", id_rol: 1 });
  const notices: string[] = [];
  const handlers: ServiceHandlers = {
    // A login that issues a real token would need the domain; this one just answers the envelope.
    Account_Login: async () => ({ Message: null, Success: true, Warning: false, Data: null }),
    CVN_PLAN_SEGURO_GetAllActives: async () => {
      throw new Error("SQLITE_CONSTRAINT: detalle interno de la base de datos");
    },
    CVN_MONEDA_GetAllActives: async () => {
      throw "a string, not an Error"; // not even an Error: still the envelope
    },
    // Wrong shapes, caught by response validation instead of being silently reshaped by the serializer.
    ADM_GENERO_GetAllActives: async () => ({ Message: null, Success: true, Warning: false, Data: [{ id_genero: "uno" }] }),
    ADM_ESTADO_CIVIL_GetAllActives: async () => ({ Message: null, Success: true, Warning: false, Data: null, Extra: 1 }),
    ADM_OCUPACION_GetAllActives: async () => ({ Success: true, Warning: false, Data: null }),
    CVN_BENEFICIO_GetAllActives: async () => {
      reached++;
      return { Message: null, Success: true, Warning: false, Data: [] };
    },
  };
  let reached = 0;
  const BROKEN_USER = 77; // the user-status lookup fails for this id

  beforeAll(async () => {
    server = await startTestServer(
      // No JWT secret: the server makes a random one (and says so); tokens for it come from ctx.tokens.
      {
        serviceHandlers: (ctx) => ((tokens = ctx.tokens), handlers),
        onNotice: (m) => notices.push(m),
        userIsActive: (id) => {
          if (id === BROKEN_USER) throw new Error("status lookup failed");
          return true;
        },
      },
      { login: false },
    );
  });
  afterAll(() => server?.close());

  it("answers a failing action with HTTP 200 and the backend's generic error, without internals", async () => {
    const token = mintToken();
    for (const path of ["/api/CVN_PLAN_SEGURO/GetAllActives", "/api/CVN_MONEDA/GetAllActives"]) {
      const res = await post(server, path, {}, token);
      expect(res.status, path).toBe(200);
      expect(res.json).toEqual(GENERIC);
      expect(res.text).not.toMatch(/SQLITE|stack|at .+\.ts|string, not/);
    }
  });

  it("answers a failure of the authentication step itself like a failing action (not 401), before the handler", async () => {
    const good = await post(server, "/api/CVN_BENEFICIO/GetAllActives", {}, mintToken());
    expect(good.json).toMatchObject({ Success: true });
    expect(reached).toBe(1);
    const broken = tokens!.issue({ id_usuario: BROKEN_USER, usuario: "roto", id_rol: 1 });
    const res = await post(server, "/api/CVN_BENEFICIO/GetAllActives", {}, broken);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(GENERIC);
    expect(res.text).not.toContain("status lookup");
    expect(reached).toBe(1);
  });

  it("answers 500 (and never a reshaped 200) when an action returns the wrong shape", async () => {
    const token = mintToken();
    for (const path of ["/api/ADM_GENERO/GetAllActives", "/api/ADM_ESTADO_CIVIL/GetAllActives", "/api/ADM_OCUPACION/GetAllActives"]) {
      const res = await post(server, path, {}, token);
      expect(res.status, path).toBe(500);
      expect(res.json).toEqual({ Message: "Error interno: la respuesta no cumple el contrato de la API.", Success: false, Warning: false, Data: null });
    }
  });

  it("serves the spec as JSON and YAML without a token", async () => {
    const spec = loadSpec();
    const json = await fetch(`${server.baseUrl}/openapi.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await json.json()).toEqual(spec);
    const yaml = await fetch(`${server.baseUrl}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get("content-type")).toMatch(/yaml/);
    expect(parseYaml(await yaml.text())).toEqual(spec);
  });

  it("answers GET /health without a token", async () => {
    const res = await fetch(`${server.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("reports a random JWT secret through onNotice", () => {
    expect(notices.some((n) => n.includes("ROMSOFT_JWT_SECRET"))).toBe(true);
  });
});

describe("with the domain handlers", () => {
  const PASSWORD = "Clave-De-Prueba-8271";
  const WRONG = "Otra-Clave-Equivocada-5531";
  const BOGUS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.firma-falsa-que-no-debe-aparecer";
  let server: TestServer;
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });

  beforeAll(async () => {
    server = await startTestServer({ adminPassword: PASSWORD, logger: { level: "trace", stream } });
  });
  afterAll(() => server?.close());

  it("issues an HS256 token with iss, aud, sub, unique_name, role, iat, nbf and a 20-day exp", () => {
    const decoded = jwt.decode(server.token, { complete: true });
    expect(decoded?.header.alg).toBe("HS256");
    const payload = decoded?.payload as jwt.JwtPayload;
    expect(payload.iss).toBe(DEFAULT_ISSUER);
    expect(payload.aud).toBe(DEFAULT_AUDIENCE);
    expect(payload.sub).toMatch(/^[1-9]\d*$/);
    expect(payload.unique_name).toBe("admin");
    expect(typeof payload.role).toBe("string");
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp! - payload.iat!).toBe(DEFAULT_EXPIRES_MINUTES * 60);
  });

  it("never logs passwords or tokens", async () => {
    await loginToken(server.baseUrl, "admin", WRONG).catch(() => undefined);
    await post(server, "/api/Account/Login", { Username: "admin", Password: WRONG, clave: WRONG, token: BOGUS_TOKEN });
    await post(server, "/api/CVN_PLAN_SEGURO/GetAllActives", {});
    await post(server, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, BOGUS_TOKEN);
    await post(server, "/api/SEG_USUARIO/GetByUsername", { usuario: "admin", clave: WRONG });
    await post(server, "/api/ADM_PACIENTE/Add", { d_fecha_nacimiento: 5, clave: WRONG });
    await post(server, `/api/CVN_PLAN_SEGURO/GetAllActives?access_token=${server.token}&x=1&Password=${WRONG}`, {}, "");
    const text = lines.join("");
    expect(text).toContain("access_token=[REDACTED]&x=1&Password=[REDACTED]");
    expect(lines.length).toBeGreaterThan(10); // the requests were logged...
    expect(text).toContain("incoming request");
    for (const secret of [PASSWORD, WRONG, server.token, server.token.split(".")[2]!, BOGUS_TOKEN, "firma-falsa"]) {
      expect(text).not.toContain(secret); // ...but none of the secrets
    }
  });
});

describe("a file database", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "romsoft-http-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps what was added across a restart", async () => {
    const dbPath = join(dir, "nested", "romsoft.db");
    const descripcion = `PERSISTENCIA ${Date.now()}`;
    const first = await startTestServer({ dbPath });
    try {
      const added = await post(first, "/api/ADM_OCUPACION/Add", { c_codigo: "OCP1", t_descripcion: descripcion, t_observacion: null, f_estado: 1 });
      expect(added.status).toBe(200);
      expect(added.json).toMatchObject({ Success: true, Warning: false });
    } finally {
      await first.close();
    }
    const second = await startTestServer({ dbPath });
    try {
      const list = await post(second, "/api/ADM_OCUPACION/GetAllActives", {});
      expect(list.status).toBe(200);
      const rows = (list.json as { Data: { t_descripcion: string | null }[] }).Data;
      expect(rows.filter((r) => r.t_descripcion === descripcion)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
