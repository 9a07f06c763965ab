// The three renderings of a comparison: text for the console, markdown for a pull request or a changelog,
// JSON for programs (the DiffResult as it is).
import type { Change, DiffResult, Severity } from "../../contract/diff/model.js";

const HEADINGS: Record<Severity, string> = { breaking: "Breaking", "non-breaking": "Non-breaking", info: "Info" };
const ORDER: readonly Severity[] = ["breaking", "non-breaking", "info"];

function sideLabel(name: string, version: string): string {
  return version ? `${name} (${version})` : name;
}

function summaryLine(result: DiffResult): string {
  const { breaking, nonBreaking, info } = result.summary;
  return `${breaking} breaking, ${nonBreaking} non-breaking, ${info} info`;
}

/** Changes grouped by operation, operations in the order they first appear. */
function byOperation(changes: readonly Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    const key = c.operationId ?? "(document)";
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

export function formatText(result: DiffResult): string {
  const lines = [
    `Contract changes: ${sideLabel(result.base, result.versions.base)} → ${sideLabel(result.revision, result.versions.revision)}`,
  ];
  if (result.changes.length === 0) return `${lines[0]}\nNo changes.\n`;
  lines.push(summaryLine(result), "");
  const kindWidth = Math.max(...result.changes.map((c) => c.kind.length));
  for (const [operation, changes] of byOperation(result.changes)) {
    lines.push(operation);
    const sorted = [...changes].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
    for (const c of sorted) {
      const severity = c.severity === "breaking" ? "BREAKING" : c.severity;
      lines.push(`  ${severity.padEnd(12)}  ${c.kind.padEnd(kindWidth)}  ${c.message}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function formatMarkdown(result: DiffResult): string {
  const out = [
    `### Contract changes: \`${cell(result.base)}\` → \`${cell(result.revision)}\``,
    "",
  ];
  if (result.versions.base !== result.versions.revision) out.push(`Version ${result.versions.base} → ${result.versions.revision}.`, "");
  if (result.changes.length === 0) {
    out.push("No changes.", "");
    return out.join("\n");
  }
  out.push(`**${result.summary.breaking} breaking**, ${result.summary.nonBreaking} non-breaking, ${result.summary.info} info.`, "");
  for (const severity of ORDER) {
    const changes = result.changes.filter((c) => c.severity === severity);
    if (changes.length === 0) continue;
    const table = ["| Operation | Change | Details |", "|---|---|---|"];
    for (const c of changes) table.push(`| ${c.operationId ? `\`${c.operationId}\`` : "—"} | \`${c.kind}\` | ${cell(c.message)} |`);
    // Info (prose and example edits) is folded away: reviewers look at what clients feel first.
    if (severity === "info") out.push(`<details><summary>${HEADINGS[severity]} (${changes.length})</summary>`, "", ...table, "", "</details>", "");
    else out.push(`#### ${HEADINGS[severity]} (${changes.length})`, "", ...table, "");
  }
  return out.join("\n");
}

export function formatJson(result: DiffResult): string {
  return JSON.stringify(result, null, 2) + "\n";
}
