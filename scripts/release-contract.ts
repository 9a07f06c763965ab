// Records the working contract as a release: openapi/releases/<info.version>.json, the bundled spec that the
// contract check (and `romsoft-contract diff`) compares the next changes against.
// Usage: npm run contract:release [-- --releases <dir>]   (another folder of releases, for tests)
// Refuses when the version is already recorded, has no changelog entry, or does not follow the release rules.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readChangelog } from "../contract/changelog.js";
import { diffContracts } from "../contract/diff/compare.js";
import { bundleSpec } from "../contract/diff/load.js";
import { lastRelease, listReleases, readRelease, releaseProblems, releasesDir } from "../contract/diff/release.js";
import { projectRoot } from "../contract/paths.js";

const { values } = parseArgs({ options: { releases: { type: "string" } } });
const dir = values.releases ? resolve(values.releases) : releasesDir;
const working = await bundleSpec(join(projectRoot, "openapi", "openapi.yaml"));
const version = String((working.info as { version?: unknown }).version ?? "");
const target = join(dir, `${version}.json`);
const fail = (message: string) => {
  console.error(`contract:release: ${message}`);
  process.exit(1);
};
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) fail(`info.version "${version}" is not a semantic version`);
if (existsSync(target)) fail(`${version} is already released (${relative(projectRoot, target)}); bump info.version first`);
const changelog = readChangelog();
if (!changelog.some((e) => e.version === version)) fail(`openapi/CHANGELOG.md has no entry for ${version}`);
const last = lastRelease(dir);
if (last) {
  const diff = diffContracts(readRelease(last), working, { base: `released ${last.version}`, revision: "working" });
  const problems = releaseProblems(diff, changelog, listReleases(dir));
  if (problems.length) fail(problems.join("\n"));
}
mkdirSync(dir, { recursive: true });
writeFileSync(target, JSON.stringify(working, null, 2) + "\n");
console.log(`recorded contract ${version} in ${relative(projectRoot, target)}`);
