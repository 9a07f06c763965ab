// The committed generated/ files are what `npm run generate` produces from openapi/ today, and the spec passes
// `npm run lint` (the recommended ruleset plus this API's own rules in redocly.yaml) with no error or warning.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./backend.js";

const run = promisify(execFile);
const generated = join(repoRoot, "generated");

describe("generated/ is up to date", () => {
  const out = mkdtempSync(join(tmpdir(), "romsoft-generate-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("regenerating into a temporary folder gives byte-identical files", async () => {
    await run(process.execPath, ["--import", "tsx", join(repoRoot, "scripts", "generate.ts"), "--out", out], {
      cwd: repoRoot,
      timeout: 120_000,
    });
    const files = readdirSync(generated).sort();
    expect(files).toEqual(expect.arrayContaining(["api.d.ts", "openapi.json"]));
    expect(readdirSync(out).sort()).toEqual(files);
    for (const f of files) {
      const fresh = readFileSync(join(out, f));
      const committed = readFileSync(join(generated, f));
      expect(fresh.equals(committed), `generated/${f} is stale: run npm run generate`).toBe(true);
    }
  }, 120_000);
});

describe("npm run lint", () => {
  it("reports no error and no warning", async () => {
    const redocly = join(repoRoot, "node_modules", ".bin", "redocly");
    const result = await run(redocly, ["lint", "--config", "redocly.yaml", "--format=json"], {
      cwd: repoRoot,
      timeout: 120_000,
      maxBuffer: 32 * 1024 * 1024,
    }).catch((e: { code?: number; stdout?: string }) => ({ stdout: e.stdout ?? "", code: e.code }));
    const report = JSON.parse(result.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect("code" in result ? result.code : 0).toBe(0);
  }, 120_000);
});
