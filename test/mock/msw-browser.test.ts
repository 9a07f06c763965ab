// The in-browser mock in a real browser: headless Chromium opens a static page that registers MSW's service
// worker with `handlers` (mocks/msw/) and, with no API server running, logs in, lists plans, sees
// `Success:false` under `Prefer: example=error`, a 401 without token and a 400 naming the field. The page and
// the worker are served by a tiny static server that must never see an /api request.
//
// Chromium is Debian's (`apt-get install -y --no-install-recommends chromium`); set CHROMIUM_PATH to use
// another binary. Without it this test fails: it is not skipped.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation } from "../../contract/spec.js";
import { MSW_WORKER_FILE, copyMswWorker } from "../../scripts/msw-worker.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const here = dirname(fileURLToPath(import.meta.url));

interface Step {
  name: string;
  status: number;
  body: { Message: string | null; Success: boolean; Warning: boolean; Data: unknown };
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };

describe("MSW in Chromium: a page mocks the whole API with the service worker", () => {
  let dir: string;
  let site: Server;
  let siteUrl: string;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  /** Paths the static server was asked for. */
  const served: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "romsoft-msw-page-"));
    copyMswWorker(dir);
    await build({
      entryPoints: [join(here, "..", "fixtures", "msw-page.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(dir, "page.js"),
      logLevel: "warning",
    });
    writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><title>MSW</title><pre id="log"></pre><script type="module" src="/page.js"></script>\n');
    site = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      served.push(path);
      const file = path === "/" ? "index.html" : path.slice(1);
      if (!["index.html", "page.js", MSW_WORKER_FILE].includes(file)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(readFileSync(join(dir, file)));
    });
    await new Promise<void>((done) => site.listen(0, "127.0.0.1", done));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    if (!existsSync(CHROMIUM)) return;
    userDataDir = mkdtempSync(join(tmpdir(), "romsoft-msw-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((done) => site?.close(done));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("logs in, lists plans, shows Success:false under Prefer: example=error, and refuses as the server would", async () => {
    if (!context) throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y --no-install-recommends chromium" (or set CHROMIUM_PATH).`);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${siteUrl}/`);
    await page.waitForFunction(() => document.body.dataset.done !== undefined || document.body.dataset.error !== undefined, undefined, { timeout: 60_000 });
    const failure = await page.evaluate(() => document.body.dataset.error);
    expect(failure, "the page's script failed").toBeUndefined();
    const steps = JSON.parse((await page.evaluate(() => document.body.dataset.done)) ?? "[]") as Step[];
    const by = Object.fromEntries(steps.map((s) => [s.name, s]));

    const login = getOperation("Account_Login").responseExamples.ok!.value;
    expect(by.login).toStrictEqual({ name: "login", status: 200, body: login });
    expect(by.plans).toStrictEqual({ name: "plans", status: 200, body: getOperation("CVN_PLAN_SEGURO_GetAllActives").responseExamples.ok!.value });
    expect(Array.isArray(by.plans!.body.Data)).toBe(true);
    expect(by["plans-error"]!.status).toBe(200);
    expect(by["plans-error"]!.body.Success).toBe(false);
    expect(by["no-token"]!.status).toBe(401);
    expect(by["bad-body"]!.status).toBe(400);
    expect(by["bad-body"]!.body.Message).toBe("Solicitud inválida: el campo 'd_fecha_i_vigencia' debe ser una fecha y hora como 2021-09-06T10:12:05.");
    // What the user sees on the page.
    expect(await page.textContent("#log")).toContain("plans-error: HTTP 200 Success:false");
    expect(errors).toEqual([]);
    // No API server: nothing under /api ever reached the static server.
    expect(served.filter((p) => p.startsWith("/api"))).toEqual([]);
    expect(served).toContain(`/${MSW_WORKER_FILE}`);
  }, 90_000);

  it("mocks an API on another origin where nothing listens", async () => {
    if (!context) throw new Error(`Chromium not found at ${CHROMIUM}`);
    const page = await context.newPage();
    // Port 9 (discard) on loopback: no server answers there.
    await page.goto(`${siteUrl}/?api=${encodeURIComponent("http://127.0.0.1:9")}`);
    await page.waitForFunction(() => document.body.dataset.done !== undefined || document.body.dataset.error !== undefined, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.error)).toBeUndefined();
    const steps = JSON.parse((await page.evaluate(() => document.body.dataset.done)) ?? "[]") as Step[];
    expect(steps.map((s) => [s.name, s.status, s.body.Success])).toStrictEqual([
      ["login", 200, true],
      ["plans", 200, true],
      ["plans-error", 200, false],
      ["no-token", 401, false],
      ["bad-body", 400, false],
    ]);
  }, 90_000);
});
