// Command-line parsing (node's util.parseArgs) and validation of everything that can be checked before a
// single request is sent. Every problem here is a usage error: exit code 2.
import { existsSync, statSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseSkip, SKIP_NAMES, type SkipSelection } from "./skip.js";

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
  /** Checks left out with --skip. */
  skip: SkipSelection;
}

/** `verify --har <file>`: recorded exchanges checked offline. */
export interface HarOptions {
  file: string;
  operations: string[] | null;
  reports: ReportTarget[];
  failOn: "error" | "warning";
  skip: SkipSelection;
}

/** `proxy --target <url>`: a checking reverse proxy. */
export interface ProxyOptions {
  target: URL;
  host: string;
  port: number;
  reports: ReportTarget[];
  failOn: "error" | "warning";
  skip: SkipSelection;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 4;

export const DEFAULT_PROXY_PORT = 4020;
/** Bytes of each request and answer body the proxy keeps for checking (the traffic itself is not limited). */
export const DEFAULT_CHECK_COPY_BYTES = 8 * 1024 * 1024;

export const HELP = `Usage: romsoft-contract verify --base-url <url> [options]
       romsoft-contract verify --har <file> [--operations ...] [--skip ...] [--report ...] [--fail-on ...]
       romsoft-contract proxy --target <url> [--host ...] [--port ...] [--skip ...] [--report ...] [--fail-on ...]

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

proxy: a reverse proxy that forwards every request and answer unchanged and checks each exchange in both
directions (client requests against the request schemas, answers as verify judges them, auth, Login's token).
Findings are printed as they are first seen; the reports are written on Ctrl-C / SIGTERM. Each body is
checked on a copy of at most ${DEFAULT_CHECK_COPY_BYTES / 1024 / 1024} MiB (larger ones are forwarded in full, unchecked).
  --target <url>          The deployment to forward to (required)
  --host <address>        Address to listen on (default 127.0.0.1)
  --port <n>              Port to listen on (default ${DEFAULT_PROXY_PORT}; 0 = any free port)
  --skip, --report, --fail-on   as for verify

Exit codes: 0 nothing at or above --fail-on was found; 1 findings; 2 usage or connection error
(bad URL, unreachable host, refused credentials, unreadable HAR), reported before any check runs.
`;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBaseUrl(raw: string | undefined, option = "base-url"): URL {
  if (raw === undefined || raw.trim() === "") throw new UsageError(`--${option} is required (e.g. --${option} https://romsoft.example.pe)`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--${option} is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--${option} must be an http:// or https:// URL, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new UsageError(`--${option} must not contain credentials; use --username/--password or ROMSOFT_USERNAME/ROMSOFT_PASSWORD`);
  }
  if (url.search || url.hash) throw new UsageError(`--${option} must not have a query string or fragment`);
  return url;
}

function skipOption(values: string[] | undefined): SkipSelection {
  try {
    const skip = parseSkip(values ?? []);
    if (values && skip.names.length === 0) throw new UsageError("--skip is empty");
    return skip;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
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
  | { kind: "help" }
  | { kind: "verify"; options: VerifyOptions }
  | { kind: "har"; options: HarOptions }
  | { kind: "proxy"; options: ProxyOptions };

/** Options that belong to one command only: given to another, they are a usage error. */
const ONLY_FOR: Record<string, "verify" | "live" | "proxy"> = {
  "base-url": "live",
  username: "live",
  password: "live",
  token: "live",
  "allow-writes": "live",
  timeout: "live",
  concurrency: "live",
  operations: "verify",
  har: "verify",
  target: "proxy",
  host: "proxy",
  port: "proxy",
};

export function parseCommand(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
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
        skip: { type: "string", multiple: true },
        har: { type: "string" },
        target: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
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
  if (command !== "verify" && command !== "proxy") throw new UsageError(`unknown command "${command}" (the commands are "verify" and "proxy")`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const mode = command === "proxy" ? "proxy" : values.har !== undefined ? "har" : "live";
  for (const [name, owner] of Object.entries(ONLY_FOR)) {
    if ((values as Record<string, unknown>)[name] === undefined || (name === "allow-writes" && values["allow-writes"] === false)) continue;
    const fits = owner === "proxy" ? mode === "proxy" : owner === "live" ? mode === "live" : mode !== "proxy";
    if (!fits) {
      throw new UsageError(
        `--${name} does not apply to ${mode === "proxy" ? "proxy" : mode === "har" ? "verify --har (recorded exchanges, no calls)" : "verify"}`,
      );
    }
  }
  const failOnValue = values["fail-on"] ?? "error";
  if (failOnValue !== "error" && failOnValue !== "warning") throw new UsageError(`--fail-on must be "error" or "warning", got "${failOnValue}"`);
  const skip = skipOption(values.skip);
  const reports = (values.report ?? []).map(reportTarget);
  const operationPatterns = (values.operations ?? []).flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
  if (values.operations && operationPatterns.length === 0) throw new UsageError("--operations is empty");

  if (mode === "proxy") {
    const host = values.host ?? "127.0.0.1";
    if (host.trim() === "") throw new UsageError("--host is empty");
    return {
      kind: "proxy",
      options: {
        target: parseBaseUrl(values.target, "target"),
        host,
        port: integer("port", values.port, DEFAULT_PROXY_PORT, 0, 65_535),
        reports,
        failOn: failOnValue,
        skip,
      },
    };
  }
  if (mode === "har") {
    const file = resolve(values.har!);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--har "${values.har}": no such file`);
    return { kind: "har", options: { file, operations: operationPatterns.length ? operationPatterns : null, reports, failOn: failOnValue, skip } };
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
  const failOn = failOnValue;
  const patterns = operationPatterns;
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
