// Helpers for the proxy and HAR tests: a proxy started in-process on a free loopback port with its output
// captured, and raw HTTP calls that keep status, header order/case and body bytes for exact comparisons.
import http from "node:http";
import { Writable } from "node:stream";
import { startProxy, type RunningProxy } from "../../cli/proxy/command.js";
import { parseSkip } from "../../cli/skip.js";
import type { ReportTarget } from "../../cli/options.js";

export interface CapturedProxy extends RunningProxy {
  /** Everything printed to stdout so far (live finding lines, then the summary). */
  stdout(): string;
  stderr(): string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    }),
    text: () => chunks.join(""),
  };
}

export async function startTestProxy(
  target: string,
  options: { skip?: string[]; reports?: ReportTarget[]; failOn?: "error" | "warning"; checkCopyBytes?: number } = {},
): Promise<CapturedProxy> {
  const out = sink();
  const err = sink();
  const proxy = await startProxy(
    {
      target: new URL(target),
      host: "127.0.0.1",
      port: 0,
      reports: options.reports ?? [],
      failOn: options.failOn ?? "error",
      skip: parseSkip(options.skip ?? []),
      ...(options.checkCopyBytes !== undefined ? { checkCopyBytes: options.checkCopyBytes } : {}),
    },
    { stdout: out.stream, stderr: err.stream },
  );
  return Object.assign(proxy, { stdout: out.text, stderr: err.text });
}

export interface RawAnswer {
  status: number;
  statusMessage: string;
  /** [name, value, name, value…] as received. */
  rawHeaders: string[];
  body: Buffer;
}

export interface RawCall {
  method?: string;
  path: string;
  /** [name, value…] sent as given. */
  headers?: string[];
  /** Chunks written one by one (several chunks: the request goes out chunked). */
  body?: (string | Buffer)[];
  agent?: http.Agent;
}

/** One HTTP call with node:http, keeping what fetch normalizes away. */
export function rawCall(baseUrl: string, call: RawCall): Promise<RawAnswer> {
  const url = new URL(call.path, baseUrl);
  const headers = [...(call.headers ?? [])];
  const names = headers.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
  // With headers given as a list node adds neither Host nor framing of its own.
  if (!names.includes("host")) headers.unshift("Host", url.host);
  // Say how long the body is: say how long the body is unless it is chunked.
  if (!names.includes("transfer-encoding") && !names.includes("content-length") && call.body?.length) {
    headers.push("Content-Length", String(call.body.reduce((n, c) => n + Buffer.byteLength(c), 0)));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: call.method ?? "POST", headers, agent: call.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    for (const chunk of call.body ?? []) req.write(chunk);
    req.end();
  });
}

/** JSON POST (what the desktop client sends); `body` is sent as the exact text given. */
export async function postText(baseUrl: string, path: string, body: string | undefined, token?: string): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(path, baseUrl), { method: "POST", headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
