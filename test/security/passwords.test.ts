// Passwords and secrets: how they are stored, that no answer and no log line ever carries one, and that
// login time does not tell whether a user exists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { TEST_JWT, ADMIN, captureStream, login, startApp, type TestApp } from "../support/app-with-db.js";

const SECRETS = {
  added: "N3w-User-Secret!2024",
  updated: "Upd4ted-Secret!2024",
  wrong: "Wr0ng-Guess-Secret!",
  same: "Same-Pa55word-Twice!",
};

/** What a stored password may look like: an scrypt or bcrypt hash, or "!" (a seeded user with no password). */
const HASH = /^(scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}|\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}|!)$/;

let t: TestApp;
const log = captureStream();
/** Every answer body seen by this file, to scan for secrets. */
const answers: string[] = [];
const tokens: string[] = [];

async function call(path: string, body: unknown, token: string | null = t.token): Promise<Record<string, unknown>> {
  const res = await t.app.inject({
    method: "POST",
    url: path,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
  answers.push(res.body);
  return res.json<Record<string, unknown>>();
}

function userId(usuario: string): number {
  return t.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = ?").pluck().get(usuario) as number;
}

beforeAll(async () => {
  // Trace level: the most the server can log. Every request's log lines land in `log`.
  let throwFor = -1;
  t = await startApp({
    logger: { level: "trace", stream: log.stream },
    // Lets a test make the authentication step itself fail (the 'action failed' log path) for one user.
    userIsActive: (id) => {
      if (id === throwFor) throw new Error("status lookup failed");
      return t?.db.prepare("SELECT estado FROM SEG_USUARIO WHERE id_usuario = ?").pluck().get(id) === "Activo";
    },
  });
  tokens.push(t.token);

  expect(await call("/api/SEG_USUARIO/Add", { usuario: "farmacia1", clave: SECRETS.added, id_rol: 1, estado: "A" })).toMatchObject({ Success: true, Warning: false });
  expect(await call("/api/SEG_USUARIO/Add", { usuario: "farmacia2", clave: SECRETS.same, id_rol: 1, estado: "A" })).toMatchObject({ Success: true, Warning: false });
  expect(await call("/api/SEG_USUARIO/Add", { usuario: "farmacia3", clave: SECRETS.same, id_rol: 1, estado: "A" })).toMatchObject({ Success: true, Warning: false });
  expect(
    await call("/api/SEG_USUARIO/Update", { id_usuario: userId("farmacia1"), usuario: "farmacia1", id_rol: 1, estado: "A", clave: SECRETS.updated }),
  ).toMatchObject({ Success: true, Warning: false });
  tokens.push(await login(t.app, "farmacia1", SECRETS.updated));

  // Failed logins: wrong password, unknown user, the old password; a password in a malformed body.
  await call("/api/Account/Login", { Username: "admin", Password: SECRETS.wrong }, null);
  await call("/api/Account/Login", { Username: "nadie", Password: SECRETS.wrong }, null);
  await call("/api/Account/Login", { Username: "farmacia1", Password: SECRETS.added }, null);
  await call("/api/Account/Login", `{"Username":"admin","Password":"${SECRETS.wrong}"`, null);
  await call("/api/SEG_USUARIO/GetByUsername", { usuario: "farmacia1", clave: SECRETS.updated });

  // Refused and failing requests that carry a valid token: bad signature, query-string token, an action
  // whose authentication step throws.
  const [h, p] = t.token.split(".");
  await call("/api/CVN_PLAN_SEGURO/GetAllActives", {}, `${h}.${p}.${"A".repeat(43)}`);
  await call(`/api/CVN_PLAN_SEGURO/GetAllActives?access_token=${t.token}`, {}, null);
  throwFor = userId("farmacia1");
  await call("/api/CVN_PLAN_SEGURO/GetAllActives", {}, tokens[1]!);
  throwFor = -1;

  // Every operation once, with its documented request example, as admin.
  for (const op of listOperations()) {
    const example = op.requestExamples.request ?? op.requestExamples.empty;
    const query = op.queryParameters.map((q) => `${q.name}=${String(q.example ?? 1)}`).join("&");
    await call(query ? `${op.path}?${query}` : op.path, example?.value ?? {});
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe("stored passwords", () => {
  it("every SEG_USUARIO.clave is a salted scrypt/bcrypt hash, never the password", () => {
    const rows = t.db.prepare("SELECT usuario, clave FROM SEG_USUARIO").all() as { usuario: string; clave: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(r.clave, `clave of ${r.usuario}`).toMatch(HASH);
      for (const secret of [...Object.values(SECRETS), ADMIN.Password]) expect(r.clave).not.toContain(secret);
    }
    const same = rows.filter((r) => r.usuario === "farmacia2" || r.usuario === "farmacia3").map((r) => r.clave);
    expect(same).toHaveLength(2);
    expect(same[0], "same password, same hash: no salt").not.toBe(same[1]);
  });

  it("scrypt cost is at least N=2^14 (brute force stays expensive)", () => {
    const clave = t.db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as string;
    if (clave.startsWith("scrypt$")) expect(Number(clave.split("$")[1])).toBeGreaterThanOrEqual(2 ** 14);
    else expect(Number(clave.slice(4, 6))).toBeGreaterThanOrEqual(10);
  });

  it("a password changed by SEG_USUARIO/Update is hashed too, and the old one stops working", async () => {
    const stored = t.db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = 'farmacia1'").pluck().get() as string;
    expect(stored).toMatch(HASH);
    const old = await call("/api/Account/Login", { Username: "farmacia1", Password: SECRETS.added }, null);
    expect(old.Data).toBeNull();
  });
});

describe("no answer and no log line carries a password, a hash or a token", () => {
  it("answers: no password, no hash; a token only in Login's Data.token", () => {
    expect(answers.length).toBeGreaterThan(listOperations().length);
    for (const body of answers) {
      for (const secret of [...Object.values(SECRETS), ADMIN.Password, TEST_JWT.secret]) expect(body, body.slice(0, 200)).not.toContain(secret);
      expect(body).not.toMatch(/scrypt\$|\$2[aby]\$/);
      let outsideToken = body;
      const parsed = JSON.parse(body) as { Data?: { token?: unknown } | null };
      if (parsed.Data && typeof parsed.Data === "object" && typeof parsed.Data.token === "string") {
        outsideToken = JSON.stringify({ ...parsed, Data: { ...parsed.Data, token: null } });
      }
      for (const token of tokens) expect(outsideToken, outsideToken.slice(0, 200)).not.toContain(token.split(".")[2]!);
    }
  });

  it("logs (trace level): no password, hash, token, token signature or signing key", () => {
    const text = log.text();
    // The capture works: requests were logged, including refusals (vacuous otherwise).
    expect(log.lines.length).toBeGreaterThan(200);
    expect(text).toContain("incoming request");
    expect(text).toMatch(/unauthorized|request refused/);
    // The request that carried a token in its query string was logged, with the value replaced.
    expect(text).toContain("access_token=[REDACTED]");
    for (const secret of [...Object.values(SECRETS), ADMIN.Password, TEST_JWT.secret]) {
      expect(text.includes(secret), `log contains the secret ${secret}`).toBe(false);
    }
    expect(text).not.toMatch(/scrypt\$|\$2[aby]\$/);
    for (const token of tokens) {
      const signature = token.split(".")[2]!;
      const leaked = log.lines.find((l) => l.includes(signature));
      expect(leaked, `a log line carries a token: ${leaked?.slice(0, 300)}`).toBeUndefined();
    }
  });
});

describe("login time does not reveal whether a user exists", () => {
  // Both an unknown user and a known user with a wrong password must run scrypt: the handler verifies
  // unknown users against a dummy hash (verifyPasswordOrDummy). Without that path, an unknown user would be
  // answered after a SELECT (well under a millisecond) while a wrong password costs ~0.1 s of scrypt: the
  // ratio of medians would be ~0.01, far outside the 0.5–2 band below. The band is generous because the
  // machine runs other tests at the same time; the requests alternate so both sides see the same load.
  async function timed(body: Record<string, string>, path = "/api/Account/Login"): Promise<number> {
    const start = process.hrtime.bigint();
    const res = await t.app.inject({ method: "POST", url: path, headers: path.includes("Login") ? {} : { authorization: `Bearer ${t.token}` }, payload: body });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(res.json()).toMatchObject({ Success: true, Warning: true, Data: null });
    return ms;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  for (const [name, path, unknown, known] of [
    ["Account/Login", "/api/Account/Login", { Username: "no.existe.nunca", Password: SECRETS.wrong }, { Username: "admin", Password: SECRETS.wrong }],
    ["SEG_USUARIO/GetByUsername", "/api/SEG_USUARIO/GetByUsername", { usuario: "no.existe.nunca", clave: SECRETS.wrong }, { usuario: "admin", clave: SECRETS.wrong }],
  ] as const) {
    it(`${name}: unknown user vs wrong password, medians within 0.5–2×`, async () => {
      await timed(unknown, path);
      await timed(known, path);
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 9; i++) {
        a.push(await timed(unknown, path));
        b.push(await timed(known, path));
      }
      const ratio = median(a) / median(b);
      expect(ratio, `unknown ${median(a).toFixed(1)} ms vs wrong password ${median(b).toFixed(1)} ms`).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
      // Both sides did real work (scrypt), not a fast path.
      expect(median(a)).toBeGreaterThan(5);
    });
  }
});
