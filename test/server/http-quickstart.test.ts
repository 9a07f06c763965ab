// The documented quick start, verbatim (same paths, headers and bodies, byte for byte), against the
// reference server: first with fetch, then with the curl command lines themselves when curl is installed; and
// all five steps against `npm start` on a fresh data folder with no settings, as a new user runs it.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractValidator } from "../../contract/validate.js";
import { getOperation, listOperations, listSandboxOperations } from "../../contract/spec.js";
import { npmStart, type StartedServer } from "../support/npm-start.js";
import { startTestServer, type TestServer } from "../support/server.js";

const run = promisify(execFile);

// The quick start's request bodies, exactly as its curl -d arguments spell them.
const LOGIN_BODY = `{
    "Username": "admin",
    "Password": "yourpassword"
  }`;
const PLANS_BODY = "{}";
const PATIENTS_BODY = `{
    "apellidos": "Garcia",
    "estado": "A"
  }`;

const validator = new ContractValidator({ strictResponses: true });
let server: TestServer;

interface Envelope {
  Message: unknown;
  Success: unknown;
  Warning: unknown;
  Data: unknown;
}

function expectEnvelope(body: unknown): asserts body is Envelope {
  expect(body).toBeTypeOf("object");
  expect(Object.keys(body as object).sort()).toEqual(["Data", "Message", "Success", "Warning"]);
}

/** Step 1 to 4 with fetch, headers and bodies as in the quick start. */
async function quickStartWithFetch(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/Account/Login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: LOGIN_BODY,
  });
  const loginBody = (await login.json()) as Envelope & { Data: { token: string } };
  const token = loginBody.Data.token;
  const plans = await fetch(`${baseUrl}/api/CVN_PLAN_SEGURO/GetAllActives`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: PLANS_BODY,
  });
  const patients = await fetch(`${baseUrl}/api/ADM_PACIENTE/GetAllFilters`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: PATIENTS_BODY,
  });
  return {
    login: { status: login.status, body: loginBody as unknown },
    plans: { status: plans.status, body: (await plans.json()) as unknown },
    patients: { status: patients.status, body: (await patients.json()) as unknown, ignored: patients.headers.get("romsoft-ignored-properties") },
  };
}

function checkSteps(steps: Awaited<ReturnType<typeof quickStartWithFetch>>): void {
  // Step 1: Login answers the user with a JWT in Data.token.
  expect(steps.login.status).toBe(200);
  expectEnvelope(steps.login.body);
  expect(steps.login.body).toMatchObject({ Success: true, Warning: false, Message: null });
  const user = steps.login.body.Data as Record<string, unknown>;
  expect(Object.keys(user).sort()).toEqual(["apellidos", "clave", "estado", "id_rol", "id_usuario", "nombres", "token", "usuario"]);
  expect(user.usuario).toBe("admin");
  expect(user.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(validator.validateResponse(getOperation("Account_Login"), steps.login.body).valid).toBe(true);

  // Step 3: active insurance plans, including the two of the quick start.
  expect(steps.plans.status).toBe(200);
  expectEnvelope(steps.plans.body);
  expect(steps.plans.body).toMatchObject({ Success: true, Warning: false, Message: null });
  const plans = steps.plans.body.Data as { t_descripcion: string | null }[];
  expect(Array.isArray(plans)).toBe(true);
  const names = plans.map((p) => p.t_descripcion);
  expect(names).toContain("SIS GRATUITO");
  expect(names).toContain("ESSALUD");
  expect(validator.validateResponse(getOperation("CVN_PLAN_SEGURO_GetAllActives"), steps.plans.body).valid).toBe(true);

  // Step 4: the patient search answers a list (the quick start's filter names are not DTO properties).
  expect(steps.patients.status).toBe(200);
  expectEnvelope(steps.patients.body);
  expect(steps.patients.body).toMatchObject({ Success: true, Warning: false, Message: null });
  expect(Array.isArray(steps.patients.body.Data)).toBe(true);
  expect(validator.validateResponse(getOperation("ADM_PACIENTE_GetAllFilters"), steps.patients.body).valid).toBe(true);
  // ...and the server says that neither had an effect: the action reads only valorRequest.
  expect(steps.patients.ignored).toBe("apellidos, estado");
}

beforeAll(async () => {
  // The quick start logs in with the password "yourpassword": the default of a new database.
  server = await startTestServer();
});

afterAll(() => server?.close());

describe("the quick start", () => {
  it("works verbatim with fetch", async () => {
    checkSteps(await quickStartWithFetch(server.baseUrl));
  });

  it("answers bad credentials with Success:true, Warning:true and no 4xx", async () => {
    const res = await fetch(`${server.baseUrl}/api/Account/Login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: LOGIN_BODY.replace("yourpassword", "not-the-password"),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expectEnvelope(body);
    expect(body).toMatchObject({ Success: true, Warning: true, Data: null });
    expect(body.Message).toBeTypeOf("string");
  });

  it("answers 401 when the Authorization header is omitted (step 3 without the token)", async () => {
    const res = await fetch(`${server.baseUrl}/api/CVN_PLAN_SEGURO/GetAllActives`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: PLANS_BODY,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ Message: "No autorizado: falta el token (Authorization: Bearer <token>).", Success: false, Warning: false, Data: null });
  });

  it("works verbatim with curl", async () => {
    checkSteps(await quickStartWithCurl(server.baseUrl));
  });
});

describe("the quick start against npm start on a fresh data folder with no settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-first-run-"));
  let started: StartedServer | undefined;

  beforeAll(async () => {
    started = await npmStart(dir);
  }, 90_000);

  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates ./data/romsoft.db and says how to log in with the quick start's credentials", () => {
    expect(existsSync(join(dir, "data", "romsoft.db"))).toBe(true);
    expect(started!.output()).toContain(`"Username":"admin","Password":"yourpassword"`);
  });

  it("runs steps 1 to 4 verbatim (curl command lines, bodies and credentials of the quick start)", async () => {
    checkSteps(await quickStartWithCurl(started!.baseUrl));
  });

  it("step 5: the API reference is one click away from the server's address", async () => {
    const root = await fetch(`${started!.baseUrl}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/docs");
    const spec = await fetch(`${started!.baseUrl}/openapi.json`);
    expect(spec.status).toBe(200);
    const paths = Object.keys(((await spec.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toContain("/api/Account/Login");
    // The whole spec: every API operation, and the sandbox's own ones (documented, served only by the sandbox).
    expect(paths.filter((p) => p.startsWith("/api/"))).toHaveLength(listOperations().length);
    expect(paths.filter((p) => !p.startsWith("/api/"))).toEqual(listSandboxOperations().map((o) => o.path));
    const docs = await fetch(`${started!.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
  }, 60_000);
});

/** Steps 1 to 4 with the quick start's curl command lines (`https://<your-server>` → the server's address). */
async function quickStartWithCurl(baseUrl: string) {
  const curlPath = await run("sh", ["-c", "command -v curl"]).then((r) => r.stdout.trim(), () => "");
  // No curl on this machine: fetch sends the same bytes.
  if (!curlPath) return quickStartWithFetch(baseUrl);
  const curl = async (args: string[]) => {
    const { stdout } = await run(curlPath, ["-sS", "--max-time", "20", "-w", "\n%{http_code}\n%header{romsoft-ignored-properties}", ...args]);
    const [ignored = "", status = "", ...rest] = stdout.split("\n").reverse();
    return { status: Number(status), body: JSON.parse(rest.reverse().join("\n")) as unknown, ignored: ignored === "" ? null : ignored };
  };
  const login = await curl(["-X", "POST", `${baseUrl}/api/Account/Login`, "-H", "Content-Type: application/json", "-d", LOGIN_BODY]);
  const token = (login.body as { Data: { token: string } }).Data.token;
  const plans = await curl([
    "-X", "POST", `${baseUrl}/api/CVN_PLAN_SEGURO/GetAllActives`,
    "-H", "Content-Type: application/json",
    "-H", `Authorization: Bearer ${token}`,
    "-d", PLANS_BODY,
  ]);
  const patients = await curl([
    "-X", "POST", `${baseUrl}/api/ADM_PACIENTE/GetAllFilters`,
    "-H", "Content-Type: application/json",
    "-H", `Authorization: Bearer ${token}`,
    "-d", PATIENTS_BODY,
  ]);
  return { login, plans, patients };
}
