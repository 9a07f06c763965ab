// Turns a named side of a comparison into a bundled spec: a spec file (already bundled, or the root of a
// split spec such as openapi/openapi.yaml) or `git:<ref>` (this repository's openapi/ at that commit). Split
// specs are bundled in-process with Redocly's library, which the `npm run generate` CLI also uses, with no
// network: a remote $ref is an error.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BaseResolver, bundle, createConfig, isAbsoluteUrl, type Source } from "@redocly/openapi-core";
import { projectRoot } from "../paths.js";
import type { JsonObject } from "../spec.js";

/** The side cannot be read: a missing file, an unknown git ref, a spec that does not bundle. */
export class ContractSourceError extends Error {
  override readonly name = "ContractSourceError";
}

/** Where the split spec lives inside the repository. */
export const SPEC_ROOT = "openapi/openapi.yaml";

class LocalOnlyResolver extends BaseResolver {
  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (isAbsoluteUrl(absoluteRef)) throw new Error(`remote $ref ${absoluteRef} is not followed (local files only)`);
    return super.loadExternalRef(absoluteRef);
  }
}

/** Bundles a spec file (its $refs to other files inlined as components, as `npm run generate` does). */
export async function bundleSpec(file: string): Promise<JsonObject> {
  const config = await createConfig({});
  let result;
  try {
    result = await bundle({ ref: file, config, externalRefResolver: new LocalOnlyResolver() });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Unsupported specification/i.test(message)) throw new ContractSourceError(`${file} is not an OpenAPI document (${message})`);
    throw new ContractSourceError(`${file}: ${message}`);
  }
  const errors = result.problems.filter((p) => p.severity === "error");
  if (errors.length) {
    const detail = errors.slice(0, 5).map((p) => `  ${p.message}`).join("\n");
    throw new ContractSourceError(`${file} does not bundle:\n${detail}`);
  }
  const doc = result.bundle.parsed as unknown;
  if (typeof doc !== "object" || doc === null || !("paths" in doc) || !("openapi" in doc)) {
    throw new ContractSourceError(`${file} is not an OpenAPI document (no openapi or paths)`);
  }
  return doc as JsonObject;
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The repository's openapi/ at `ref`, bundled. The files are read from git's object store, not the work tree. */
export async function loadFromGit(ref: string, repo: string = projectRoot): Promise<JsonObject> {
  if (ref === "" || ref.startsWith("-")) throw new ContractSourceError(`git:${ref}: not a git ref`);
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], repo);
  } catch {
    throw new ContractSourceError(`git:${ref}: no such commit, branch or tag in ${repo}`);
  }
  try {
    git(["cat-file", "-e", `${commit}:${SPEC_ROOT}`], repo);
  } catch {
    throw new ContractSourceError(`git:${ref}: ${SPEC_ROOT} does not exist at that commit`);
  }
  const dir = mkdtempSync(join(tmpdir(), "romsoft-contract-diff-"));
  try {
    // A private index: the repository's own index and work tree are left untouched.
    const env = { ...process.env, GIT_INDEX_FILE: join(dir, "index") };
    git(["read-tree", `${commit}:openapi`], repo, env);
    git(["checkout-index", "--all", `--prefix=${join(dir, "openapi")}/`], repo, env);
    return await bundleSpec(join(dir, SPEC_ROOT));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A side as named on the command line: `git:<ref>`, a spec file, or a folder holding openapi.yaml. */
export async function loadContract(source: string, cwd: string = process.cwd()): Promise<JsonObject> {
  if (source.startsWith("git:")) return loadFromGit(source.slice(4));
  let file = resolve(cwd, source);
  if (!existsSync(file)) throw new ContractSourceError(`${source}: no such file`);
  if (statSync(file).isDirectory()) {
    const root = ["openapi.yaml", "openapi.yml", "openapi.json"].map((name) => join(file, name)).find(existsSync);
    if (!root) throw new ContractSourceError(`${source}: a folder without openapi.yaml`);
    file = root;
  }
  return bundleSpec(file);
}
