// `npm ci` on the Node version package.json declares must not print EBADENGINE: every package in the lock file
// that states `engines.node` accepts that version (the lowest one the declared range allows, and the one
// running these tests). npm checks the same field against the running Node.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../contract/paths.js";

interface Semver {
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
  minVersion(range: string): { version: string } | null;
  validRange(range: string): string | null;
}
const semver = createRequire(import.meta.url)("semver") as Semver;

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}

const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync(join(projectRoot, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockPackage>;
};

describe("Node engines", () => {
  const declared = pkg.engines?.node;

  it("package.json declares a valid Node range", () => {
    expect(declared).toBeTypeOf("string");
    expect(semver.validRange(declared!)).not.toBeNull();
  });

  it("every locked package accepts the lowest declared Node version and the running one", () => {
    const versions = [semver.minVersion(declared!)!.version, process.versions.node];
    expect(semver.satisfies(process.versions.node, declared!)).toBe(true);
    const refused: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === "") continue;
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (range === undefined) continue;
      checked++;
      for (const v of versions) {
        if (!semver.satisfies(v, range)) refused.push(`${path}@${entry.version ?? "?"} needs node ${range}, not ${v}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(refused).toEqual([]);
  });
});
