// Arguments of `romsoft-contract diff <base> <revision>` (node's util.parseArgs). Problems are usage errors.
import { parseCommandLine, UsageError } from "../usage-error.js";

export type DiffFormat = "text" | "json" | "markdown";
export type DiffFailOn = "breaking" | "any" | "none";

export interface DiffOptions {
  base: string;
  revision: string;
  format: DiffFormat;
  failOn: DiffFailOn;
}

export const DIFF_HELP = `Usage: romsoft-contract diff <base> <revision> [options]

Compares two versions of the contract operation by operation, reading the JsonResponse envelope: operations
added or removed, request body and parameters, the kind and rows of Data, the documented messages of the named
examples (success, warnings, errors) and security. Each change is breaking, non-breaking or info.

Each side is one of:
  <file>                  a spec file: bundled JSON/YAML (generated/openapi.json, openapi/releases/1.0.0.json)
                          or the root of a split spec (openapi/openapi.yaml; a folder holding it also works)
  git:<ref>               this repository's openapi/ at a commit, branch or tag (git:HEAD, git:origin/main)

Options:
  --format <format>       text (default), json (on stdout) or markdown (for a pull request or a changelog)
  --fail-on <level>       breaking (default), any (any change, info included) or none: the lowest severity
                          that makes the command exit 1
  -h, --help              Show this help

Exit codes: 0 no change at or above --fail-on; 1 such a change was found; 2 usage error or a side that cannot
be read (missing file, unknown ref, a spec that does not bundle).
`;

const FORMATS: readonly DiffFormat[] = ["text", "json", "markdown"];
const FAIL_ON: readonly DiffFailOn[] = ["breaking", "any", "none"];

export type ParsedDiffCommand = { kind: "help"; text: string } | { kind: "diff"; options: DiffOptions };

export function parseDiffCommand(argv: string[]): ParsedDiffCommand {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      format: { type: "string" },
      "fail-on": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    "diff",
  );
  if (values.help) return { kind: "help", text: DIFF_HELP };
  const [base, revision, ...extra] = positionals;
  if (base === undefined || revision === undefined) {
    throw new UsageError("diff needs two sides: romsoft-contract diff <base> <revision> (a spec file or git:<ref> each)");
  }
  if (extra.length) throw new UsageError(`diff: unexpected argument "${extra[0]}" (exactly two sides are compared)`);
  for (const side of [base, revision]) {
    if (side.trim() === "" || side === "git:") throw new UsageError(`diff: "${side}" is not a spec file or git:<ref>`);
  }
  const format = values.format ?? "text";
  if (!FORMATS.includes(format as DiffFormat)) throw new UsageError(`--format must be text, json or markdown, got "${format}"`);
  const failOn = values["fail-on"] ?? "breaking";
  if (!FAIL_ON.includes(failOn as DiffFailOn)) throw new UsageError(`--fail-on must be breaking, any or none, got "${failOn}"`);
  return { kind: "diff", options: { base, revision, format: format as DiffFormat, failOn: failOn as DiffFailOn } };
}
