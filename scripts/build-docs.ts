// `npm run docs [-- --out <dir>] [-- --spec <file>]`: builds the API reference page (server/docs/reference-page.ts)
// into dist/docs/index.html, or <dir>/index.html.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildDocs, defaultDocsFile } from "../server/docs/reference-page.js";

const { values } = parseArgs({ options: { out: { type: "string" }, spec: { type: "string" } } });
const outFile = values.out ? join(resolve(values.out), "index.html") : defaultDocsFile;
try {
  const result = await buildDocs({ outFile, ...(values.spec ? { specFile: values.spec } : {}) });
  console.log(`built ${result.file} (${Math.round(result.bytes / 1024)} KiB) in ${result.ms} ms`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
