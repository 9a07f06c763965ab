// Where the project's files are, for any module that reads them at run time (the bundled spec, the seed, the
// docs sources). Modules run from their sources (through tsx) or compiled into dist/ (`npm start`), one
// folder deeper: the project root is the nearest folder above the module that holds package.json.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot locate the project's files`);
  }
}

export const projectRoot: string = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
