// `verify --har <file>`: the exchanges of a HAR 1.2 file (as browsers' devtools save it) judged offline with the
// same checks as the proxy. Entries that are not calls of the API (other paths, CORS preflights, assets) are
// counted and skipped. Nothing is sent anywhere.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { matchesAny } from "./glob.js";
import type { HarOptions } from "./options.js";
import { renderSummary } from "./report/console.js";
import { exitCodeOf, writeReports } from "./report/assemble.js";
import { checkExchange, createTrafficCheckContext } from "./traffic/check.js";
import { operationForPath, type ObservedExchange } from "./traffic/exchange.js";
import { TrafficRecorder } from "./traffic/recorder.js";
import { trafficReport } from "./traffic/report.js";
import type { VerifyIo, VerifyResult } from "./verify.js";

/** The HAR file cannot be read or is not HAR: exit code 2. */
export class HarError extends Error {
  override readonly name = "HarError";
}

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime?: string;
  time?: number;
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string; encoding?: string } };
  response: { status: number; headers?: HarHeader[]; content?: { size?: number; mimeType?: string; text?: string; encoding?: string }; _error?: string | null };
}

export interface Har {
  log: { version?: string; creator?: unknown; entries: HarEntry[] };
}

function headersOf(list: HarHeader[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    if (typeof h?.name !== "string" || h.name.startsWith(":")) continue; // HTTP/2 pseudo-headers
    const name = h.name.toLowerCase();
    out[name] = out[name] === undefined ? String(h.value) : `${out[name]}, ${String(h.value)}`;
  }
  return out;
}

export function readHar(file: string): Har {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new HarError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let har: unknown;
  try {
    har = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new HarError(`${basename(file)} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const entries = (har as Har | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new HarError(`${basename(file)} is not a HAR file (no log.entries array)`);
  return har as Har;
}

const decode = (text: string, encoding: string | undefined) => Buffer.from(text, encoding?.toLowerCase() === "base64" ? "base64" : "utf8");

/** One HAR entry as an observed exchange; a string says why it cannot be judged. */
export function entryExchange(entry: HarEntry, url: URL): ObservedExchange | string {
  const res = entry.response;
  const answered = typeof res?.status === "number" && res.status > 0;
  const content = res?.content;
  if (answered && typeof content?.text !== "string" && (content?.size ?? 0) > 0) return "the HAR holds no body for this answer";
  const post = entry.request.postData;
  const x: ObservedExchange = {
    method: String(entry.request.method ?? "GET"),
    url,
    requestHeaders: headersOf(entry.request.headers),
    requestBody: typeof post?.text === "string" ? decode(post.text, post.encoding) : Buffer.alloc(0),
    status: answered ? res.status : null,
    // Browsers save the decoded body even when the headers still name a content coding.
    responseHeaders: headersOf(res?.headers),
    responseBody: answered ? decode(content?.text ?? "", content?.encoding) : Buffer.alloc(0),
    durationMs: typeof entry.time === "number" && entry.time >= 0 ? entry.time : 0,
  };
  if (!answered) x.error = res?._error ? String(res._error) : "no answer recorded";
  return x;
}

export async function verifyHar(options: HarOptions, io: Pick<VerifyIo, "stdout" | "stderr">): Promise<VerifyResult> {
  const started = Date.now();
  const har = readHar(options.file);
  const ctx = createTrafficCheckContext(options.skip.checks);
  const { redactor } = ctx;
  const recorder = new TrafficRecorder(redactor, options.skip.checks);
  let origin: string | null = null;
  for (const entry of har.log.entries) {
    let url: URL;
    try {
      url = new URL(entry?.request?.url);
    } catch {
      recorder.outside();
      continue;
    }
    const op = operationForPath(url.pathname);
    if (!op || String(entry.request.method).toUpperCase() === "OPTIONS") {
      recorder.outside();
      continue;
    }
    origin ??= `${url.origin}${url.pathname.slice(0, url.pathname.toLowerCase().lastIndexOf("/api/"))}/`;
    if (options.operations && !matchesAny(op.operationId, options.operations)) {
      recorder.unchecked();
      continue;
    }
    const x = entryExchange(entry, url);
    if (typeof x === "string") {
      recorder.unchecked(op, `an exchange was skipped: ${x}`);
      continue;
    }
    const at = Date.parse(entry.startedDateTime ?? "");
    recorder.record(op, checkExchange(ctx, op, x, Number.isFinite(at) ? at : started));
  }
  io.stderr.write(
    `checked ${recorder.counts.checked} exchange(s) of ${har.log.entries.length} HAR entries ` +
      `(${recorder.counts.outsideApi} outside the API, ${recorder.counts.unchecked} not checked)\n`,
  );
  const report = trafficReport(
    recorder,
    { kind: "har", baseUrl: origin ?? "(no API call in the file)", file: basename(options.file), started, failOn: options.failOn, skip: options.skip, operations: options.operations },
    redactor,
  );
  const written = writeReports(report, options.reports);
  io.stdout.write(renderSummary(report, written));
  return { report, exitCode: exitCodeOf(report, options.failOn) };
}
