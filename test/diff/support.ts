// The diff fixture (test/fixtures/diff/base.yaml) and a way to derive a revision from it by one edit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { projectRoot } from "../../contract/paths.js";
import type { JsonObject } from "../../contract/spec.js";
import { diffContracts } from "../../contract/diff/compare.js";
import type { Change } from "../../contract/diff/model.js";

export const fixtureDir = join(projectRoot, "test", "fixtures", "diff");
export const baseFile = join(fixtureDir, "base.yaml");

// The fixture is a hand-written spec with no generated type: tests reach into it by path.
export type Loose = any;

export function loadBase(): Loose {
  return parse(readFileSync(baseFile, "utf8")) as Loose;
}

/** The base fixture and a copy changed by `edit`. */
export function pair(edit: (spec: Loose) => void): { base: JsonObject; revision: JsonObject } {
  const base = loadBase();
  const revision = structuredClone(base);
  edit(revision);
  return { base, revision };
}

/** Changes as `operationId kind severity` lines, sorted, for exact comparison. */
export function summaryLines(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.operationId ?? "-"} ${c.kind} ${c.severity}`).sort();
}

export function diffEdit(edit: (spec: Loose) => void): Change[] {
  const { base, revision } = pair(edit);
  return diffContracts(base, revision, { base: "base", revision: "revision" }).changes;
}

export const op = (spec: Loose, path: string) => spec.paths[path].post;
export const schemas = (spec: Loose) => spec.components.schemas;
