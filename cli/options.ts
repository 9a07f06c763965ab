// Command-line parsing (node's util.parseArgs) and validation of everything that can be checked before a
// single request is sent. Every problem here is a usage error: exit code 2.
import { existsSync, statSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseDiffCommand, type DiffOptions } from "./diff/options.js";
import { UsageError } from "./usage-error.js";

export type ReportFormat = "json" | "junit" | "html";

export interface ReportTarget {
  path: string;
  format: ReportFormat;
}

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
  failOn: "error" | "warning";
}

export { UsageError };

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 4;

export const HELP = `Usage: romsoft-contract verify --base-url <url> [options]
       romsoft-contract diff <base> <revision> [--format text|json|markdown] [--fail-on breaking|any|none]

"diff" compares two versions of the contract (romsoft-contract diff --help). The rest of this help is "verify".

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
  -h, --help              Show this help

Exit codes: 0 nothing at or above --fail-on was found; 1 findings; 2 usage or connection error
(bad URL, unreachable host, refused credentials), reported before any check runs.
`;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBaseUrl(raw: string | undefined): URL {
  if (raw === undefined || raw.trim() === "") throw new UsageError("--base-url is required (e.g. --base-url https://romsoft.example.pe)");
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--base-url is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--base-url must be an http:// or https:// URL, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new UsageError("--base-url must not contain credentials; use --username/--password or ROMSOFT_USERNAME/ROMSOFT_PASSWORD");
  }
  if (url.search || url.hash) throw new UsageError("--base-url must not have a query string or fragment");
  return url;
}

function reportTarget(raw: string): ReportTarget {
  const ext = extname(raw).toLowerCase();
  const format: ReportFormat | undefined = ext === ".json" ? "json" : ext === ".xml" ? "junit" : ext === ".html" || ext === ".htm" ? "html" : undefined;
  if (!format) throw new UsageError(`--report "${raw}": the extension must be .json, .xml (JUnit) or .html`);
  const path = resolve(raw);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--report "${raw}": directory ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--report "${raw}" is a directory`);
  return { path, format };
}

export type ParsedCommand =
  | { kind: "help"; text?: string }
  | { kind: "verify"; options: VerifyOptions }
  | { kind: "diff"; options: DiffOptions };

export function parseCommand(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  // Each command has its own options; the command comes first.
  if (argv[0] === "diff") return parseDiffCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("missing command: romsoft-contract verify --base-url <url>");
  if (command !== "verify") throw new UsageError(`unknown command "${command}" (the commands are "verify" and "diff")`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);

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
  const failOn = values["fail-on"] ?? "error";
  if (failOn !== "error" && failOn !== "warning") throw new UsageError(`--fail-on must be "error" or "warning", got "${failOn}"`);
  const patterns = (values.operations ?? []).flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
  if (values.operations && patterns.length === 0) throw new UsageError("--operations is empty");
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
      reports: (values.report ?? []).map(reportTarget),
      failOn,
    },
  };
}
