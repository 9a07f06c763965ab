// The parts of contract/ the mocks share with the server also run in a browser (the in-browser mock): they
// and what they import must use no Node module and never read the spec from disk. The MSW handlers are
// checked too: they get the bundled spec as a JSON module (a bundler inlines it), not by reading a file.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Packages these modules may load at run time; type-only imports may also name the generated types. */
const RUNTIME_PACKAGES = new Set(["ajv/dist/2020.js", "ajv-formats", "msw"]);

function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const source = readFileSync(join(root, file), "utf8");
  return [...source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => ({ target: m[3]!, typeOnly: m[2] !== undefined }));
}

describe("browser-safe contract modules", () => {
  it.each([
    "contract/envelope.ts",
    "contract/ajv.ts",
    "contract/request-errors.ts",
    "contract/issues.ts",
    "contract/formats.ts",
    "contract/net-date.ts",
    "contract/ignored-properties.ts",
    "contract/operations.ts",
    "contract/request-check.ts",
    "contract/scenarios.ts",
    "contract/cors.ts",
    "mocks/msw/index.ts",
  ])("%s", (entry) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const { target, typeOnly } of importsOf(file)) {
        if (target === "../../generated/openapi.json" && file === "mocks/msw/spec.js") continue; // the JSON module
        if (target.startsWith(".") && !typeOnly) {
          const module = join(dirname(file), target);
          const source = module.replace(/\.js$/, ".ts");
          visit(existsSync(join(root, source)) ? source : module);
        } else if (target.startsWith("./")) visit(join(dirname(file), target.slice(2).replace(/\.js$/, ".ts")));
        else if (typeOnly) expect(target, `${file} imports types from ${target}`).toMatch(/^(ajv(\/.*)?|\.\.\/generated\/api\.js)$/);
        else expect(RUNTIME_PACKAGES.has(target), `${file} imports ${target}`).toBe(true);
      }
    };
    visit(entry);
  });
});
