// The /docs route on its own (no browser): public, served as HTML at /docs and /docs/, built when missing,
// rebuilt when the spec is newer, and a clear envelope when it cannot be built.
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import docsPlugin, { DOCS_UNAVAILABLE_MESSAGE } from "../../server/plugins/docs.js";
import { loadSpec } from "../../contract/spec.js";

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
    writeFileSync(spec, JSON.stringify({ openapi: full.openapi, info: full.info, paths: { "/api/Account/Login": login } }));
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
    // Offline and private: the Redoc scripts are inlined, no CDN logo, no telemetry.
    expect(res.body).not.toContain("cdn.redoc.ly");
    expect(res.body).not.toMatch(/<script[^>]+src=/);
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
});
