// The admin password of `npm start` (server/main.ts with server/admin-password.ts): the quick start's
// credentials on a loopback address, a refusal before listening when a new database would face the network
// with them, and an honest banner when ROMSOFT_ADMIN_PASSWORD cannot apply to an existing database.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../server/admin-password.js";
import { SOURCE_COMMAND, startChildServer } from "../support/server-process.js";

const dir = mkdtempSync(join(tmpdir(), "romsoft-admin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of the test process without any ROMSOFT_* setting. */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !e[0].startsWith("ROMSOFT_") && e[1] !== undefined));
}

/** Runs the server expecting it to exit by itself; resolves with its exit code and output. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, SOURCE_COMMAND, { env: { ...cleanEnv(), PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not exit:\n${output}`));
    }, 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function login(baseUrl: string, password: string): Promise<{ Success: boolean; Warning: boolean }> {
  const res = await fetch(`${baseUrl}/api/Account/Login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ Username: "admin", Password: password }),
  });
  return (await res.json()) as { Success: boolean; Warning: boolean };
}

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"])("%s is loopback", (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "romsoft.example.pe", "", "128.0.0.1"])("%s is not", (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("the admin password of npm start", () => {
  it("refuses a new database on a non-loopback HOST without ROMSOFT_ADMIN_PASSWORD: exit 1 before listening, nothing created", async () => {
    const db = join(dir, "network.db");
    const { code, output } = await runUntilExit({ HOST: "0.0.0.0", ROMSOFT_DB: db });
    expect(code).toBe(1);
    expect(output).toContain("ROMSOFT_ADMIN_PASSWORD");
    expect(output).not.toMatch(/listening/i);
    expect(existsSync(db)).toBe(false);
  }, 40_000);

  it("gives a new database on a loopback HOST the quick start's admin/yourpassword, with the warning", async () => {
    const db = join(dir, "loopback.db");
    const s = await startChildServer({ ...cleanEnv(), HOST: "127.0.0.1", ROMSOFT_DB: db });
    try {
      expect(await login(s.baseUrl, "yourpassword")).toMatchObject({ Success: true, Warning: false });
      expect(await login(s.baseUrl, "admin")).toMatchObject({ Success: true, Warning: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(s.output()).toContain(`"Username":"admin","Password":"yourpassword"`);
      expect(s.output()).toMatch(/WARNING: admin has the default password 'yourpassword'/);
    } finally {
      await s.stop();
    }
  }, 40_000);

  it("does not apply ROMSOFT_ADMIN_PASSWORD to an existing database, and the banner says so", async () => {
    const db = join(dir, "existing.db");
    const first = await startChildServer({ ...cleanEnv(), ROMSOFT_DB: db, ROMSOFT_ADMIN_PASSWORD: "Primera-Clave-1" });
    await first.stop();
    const again = await startChildServer({ ...cleanEnv(), ROMSOFT_DB: db, ROMSOFT_ADMIN_PASSWORD: "Otra-Clave-2" });
    try {
      expect(await login(again.baseUrl, "Primera-Clave-1")).toMatchObject({ Success: true, Warning: false });
      expect(await login(again.baseUrl, "Otra-Clave-2")).toMatchObject({ Success: true, Warning: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(again.output()).toMatch(/ROMSOFT_ADMIN_PASSWORD is set but NOT applied/);
      expect(again.output()).not.toMatch(/password in ROMSOFT_ADMIN_PASSWORD/);
      expect(again.output()).not.toMatch(/default password/);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it("starts an existing database on a non-loopback HOST without ROMSOFT_ADMIN_PASSWORD (its password was chosen)", async () => {
    const db = join(dir, "existing.db");
    // Refused before listening would show as an exit; here it must get as far as binding (port 0 on loopback
    // is what the test may listen on, so HOST stays loopback and the plan is checked directly).
    const { planAdminPassword } = await import("../../server/admin-password.js");
    expect(planAdminPassword({ host: "0.0.0.0", dbPath: db, adminPassword: undefined })).toEqual({ kind: "existing", ignored: false, stillDefault: false });
    expect(() => planAdminPassword({ host: "0.0.0.0", dbPath: join(dir, "none.db"), adminPassword: undefined })).toThrow(/ROMSOFT_ADMIN_PASSWORD/);
    expect(planAdminPassword({ host: "0.0.0.0", dbPath: join(dir, "none.db"), adminPassword: "x" })).toEqual({ kind: "given", password: "x" });
  });
});
