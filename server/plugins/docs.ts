// The published API reference at GET /docs (and /docs/): the single HTML page `npm run docs` writes to
// dist/docs/index.html, public (no token).
//
// dist/ is not in git, so on a fresh clone (`npm ci && npm start`) the page does not exist yet. It is built
// on the first request for /docs, and again whenever generated/openapi.json is newer than the page (after
// `npm run generate`): Redocly CLI renders it in a few seconds (1 to 5 s seen), once, with concurrent
// requests waiting for the same build. Building on the first request rather than at start-up keeps
// `npm start` and every test server fast and spawns nothing in processes that never serve /docs.
//
// The page names the API's address in its server list, samples and console; it is served with the address
// of the request (protocol and Host) instead of the one it was built with, so that a server on another host
// or port documents itself. A Host that is not a plain host[:port] is not echoed into the page.
// GET /docs/console.js is the page's request console, bundled from server/docs/browser/console.ts.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { CONSOLE_SCRIPT_PATH, consoleScript, defaultDocsFile, defaultSpecFile, ensureDocs, withServer } from "../docs/reference-page.js";
import { errorEnvelope } from "../error-envelope.js";

export interface DocsPluginOptions {
  /** The page to serve (default dist/docs/index.html). */
  docsFile?: string;
  /** The bundled spec it is built from (default generated/openapi.json). */
  specFile?: string;
  /** Build the page when it is missing or older than the spec (default true). */
  build?: boolean;
}

export const DOCS_UNAVAILABLE_MESSAGE =
  "La documentación de la API no está disponible: no se pudo generar la página (ejecute npm run docs).";

/** Copies of the page kept for different origins (a server is normally reached at one or two addresses). */
const MAX_ORIGINS = 8;
/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could break out of HTML. */
const PLAIN_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `protocol://host[:port]` of the request, or undefined when its Host is missing or not plain. */
export function requestOrigin(request: FastifyRequest): string | undefined {
  const host = request.host;
  if (typeof host !== "string" || !PLAIN_HOST.test(host)) return undefined;
  const protocol = request.protocol === "https" ? "https" : "http";
  return `${protocol}://${host}`;
}

async function docsPlugin(app: FastifyInstance, options: DocsPluginOptions): Promise<void> {
  const docsFile = options.docsFile ?? defaultDocsFile;
  const specFile = options.specFile ?? defaultSpecFile;
  const build = options.build ?? true;
  let cached: { mtimeMs: number; html: string; byOrigin: Map<string, Buffer> } | undefined;

  /** The page as built, and its copies for the origins it was served to (a few: one per address in use). */
  async function page(origin: string | undefined): Promise<Buffer | string> {
    const { mtimeMs } = await stat(docsFile);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: await readFile(docsFile, "utf8"), byOrigin: new Map() };
    if (origin === undefined) return cached.html;
    let body = cached.byOrigin.get(origin);
    if (!body) {
      if (cached.byOrigin.size >= MAX_ORIGINS) cached.byOrigin.clear();
      body = Buffer.from(withServer(cached.html, origin));
      cached.byOrigin.set(origin, body);
    }
    return body;
  }

  async function serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (build) {
      try {
        const built = await ensureDocs({ outFile: docsFile, specFile });
        if (built) reply.log.info({ file: built.file, ms: built.ms }, "built the API docs page");
      } catch (err) {
        // An older page is better than none; without one, say how to build it.
        reply.log.error({ err }, "building the API docs page failed");
      }
    }
    if (!existsSync(docsFile)) {
      return reply.code(503).type("application/json; charset=utf-8").send(errorEnvelope(DOCS_UNAVAILABLE_MESSAGE));
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("x-content-type-options", "nosniff")
      .send(await page(requestOrigin(request)));
  }

  app.get("/docs", async (request, reply) => serve(request, reply));
  // With the server's ignoreTrailingSlash router option "/docs" already answers "/docs/".
  if (!app.hasRoute({ method: "GET", url: "/docs/" })) {
    app.get("/docs/", async (request, reply) => serve(request, reply));
  }
  app.get(CONSOLE_SCRIPT_PATH, async (_request, reply) => {
    let script: string;
    try {
      script = await consoleScript();
    } catch (err) {
      reply.log.error({ err }, "bundling the docs console failed");
      return reply.code(503).type("application/json; charset=utf-8").send(errorEnvelope(DOCS_UNAVAILABLE_MESSAGE));
    }
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("x-content-type-options", "nosniff")
      .send(script);
  });
}

export default fp(docsPlugin, { name: "romsoft-docs", fastify: "5.x" });
