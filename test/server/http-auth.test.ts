// Bearer authentication through real HTTP: every way a token can be wrong gets 401, the envelope, the
// message saying which check failed and `WWW-Authenticate: Bearer`, and the handler never runs.
import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContractValidator } from "../../contract/validate.js";
import { UNAUTHORIZED_MESSAGES, createJwtService, type TokenFailure } from "../../server/auth/jwt.js";
import type { Db } from "../../server/context.js";
import { openDatabase } from "../../server/db/database.js";
import { createUserStatus } from "../../server/db/users.js";
import { rawRequest, spyHandlers, startTestServer, type TestServer } from "../support/server.js";

const SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const ISSUER = "romsoft-contract";
const AUDIENCE = "romsoft-clients";
const PATH = "/api/CVN_PLAN_SEGURO/GetAllActives";
const OPERATION = "CVN_PLAN_SEGURO_GetAllActives";

const validator = new ContractValidator();
const spy = spyHandlers();
let db: Db;
let server: TestServer;
let adminId: number;
let inactiveId: number;
let activeEstado: string;
let inactiveEstado: string;

function addUser(usuario: string, estado: string): number {
  return Number(
    db.prepare("INSERT INTO SEG_USUARIO (id_rol, usuario, clave, estado) VALUES (1, ?, '!', ?)").run(usuario, estado).lastInsertRowid,
  );
}

const now = () => Math.floor(Date.now() / 1000);

/** A token as the server signs it, with claims overridable. */
function sign(claims: Record<string, unknown> = {}, options: { secret?: string; algorithm?: jwt.Algorithm } = {}): string {
  const payload: Record<string, unknown> = { sub: String(adminId), unique_name: "admin", role: "1", iss: ISSUER, aud: AUDIENCE, iat: now(), nbf: now(), exp: now() + 3600, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return jwt.sign(
    payload,
    options.secret ?? SECRET,
    { algorithm: options.algorithm ?? "HS256" },
  );
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

async function call(headers: Record<string, string>): Promise<{ status: number; challenge: string | null; body: unknown }> {
  const res = await fetch(server.baseUrl + PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: "{}",
  });
  return { status: res.status, challenge: res.headers.get("www-authenticate"), body: await res.json() };
}

async function expectRefused(headers: Record<string, string>, reason: TokenFailure): Promise<void> {
  const before = spy.calls.length;
  const res = await call(headers);
  expect(res.status).toBe(401);
  expect(res.challenge).toMatch(/^Bearer( |$)/);
  expect(res.body).toEqual({ Message: UNAUTHORIZED_MESSAGES[reason], Success: false, Warning: false, Data: null });
  expect(validator.validateErrorEnvelope(res.body).valid).toBe(true);
  expect(spy.calls.length).toBe(before); // the handler never ran
}

beforeAll(async () => {
  db = openDatabase({ path: ":memory:", onNotice: () => undefined });
  adminId = db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as number;
  // Whatever the domain stores as "active" is admin's estado; anything else is inactive.
  activeEstado = db.prepare("SELECT estado FROM SEG_USUARIO WHERE id_usuario = ?").pluck().get(adminId) as string;
  inactiveEstado = activeEstado === "Inactivo" ? "I" : "Inactivo";
  inactiveId = addUser("baja", inactiveEstado);
  expect(createUserStatus(db)(inactiveId)).toBe(false);
  server = await startTestServer(
    { db, jwt: { secret: SECRET, issuer: ISSUER, audience: AUDIENCE }, serviceHandlers: spy.factory },
    { login: false },
  );
});

afterAll(async () => {
  await server?.close();
  db?.close();
});

beforeEach(() => {
  spy.calls.length = 0;
});

describe("bearer authentication", () => {
  it("accepts a valid token and runs the handler (positive control)", async () => {
    const res = await call({ Authorization: `Bearer ${sign()}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ Success: true, Warning: false });
    expect(spy.calls).toEqual([OPERATION]);
  });

  it("accepts a token issued by the server's own issuer", async () => {
    const issued = createJwtService({ secret: SECRET }).issue({ id_usuario: adminId, usuario: "admin", id_rol: 1 });
    expect((await call({ Authorization: `Bearer ${issued}` })).status).toBe(200);
  });

  it("matches the scheme word case-insensitively (RFC 6750)", async () => {
    for (const scheme of ["bearer", "BEARER", "BeArEr"]) {
      expect((await call({ Authorization: `${scheme} ${sign()}` })).status).toBe(200);
    }
    expect(spy.calls.length).toBe(3);
  });

  it("refuses a request without Authorization", () => expectRefused({}, "missing"));
  it("refuses an empty Authorization header", () => expectRefused({ Authorization: "" }, "missing"));
  it("refuses 'Bearer' without a token", () => expectRefused({ Authorization: "Bearer" }, "missing"));
  it("refuses another scheme", () => expectRefused({ Authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` }, "scheme"));
  it("refuses a token without the scheme word", () => expectRefused({ Authorization: sign() }, "scheme"));
  it("refuses two tokens in one header", () => expectRefused({ Authorization: `Bearer ${sign()} ${sign()}` }, "scheme"));
  it("refuses a token that is not a JWT", () => expectRefused({ Authorization: "Bearer abc" }, "malformed"));
  it("refuses a JWT whose header is not JSON", () => expectRefused({ Authorization: `Bearer ${b64("x").slice(1)}.${b64({})}.sig` }, "malformed"));
  it("refuses characters outside base64url", () => expectRefused({ Authorization: "Bearer a*b.c.d" }, "malformed"));
  it("refuses a bad signature", () => expectRefused({ Authorization: `Bearer ${sign({}, { secret: `${SECRET}-other` })}` }, "signature"));

  it("refuses a tampered payload", async () => {
    const [h, , s] = sign().split(".");
    const forged = `${h}.${b64({ sub: "1", iss: ISSUER, aud: AUDIENCE, exp: now() + 3600, role: "999" })}.${s}`;
    await expectRefused({ Authorization: `Bearer ${forged}` }, "signature");
  });

  it("refuses alg:none", async () => {
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: String(adminId), iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 })}.`;
    await expectRefused({ Authorization: `Bearer ${unsigned}` }, "algorithm");
  });

  it("refuses HS512 and HS384 even with the right secret", async () => {
    await expectRefused({ Authorization: `Bearer ${sign({}, { algorithm: "HS512" })}` }, "algorithm");
    await expectRefused({ Authorization: `Bearer ${sign({}, { algorithm: "HS384" })}` }, "algorithm");
  });

  it("refuses an RS256 token", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const token = jwt.sign({ sub: String(adminId), iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }, privateKey, { algorithm: "RS256" });
    await expectRefused({ Authorization: `Bearer ${token}` }, "algorithm");
  });

  it("refuses an expired token", () => expectRefused({ Authorization: `Bearer ${sign({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 10 })}` }, "expired"));
  it("refuses a token not valid yet (nbf)", () => expectRefused({ Authorization: `Bearer ${sign({ nbf: now() + 600 })}` }, "notBefore"));
  it("refuses another issuer", () => expectRefused({ Authorization: `Bearer ${sign({ iss: "someone-else" })}` }, "issuer"));
  it("refuses a token without issuer", () => expectRefused({ Authorization: `Bearer ${sign({ iss: undefined })}` }, "issuer"));
  it("refuses another audience", () => expectRefused({ Authorization: `Bearer ${sign({ aud: "other-clients" })}` }, "audience"));
  it("refuses a token without exp", () => expectRefused({ Authorization: `Bearer ${sign({ exp: undefined })}` }, "claims"));
  it("refuses a token without a numeric subject", () => expectRefused({ Authorization: `Bearer ${sign({ sub: "admin" })}` }, "claims"));

  it("refuses a token over 8 KiB", async () => {
    const big = sign({ pad: "x".repeat(9000) });
    expect(big.length).toBeGreaterThan(8192);
    await expectRefused({ Authorization: `Bearer ${big}` }, "tooLarge");
  });

  it("refuses a deactivated user's valid token", () => expectRefused({ Authorization: `Bearer ${sign({ sub: String(inactiveId) })}` }, "inactive"));
  it("refuses a token of a user that does not exist", () => expectRefused({ Authorization: `Bearer ${sign({ sub: "99999" })}` }, "inactive"));

  it("stops accepting a token when its user is deactivated", async () => {
    const id = addUser("temporal", activeEstado);
    const token = sign({ sub: String(id) });
    expect((await call({ Authorization: `Bearer ${token}` })).status).toBe(200);
    db.prepare("UPDATE SEG_USUARIO SET estado = ? WHERE id_usuario = ?").run(inactiveEstado, id);
    await expectRefused({ Authorization: `Bearer ${token}` }, "inactive");
  });

  it("refuses two Authorization headers, even if both are valid", async () => {
    const token = sign();
    const res = await rawRequest(server.baseUrl, [
      `POST ${PATH} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `Authorization: Bearer ${token}`,
      `authorization: Bearer ${token}`,
      "Content-Length: 2",
      "Connection: close",
    ], "{}");
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(JSON.parse(res.body)).toEqual({ Message: UNAUTHORIZED_MESSAGES.multiple, Success: false, Warning: false, Data: null });
    expect(spy.calls).toEqual([]);
  });

  it("checks the token before the body: an anonymous malformed body is 401, not 400", async () => {
    const res = await fetch(server.baseUrl + "/api/ADM_PACIENTE/Add", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ Message: UNAUTHORIZED_MESSAGES.missing });
  });

  it("protects every operation but Account/Login", async () => {
    const anonymous = await fetch(server.baseUrl + "/api/Account/Login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Username: "admin", Password: "yourpassword" }),
    });
    expect(anonymous.status).toBe(200);
    expect(spy.calls).toEqual(["Account_Login"]);
    for (const path of ["/api/SEG_USUARIO/GetAllFilters", "/api/ADM_PACIENTE/Add", "/api/FAR_PRODUCTO/GetById?idProducto=1"]) {
      const res = await fetch(server.baseUrl + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      expect(res.status).toBe(401);
    }
    expect(spy.calls).toEqual(["Account_Login"]);
  });

  it("uses the documented messages for missing, malformed, bad signature and expired", () => {
    expect(UNAUTHORIZED_MESSAGES.missing).toBe("No autorizado: falta el token (Authorization: Bearer <token>).");
    expect(UNAUTHORIZED_MESSAGES.malformed).toBe("No autorizado: el token no es un JWT válido.");
    expect(UNAUTHORIZED_MESSAGES.signature).toBe("No autorizado: la firma del token no es válida.");
    expect(UNAUTHORIZED_MESSAGES.expired).toBe("No autorizado: el token ha expirado.");
  });
});
