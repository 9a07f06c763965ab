// Arguments of `romsoft-contract proxy --target <url>` (node's util.parseArgs). Problems are usage errors.
import { failOnLevel, integer, parseBaseUrl, reportTarget, skipOption, type FailOn, type ReportTarget } from "../option-values.js";
import type { SkipSelection } from "../skip.js";
import { parseCommandLine, UsageError } from "../usage-error.js";

/** `proxy --target <url>`: a checking reverse proxy. */
export interface ProxyOptions {
  target: URL;
  host: string;
  port: number;
  reports: ReportTarget[];
  failOn: FailOn;
  skip: SkipSelection;
}

export const DEFAULT_PROXY_PORT = 4020;
/** Bytes of each request and answer body the proxy keeps for checking (the traffic itself is not limited). */
export const DEFAULT_CHECK_COPY_BYTES = 8 * 1024 * 1024;

export const PROXY_HELP = `Usage: romsoft-contract proxy --target <url> [options]

A reverse proxy that forwards every request and answer unchanged and checks each exchange in both directions:
client requests against the request schemas, answers as verify judges them (envelope, Data, messages, content
type, status), auth (a protected operation answered with success without a valid token) and Login's token.
Findings are printed as they are first seen, one line each; the reports are written on Ctrl-C / SIGTERM. Each
body is checked on a copy of at most ${DEFAULT_CHECK_COPY_BYTES / 1024 / 1024} MiB (larger ones are forwarded in full, unchecked).

Options:
  --target <url>          The deployment to forward to (required)
  --host <address>        Address to listen on (default 127.0.0.1)
  --port <n>              Port to listen on (default ${DEFAULT_PROXY_PORT}; 0 = any free port)
  --report <file>         Write a report when stopped; .json, .xml (JUnit) or .html. Repeatable.
  --fail-on <level>       error (default) or warning: the lowest severity that makes the run fail
  --skip <check>          Leave checks out, as for verify (e.g. auth,login on a deployment without tokens)
  -h, --help              Show this help

Exit codes: 0 nothing at or above --fail-on was found; 1 findings; 2 usage error, nothing listening at the
target or the address cannot be listened on.
`;

export type ParsedProxyCommand = { kind: "help"; text: string } | { kind: "proxy"; options: ProxyOptions };

export function parseProxyCommand(argv: string[]): ParsedProxyCommand {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      target: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      report: { type: "string", multiple: true },
      "fail-on": { type: "string" },
      skip: { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    },
    "proxy",
  );
  if (values.help) return { kind: "help", text: PROXY_HELP };
  if (positionals.length) throw new UsageError(`proxy: unexpected argument "${positionals[0]}"`);
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host is empty");
  return {
    kind: "proxy",
    options: {
      target: parseBaseUrl(values.target, "target"),
      host,
      port: integer("port", values.port, DEFAULT_PROXY_PORT, 0, 65_535),
      reports: (values.report ?? []).map(reportTarget),
      failOn: failOnLevel(values["fail-on"]),
      skip: skipOption(values.skip),
    },
  };
}
