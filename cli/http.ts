// The validator's only way out to the network: POST with a timeout (AbortController), redirects handled by
// hand (same origin followed, another host never), every exchange recorded with secrets redacted, and the
// time of every request kept per operation for the latency figures. Built on node:http/https with its own
// keep-alive agents, so that `close()` releases every socket at the end of a run (also after aborted
// requests), whether the validator runs as a process or inside another program.
import http from "node:http";
import https from "node:https";
import type { Exchange } from "./model.js";
import type { Redactor } from "./redact.js";

export interface HttpClientOptions {
  baseUrl: URL;
  timeoutMs: number;
  redactor: Redactor;
  userAgent: string;
}

export interface CallOptions {
  /** Path below the base URL, e.g. `/api/Account/Login`. */
  path: string;
  method?: "POST" | "GET";
  query?: Record<string, string>;
  /** JSON body; `undefined` sends none. */
  body?: unknown;
  /** Bearer token to send; null or undefined sends no Authorization header. */
  token?: string | null;
  /** Raw Authorization header value (overrides `token`). */
  authorization?: string;
  /** Operation the time is accounted to. */
  operationId?: string;
}

export interface CallResult {
  /** The recorded exchange, already redacted and trimmed for reports. */
  exchange: Exchange;
  /** HTTP status, or null when no response came back. */
  status: number | null;
  contentType: string | null;
  /** The response text (NOT redacted: for checks only, never for output). */
  text: string;
  /** The parsed body (NOT redacted), or undefined when the body is not JSON. */
  json: unknown;
  error?: "timeout" | "network" | "redirect";
  /** Human-readable cause of `error`. */
  errorDetail?: string;
  /** Same-origin redirects that were followed. */
  redirects: string[];
  durationMs: number;
}

const MAX_TEXT = 16_000;
/** Larger answers are cut (and then fail to parse as JSON, which is reported). */
const MAX_BODY = 32 * 1024 * 1024;
const MAX_ROWS = 5;

/** Keeps recorded bodies small: long arrays are cut to their first rows, long strings truncated. */
export function trimForReport(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… (${value.length - MAX_TEXT} more characters)` : value;
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_ROWS).map((v) => trimForReport(v, depth + 1));
    return value.length > MAX_ROWS ? [...head, `… ${value.length - MAX_ROWS} more items`] : head;
  }
  if (value && typeof value === "object" && depth < 12) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, trimForReport(v, depth + 1)]));
  }
  return value;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed TLS certificate in chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
};

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code) return `${NETWORK_CODES[e.code] ?? e.message ?? "network error"} (${e.code})`;
  return err instanceof Error ? err.message : String(err);
}

export class HttpClient {
  readonly baseUrl: URL;
  private readonly timeoutMs: number;
  readonly redactor: Redactor;
  private readonly userAgent: string;
  /** Milliseconds of every answered or timed-out request, per operation. */
  readonly timings = new Map<string, number[]>();
  requestCount = 0;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl;
    this.timeoutMs = options.timeoutMs;
    this.redactor = options.redactor;
    this.userAgent = options.userAgent;
  }

  url(path: string, query?: Record<string, string>): URL {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, "");
    const url = new URL(`${prefix}${path}`, this.baseUrl.origin);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  async call(options: CallOptions): Promise<CallResult> {
    let url = this.url(options.path, options.query);
    let method = options.method ?? "POST";
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
    let body: string | undefined;
    if (options.body !== undefined && method === "POST") {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    else if (options.token) headers.authorization = `Bearer ${options.token}`;

    const recordRequest = (): Exchange["request"] => ({
      method,
      url: this.redactor.text(url.toString()),
      headers: this.redactor.headers(headers),
      body: body === undefined ? null : this.redactor.value(trimForReport(options.body)),
    });

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = performance.now();
    const redirects: string[] = [];
    const finish = (partial: Omit<CallResult, "exchange" | "durationMs" | "redirects">, response: Exchange["response"]): CallResult => {
      clearTimeout(timer);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      if (options.operationId) {
        const list = this.timings.get(options.operationId) ?? [];
        list.push(durationMs);
        this.timings.set(options.operationId, list);
      }
      const exchange: Exchange = { request: recordRequest(), response, durationMs };
      if (partial.error) exchange.error = partial.errorDetail ? `${partial.error}: ${partial.errorDetail}` : partial.error;
      return { ...partial, exchange, durationMs, redirects };
    };

    try {
      for (let hop = 0; ; hop++) {
        this.requestCount++;
        const res = await this.send(url, method, headers, body, controller.signal);
        const location = res.headers.location;
        if (res.status >= 300 && res.status < 400 && location) {
          const target = new URL(location, url);
          if (target.origin !== url.origin || hop >= 5) {
            const detail = target.origin !== url.origin ? `to another host (${this.redactor.text(target.origin)}), not followed` : "too many redirects";
            return finish(
              { status: res.status, contentType: null, text: "", json: undefined, error: "redirect", errorDetail: detail },
              { status: res.status, headers: { location: this.redactor.text(target.toString()) }, body: null },
            );
          }
          redirects.push(this.redactor.text(target.toString()));
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
            method = "GET";
            body = undefined;
            delete headers["content-type"];
          }
          url = target;
          continue;
        }
        const text = res.text;
        const contentType = res.headers["content-type"] ?? null;
        let json: unknown;
        try {
          json = text.length ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return finish(
          { status: res.status, contentType, text, json },
          {
            status: res.status,
            headers: this.redactor.headers(res.headers),
            body: this.redactor.value(trimForReport(json !== undefined ? json : text)),
          },
        );
      }
    } catch (err) {
      if (controller.signal.aborted) {
        return finish({ status: null, contentType: null, text: "", json: undefined, error: "timeout", errorDetail: `no complete answer within ${this.timeoutMs} ms` }, null);
      }
      return finish({ status: null, contentType: null, text: "", json: undefined, error: "network", errorDetail: describeNetworkError(err) }, null);
    }
  }

  /** One HTTP exchange; the whole answer is read (up to MAX_BODY bytes) before it resolves. */
  private send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const secure = url.protocol === "https:";
    const lib = secure ? https : http;
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing["content-length"] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { method, headers: outgoing, agent: secure ? this.httpsAgent : this.httpAgent, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        res.on("end", () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: flat, text: size > MAX_BODY ? `${text}… (${size - MAX_BODY} more bytes)` : text });
        });
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(new Error("the connection closed before the answer was complete"));
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Releases every socket (keep-alive ones included). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
