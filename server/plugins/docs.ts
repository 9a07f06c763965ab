// The published API reference at GET /docs (and /docs/): the single HTML page `npm run docs` writes to
// dist/docs/index.html, public (no token).
//
// dist/ is not in git, so on a fresh clone (`npm ci && npm start`) the page does not exist yet. It is built
// on the first request for /docs, and again whenever generated/openapi.json is newer than the page (after
// `npm run generate`): Redocly CLI renders it in a few seconds (1 to 5 s seen), once, with concurrent
// requests waiting for the same build. Building on the first request rather than at start-up keeps
// `npm start` and every test server fast and spawns nothing in processes that never serve /docs.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";
import { defaultDocsFile, defaultSpecFile, ensureDocs } from "../docs/reference-page.js";
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

async function docsPlugin(app: FastifyInstance, options: DocsPluginOptions): Promise<void> {
  const docsFile = options.docsFile ?? defaultDocsFile;
  const specFile = options.specFile ?? defaultSpecFile;
  const build = options.build ?? true;
  let cached: { mtimeMs: number; body: Buffer } | undefined;

  async function page(): Promise<Buffer> {
    const { mtimeMs } = await stat(docsFile);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, body: await readFile(docsFile) };
    return cached.body;
  }

  async function serve(reply: FastifyReply): Promise<FastifyReply> {
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
      .send(await page());
  }

  app.get("/docs", async (_request, reply) => serve(reply));
  // With the server's ignoreTrailingSlash router option "/docs" already answers "/docs/".
  if (!app.hasRoute({ method: "GET", url: "/docs/" })) {
    app.get("/docs/", async (_request, reply) => serve(reply));
  }
}

export default fp(docsPlugin, { name: "romsoft-docs", fastify: "5.x" });
