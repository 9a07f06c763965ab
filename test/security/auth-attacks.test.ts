// Attacks on bearer authentication, against EVERY secured operation, with the domain's real handlers wrapped
// in a spy: each forged, stale or malformed credential must get 401 in the error envelope, and neither a
// handler call nor a database change may follow. (test/server/http-auth.test.ts checks each refusal's exact
// message on one operation; this file multiplies the attacks by every secured operation, adds the
// algorithm-confusion and header-injection forgeries, generated token mutations and the deactivation flow
// through the API itself.)
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations, type Operation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { UNAUTHORIZED_MESSAGES } from "../../server/auth/jwt.js";
import { TEST_JWT, login, startApp, type TestApp } from "../support/app-with-db.js";
import { totalChanges } from "../support/db-observations.js";
import { parseEnvelope } from "../support/answer-checks.js";
import { keepAliveAgent, post, rawExchange, rawBody } from "../support/http.js";

const validator = new ContractValidator();
const secured = listOperations().filter((op) => op.secured);
const READ_PATH = "/api/CVN_PLAN_SEGURO/GetAllActives";
const REFUSAL_MESSAGES = new Set(Object.values(UNAUTHORIZED_MESSAGES));

let t: TestApp;
let adminId: number;

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c: Record<string, unknown> = {
    sub: String(adminId),
    unique_name: "admin",
    role: "1",
    iss: TEST_JWT.issuer,
    aud: TEST_JWT.audience,
    iat: now(),
    nbf: now(),
    exp: now() + 3600,
    ...extra,
  };
  for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
  return c;
}

/** HMAC-SHA256 JWS over any header and payload with any key: what an attacker can compute. */
function hs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}

const signed = (extra: Record<string, unknown> = {}) => hs256({ alg: "HS256", typ: "JWT" }, claims(extra), TEST_JWT.secret);

/** Every forged or unusable credential, as the Authorization header value (null = no header). */
function attacks(): [string, Record<string, string>][] {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const jwk = publicKey.export({ format: "jwk" });
  const valid = signed();
  const [h, p, s] = valid.split(".") as [string, string, string];
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const list: [string, Record<string, string>][] = [
    ["no Authorization header", {}],
    ["alg none, empty signature", bearer(`${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`)],
    ["alg None with the original signature", bearer(`${b64({ alg: "None", typ: "JWT" })}.${p}.${s}`)],
    ["alg NONE without signature segment", bearer(`${b64({ alg: "NONE" })}.${b64(claims())}`)],
    ["HS256 signed with another key", bearer(hs256({ alg: "HS256", typ: "JWT" }, claims(), randomBytes(32)))],
    ["HS256 signed with an empty key", bearer(hs256({ alg: "HS256", typ: "JWT" }, claims(), ""))],
    // Algorithm confusion: the attacker presents an RSA public key and signs HS256 with its PEM text as the
    // HMAC secret, hoping the server uses "the key" for whatever algorithm the header names.
    ["HS256 with an RSA public key PEM as HMAC secret", bearer(hs256({ alg: "HS256", typ: "JWT" }, claims(), publicPem))],
    ["RS256 header, HMAC over the public key PEM", bearer(hs256({ alg: "RS256", typ: "JWT" }, claims(), publicPem))],
    ["a real RS256 token", bearer(jwt.sign(claims(), privateKey, { algorithm: "RS256" }))],
    ["RS256 with the attacker's key embedded (jwk header)", bearer(jwt.sign(claims(), privateKey, { algorithm: "RS256", header: { alg: "RS256", jwk } as never }))],
    ["HS512 with the right secret", bearer(jwt.sign(claims(), TEST_JWT.secret, { algorithm: "HS512" }))],
    ["header alg changed to HS512, signature kept", bearer(`${b64({ alg: "HS512", typ: "JWT" })}.${p}.${s}`)],
    ["expired a second ago", bearer(signed({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 1 }))],
    ["nbf an hour ahead", bearer(signed({ nbf: now() + 3600 }))],
    ["wrong issuer", bearer(signed({ iss: "https://attacker.example" }))],
    ["no issuer", bearer(signed({ iss: undefined }))],
    ["wrong audience", bearer(signed({ aud: "other-app" }))],
    ["audience list without ours", bearer(signed({ aud: ["a", "b"] }))],
    ["no exp", bearer(signed({ exp: undefined }))],
    ["subject of a user that does not exist", bearer(signed({ sub: "987654" }))],
    ["non-numeric subject", bearer(signed({ sub: "admin" }))],
    ["negative subject", bearer(signed({ sub: "-1" }))],
    ["payload tampered after signing (role)", bearer(`${h}.${b64({ ...claims(), role: "999" })}.${s}`)],
    ["payload tampered after signing (subject)", bearer(`${h}.${b64({ ...claims(), sub: "2" })}.${s}`)],
    ["signature of another token", bearer(`${h}.${p}.${signed({ sub: "2" }).split(".")[2]!}`)],
    ["truncated by one character", bearer(valid.slice(0, -1))],
    ["truncated to two segments", bearer(`${h}.${p}`)],
    ["truncated to the header", bearer(h)],
    ["garbage", bearer("garbage")],
    ["random bytes in three segments", bearer(`${randomBytes(24).toString("base64url")}.${randomBytes(48).toString("base64url")}.${randomBytes(32).toString("base64url")}`)],
    ["16 KB token with a valid signature", bearer(signed({ pad: "x".repeat(16 * 1024) }))],
    ["token without the scheme word", { authorization: valid }],
    ["Basic credentials of the admin", { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` }],
    ["token in a cookie", { cookie: `token=${valid}; access_token=${valid}` }],
    ["token in X-Access-Token", { "x-access-token": valid }],
  ];
  return list;
}

function requestFor(op: Operation): { url: string; payload: string } {
  const example = op.requestExamples.request ?? op.requestExamples.empty;
  const query = op.queryParameters.map((q) => `${q.name}=${String(q.example ?? 1)}`).join("&");
  return { url: query ? `${op.path}?${query}` : op.path, payload: JSON.stringify(example?.value ?? {}) };
}

async function expectRefused(op: Operation, headers: Record<string, string>, what: string, urlSuffix = ""): Promise<void> {
  const callsBefore = t.handlerCalls();
  const changesBefore = totalChanges(t.db);
  const { url, payload } = requestFor(op);
  const res = await t.app.inject({ method: "POST", url: url + urlSuffix, headers: { "content-type": "application/json", ...headers }, payload });
  const where = `${op.operationId} with ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`;
  expect(res.statusCode, where).toBe(401);
  expect(String(res.headers["www-authenticate"] ?? ""), where).toMatch(/^Bearer/);
  const env = parseEnvelope(res.body);
  expect(env.ok && validator.validateErrorEnvelope(JSON.parse(res.body)).valid, where).toBe(true);
  expect(REFUSAL_MESSAGES.has(env.ok ? (env.envelope.Message ?? "") : ""), where).toBe(true);
  expect(t.handlerCalls(), `${where}: a handler ran`).toBe(callsBefore);
  expect(totalChanges(t.db), `${where}: the database changed`).toBe(changesBefore);
}

beforeAll(async () => {
  t = await startApp({ spy: true });
  adminId = t.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as number;
});

afterAll(async () => {
  await t?.close();
});

describe("forged and unusable credentials on every secured operation", () => {
  it("a correctly signed token is accepted and reaches the handler (positive control)", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      const before = t.handlerCalls();
      const res = await t.app.inject({ method: "POST", url: READ_PATH, headers: { authorization: `${scheme} ${signed()}`, "content-type": "application/json" }, payload: "{}" });
      expect(res.statusCode, `${scheme}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(t.handlerCalls()).toBe(before + 1);
    }
  });

  it(`refuses ${attacks().length} kinds of attack on each of the ${secured.length} secured operations, before any handler`, async () => {
    const list = attacks();
    for (const op of secured) {
      for (const [what, headers] of list) await expectRefused(op, headers, what);
      // A token in the query string is not a credential either (it would end up in access logs).
      await expectRefused(op, {}, "access_token in the query string", `${op.queryParameters.length ? "&" : "?"}access_token=${signed()}`);
    }
  }, 120_000);

  it("generated mutations of a valid token never get through", async () => {
    const base = signed();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const other = (c: string, i: number) => alphabet[(alphabet.indexOf(c) + 1 + (i % 63)) % 64]!;
    const mutation = fc.oneof(
      // One character replaced, anywhere (header, payload or signature).
      fc.tuple(fc.nat(base.length - 1), fc.nat(62)).map(([at, k]) => {
        const c = base[at]!;
        return c === "." ? base.slice(0, at) + "A" + base.slice(at + 1) : base.slice(0, at) + other(c, k) + base.slice(at + 1);
      }),
      // A character inserted or removed.
      fc.tuple(fc.nat(base.length), fc.constantFrom(...alphabet)).map(([at, c]) => base.slice(0, at) + c + base.slice(at)),
      fc.nat(base.length - 1).map((at) => base.slice(0, at) + base.slice(at + 1)),
      // Segments reordered, repeated or dropped.
      fc.shuffledSubarray(base.split("."), { minLength: 1 }).map((parts) => parts.join(".")).filter((x) => x !== base),
      // The header re-encoded with another algorithm, payload and signature kept.
      fc.constantFrom("none", "None", "HS384", "HS512", "RS256", "ES256", "PS256", "", "hs256").map((alg) => `${b64({ alg, typ: "JWT" })}.${base.split(".").slice(1).join(".")}`),
      // Signed with the right key, but one claim is wrong.
      fc.constantFrom<Record<string, unknown>>(
        { exp: now() - 1 },
        { exp: "never" },
        { nbf: now() + 600 },
        { iss: "romsoft-contract " },
        { iss: "ROMSOFT-CONTRACT" },
        { aud: "romsoft-clients-x" },
        { sub: "0" },
        { sub: "1.5" },
        { sub: " 1" },
        { sub: 1 },
        { sub: "99999999999" },
      ).map((bad) => signed(bad)),
      // Right claims, wrong key.
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((key) => hs256({ alg: "HS256", typ: "JWT" }, claims(), Buffer.from(key))),
    );
    const op = secured.find((o) => o.path === READ_PATH)!;
    await fc.assert(
      fc.asyncProperty(mutation, async (token) => {
        if (token === base) return;
        await expectRefused(op, { authorization: `Bearer ${token}` }, `mutated token ${token.slice(0, 60)}…`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("credentials over real HTTP", () => {
  let port = 0;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as AddressInfo).port;
  });

  it("a 16 KB token is refused with 401; a 20 KB one hits the header limit (431); the server keeps serving", async () => {
    const sized = (chars: number) => {
      // base64url grows the padding by 4/3: aim the whole token at `chars` characters.
      const token = signed({ pad: "x".repeat(Math.floor((chars - signed().length) * 0.75)) });
      expect(Math.abs(token.length - chars)).toBeLessThan(64);
      return token;
    };
    const before = t.handlerCalls();
    const res = await post(`http://127.0.0.1:${port}`, READ_PATH, {}, { token: sized(16_000) });
    expect(res.status, res.body).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ Success: false, Data: null, Message: UNAUTHORIZED_MESSAGES.tooLarge });

    const huge = await post(`http://127.0.0.1:${port}`, READ_PATH, {}, { token: sized(20_000) });
    expect(huge.status, huge.body).toBe(431);
    expect(parseEnvelope(huge.body).ok).toBe(true);
    expect(t.handlerCalls()).toBe(before);
    expect((await post(`http://127.0.0.1:${port}`, READ_PATH, {}, { token: t.token })).status).toBe(200);
  });

  it("two Authorization headers are refused whichever one is valid (Node keeps only the first)", async () => {
    for (const pair of [[`Bearer garbage`, `Bearer ${t.token}`], [`Bearer ${t.token}`, `Bearer garbage`], [`Bearer ${t.token}`, `Basic YWRtaW46YWRtaW4=`]]) {
      const before = t.handlerCalls();
      const res = await rawExchange(
        port,
        [`POST ${READ_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: ${pair[0]}\r\nAuthorization: ${pair[1]}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`],
        10_000,
      );
      expect(res.status, res.data.slice(0, 300)).toBe(401);
      expect(JSON.parse(rawBody(res.data))).toMatchObject({ Message: UNAUTHORIZED_MESSAGES.multiple, Success: false });
      expect(t.handlerCalls()).toBe(before);
    }
  });

  it("401 answers do not depend on the body: a huge anonymous body is refused without being processed", async () => {
    const agent = keepAliveAgent(2);
    try {
      const before = t.handlerCalls();
      const res = await post(`http://127.0.0.1:${port}`, "/api/ADM_PACIENTE/Add", JSON.stringify({ t_nombres: "x".repeat(900_000) }), { agent });
      expect(res.status).toBe(401);
      expect(t.handlerCalls()).toBe(before);
    } finally {
      agent.destroy();
    }
  });
});

describe("deactivated users (through the API itself)", () => {
  async function call(token: string, path: string, body: unknown): Promise<{ status: number; env: Record<string, unknown> }> {
    const res = await t.app.inject({ method: "POST", url: path, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, payload: JSON.stringify(body) });
    return { status: res.statusCode, env: res.json<Record<string, unknown>>() };
  }

  async function addUser(usuario: string, clave: string): Promise<number> {
    const res = await call(t.token, "/api/SEG_USUARIO/Add", { usuario, clave, id_rol: 1, apellidos: "PRUEBA", nombres: "USUARIO", estado: "A" });
    expect(res.env, JSON.stringify(res.env)).toMatchObject({ Success: true, Warning: false });
    return t.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = ?").pluck().get(usuario) as number;
  }

  it("SEG_USUARIO/Delete: the user's token stops working at once, on reads and writes, and they cannot log in again", async () => {
    const id = await addUser("enfermera.baja", "Cl4ve-Segura!");
    const token = await login(t.app, "enfermera.baja", "Cl4ve-Segura!");
    expect((await call(token, READ_PATH, {})).env).toMatchObject({ Success: true });

    const del = await call(t.token, "/api/SEG_USUARIO/Delete", { id_usuario: id, UsuarioModificacion: "admin" });
    expect(del.env, JSON.stringify(del.env)).toMatchObject({ Success: true, Warning: false });

    const changes = totalChanges(t.db);
    const before = t.handlerCalls();
    for (const op of secured.filter((o) => ["CVN_PLAN_SEGURO_GetAllActives", "ADM_PACIENTE_Add", "SEG_USUARIO_Update", "SEG_USUARIO_GetAllFilters"].includes(o.operationId))) {
      await expectRefused(op, { authorization: `Bearer ${token}` }, "the token of a deleted user");
    }
    const res = await t.app.inject({ method: "POST", url: READ_PATH, headers: { authorization: `Bearer ${token}` }, payload: {} });
    expect(res.json()).toMatchObject({ Message: UNAUTHORIZED_MESSAGES.inactive });
    expect(t.handlerCalls()).toBe(before + 0);
    expect(totalChanges(t.db)).toBe(changes);

    const again = await t.app.inject({ method: "POST", url: "/api/Account/Login", payload: { Username: "enfermera.baja", Password: "Cl4ve-Segura!" } });
    const body = again.json<{ Success: boolean; Warning: boolean; Data: unknown }>();
    expect(body.Data, "a deactivated user obtained a token").toBeNull();
    expect(body.Warning).toBe(true);
  });

  it("SEG_USUARIO/Update to estado Inactivo: same, and reactivation restores the same token", async () => {
    const id = await addUser("medico.pausa", "Otra-Cl4ve!");
    const token = await login(t.app, "medico.pausa", "Otra-Cl4ve!");
    const upd = await call(t.token, "/api/SEG_USUARIO/Update", { id_usuario: id, usuario: "medico.pausa", id_rol: 1, estado: "I", UsuarioModificacion: "admin" });
    expect(upd.env, JSON.stringify(upd.env)).toMatchObject({ Success: true, Warning: false });
    await expectRefused(secured.find((o) => o.path === READ_PATH)!, { authorization: `Bearer ${token}` }, "the token of an inactive user");
    const back = await call(t.token, "/api/SEG_USUARIO/Update", { id_usuario: id, usuario: "medico.pausa", id_rol: 1, estado: "A", UsuarioModificacion: "admin" });
    expect(back.env).toMatchObject({ Success: true, Warning: false });
    expect((await call(token, READ_PATH, {})).status).toBe(200);
  });
});
