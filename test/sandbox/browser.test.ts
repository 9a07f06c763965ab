// A front-end in a real browser: a page served from another origin (another port) loads the typed client,
// bundled for the browser, and runs the same script against `npm run sandbox` and against the mock.
// Against the sandbox the row it adds is listed, and gone after POST /sandbox/reset; against the mock
// (static examples) every call succeeds unchanged. Both need CORS: without it the page's fetch fails.
//
// Chromium is Debian's (`apt-get install -y --no-install-recommends chromium`); set CHROMIUM_PATH to use another
// binary. Without it these tests fail: they are not skipped.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type MockServer } from "../../mocks/prism.js";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

interface Step {
  status: number | null;
  success: boolean | null;
  message: string | null;
  codes?: string[];
}
type PageResult = { steps: Record<string, Step> };

/** The page's script: test/support/front-end-page.ts with the typed client, bundled for the browser. */
async function bundlePage(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, "test", "support", "front-end-page.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

/** Serves the page on its own origin (127.0.0.1, another port than the API's). */
async function servePage(script: string): Promise<{ server: Server; origin: string }> {
  const html = '<!doctype html><meta charset="utf-8"><title>front-end</title><script type="module" src="/front-end.js"></script>';
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/front-end.js") res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" }).end(script);
    else if (path === "/") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** `npm run sandbox`'s entry point (server/main.ts --sandbox) on a free port; resolves with its URL. */
async function startSandbox(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--sandbox"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ROMSOFT_SANDBOX: "", ROMSOFT_CORS_ORIGINS: "", ROMSOFT_DB: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /DEVELOPMENT SANDBOX.* listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (m) return { child, url: m[1]!, output: () => output };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sandbox did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a front-end page of another origin, with the typed client, in Chromium", () => {
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  let page: { server: Server; origin: string } | undefined;
  let sandbox: { child: ChildProcess; url: string; output: () => string } | undefined;
  let mock: MockServer | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const [script, started, mocked] = await Promise.all([bundlePage(), startSandbox(), startMock({ logLevel: "error" })]);
    sandbox = started;
    mock = mocked;
    page = await servePage(script);
    if (!existsSync(CHROMIUM)) return;
    userDataDir = mkdtempSync(join(tmpdir(), "romsoft-sandbox-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    // Only loopback: anything else is aborted.
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      return url.hostname === "127.0.0.1" ? route.continue() : route.abort("blockedbyclient");
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await new Promise<void>((done) => (page ? page.server.close(() => done()) : done()));
    if (sandbox?.child.exitCode === null && sandbox.child.pid !== undefined) process.kill(sandbox.child.pid, "SIGTERM");
    await mock?.stop();
  });

  async function runPage(api: string, session: string): Promise<PageResult> {
    if (!context) throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y --no-install-recommends chromium" (or set CHROMIUM_PATH).`);
    const tab = await context.newPage();
    tab.on("pageerror", (err) => pageErrors.push(err.message));
    try {
      await tab.goto(`${page!.origin}/?api=${encodeURIComponent(api)}&session=${session}`);
      await tab.waitForFunction(() => window.romsoftResult !== undefined || window.romsoftError !== undefined, undefined, { timeout: 30_000 });
      const error = await tab.evaluate(() => window.romsoftError);
      if (error) throw new Error(`the page failed: ${error}`);
      return (await tab.evaluate(() => window.romsoftResult)) as PageResult;
    } finally {
      await tab.close();
    }
  }

  it("against npm run sandbox: logs in, adds a row, lists it, resets the session and sees it gone", async () => {
    expect(new URL(page!.origin).port).not.toBe(new URL(sandbox!.url).port);
    const { steps } = await runPage(sandbox!.url, "browser-1");
    const code = steps.added!.message!;
    expect(steps.login).toMatchObject({ success: true });
    expect(steps.add).toMatchObject({ status: 200, success: true });
    expect(steps.listAfterAdd!.codes).toContain(code);
    expect(steps.reset).toEqual({ status: 200, success: true, message: "La sesión 'browser-1' del sandbox volvió a los datos iniciales.", codes: undefined });
    expect(steps.listAfterReset!.success).toBe(true);
    expect(steps.listAfterReset!.codes).not.toContain(code);
    expect(steps.listAfterReset!.codes!.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("the row was added in the page's session only: the default session never saw it", async () => {
    const login = await fetch(`${sandbox!.url}/api/Account/Login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ Username: "admin", Password: DEFAULT_ADMIN_PASSWORD }) });
    const token = ((await login.json()) as { Data: { token: string } }).Data.token;
    const list = await fetch(`${sandbox!.url}/api/ADM_OCUPACION/GetAllActives`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: "{}" });
    const codes = ((await list.json()) as { Data: { c_codigo: string }[] }).Data.map((r) => r.c_codigo);
    expect(codes.some((c) => /^B\d+$/.test(c))).toBe(false);
  });

  it("the same page against the mock (npm run mock: the front and Prism) works unchanged: every call answers its example", async () => {
    const { steps } = await runPage(mock!.url, "browser-1");
    expect(steps.login).toMatchObject({ success: true });
    expect(steps.add).toMatchObject({ status: 200, success: true });
    expect(steps.listAfterAdd).toMatchObject({ status: 200, success: true });
    expect(steps.listAfterAdd!.codes!.length).toBeGreaterThan(0);
    expect(steps.reset).toMatchObject({ status: 200, success: true });
    expect(steps.listAfterReset).toMatchObject({ status: 200, success: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
