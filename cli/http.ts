// The validator's only way out to the network: POST with a timeout (AbortController), redirects handled by
// hand (same origin followed, another host never), every exchange recorded with secrets redacted, and the
// time of every request kept per operation for the latency figures.
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

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ""}`;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export class HttpClient {
  readonly baseUrl: URL;
  private readonly timeoutMs: number;
  private readonly redactor: Redactor;
  private readonly userAgent: string;
  /** Milliseconds of every answered or timed-out request, per operation. */
  readonly timings = new Map<string, number[]>();
  requestCount = 0;

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
        const res = await fetch(url, { method, headers, body, redirect: "manual", signal: controller.signal });
        const location = res.headers.get("location");
        if (res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel();
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
        const text = await res.text();
        const contentType = res.headers.get("content-type");
        let json: unknown;
        try {
          json = text.length ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          responseHeaders[k] = v;
        });
        return finish(
          { status: res.status, contentType, text, json },
          {
            status: res.status,
            headers: this.redactor.headers(responseHeaders),
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
}
