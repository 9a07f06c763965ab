// Command-line parsing (node's util.parseArgs) and validation of everything that can be checked before a
// single request is sent. Every problem here is a usage error: exit code 2.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseDiffCommand, type DiffOptions } from "./diff/options.js";
import { failOnLevel, integer, parseBaseUrl, reportTarget, skipOption, type FailOn, type ReportTarget } from "./option-values.js";
import { parseProxyCommand, type ProxyOptions } from "./proxy/options.js";
import { SKIP_NAMES, type SkipSelection } from "./skip.js";
import { parseCommandLine, UsageError } from "./usage-error.js";

export type { ReportFormat, ReportTarget } from "./option-values.js";
export { parseBaseUrl, UsageError };

export interface VerifyOptions {
  baseUrl: URL;
  username: string | null;
  password: string | null;
  token: string | null;
  /** Glob patterns on operationIds; null = all operations. */
  operations: string[] | null;
  allowWrites: boolean;
  timeoutMs: number;
  concurrency: number;
  reports: ReportTarget[];
  failOn: FailOn;
  /** Checks left out with --skip. */
  skip: SkipSelection;
}

/** `verify --har <file>`: recorded exchanges checked offline. */
export interface HarOptions {
  file: string;
  operations: string[] | null;
  reports: ReportTarget[];
  failOn: FailOn;
  skip: SkipSelection;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 4;

export const HELP = `Usage: romsoft-contract verify --base-url <url> [options]
       romsoft-contract verify --har <file> [--operations ...] [--skip ...] [--report ...] [--fail-on ...]
       romsoft-contract proxy --target <url> [--host ...] [--port ...] [--skip ...] [--report ...] [--fail-on ...]
       romsoft-contract diff <base> <revision> [--format text|json|markdown] [--fail-on breaking|any|none]

"proxy" checks live traffic between clients and a deployment (romsoft-contract proxy --help); "diff" compares
two versions of the contract (romsoft-contract diff --help). The rest of this help is "verify".

Checks a live Romsoft Gestión Clínica API deployment against the OpenAPI contract: login and token,
auth enforcement on every protected operation, the answer of every read operation (envelope, Success,
Data against the schema), CRUD sequences when writes are allowed, and latency. Read-only by default.

Options:
  --base-url <url>        Root of the deployment, e.g. https://romsoft.example.pe (required)
  --username <name>       User to log in with (or env ROMSOFT_USERNAME)
  --password <secret>     Password (or env ROMSOFT_PASSWORD; prefer the env variable)
  --token <jwt>           Use this bearer token instead of logging in (or env ROMSOFT_TOKEN)
  --operations <glob>     Only operationIds matching the glob (* and ?), e.g. 'ADM_*' or '*_GetAllActives';
                          repeat the option or separate patterns with commas
  --allow-writes          Also run the write operations: Add/Update/Delete sequences that clean up after
                          themselves (a few actions without Delete leave rows; they are listed)
  --timeout <ms>          Per-request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --concurrency <n>       Operations checked in parallel (default ${DEFAULT_CONCURRENCY})
  --report <file>         Write a report; the format follows the extension: .json, .xml (JUnit), .html.
                          Repeatable.
  --fail-on <level>       error (default) or warning: the lowest severity that makes the run fail
  --skip <check>          Leave checks out: ${Object.keys(SKIP_NAMES).filter((n) => !n.includes(":")).join(", ")}
                          (auth = every auth:* check, crud = crud and duplicate; single auth:* names work
                          too); repeat or comma-separate. Skipped checks are listed in every report and on
                          the console
  --har <file>            Check the exchanges of a HAR file (as browsers save it) offline instead of calling a
                          deployment: requests against the request schemas, answers as above; no --base-url
                          or credentials needed; entries outside the API are counted and skipped
  -h, --help              Show this help

Exit codes: 0 nothing at or above --fail-on was found; 1 findings; 2 usage or connection error
(bad URL, unreachable host, refused credentials, unreadable HAR), reported before any check runs.
`;

export type ParsedCommand =
  | { kind: "help"; text?: string }
  | { kind: "verify"; options: VerifyOptions }
  | { kind: "har"; options: HarOptions }
  | { kind: "diff"; options: DiffOptions }
  | { kind: "proxy"; options: ProxyOptions };

/** Options of a live run only: with --har (recorded exchanges, no calls) they are a usage error. */
const LIVE_ONLY = ["base-url", "username", "password", "token", "allow-writes", "timeout", "concurrency"] as const;

export function parseCommand(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  // Each command has its own options; the command comes first.
  if (argv[0] === "diff") return parseDiffCommand(argv.slice(1));
  if (argv[0] === "proxy") return parseProxyCommand(argv.slice(1));
  const { values, positionals } = parseCommandLine(
    argv,
    {
      "base-url": { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      token: { type: "string" },
      operations: { type: "string", multiple: true },
      "allow-writes": { type: "boolean", default: false },
      timeout: { type: "string" },
      concurrency: { type: "string" },
      report: { type: "string", multiple: true },
      "fail-on": { type: "string" },
      skip: { type: "string", multiple: true },
      har: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  );
  if (values.help) return { kind: "help" };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("missing command: romsoft-contract verify --base-url <url>");
  if (command !== "verify") throw new UsageError(`unknown command "${command}" (the commands are "verify", "proxy" and "diff")`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const failOn = failOnLevel(values["fail-on"]);
  const skip = skipOption(values.skip);
  const reports = (values.report ?? []).map(reportTarget);
  const patterns = (values.operations ?? []).flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
  if (values.operations && patterns.length === 0) throw new UsageError("--operations is empty");

  if (values.har !== undefined) {
    for (const name of LIVE_ONLY) {
      if (values[name] === undefined || values[name] === false) continue;
      throw new UsageError(`--${name} does not apply to verify --har (recorded exchanges, no calls)`);
    }
    const file = resolve(values.har);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--har "${values.har}": no such file`);
    return { kind: "har", options: { file, operations: patterns.length ? patterns : null, reports, failOn, skip } };
  }

  const baseUrl = parseBaseUrl(values["base-url"]);
  const token = values.token ?? env.ROMSOFT_TOKEN ?? null;
  const username = values.username ?? env.ROMSOFT_USERNAME ?? null;
  const password = values.password ?? env.ROMSOFT_PASSWORD ?? null;
  if (token !== null && token.trim() === "") throw new UsageError("--token is empty");
  if (!token) {
    if (!username || password === null || password === "") {
      throw new UsageError(
        "credentials are required: --username and --password (or ROMSOFT_USERNAME / ROMSOFT_PASSWORD), or --token",
      );
    }
  }
  return {
    kind: "verify",
    options: {
      baseUrl,
      username: token ? null : username,
      password: token ? null : password,
      token: token || null,
      operations: patterns.length ? patterns : null,
      allowWrites: values["allow-writes"] ?? false,
      timeoutMs: integer("timeout", values.timeout, DEFAULT_TIMEOUT_MS, 1, 600_000),
      concurrency: integer("concurrency", values.concurrency, DEFAULT_CONCURRENCY, 1, 64),
      reports,
      failOn,
      skip,
    },
  };
}
