// openapi/CHANGELOG.md: one `## <version> — <date>` entry per contract version (info.version), newest first.
// Read by the release check (a version needs an entry) and by the docs builder (its "Changes" section).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./paths.js";

export const changelogFile = join(projectRoot, "openapi", "CHANGELOG.md");

export interface ChangelogEntry {
  version: string;
  /** The text after the version on its heading (the release date), or "". */
  label: string;
  /** The entry's markdown below its heading. */
  body: string;
}

const ENTRY_HEADING = /^## +(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b *(?:[—–-] *)?(.*)$/;

/** The entries of a changelog, in file order. Text before the first entry is the file's preamble. */
export function parseChangelog(text: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: { version: string; label: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) entries.push({ version: current.version, label: current.label.trim(), body: current.lines.join("\n").trim() });
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = ENTRY_HEADING.exec(line);
    if (heading) {
      flush();
      current = { version: heading[1]!, label: heading[2] ?? "", lines: [] };
    } else if (/^## /.test(line)) {
      flush();
      current = null;
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return entries;
}

export function readChangelog(file: string = changelogFile): ChangelogEntry[] {
  return parseChangelog(readFileSync(file, "utf8"));
}

/**
 * The changelog as a top-level section of the docs page (Redoc makes `#` headings of the info description
 * sidebar sections, `##` their subsections): "Changes", then one subsection per version.
 */
export function changesSection(entries: readonly ChangelogEntry[]): string {
  const parts = ["# Changes", "", "What changed in each version of this contract, newest first."];
  for (const e of entries) {
    // Headings inside an entry move one level down so that they stay inside their version.
    const body = e.body.replace(/^(#{2,5}) /gm, "#$1 ");
    parts.push("", `## ${e.version}${e.label ? ` — ${e.label}` : ""}`, "", body);
  }
  return parts.join("\n") + "\n";
}
