// Builds the published API reference: one self-contained HTML page in dist/docs/index.html, rendered by
// Redocly CLI `build-docs --inlineBundle` from the bundled spec (generated/openapi.json), the same file the
// server, the client types and the mock use. Nothing about an operation is written here: every word of the
// page comes from the spec (openapi/docs/*.md is its info description, tag descriptions live in
// openapi/openapi.yaml, operations in openapi/paths/).
//
// `npm run docs` (scripts/build-docs.ts) builds it; the server (plugins/docs.ts) calls ensureDocs() to build
// the page on the first request for /docs when it is missing or older than the spec.
//
// The page also carries the request console (browser/console.ts): a JSON block describing the operations and a
// script element loading /docs/console.js, which the server builds from that source (consoleScript()). A copy
// built for publishing elsewhere (`--server <url>`) has the script inlined instead, being a single file.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import { changelogFile, changesSection, readChangelog } from "../../contract/changelog.js";
import { projectRoot } from "../../contract/paths.js";
import { listOperations, type OpenApiDocument } from "../../contract/spec.js";
import { CONSOLE_DATA_ID, type ConsoleData } from "./browser/console-data.js";

const root = projectRoot;

/** The bundled spec the page is built from. */
export const defaultSpecFile = join(root, "generated", "openapi.json");
/** Where `npm run docs` writes the site. */
export const defaultDocsDir = join(root, "dist", "docs");
export const defaultDocsFile = join(defaultDocsDir, "index.html");

const redoclyBin = join(root, "node_modules", ".bin", process.platform === "win32" ? "redocly.cmd" : "redocly");

/** Page title (the browser tab); the heading of the page is the spec's info.title. */
const title = "Romsoft Gestión Clínica API — reference";

/**
 * Redoc options (Redoc 3, the renderer of Redocly CLI 2.x). Passed on the command line so that the lint
 * configuration in redocly.yaml stays independent of the docs.
 */
const redocOptions = {
  // Request and response examples fully expanded: readers copy them as they are.
  jsonSamplesExpandLevel: "all",
  // The "Download" button points to the copies of the spec the reference server serves.
  downloadUrls: [
    { title: "OpenAPI JSON", url: "/openapi.json" },
    { title: "OpenAPI YAML", url: "/openapi.yaml" },
  ],
  // The request samples offered: the spec's own x-codeSamples (scripts/code-samples.ts), matched by label. Redoc
  // would otherwise list its generated samples for nine languages and hide a language it does not know.
  codeSamples: { languages: [{ lang: "curl" }, { lang: "TypeScript" }] },
};

/**
 * Redoc's sidebar shows a "API docs by" logo loaded from the vendor's CDN: the only resource of an
 * `--inlineBundle` page that is not inside the file. It is replaced by an inline SVG so that the page
 * makes no request at all beyond the one for itself.
 */
const cdnLogos = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const inlineLogo =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="16" viewBox="0 0 56 16">' +
      '<text x="0" y="12" font-family="sans-serif" font-size="11" font-weight="600" fill="#0044d4">Redoc</text></svg>',
  );

export interface BuildDocsOptions {
  /** Bundled spec to render (default generated/openapi.json). */
  specFile?: string;
  /** Output file (default dist/docs/index.html). */
  outFile?: string;
  /**
   * The API's address for a copy published elsewhere (`npm run docs -- --server <url>`): it replaces the spec's
   * first server in the server list, the samples and the console's target, and the console script is inlined
   * so that the page stays one file. Without it the page is the one the reference server serves.
   */
  server?: string;
}

export interface BuildDocsResult {
  file: string;
  bytes: number;
  ms: number;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) {
        // Redocly prints a Node-version banner on stderr; keep only the lines that say what went wrong.
        const detail = stderr
          .split("\n")
          .filter((line) => line.trim() !== "" && !/[║╔╚═]/.test(line))
          .join("\n");
        reject(new Error(`redocly build-docs failed (${error.message.split("\n")[0]})\n${detail}`));
      } else {
        resolvePromise();
      }
    });
  });
}

/**
 * Rewrites the HTML Redocly produced so that it is fully offline and consistent with the hash router Redoc
 * uses in the browser. Throws when the output no longer looks like what this function expects, so that an
 * upgrade of Redocly CLI that changes it is noticed at build time rather than by readers.
 */
export function postProcess(html: string): string {
  let out = html;
  for (const url of cdnLogos) {
    if (!out.includes(url)) throw new Error(`build-docs: expected the Redoc logo URL ${url} in the page`);
    out = out.split(url).join(inlineLogo);
  }
  // The page is pre-rendered with links like href="/adm_paciente", while the browser-side router is a
  // hash router (href="#/adm_paciente"): without this, "open in a new tab" or "copy link" on the sidebar
  // would leave /docs. Only the pre-rendered markup is touched, not the embedded script.
  const start = out.indexOf('<div id="redoc">');
  const end = out.indexOf('<script type="module">', start);
  if (start < 0 || end < 0) throw new Error("build-docs: pre-rendered markup not found in the page");
  const downloads = new Set(redocOptions.downloadUrls.map((d) => d.url));
  const markup = out
    .slice(start, end)
    .replace(/href="(\/(?!\/)[^"]*)"/g, (whole, href: string) => (downloads.has(href) ? whole : `href="#${href}"`));
  out = out.slice(0, start) + markup + out.slice(end);
  const optionsLine = /__redoc_options = (.*);\n/.exec(out)?.[1] ?? "";
  if (!optionsLine.includes('"disableTelemetry":true')) {
    throw new Error("build-docs: telemetry is not disabled in the page");
  }
  if (/https:\/\/cdn\.redoc\.ly\//.test(out)) throw new Error("build-docs: the page still references the Redoc CDN");
  return out;
}

/** How the page names an operation: `Controller/Action`, as the API's users do. */
export function operationLabel(path: string): string {
  return path.replace(/^\/api\//, "");
}

/**
 * The spec as the page shows it: the changelog follows the introduction as its last section ("Changes"), and
 * each operation's summary starts with `Controller/Action` (the sidebar label and the heading, and what the
 * search box indexes first, so that searching "ADM_PACIENTE/GetAllFilters", "ADM_PACIENTE GetAllFilters" or the
 * operationId finds that operation first). Kept out of the bundled spec itself, which the server and clients use.
 */
export function specForDocs(spec: OpenApiDocument, changelog: string = changesSection(readChangelog())): OpenApiDocument {
  const description = `${String(spec.info.description ?? "").trimEnd()}\n\n${changelog}`;
  const paths = Object.fromEntries(
    Object.entries(spec.paths).map(([path, item]) => {
      // The API's operations only (the sandbox's own `/sandbox/reset` keeps its summary).
      if (!item.post || !path.startsWith("/api/")) return [path, item];
      const summary = typeof item.post.summary === "string" ? ` · ${item.post.summary}` : "";
      return [path, { ...item, post: { ...item.post, summary: `${operationLabel(path)}${summary}` } }];
    }),
  );
  return { ...spec, info: { ...spec.info, description }, paths };
}

// ---- The request console ----------------------------------------------------------------------------------

/** Where the served page loads the console from (plugins/docs.ts serves it). */
export const CONSOLE_SCRIPT_PATH = "/docs/console.js";
const consoleSource = join(root, "server", "docs", "browser", "console.ts");
/** Names the address the page was built for; the server rewrites that address to the request's origin. */
const BASE_META = "romsoft-api-base";

/** The spec's first server: the address the spec, the samples and the console use until rewritten. */
export function documentedServer(spec: OpenApiDocument): string {
  const url = (spec.servers as { url?: unknown }[] | undefined)?.[0]?.url;
  if (typeof url !== "string") throw new Error("build-docs: the spec has no server url");
  return url.replace(/\/+$/, "");
}

/**
 * An API address given by a person (`--server`): http or https, no query, fragment or credentials; returned
 * without a trailing slash. Throws with what is wrong.
 */
export function normalizeServer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--server: not a URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--server: not an http(s) URL: ${value}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`--server: give the API's address only (no query, fragment or credentials): ${value}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** What the console needs to know about every operation (from the bundled spec, before specForDocs). */
export function consoleData(spec: OpenApiDocument): ConsoleData {
  const operations = listOperations(spec).map((op) => {
    const post = spec.paths[op.path]?.post as { tags?: string[]; summary?: string } | undefined;
    const tag = post?.tags?.[0] ?? op.controller;
    const example = Object.values(op.requestExamples)[0]?.value ?? {};
    const query = new URLSearchParams(op.queryParameters.map((p) => [p.name, String(p.example)])).toString();
    return {
      operationId: op.operationId,
      label: operationLabel(op.path),
      summary: post?.summary ?? "",
      path: op.path,
      secured: op.secured,
      query,
      body: JSON.stringify(example, null, 2),
      anchor: `${tag}/${op.operationId}`.toLowerCase(),
    };
  });
  const login = operations.find((op) => op.operationId === "Account_Login");
  const username = login ? (JSON.parse(login.body) as { Username?: unknown }).Username : undefined;
  return { base: documentedServer(spec), username: typeof username === "string" ? username : "", operations };
}

let consoleBundle: { mtimeMs: number; code: string } | undefined;

/** The console script, bundled from browser/console.ts (once per change of the source). */
export async function consoleScript(): Promise<string> {
  const { mtimeMs } = statSync(consoleSource);
  if (consoleBundle?.mtimeMs === mtimeMs) return consoleBundle.code;
  const result = await build({
    entryPoints: [consoleSource],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  if (code === "" || /<\/script/i.test(code)) throw new Error("build-docs: the console script could not be bundled for the page");
  consoleBundle = { mtimeMs, code };
  return code;
}

/** JSON inside a <script type="application/json"> element: `<` escaped so that no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Adds the console to a page built by postProcess(): the meta element naming the address the page is written
 * for, the operations as JSON, and the script (loaded from the server, or inlined for a standalone copy).
 */
export function addConsole(html: string, data: ConsoleData, script: { src: string } | { inline: string }): string {
  const head = html.indexOf("<head>");
  const bodyEnd = html.lastIndexOf("</body>");
  if (head < 0 || bodyEnd < 0) throw new Error("build-docs: <head> or </body> not found in the page");
  const meta = `\n  <meta name="${BASE_META}" content="${data.base}">`;
  const element =
    "src" in script ? `<script src="${script.src}" defer></script>` : `<script>${script.inline}</script>`;
  const tail = `<script type="application/json" id="${CONSOLE_DATA_ID}">${scriptJson(data)}</script>\n${element}\n`;
  const at = head + "<head>".length;
  return html.slice(0, at) + meta + html.slice(at, bodyEnd) + tail + html.slice(bodyEnd);
}

/** The address a page was built for (its `romsoft-api-base` meta element). */
export function pageServer(html: string): string | undefined {
  return new RegExp(`<meta name="${BASE_META}" content="([^"]*)">`).exec(html)?.[1];
}

/**
 * The page with every occurrence of the address it was built for (server list, introduction, samples, console
 * target) replaced by `server`, which must come from normalizeServer() or a checked request origin.
 */
export function withServer(html: string, server: string): string {
  const built = pageServer(html);
  if (built === undefined) throw new Error("the docs page names no API address (rebuild it with npm run docs)");
  return built === server ? html : html.split(built).join(server);
}

/** Renders the spec into one HTML file (written atomically: readers never see a half-written page). */
export async function buildDocs(options: BuildDocsOptions = {}): Promise<BuildDocsResult> {
  const started = Date.now();
  const specFile = resolve(options.specFile ?? defaultSpecFile);
  const outFile = resolve(options.outFile ?? defaultDocsFile);
  if (!existsSync(specFile)) throw new Error(`build-docs: ${specFile} does not exist (run npm run generate)`);
  if (!existsSync(redoclyBin)) {
    throw new Error("build-docs: Redocly CLI is not installed (it is a devDependency: run npm ci)");
  }
  const unique = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const rawFile = join(tmpdir(), `romsoft-docs-${unique}.html`);
  const renderedSpec = join(tmpdir(), `romsoft-docs-${unique}.json`);
  try {
    const spec = JSON.parse(readFileSync(specFile, "utf8")) as OpenApiDocument;
    const data = consoleData(spec);
    writeFileSync(renderedSpec, JSON.stringify(specForDocs(spec)));
    await run(
      redoclyBin,
      [
        "build-docs",
        renderedSpec,
        "--output",
        rawFile,
        "--inlineBundle",
        "--title",
        title,
        "--openapi",
        JSON.stringify(redocOptions),
      ],
      // No telemetry, neither from the CLI nor from readers' browsers (it sets disableTelemetry in the page).
      { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
    );
    const page = addConsole(
      postProcess(readFileSync(rawFile, "utf8")),
      data,
      options.server ? { inline: await consoleScript() } : { src: CONSOLE_SCRIPT_PATH },
    );
    const html = options.server ? withServer(page, normalizeServer(options.server)) : page;
    mkdirSync(dirname(outFile), { recursive: true });
    const partial = `${outFile}.${unique}.tmp`;
    writeFileSync(partial, html);
    renameSync(partial, outFile);
    return { file: outFile, bytes: Buffer.byteLength(html), ms: Date.now() - started };
  } finally {
    rmSync(rawFile, { force: true });
    rmSync(renderedSpec, { force: true });
  }
}

/** This builder: a page older than it may lack what it adds (the console). */
const builderSource = join(root, "server", "docs", "reference-page.ts");

/** True when the page is missing or older than the spec, the changelog or the builder it is built with. */
export function docsAreStale(outFile: string = defaultDocsFile, specFile: string = defaultSpecFile): boolean {
  if (!existsSync(outFile)) return true;
  const built = statSync(outFile).mtimeMs;
  const newer = (file: string) => existsSync(file) && built < statSync(file).mtimeMs;
  return built < statSync(specFile).mtimeMs || newer(changelogFile) || newer(builderSource);
}

const pending = new Map<string, Promise<BuildDocsResult>>();

/**
 * Builds the page if it is missing or stale, once per output file even when called concurrently; resolves
 * to null when the page was already up to date.
 */
export async function ensureDocs(options: BuildDocsOptions = {}): Promise<BuildDocsResult | null> {
  const outFile = resolve(options.outFile ?? defaultDocsFile);
  const specFile = resolve(options.specFile ?? defaultSpecFile);
  const running = pending.get(outFile);
  if (running) return running;
  if (!docsAreStale(outFile, specFile)) return null;
  const build = buildDocs({ specFile, outFile }).finally(() => pending.delete(outFile));
  pending.set(outFile, build);
  return build;
}
