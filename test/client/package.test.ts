// @romsoft-contract/client as a separate project gets it: `npm pack --workspace client` (prepack builds it),
// the tarball installed into an empty project, a consumer type-checked (strict, nodenext: a correct call
// compiles, a wrong body type does not), run with plain node against the reference server, and bundled with
// esbuild for a browser, where a page under `script-src 'self'` calls the server, the mock and the sandbox
// with the precompiled validators on and reports an off-spec answer. The package's size budgets are enforced here too
// (sizes, not timings) and printed.
//
// Installing fetches openapi-fetch (the one dependency) through npm, from its cache when it can.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../contract/spec.js";
import { startMock, type MockServer } from "../../mocks/prism.js";
import { setHashCost } from "../../server/auth/password.js";
import { startTestServer, type TestServer } from "../support/server.js";

setHashCost(1 << 10);

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const consumerSources = join(here, "package-consumer");
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Budgets of issue "the typed client as a real package". */
const BUDGET = { coreGzip: 12 * 1024, tarball: 200 * 1024, installed: 10 * 1024 * 1024 };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bytes on disk (allocated blocks) and every file under a folder. */
function walk(dir: string, files: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) walk(path, files);
    else files.push(path);
  }
  return files;
}
const onDisk = (files: string[]) => files.reduce((sum, f) => sum + lstatSync(f).blocks * 512, 0);

/**
 * The front end's own origin on loopback, as a developer's dev server would be: the page and its script under
 * `Content-Security-Policy: script-src 'self'`, `/api/*` passed through to the reference server (same origin
 * for the page; the reference server sends no CORS headers), `/off-spec/api/*` answered with a list whose row
 * has a wrongly typed and an undeclared property. The mock (`npm run mock`: the envelope front before Prism)
 * is called cross-origin: it answers CORS.
 */
async function startPageServer(appJs: string, apiBaseUrl: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const csp = { "Content-Security-Policy": "script-src 'self'" };
  const html = '<!doctype html><meta charset="utf-8"><title>client</title><pre id="out"></pre><script type="module" src="/app.js"></script>';
  const pages = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://page").pathname;
    if (path === "/") return res.writeHead(200, { ...csp, "Content-Type": "text/html" }).end(html);
    if (path === "/app.js") return res.writeHead(200, { ...csp, "Content-Type": "text/javascript" }).end(readFileSync(appJs));
    if (path.startsWith("/off-spec/api/")) {
      const body = { Message: null, Success: true, Warning: false, Data: [{ id_plan_seguro: "1", color: "red" }] };
      return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    }
    if (path.startsWith("/api/") && req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type"]) if (req.headers[name]) headers[name] = String(req.headers[name]);
      const answer = await fetch(`${apiBaseUrl}${req.url}`, { method: "POST", headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      return res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "text/plain" }).end(Buffer.from(await answer.arrayBuffer()));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => pages.listen(0, "127.0.0.1", done));
  const { port } = pages.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => pages.close(() => done())) };
}

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

describe("@romsoft-contract/client installed from its tarball", () => {
  let project: string;
  let tarball: Packed;
  let server: TestServer;
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "romsoft-client-consumer-"));
    const packing = run("npm", ["pack", "--workspace", "client", "--pack-destination", project, "--json", "--silent"], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    server = await startTestServer({}, { login: false });
    // prepack's build prints a line before npm's JSON.
    const { stdout } = await packing;
    const [packed] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as Packed[];
    if (!packed) throw new Error("npm pack printed no package");
    tarball = packed;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
    await run("npm", ["install", `./${tarball.filename}`, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
    });
    for (const file of readdirSync(consumerSources)) copyFileSync(join(consumerSources, file), join(project, file));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
    if (Object.keys(figures).length > 0) {
      console.log(
        ["Client package", ...Object.entries(figures).map(([name, value]) => `  ${name.padEnd(44)} ${value}`)].join("\n"),
      );
    }
  });

  it("is versioned as the spec and holds only its build output, README and package.json", () => {
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", "@romsoft-contract", "client", "package.json"), "utf8")) as {
      version: string;
      dependencies: Record<string, string>;
    };
    expect(manifest.version).toBe(loadSpec().info.version);
    expect(manifest.dependencies).toEqual({ "openapi-fetch": expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const paths = tarball.files.map((f) => f.path).sort();
    for (const path of paths) expect(path).toMatch(/^(package\.json|README\.md|dist\/[a-z]+\.(js|d\.ts)|dist\/contract\/[a-z-]+\.d\.ts)$/);
    expect(paths).toEqual(expect.arrayContaining(["README.md", "dist/index.js", "dist/index.d.ts", "dist/validate.js", "dist/validate.d.ts", "dist/api.d.ts"]));
  });

  it("stays within its size budgets and installs no native module", () => {
    const tgz = statSync(join(project, tarball.filename)).size;
    const installed = walk(join(project, "node_modules"));
    const packages = installed.filter((f) => f.endsWith("/package.json") && !f.slice(0, -13).includes("/node_modules/", f.lastIndexOf("node_modules/") + 1));
    figures["tarball"] = `${kb(tgz)} (budget ${kb(BUDGET.tarball)}), ${tarball.files.length} files`;
    figures["installed in an empty project (on disk)"] = `${kb(onDisk(installed))} (budget ${kb(BUDGET.installed)}), ${packages.length} packages`;
    expect(tgz).toBeLessThanOrEqual(BUDGET.tarball);
    expect(onDisk(installed)).toBeLessThanOrEqual(BUDGET.installed);
    expect(installed.filter((f) => f.endsWith(".node") || f.endsWith("binding.gyp"))).toEqual([]);
    for (const pkg of installed.filter((f) => f.endsWith("package.json"))) {
      const scripts = (JSON.parse(readFileSync(pkg, "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
      expect(Object.keys(scripts).filter((s) => /^(pre|post)?install$/.test(s)), pkg).toEqual([]);
    }
  });

  it("type-checks a consumer and its README's examples under strict + nodenext, and refuses a wrong body type", async () => {
    // The README shipped in the tarball (the npm page): its TypeScript blocks compile with the consumer.
    const readme = readFileSync(join(project, "node_modules", "@romsoft-contract", "client", "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const readmeFiles = blocks.map((code, i) => {
      writeFileSync(join(project, `readme-${i}.ts`), code);
      return `readme-${i}.ts`;
    });
    // The package's own declarations are checked (skipLibCheck false) once, in the consumer's compilation.
    const tsconfig = (files: string[], noEmit = false) =>
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: noEmit ? { noEmit, skipLibCheck: true } : {}, files });
    writeFileSync(join(project, "tsconfig.all.json"), tsconfig(["consumer.ts", "browser-app.ts", ...readmeFiles]));
    writeFileSync(join(project, "tsconfig.wrong.json"), tsconfig(["wrong-body.ts"], true));
    const compile = (config: string) =>
      run(process.execPath, [tsc, "-p", join(project, config)], { cwd: project }).then(
        () => "compiled",
        (e: { stdout?: string }) => e.stdout ?? "failed",
      );
    const [all, wrong] = await Promise.all([compile("tsconfig.all.json"), compile("tsconfig.wrong.json")]);
    expect(all).toBe("compiled");
    expect(wrong).toMatch(/^wrong-body\.ts\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/m);
    expect(wrong.match(/error TS/g)).toHaveLength(1);
  }, 120_000);

  it("runs with plain node against the reference server, validation on", async () => {
    const script = `import(${JSON.stringify("./out/consumer.js")}).then(async (m) => console.log(JSON.stringify(await m.main(process.argv[1]))))`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, server.baseUrl], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      login: "ok",
      user: "admin",
      plans: expect.any(Number),
      patients: expect.any(Number),
      contentType: expect.stringContaining("application/json"),
      ignored: ["t_apellido_paterno"],
      warning: expect.stringContaining("t_descripcion"),
      unauthorized: 401,
    });
    expect(JSON.parse(stdout).plans).toBeGreaterThan(0);
    expect(JSON.parse(stdout).patients).toBeGreaterThan(0);
  });

  it("bundles for a browser: the core alone within budget, core + ./validate without Node modules", async () => {
    writeFileSync(join(project, "core-only.ts"), 'export * from "@romsoft-contract/client";\n');
    const bundle = async (entry: string, outfile: string) => {
      const result = await build({
        entryPoints: [join(project, entry)],
        outfile: join(project, "www", outfile),
        absWorkingDir: project,
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: true,
        metafile: true,
        logLevel: "silent",
      });
      const code = readFileSync(join(project, "www", outfile));
      return { code, inputs: Object.keys(result.metafile.inputs) };
    };
    const core = await bundle("core-only.ts", "core.js");
    const app = await bundle("browser-app.ts", "app.js");
    const coreGzip = gzipSync(core.code, { level: 9 }).length;
    figures["core bundled for a browser (minified, gzip)"] = `${kb(coreGzip)} (budget ${kb(BUDGET.coreGzip)}), ${kb(core.code.length)} minified`;
    figures["core + ./validate bundled (minified, gzip)"] = `${kb(gzipSync(app.code, { level: 9 }).length)}, ${kb(app.code.length)} minified`;
    expect(coreGzip).toBeLessThanOrEqual(BUDGET.coreGzip);
    // The core pulls in no validator; the page bundle has them, from the installed package only.
    expect(core.inputs.filter((i) => i.includes("validate"))).toEqual([]);
    expect(app.inputs.some((i) => i.endsWith("@romsoft-contract/client/dist/validate.js"))).toBe(true);
    for (const input of [...core.inputs, ...app.inputs]) expect(input).toMatch(/^(node_modules\/|core-only\.ts$|browser-app\.ts$)/);
    // Nothing the package ships (or openapi-fetch) evaluates code from strings (checked in the browser too).
    const shipped = [core.code.toString("utf8"), readFileSync(join(project, "node_modules", "@romsoft-contract", "client", "dist", "validate.js"), "utf8")];
    for (const code of shipped) expect(/\bnew Function\b|\bFunction\(|\beval\(/.test(code), "eval or new Function in a shipped file").toBe(false);
  });

  describe("in Chromium, under Content-Security-Policy script-src 'self'", () => {
    let mock: MockServer | undefined;
    let sandbox: TestServer | undefined;
    let context: BrowserContext | undefined;
    let userDataDir: string | undefined;
    let closePages: (() => Promise<void>) | undefined;

    afterAll(async () => {
      await context?.close();
      await closePages?.();
      await mock?.stop();
      await sandbox?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    });

    it("calls the server, the mock and the sandbox with the precompiled validators on, and reports an off-spec answer", async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
      const appJs = join(project, "www", "app.js");
      if (!existsSync(appJs)) throw new Error("the browser bundle was not built (see the bundling test)");
      // The sandbox as npm run sandbox serves it (CORS for any origin), in this process.
      [mock, sandbox] = await Promise.all([startMock({ logLevel: "error" }), startTestServer({ sandbox: true }, { login: false })]);
      userDataDir = mkdtempSync(join(tmpdir(), "romsoft-client-chromium-"));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      const pages = await startPageServer(appJs, server.baseUrl);
      closePages = pages.close;
      const outside: string[] = [];
      await context.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if ([pages.origin, mock!.url, sandbox!.baseUrl].includes(url.origin)) return route.continue();
        outside.push(url.href);
        return route.abort("blockedbyclient");
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${pages.origin}/?mock=${encodeURIComponent(mock.url)}&sandbox=${encodeURIComponent(sandbox.baseUrl)}`);
      await expect.poll(() => page.locator("#out").textContent(), { timeout: 30_000 }).not.toBe("");
      const out = JSON.parse((await page.locator("#out").textContent()) ?? "{}") as Record<string, unknown>;
      expect(out).toMatchObject({
        step: "done",
        evalAllowed: false,
        serverLogin: "ok",
        mockLogin: "ok",
        sandboxLogin: "ok",
        sandboxListedAfterAdd: true,
        sandboxReset: 200,
        sandboxListedAfterReset: false,
        offSpec: { name: "RomsoftContractError" },
      });
      expect(out.serverPlans).toBeGreaterThan(0);
      expect(out.serverPatients).toBeGreaterThan(0);
      expect(out.mockPlans).toBeGreaterThan(0);
      expect(out.sandboxRowsAfterReset).toBeGreaterThan(0);
      expect((out.offSpec as { issues: { keyword: string; pointer: string; property?: string }[] }).issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ pointer: "/Data/0/id_plan_seguro", keyword: "type" }),
          expect.objectContaining({ keyword: "unevaluatedProperties", property: "color" }),
        ]),
      );
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    }, 120_000);
  });
});
