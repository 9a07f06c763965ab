// `npm run docs [-- --out <dir>] [-- --spec <file>] [-- --server <url>]`: builds the API reference page
// (server/docs/reference-page.ts) into dist/docs/index.html, or <dir>/index.html.
// --server <url>: a copy to publish elsewhere, one self-contained file whose server list, code samples and
// request console name <url> (the console script is inlined).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildDocs, defaultDocsFile, normalizeServer } from "../server/docs/reference-page.js";

try {
  const { values } = parseArgs({ options: { out: { type: "string" }, spec: { type: "string" }, server: { type: "string" } } });
  const outFile = values.out ? join(resolve(values.out), "index.html") : defaultDocsFile;
  const server = values.server === undefined ? undefined : normalizeServer(values.server);
  const result = await buildDocs({ outFile, ...(values.spec ? { specFile: values.spec } : {}), ...(server ? { server } : {}) });
  console.log(`built ${result.file} (${Math.round(result.bytes / 1024)} KiB) in ${result.ms} ms${server ? ` for ${server}` : ""}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
