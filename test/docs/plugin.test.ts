// The /docs route on its own (no browser): public, served as HTML at /docs and /docs/, built when missing,
// rebuilt when the spec is newer, and a clear envelope when it cannot be built; served with the request's own
// origin in place of the documented server; the console script at /docs/console.js; and the standalone copy
// `npm run docs -- --server <url>` writes.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import docsPlugin, { DOCS_UNAVAILABLE_MESSAGE } from "../../server/plugins/docs.js";
import { loadSpec } from "../../contract/spec.js";
import { buildDocs, normalizeServer } from "../../server/docs/reference-page.js";

describe("GET /docs", () => {
  let dir: string;
  let spec: string;
  let page: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "romsoft-docs-plugin-"));
    spec = join(dir, "openapi.json");
    page = join(dir, "site", "index.html");
    // A one-operation spec: the page is the same machinery, built faster than from the full spec (which the
    // browser test builds).
    const full = loadSpec();
    const login = full.paths["/api/Account/Login"];
    writeFileSync(
      spec,
      JSON.stringify({ openapi: full.openapi, info: full.info, servers: full.servers, paths: { "/api/Account/Login": login }, components: full.components }),
    );
    // Without the server's ignoreTrailingSlash option: the plugin registers /docs/ itself.
    app = Fastify();
    await app.register(docsPlugin, { specFile: spec, docsFile: page });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("builds the page on the first request and serves it without a token", async () => {
    expect(existsSync(page)).toBe(false);
    const res = await app.inject({ method: "GET", url: "/docs" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toMatch(/<title>Romsoft Gestión Clínica API/);
    expect(existsSync(page)).toBe(true);
    // Rendered from the given spec: its operation is in the page.
    expect(res.body).toContain("/api/Account/Login");
    // Offline and private: the Redoc scripts are inlined, no CDN logo, no telemetry; the one script loaded is
    // the console, from the server itself.
    expect(res.body).not.toContain("cdn.redoc.ly");
    expect([...res.body.matchAll(/<script[^>]+src="([^"]*)"/g)].map((m) => m[1])).toEqual(["/docs/console.js"]);
    expect(res.body).toMatch(/__redoc_options = .*"disableTelemetry":true/);
  });

  it("answers /docs/ the same way, and HEAD", async () => {
    const slash = await app.inject({ method: "GET", url: "/docs/" });
    expect(slash.statusCode).toBe(200);
    expect(slash.headers["content-type"]).toBe("text/html; charset=utf-8");
    const head = await app.inject({ method: "HEAD", url: "/docs" });
    expect(head.statusCode).toBe(200);
  });

  it("does not rebuild an up-to-date page, and rebuilds it when the spec is newer", async () => {
    const before = statSync(page).mtimeMs;
    await app.inject({ method: "GET", url: "/docs" });
    expect(statSync(page).mtimeMs).toBe(before);

    // Make the page older than the spec, as after `npm run generate`.
    const past = new Date(statSync(spec).mtimeMs - 60_000);
    utimesSync(page, past, past);
    const res = await app.inject({ method: "GET", url: "/docs" });
    expect(res.statusCode).toBe(200);
    expect(statSync(page).mtimeMs).toBeGreaterThan(statSync(spec).mtimeMs);
  });

  it("answers 503 in the envelope when the page does not exist and cannot be built", async () => {
    const broken = Fastify();
    await broken.register(docsPlugin, { specFile: join(dir, "missing.json"), docsFile: join(dir, "none", "index.html") });
    try {
      const res = await broken.inject({ method: "GET", url: "/docs" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ Message: DOCS_UNAVAILABLE_MESSAGE, Success: false, Warning: false, Data: null });
    } finally {
      await broken.close();
    }
  });

  it("shows the request's own origin instead of the documented server, in the server list, samples and console", async () => {
    const documented = String((loadSpec().servers as { url: string }[])[0]!.url);
    const res = await app.inject({ method: "GET", url: "/docs", headers: { host: "docs.example.test:8080" } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(documented);
    expect(res.body).toContain('"servers":[{"url":"http://docs.example.test:8080"');
    expect(res.body).toContain("curl -X POST http://docs.example.test:8080/api/Account/Login");
    expect(res.body).toContain('<meta name="romsoft-api-base" content="http://docs.example.test:8080">');
    // Another origin, another copy; the first is unchanged.
    const other = await app.inject({ method: "GET", url: "/docs", headers: { host: "127.0.0.1:4321" } });
    expect(other.body).toContain("curl -X POST http://127.0.0.1:4321/api/Account/Login");
    expect(other.body).not.toContain("docs.example.test");
  });

  it("does not echo a Host that is not a plain host[:port] into the page", async () => {
    const documented = String((loadSpec().servers as { url: string }[])[0]!.url);
    for (const host of ['evil.test"><script>alert(1)</script>', "a b", "host:99999999", "x/y"]) {
      const res = await app.inject({ method: "GET", url: "/docs", headers: { host } });
      expect(res.statusCode, host).toBe(200);
      expect(res.body, host).toContain(`curl -X POST ${documented}/api/Account/Login`);
      expect(res.body, host).not.toContain("alert(1)");
    }
  });

  it("serves the console script at /docs/console.js, without a token", async () => {
    const res = await app.inject({ method: "GET", url: "/docs/console.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body).toContain("romsoft-console");
    expect(res.body).not.toMatch(/localStorage|sessionStorage|document\.cookie/);
  });

  it("npm run docs --server <url> writes one file naming that address, with the console inlined", async () => {
    const documented = String((loadSpec().servers as { url: string }[])[0]!.url);
    const out = join(dir, "published", "index.html");
    await buildDocs({ specFile: spec, outFile: out, server: "https://api.example.test/" });
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain(documented);
    expect(html).toContain("curl -X POST https://api.example.test/api/Account/Login");
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain("romsoft-console");
  });

  it("--server takes an http(s) address only", () => {
    expect(normalizeServer("https://api.example.test/")).toBe("https://api.example.test");
    expect(normalizeServer("http://10.0.0.5:8080/romsoft/")).toBe("http://10.0.0.5:8080/romsoft");
    expect(() => normalizeServer("ftp://api.example.test")).toThrow(/http\(s\)/);
    expect(() => normalizeServer("https://api.example.test/?a=1")).toThrow(/no query/);
    expect(() => normalizeServer("api.example.test")).toThrow(/not a URL/);
  });
});
