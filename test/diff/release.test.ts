// The contract release rule: the working spec (openapi/) against the last released version (the newest
// openapi/releases/<version>.json). Breaking changes need a new major info.version and a changelog entry.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changesSection, parseChangelog, readChangelog } from "../../contract/changelog.js";
import { diffContracts } from "../../contract/diff/compare.js";
import { bundleSpec } from "../../contract/diff/load.js";
import { compareVersions, lastRelease, listReleases, readRelease, releaseProblems, type Release } from "../../contract/diff/release.js";
import { projectRoot } from "../../contract/paths.js";
import { pair, schemas, type Loose } from "./support.js";

describe("the working contract against its last release", () => {
  it("has no breaking change without a major version bump and a changelog entry", async () => {
    const last = lastRelease();
    expect(last, "openapi/releases/ holds the released versions").not.toBeNull();
    const working = await bundleSpec(join(projectRoot, "openapi", "openapi.yaml"));
    const diff = diffContracts(readRelease(last!), working, { base: `release ${last!.version}`, revision: "openapi/" });
    const problems = releaseProblems(diff, readChangelog(), listReleases());
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("npm run contract:release refuses to record a version twice", async () => {
    const working = await bundleSpec(join(projectRoot, "openapi", "openapi.yaml"));
    const version = (working.info as { version: string }).version;
    const dir = mkdtempSync(join(tmpdir(), "contract-releases-"));
    try {
      writeFileSync(join(dir, `${version}.json`), JSON.stringify(working));
      const script = join("scripts", "release-contract.ts");
      const run = spawnSync(process.execPath, ["--import", "tsx", script, "--releases", dir], { cwd: projectRoot, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`contract:release: ${version} is already released`);
      expect(readdirSync(dir)).toEqual([`${version}.json`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each recorded release is the bundled spec of its version, with a changelog entry", () => {
    const documented = readChangelog().map((e) => e.version);
    for (const release of listReleases()) {
      expect((readRelease(release).info as { version: string }).version).toBe(release.version);
      expect(documented).toContain(release.version);
    }
  });
});

describe("release rules", () => {
  const released: Release[] = [{ version: "1.0.0", file: "1.0.0.json" }];
  const entries = (...versions: string[]) => parseChangelog(versions.map((v) => `## ${v} — 2026-12-01\n\nText.\n`).join("\n"));
  const check = (edit: (s: Loose) => void, changelog = entries("1.0.0")) => {
    const { base, revision } = pair(edit);
    return releaseProblems(diffContracts(base, revision, { base: "released", revision: "working" }), changelog, released);
  };
  const breakingEdit = (version: string) => (s: Loose) => {
    delete schemas(s).ItemDTO.properties.n_cantidad;
    s.info.version = version;
  };

  it("a breaking change without a version bump fails", () => {
    const problems = check(breakingEdit("1.0.0"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^4 breaking change\(s\) since the released 1\.0\.0, but info\.version is 1\.0\.0: a breaking change needs a new major version \(2\.0\.0\)/);
    expect(problems[0]).toContain("ITEM_Add request-property-removed: body.n_cantidad: removed");
  });

  it("a breaking change with only a minor bump fails", () => {
    expect(check(breakingEdit("1.1.0"), entries("1.1.0", "1.0.0")).join()).toMatch(/needs a new major version/);
  });

  it("a breaking change with a major bump but no changelog entry fails", () => {
    expect(check(breakingEdit("2.0.0"))).toEqual(["info.version 2.0.0 has no entry in openapi/CHANGELOG.md (## 2.0.0 — <date>)"]);
  });

  it("a breaking change with a major bump and its entry passes", () => {
    expect(check(breakingEdit("2.0.0"), entries("2.0.0", "1.0.0"))).toEqual([]);
  });

  it("a non-breaking change needs no bump yet (it is released with the next version)", () => {
    expect(check((s) => (schemas(s).ItemDTO.properties.t_nota = { type: "string" }))).toEqual([]);
  });

  it("a version lower than the release fails, and so does a release missing from the changelog", () => {
    expect(check((s) => (s.info.version = "0.9.0"), [])).toEqual([
      "info.version 0.9.0 is lower than the last released version 1.0.0",
      "released version 1.0.0 has no entry in openapi/CHANGELOG.md",
    ]);
  });

  it("versions compare numerically, a pre-release before its release", () => {
    const sorted = ["1.10.0", "1.2.0", "2.0.0-rc.1", "2.0.0", "1.2.10"].sort(compareVersions);
    expect(sorted).toEqual(["1.2.0", "1.2.10", "1.10.0", "2.0.0-rc.1", "2.0.0"]);
  });
});

describe("changelog", () => {
  const text = "# Title\n\nPreamble.\n\n## 1.1.0 — 2027-01-10\n\n### Added\n\n- A thing.\n\n## Notes\n\nNot an entry.\n\n## 1.0.0 - 2026-12-02\n\nFirst.\n";

  it("parses version entries and skips other sections", () => {
    expect(parseChangelog(text)).toEqual([
      { version: "1.1.0", label: "2027-01-10", body: "### Added\n\n- A thing." },
      { version: "1.0.0", label: "2026-12-02", body: "First." },
    ]);
  });

  it("becomes a Changes section of the docs, versions as its subsections", () => {
    expect(changesSection(parseChangelog(text))).toBe(
      "# Changes\n\nWhat changed in each version of this contract, newest first.\n\n## 1.1.0 — 2027-01-10\n\n#### Added\n\n- A thing.\n\n## 1.0.0 — 2026-12-02\n\nFirst.\n",
    );
  });

  it("the project's changelog has an entry for the current info.version", async () => {
    const working = await bundleSpec(join(projectRoot, "openapi", "openapi.yaml"));
    expect(readChangelog().map((e) => e.version)).toContain((working.info as { version: string }).version);
  });
});
