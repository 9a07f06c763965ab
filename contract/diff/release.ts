// Released versions of the contract and the rule that guards them. A release is recorded as the bundled spec
// of that version, committed as openapi/releases/<version>.json: it is there in any clone (shallow, without
// tags) and is exactly what clients of that version were given. The newest one is the last release.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChangelogEntry } from "../changelog.js";
import { projectRoot } from "../paths.js";
import type { JsonObject } from "../spec.js";
import type { DiffResult } from "./model.js";

export const releasesDir = join(projectRoot, "openapi", "releases");

/** Orders `1.2.10` after `1.2.9`; a pre-release (`2.0.0-rc.1`) before its release. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = "", pre] = v.split("-", 2);
    return { nums: core.split(".").map((n) => Number(n)), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export interface Release {
  version: string;
  file: string;
}

/** Every recorded release, oldest first. */
export function listReleases(dir: string = releasesDir): Release[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.json$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: m[1]!, file: join(dir, m[0]) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

export function lastRelease(dir: string = releasesDir): Release | null {
  return listReleases(dir).at(-1) ?? null;
}

export function readRelease(release: Release): JsonObject {
  return JSON.parse(readFileSync(release.file, "utf8")) as JsonObject;
}

/**
 * What is wrong with the working contract given the last release and the changelog (empty when nothing):
 * breaking changes need a new major version (semantic versioning), and every released or declared version
 * needs its changelog entry.
 */
export function releaseProblems(diff: DiffResult, changelog: readonly ChangelogEntry[], released: readonly Release[]): string[] {
  const problems: string[] = [];
  const last = diff.versions.base;
  const working = diff.versions.revision;
  const documented = new Set(changelog.map((e) => e.version));
  const order = compareVersions(working, last);
  if (order < 0) problems.push(`info.version ${working} is lower than the last released version ${last}`);
  if (diff.summary.breaking > 0) {
    const major = (v: string) => Number(v.split(".")[0]);
    if (!(major(working) > major(last))) {
      const examples = diff.changes
        .filter((c) => c.severity === "breaking")
        .slice(0, 5)
        .map((c) => `  ${c.operationId ?? "-"} ${c.kind}: ${c.message}`);
      problems.push(
        `${diff.summary.breaking} breaking change(s) since the released ${last}, but info.version is ${working}: ` +
          `a breaking change needs a new major version (${major(last) + 1}.0.0) and its changelog entry\n${examples.join("\n")}`,
      );
    }
  }
  if (order > 0 && !documented.has(working)) problems.push(`info.version ${working} has no entry in openapi/CHANGELOG.md (## ${working} — <date>)`);
  for (const r of released) {
    if (!documented.has(r.version)) problems.push(`released version ${r.version} has no entry in openapi/CHANGELOG.md`);
  }
  return problems;
}
