// The committed generated/ files are what `npm run generate` produces from openapi/ today, and the spec passes
// `npm run lint` (the recommended ruleset plus this API's own rules in redocly.yaml) with no error or warning.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { repoRoot } from "../support/backend-facts.js";

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
    expect(files).toEqual(expect.arrayContaining(["api.d.ts", "calls.ts", "openapi.json"]));
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

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string }[];
}

async function lint(cwd: string): Promise<LintReport> {
  const redocly = join(repoRoot, "node_modules", ".bin", "redocly");
  const result = await run(redocly, ["lint", "--config", "redocly.yaml", "--format=json"], {
    cwd,
    timeout: 120_000,
    maxBuffer: 32 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  return JSON.parse(result.stdout) as LintReport;
}

describe("the API's own lint rules catch violations", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-lint-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a spec copy with one violation of each rule fails with every rule id", async () => {
    cpSync(join(repoRoot, "openapi"), join(dir, "openapi"), { recursive: true });
    cpSync(join(repoRoot, "redocly"), join(dir, "redocly"), { recursive: true });
    cpSync(join(repoRoot, "redocly.yaml"), join(dir, "redocly.yaml"));
    type Doc = Record<string, Record<string, Record<string, unknown>>>;
    const edit = (file: string, change: (doc: Doc) => void) => {
      const path = join(dir, "openapi", file);
      const doc = parse(readFileSync(path, "utf8")) as Doc;
      change(doc);
      writeFileSync(path, stringify(doc));
    };
    const op = (doc: Doc, action: string) => doc[action]!.post as Record<string, unknown> & {
      responses: Record<string, { content: Record<string, { schema: { allOf: unknown[] }; examples?: object }> }>;
      requestBody: { content: Record<string, { examples?: object }> };
    };
    edit("openapi.yaml", (doc) => {
      // rule/path-shape: a path that is not /api/{Controller}/{Action}
      (doc.paths as Record<string, unknown>)["/api/ADM_GENERO/GetAllActives/{id}"] = {
        $ref: "paths/ADM_GENERO.yaml#/GetAllActives",
      };
      // rule/security-global-bearer: another global scheme
      (doc as Record<string, unknown>).security = [{ bearerAuth: [], other: [] }];
    });
    edit("paths/ADM_CIE10.yaml", (doc) => {
      // rule/post-only
      doc.GetAllActives!.get = { ...op(doc, "GetAllActives"), operationId: "ADM_CIE10_GetAllActives_get" };
      // romsoft/operationid-matches-path
      op(doc, "GetAllFilters").operationId = "ADM_CIE10_Search";
    });
    edit("paths/ADM_OCUPACION.yaml", (doc) => {
      // rule/200-is-envelope: Data overlay first, envelope second
      op(doc, "Add").responses["200"]!.content["application/json"]!.schema.allOf.reverse();
      // rule/200-examples: no error example
      delete (op(doc, "Update").responses["200"]!.content["application/json"]!.examples as Record<string, unknown>).error;
      // rule/200-has-examples: no examples at all
      delete op(doc, "Delete").responses["200"]!.content["application/json"]!.examples;
      // rule/request-examples
      delete op(doc, "GetById").requestBody.content["application/json"]!.examples;
      // rule/security-inherited: an operation with its own security
      op(doc, "GetAllFilters").security = [{ bearerAuth: [] }];
    });
    edit("paths/Account.yaml", (doc) => {
      // rule/security-login-public
      op(doc, "Login").security = [{ bearerAuth: [] }];
    });
    edit("paths/Sandbox.yaml", (doc) => {
      // romsoft/sandbox-only-marked: a /sandbox/ operation not marked sandbox-only
      delete op(doc, "reset")["x-sandbox-only"];
    });
    const report = await lint(dir);
    const ids = new Set(report.problems.map((p) => p.ruleId));
    for (const rule of [
      "rule/path-shape",
      "rule/post-only",
      "romsoft/operationid-matches-path",
      "rule/200-is-envelope",
      "rule/200-examples",
      "rule/200-has-examples",
      "rule/request-examples",
      "rule/security-global-bearer",
      "rule/security-login-public",
      "rule/security-inherited",
      "romsoft/sandbox-only-marked",
    ]) {
      expect(ids, rule).toContain(rule);
    }
    expect(report.totals.errors).toBeGreaterThanOrEqual(11);
  }, 120_000);
});
