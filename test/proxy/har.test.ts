// `verify --har`: exchanges recorded from the reference server check clean; the same file with one answer
// tampered reports exactly that; entries outside the API are counted and skipped; same exit codes as verify.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";
import type { Har } from "../../cli/har.js";
import type { Report } from "../../cli/model.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { runCli } from "../support/run-cli.js";
import { recordHar } from "../support/har-recording.js";

let server: TestServer;
let har: Har;
let dir: string;
const json = { "content-type": "application/json" };

beforeAll(async () => {
  server = await startTestServer({}, { login: false });
  dir = mkdtempSync(join(tmpdir(), "romsoft-har-"));
  const login = await fetch(`${server.baseUrl}/api/Account/Login`, { method: "POST", headers: json, body: JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }) });
  const token = ((await login.json()) as { Data: { token: string } }).Data.token;
  const auth = { ...json, authorization: `Bearer ${token}` };
  har = await recordHar(server.baseUrl, [
    { path: "/api/Account/Login", headers: json, body: JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD, ValidacionAD: false }) },
    { path: "/api/ADM_OCUPACION/GetAllActives", headers: auth, body: "{}" },
    { path: "/api/ADM_GENERO/GetAllActives", headers: auth, body: '""', base64: true },
    { path: "/api/SEG_ROL/GetAllActives", headers: json, body: "{}" },
    { path: "/api/FAR_PRODUCTO/GetById?idProducto=1", headers: auth, body: "null" },
    { path: "/api/ADM_OCUPACION/GetAllFilters", headers: auth, body: '{"$id":"1","id_ocupacion":0,"c_codigo":null,"t_descripcion":"ENF","f_estado":null}' },
    { method: "OPTIONS", path: "/api/ADM_OCUPACION/GetAllActives", headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" } },
    { method: "GET", path: "/openapi.json" },
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(file: string, extra: string[] = []): Promise<{ code: number; report: Report; stdout: string; stderr: string }> {
  const out = join(dir, "report.json");
  const run = await runCli(["verify", "--har", file, "--report", out, ...extra], {});
  if (run.code === 2) throw new Error(run.stderr);
  return { ...run, report: JSON.parse(readFileSync(out, "utf8")) as Report };
}

describe("verify --har", () => {
  it("a HAR recorded from the reference server checks clean", async () => {
    const file = join(dir, "clean.har");
    writeFileSync(file, JSON.stringify(har));
    const { code, report, stdout } = await check(file);
    expect(report.findings.map((f) => `${f.operationId} [${f.check}] ${f.category} ${f.pointer ?? ""}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
    expect(report.source).toEqual({ kind: "har", file: "clean.har", exchanges: 8, checked: 6, outsideApi: 2, unchecked: 0 });
    expect(report.target.baseUrl).toBe(`${server.baseUrl}/`);
    // The unauthenticated call was refused: the auth check passed on it.
    const rol = report.operations.find((o) => o.operationId === "SEG_ROL_GetAllActives")!;
    expect(rol.checks).toContainEqual({ name: "auth:no-token", status: "passed" });
    expect(report.login.token).toMatchObject({ present: true, wellFormed: true });
    expect(stdout).toContain("8 exchange(s): 6 checked, 2 outside the API (skipped), 0 not checked");
  });

  it("the same file with one answer tampered reports exactly that", async () => {
    const tampered = structuredClone(har);
    const entry = tampered.log.entries[1]!;
    const body = JSON.parse(entry.response.content!.text!) as { Data: Record<string, unknown>[] };
    expect(body.Data.length).toBeGreaterThan(0);
    body.Data[0]!.id_ocupacion = String(body.Data[0]!.id_ocupacion);
    entry.response.content!.text = JSON.stringify(body);
    const file = join(dir, "tampered.har");
    writeFileSync(file, JSON.stringify(tampered));
    const { code, report } = await check(file);
    expect(code).toBe(1);
    expect(report.findings.map((f) => ({ op: f.operationId, check: f.check, direction: f.direction, category: f.category, pointer: f.pointer }))).toEqual([
      { op: "ADM_OCUPACION_GetAllActives", check: "response", direction: "response", category: "wrong-type", pointer: "/Data/0/id_ocupacion" },
    ]);
    // The example exchange is redacted as verify redacts: the bearer token is not in the report.
    expect(report.findings[0]!.exchange?.request.headers.authorization).toBe("Bearer [REDACTED]");
    expect(JSON.stringify(report)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it("a base64-encoded answer is decoded before it is judged", async () => {
    const tampered = structuredClone(har);
    const entry = tampered.log.entries[2]!;
    expect(entry.response.content?.encoding).toBe("base64");
    const body = JSON.parse(Buffer.from(entry.response.content!.text!, "base64").toString("utf8")) as { Success: unknown };
    body.Success = "true";
    entry.response.content!.text = Buffer.from(JSON.stringify(body)).toString("base64");
    const file = join(dir, "base64.har");
    writeFileSync(file, JSON.stringify(tampered));
    const { code, report } = await check(file);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.operationId} ${f.category} ${f.pointer}`)).toEqual(["ADM_GENERO_GetAllActives wrong-type /Success"]);
  });

  it("--operations narrows the check; the rest is counted as not checked", async () => {
    const file = join(dir, "clean.har");
    const { report } = await check(file, ["--operations", "ADM_*"]);
    expect(report.source).toMatchObject({ checked: 3, outsideApi: 2, unchecked: 3 });
  });

  it("exit 2 for a file that is not HAR, or options that need a deployment", async () => {
    const notHar = join(dir, "not.har");
    writeFileSync(notHar, '{"entries":[]}');
    const r1 = await runCli(["verify", "--har", notHar], {});
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("not.har is not a HAR file (no log.entries array)");
    const r2 = await runCli(["verify", "--har", join(dir, "missing.har")], {});
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--har ".*missing\.har": no such file/);
    const r3 = await runCli(["verify", "--har", notHar, "--base-url", server.baseUrl], {});
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain("--base-url does not apply to verify --har");
  });
});
