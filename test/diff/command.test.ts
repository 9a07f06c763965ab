// `romsoft-contract diff` end to end (in-process): sides read from files, split specs and git, the three
// formats, exit codes by --fail-on, and usage errors (exit 2, nothing on stdout).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { projectRoot } from "../../contract/paths.js";
import type { DiffResult } from "../../contract/diff/model.js";
import { runCli } from "../support/run-cli.js";
import { baseFile, loadBase, op, schemas, type Loose } from "./support.js";

const splitRoot = join(projectRoot, "openapi", "openapi.yaml");
const bundled = join(projectRoot, "generated", "openapi.json");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "diff-command-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the fixture changed by `edit` as JSON and returns its path. */
function revisionFile(name: string, edit: (s: Loose) => void): string {
  const spec = loadBase();
  edit(spec);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe("a contract against itself", () => {
  it("the split spec against itself prints no change and exits 0", async () => {
    const r = await runCli(["diff", splitRoot, splitRoot]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No changes.");
  });

  it("the split spec against its bundle from npm run generate: no change (the same bundling)", async () => {
    const r = await runCli(["diff", bundled, splitRoot, "--format", "json", "--fail-on", "any"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as DiffResult;
    expect(result.changes).toEqual([]);
    expect(result.summary).toEqual({ breaking: 0, nonBreaking: 0, info: 0 });
  });

  it("git:HEAD is the committed openapi/, bundled: equal to the committed bundle", async () => {
    const committed = join(dir, "head-bundle.json");
    writeFileSync(committed, execFileSync("git", ["show", "HEAD:generated/openapi.json"], { cwd: projectRoot }));
    const r = await runCli(["diff", "git:HEAD", committed, "--fail-on", "any"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No changes.");
  });
});

describe("a split spec edited in a shared schema", () => {
  it("reports the change on every operation that reaches it, and fails on breaking", async () => {
    const copy = join(dir, "split");
    cpSync(join(projectRoot, "openapi"), copy, { recursive: true });
    const file = join(copy, "components", "schemas", "EntityAuditableDTO.yaml");
    const schema = parse(readFileSync(file, "utf8")) as Loose;
    delete schema.properties.UsuarioModificacion;
    writeFileSync(file, stringify(schema));

    const r = await runCli(["diff", splitRoot, copy, "--format", "json"]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as DiffResult;
    expect(result.base).toBe(splitRoot);
    expect(result.revision).toBe(copy);
    const kinds = new Set(result.changes.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(["data-property-removed", "request-property-removed"]);
    const operations = new Set(result.changes.map((c) => c.operationId));
    expect(operations.size).toBeGreaterThan(40);
    expect(operations).toContain("ADM_OCUPACION_Add");
    expect(result.changes.every((c) => c.severity === "breaking" && c.pointer.endsWith("/properties/UsuarioModificacion"))).toBe(true);
    expect(result.summary).toEqual({ breaking: result.changes.length, nonBreaking: 0, info: 0 });

    const tolerated = await runCli(["diff", splitRoot, copy, "--fail-on", "none"]);
    expect(tolerated.code).toBe(0);
    expect(tolerated.stdout).toContain("ADM_OCUPACION_Add");
  });
});

describe("formats and --fail-on", () => {
  const breaking = () => revisionFile("breaking", (s) => delete schemas(s).ItemDTO.properties.n_cantidad);
  const nonBreaking = () => revisionFile("non-breaking", (s) => (schemas(s).ItemDTO.properties.t_nota = { type: ["string", "null"] }));
  const infoOnly = () => revisionFile("info", (s) => (op(s, "/api/ITEM/Add").summary = "Register one item"));

  it.each([
    ["breaking", "breaking", 1],
    ["breaking", "any", 1],
    ["breaking", "none", 0],
    ["non-breaking", "breaking", 0],
    ["non-breaking", "any", 1],
    ["info", "breaking", 0],
    ["info", "any", 1],
  ] as const)("a %s change with --fail-on %s exits %i", async (kind, failOn, code) => {
    const file = kind === "breaking" ? breaking() : kind === "non-breaking" ? nonBreaking() : infoOnly();
    const r = await runCli(["diff", baseFile, file, "--fail-on", failOn]);
    expect(r.code).toBe(code);
  });

  it("--fail-on defaults to breaking", async () => {
    expect((await runCli(["diff", baseFile, breaking()])).code).toBe(1);
    expect((await runCli(["diff", baseFile, nonBreaking()])).code).toBe(0);
  });

  it("text groups the changes by operation", async () => {
    const r = await runCli(["diff", baseFile, breaking()]);
    expect(r.stdout).toMatch(/^Contract changes: .*base\.yaml \(1\.0\.0\) → .*breaking\.json \(1\.0\.0\)\n4 breaking, 0 non-breaking, 0 info\n/);
    expect(r.stdout).toMatch(/\nITEM_Add\n {2}BREAKING +request-property-removed +body\.n_cantidad: removed/);
    expect(r.stdout).toMatch(/\nITEM_GetAllActives\n {2}BREAKING +data-property-removed +Data\[\]\.n_cantidad: removed/);
  });

  it("markdown has a table per severity, info folded", async () => {
    const file = revisionFile("mixed", (s) => {
      delete schemas(s).ItemDTO.properties.n_cantidad;
      op(s, "/api/ITEM/Count").summary = "Count | items";
      s.info.version = "2.0.0";
    });
    const r = await runCli(["diff", baseFile, file, "--format", "markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Version 1.0.0 → 2.0.0.");
    expect(r.stdout).toContain("**4 breaking**, 0 non-breaking, 2 info.");
    expect(r.stdout).toContain("#### Breaking (4)\n\n| Operation | Change | Details |\n|---|---|---|\n| `ITEM_Add` | `request-property-removed` |");
    expect(r.stdout).toContain("<details><summary>Info (2)</summary>");
    expect(r.stdout).toContain("| — | `version-changed` | contract version 1.0.0 → 2.0.0 |");
    expect(r.stdout).not.toContain("#### Non-breaking");
  });

  it("json is the documented shape", async () => {
    const r = await runCli(["diff", baseFile, nonBreaking(), "--format", "json"]);
    const result = JSON.parse(r.stdout) as DiffResult;
    expect(Object.keys(result)).toEqual(["base", "revision", "versions", "summary", "changes"]);
    expect(result.summary).toEqual({ breaking: 0, nonBreaking: 4, info: 0 });
    expect(result.changes[0]).toEqual({
      operationId: "ITEM_Add",
      severity: "non-breaking",
      kind: "request-property-added",
      pointer: "#/paths/~1api~1ITEM~1Add/post/requestBody/content/application~1json/schema/properties/t_nota",
      message: "body.t_nota: added",
      after: "null | string",
    });
  });
});

describe("usage errors (exit 2, nothing on stdout)", () => {
  it.each([
    ["no side", ["diff"], /diff needs two sides/],
    ["one side", ["diff", "openapi/openapi.yaml"], /diff needs two sides/],
    ["three sides", ["diff", "a.yaml", "b.yaml", "c.yaml"], /unexpected argument "c\.yaml"/],
    ["an unknown format", ["diff", "a.yaml", "b.yaml", "--format", "html"], /--format must be text, json or markdown, got "html"/],
    ["an unknown --fail-on", ["diff", "a.yaml", "b.yaml", "--fail-on", "warning"], /--fail-on must be breaking, any or none, got "warning"/],
    ["an unknown option", ["diff", "a.yaml", "b.yaml", "--bogus"], /Unknown option '--bogus'/],
    ["an empty git ref", ["diff", "git:", "b.yaml"], /"git:" is not a spec file or git:<ref>/],
  ])("%s", async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it.each([
    ["a missing file", () => [join(dir, "missing.yaml"), baseFile], /missing\.yaml: no such file/],
    ["an unknown git ref", () => ["git:no-such-branch-anywhere", baseFile], /git:no-such-branch-anywhere: no such commit, branch or tag/],
    ["a ref that looks like an option", () => ["git:--output=x", baseFile], /not a git ref/],
    ["a file that is not a spec", () => [join(projectRoot, "package.json"), baseFile], /is not an OpenAPI document/],
    ["a folder without openapi.yaml", () => [dir, baseFile], /a folder without openapi\.yaml/],
    ["a spec with a broken $ref", () => {
      const file = join(dir, "broken.yaml");
      writeFileSync(file, readFileSync(baseFile, "utf8").replace("#/components/schemas/LoginDTO", "./missing-schema.yaml"));
      return [file, baseFile];
    }, /does not bundle/],
  ])("%s", async (_name, sides, message) => {
    const r = await runCli(["diff", ...sides()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("diff --help prints the diff options and exits 0", async () => {
    const r = await runCli(["diff", "--help"]);
    expect(r.code).toBe(0);
    for (const text of ["git:<ref>", "--format", "--fail-on", "breaking (default)"]) expect(r.stdout).toContain(text);
  });
});
