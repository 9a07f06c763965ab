// Writes MSW's service worker script (mockServiceWorker.js, shipped in the msw package) where a page can load
// it: the in-browser mock (mocks/msw/) needs it served from the page's origin, at the root of the scope it
// mocks. The file is MSW's own and matches the installed msw version: copy it again after upgrading msw.
//
//   npm run mock:worker                   → mocks/msw/mockServiceWorker.js
//   npm run mock:worker -- --out public   → public/mockServiceWorker.js (a Vite/webpack app's static folder)
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const MSW_WORKER_FILE = "mockServiceWorker.js";

/** Path of the worker script inside the installed msw package. */
export function mswWorkerSource(): string {
  return createRequire(import.meta.url).resolve(`msw/${MSW_WORKER_FILE}`);
}

/** Copies the worker script into `outDir` (created if needed); returns the written path. */
export function copyMswWorker(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, MSW_WORKER_FILE);
  copyFileSync(mswWorkerSource(), target);
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const { values } = parseArgs({ options: { out: { type: "string", default: join(root, "mocks", "msw") } } });
  console.log(`wrote ${copyMswWorker(resolve(values.out ?? join(root, "mocks", "msw")))}`);
}
