// `npm start` runs the compiled server: `prestart` builds server/, contract/ and the docs builder into dist/
// with esbuild, and `start` runs dist/server/main.js with plain node. These tests run that build and that
// command (from package.json, not a copy of it) and check that the compiled server finds the project's files
// (bundled spec, seed, docs sources) from one folder deeper and behaves like the sources.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, startChildServer, type ChildServer } from "../support/server-process.js";

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

function tsFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => join(dir, f));
}

async function post(baseUrl: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { Message: unknown; Success: boolean; Warning: boolean; Data: unknown } };
}

describe("npm start", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-start-"));
  let server: ChildServer | undefined;

  beforeAll(async () => {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: PROJECT_ROOT, stdio: "pipe" });
    const words = pkg.scripts.start!.trim().split(/\s+/);
    server = await startChildServer(
      { ROMSOFT_DB: join(dir, "romsoft.db"), ROMSOFT_ADMIN_PASSWORD: "Start-Cmd-1", ROMSOFT_JWT_SECRET: "s".repeat(40) },
      30_000,
      words.slice(1),
    );
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is prestart's build followed by plain node on the compiled main module", () => {
    expect(pkg.scripts.prestart).toBe("npm run build --silent");
    expect(pkg.scripts.start).toMatch(/^node (?:\S+ )*dist\/server\/main\.js$/);
    expect(pkg.scripts.build).toMatch(/^esbuild /);
  });

  it("the build compiles every module the server loads at run time", () => {
    for (const file of [...tsFiles("server"), ...tsFiles("contract")]) {
      const out = join(PROJECT_ROOT, "dist", file.replace(/\.ts$/, ".js"));
      expect(existsSync(out), relative(PROJECT_ROOT, out)).toBe(true);
    }
    // The migrations' SQL is read at run time beside the compiled module.
    const sql = readdirSync(join(PROJECT_ROOT, "server"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".sql"));
    expect(sql.length).toBeGreaterThan(0);
    for (const file of sql) expect(existsSync(join(PROJECT_ROOT, "dist", "server", file)), file).toBe(true);
  });

  it("serves the seeded database, the spec and the contract's answers from dist/", async () => {
    const s = server!;
    const login = await post(s.baseUrl, "/api/Account/Login", { Username: "admin", Password: "Start-Cmd-1" });
    expect(login.status).toBe(200);
    const token = (login.json.Data as { token: string }).token;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const plans = await post(s.baseUrl, "/api/CVN_PLAN_SEGURO/GetAllActives", "", token);
    expect(plans.json).toMatchObject({ Success: true, Warning: false });
    expect((plans.json.Data as unknown[]).length).toBeGreaterThan(0);
    const bad = await post(s.baseUrl, "/api/ADM_PACIENTE/GetById", { id_paciente: "uno" }, token);
    expect(bad.status).toBe(400);
    expect(String(bad.json.Message)).toContain("id_paciente");
    const spec = await fetch(`${s.baseUrl}/openapi.json`);
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("stops cleanly on SIGTERM", async () => {
    const s = server!;
    process.kill(s.pid, "SIGTERM");
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });
});
