// Builds the published API reference: one self-contained HTML page in dist/docs/index.html, rendered by
// Redocly CLI `build-docs --inlineBundle` from the bundled spec (generated/openapi.json), the same file the
// server, the client types and the mock use. Nothing about an operation is written here: every word of the
// page comes from the spec (openapi/docs/*.md is its info description, tag descriptions live in
// openapi/openapi.yaml, operations in openapi/paths/).
//
// `npm run docs` (scripts/build-docs.ts) builds it; the server (plugins/docs.ts) calls ensureDocs() to build
// the page on the first request for /docs when it is missing or older than the spec.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { changelogFile, changesSection, readChangelog } from "../../contract/changelog.js";
import { projectRoot } from "../../contract/paths.js";

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

/**
 * The spec as the page shows it: the changelog follows the introduction as its last section ("Changes").
 * Kept out of the bundled spec itself, which the server and clients use and whose version history it is.
 */
export function specForDocs(spec: { info: { description?: string } }, changelog: string = changesSection(readChangelog())): object {
  const description = `${(spec.info.description ?? "").trimEnd()}\n\n${changelog}`;
  return { ...spec, info: { ...spec.info, description } };
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
    writeFileSync(renderedSpec, JSON.stringify(specForDocs(JSON.parse(readFileSync(specFile, "utf8")) as { info: { description?: string } })));
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
    const html = postProcess(readFileSync(rawFile, "utf8"));
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

/** True when the page is missing or older than the spec or the changelog it is built from. */
export function docsAreStale(outFile: string = defaultDocsFile, specFile: string = defaultSpecFile): boolean {
  if (!existsSync(outFile)) return true;
  const built = statSync(outFile).mtimeMs;
  return built < statSync(specFile).mtimeMs || (existsSync(changelogFile) && built < statSync(changelogFile).mtimeMs);
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
