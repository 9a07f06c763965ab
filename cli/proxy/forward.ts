// The forwarding half of the proxy: node:http in, node:http(s) out, bodies relayed both ways as they arrive
// (streaming, no buffering of the traffic itself, no timeouts of its own, keep-alive on both sides). A copy of each
// body is kept on the side for checking, up to a cap; past the cap the copy is dropped and the exchange is
// forwarded unchecked. Headers go through as they came (names' case and order kept), except the hop-by-hop ones
// (Connection and the headers it names, Keep-Alive, Proxy-Connection, TE, Upgrade), which belong to each
// connection and are set by node on each side, and Host, which names the target.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { DEFAULT_CHECK_COPY_BYTES } from "./options.js";
import { flattenRawHeaders, type ObservedExchange } from "../traffic/exchange.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "upgrade"]);

/** rawHeaders ([name, value, name, value…]) without the hop-by-hop ones, and with `host` replaced when given. */
export function endToEndHeaders(raw: readonly string[], host?: string): string[] {
  // The usual case names no extra header in Connection: the shared set serves, nothing is copied.
  let named: ReadonlySet<string> = HOP_BY_HOP;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== "connection") continue;
    const extra = raw[i + 1]!.split(",").map((t) => t.trim().toLowerCase()).filter((t) => t !== "" && !HOP_BY_HOP.has(t));
    if (extra.length) named = new Set([...named, ...extra]);
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (named.has(lower)) continue;
    if (host !== undefined && lower === "host") continue;
    out.push(name, raw[i + 1]!);
  }
  if (host !== undefined) out.unshift("Host", host);
  return out;
}

/**
 * Copies `from` into `to` as chunks arrive, with backpressure (pauses `from` while `to` is full), handing each chunk
 * to `copy` too: what pipe() does, with one listener per event instead of pipe's bookkeeping on every exchange.
 */
function relay(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, copy: BodyCopy): void {
  from.on("data", (chunk: Buffer) => {
    copy.push(chunk);
    if (!to.write(chunk)) {
      from.pause();
      to.once("drain", () => from.resume());
    }
  });
  from.on("end", () => to.end());
}

/** Keeps the first `cap` bytes of a stream's chunks; `over` once more came. */
class BodyCopy {
  private chunks: Buffer[] = [];
  size = 0;
  over = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.over) return;
    if (this.size > this.cap) {
      this.over = true;
      this.chunks = [];
    } else this.chunks.push(chunk);
  }
  bytes(): Buffer | null {
    if (this.over) return null;
    // A body that came in one chunk (most of them) is that chunk: nothing to copy.
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}

/** Undoes the answer's content coding on the copy (the client still gets the coded bytes). */
function decoded(body: Buffer | null, coding: string | undefined, cap: number): Buffer | null {
  if (body === null || !coding || coding.trim().toLowerCase() === "identity" || body.length === 0) return body;
  const opts = { maxOutputLength: cap };
  switch (coding.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzipSync(body, opts);
    case "deflate":
      return zlib.inflateSync(body, opts);
    case "br":
      return zlib.brotliDecompressSync(body, opts);
    default:
      throw new Error(`content coding ${coding} is not supported for checking`);
  }
}

export interface ForwardOptions {
  target: URL;
  host: string;
  port: number;
  checkCopyBytes?: number;
  /** Called after each exchange has been forwarded completely (or has failed), off the forwarding path. */
  onExchange: (x: ObservedExchange, startedAtMs: number) => void;
  /** Called when the copy of an exchange could not be made usable (e.g. an unknown content coding). */
  onUncheckable: (x: Pick<ObservedExchange, "method" | "url">, why: string) => void;
}

export interface Forwarder {
  /** `http://host:port` the proxy listens on. */
  url: string;
  /** Stops accepting connections, lets running exchanges finish (up to `graceMs`), then closes everything. */
  close(graceMs?: number): Promise<void>;
}

export async function startForwarder(options: ForwardOptions): Promise<Forwarder> {
  const { target } = options;
  const cap = options.checkCopyBytes ?? DEFAULT_CHECK_COPY_BYTES;
  const secure = target.protocol === "https:";
  const lib = secure ? https : http;
  // noDelay: a request's head and body may leave in separate writes; Nagle's algorithm would hold the second
  // until the first is acknowledged (tens of ms with delayed ACKs). Set on each socket as the agent creates it.
  const agent = new lib.Agent({ keepAlive: true, noDelay: true } as http.AgentOptions);
  const prefix = target.pathname.replace(/\/+$/, "");
  const targetHost = target.host;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    inFlight++;
    const started = performance.now();
    const startedAt = Date.now();
    // Origin-form (`/api/...`) is what a client sends to a server; an absolute-form URL keeps only its path.
    const path = /^https?:\/\//i.test(req.url ?? "") ? (() => { const u = new URL(req.url!); return u.pathname + u.search; })() : (req.url ?? "/");
    const url = new URL(prefix + path, target.origin);
    const reqCopy = new BodyCopy(cap);
    const resCopy = new BodyCopy(cap);
    let settled = false;
    const settle = (status: number | null, responseHeaders: Record<string, string>, error?: string) => {
      if (settled) return;
      settled = true;
      inFlight--;
      const x: ObservedExchange = {
        method: req.method ?? "GET",
        url,
        requestHeaders: flattenRawHeaders(req.rawHeaders),
        requestBody: reqCopy.bytes(),
        status,
        responseHeaders,
        responseBody: null,
        durationMs: performance.now() - started,
      };
      if (error) x.error = error;
      // The deployment may answer (a 401, a 413) before the client has sent its whole body.
      if (!req.complete) x.requestIncomplete = true;
      // Checking happens after the answer has gone out, never on its way.
      setImmediate(() => {
        try {
          x.responseBody = status === null ? Buffer.alloc(0) : decoded(resCopy.bytes(), responseHeaders["content-encoding"], cap);
          options.onExchange(x, startedAt);
        } catch (err) {
          options.onUncheckable(x, err instanceof Error ? err.message : String(err));
        } finally {
          if (inFlight === 0) idle?.();
        }
      });
    };

    const upstream = lib.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || (secure ? 443 : 80),
      method: req.method,
      path: prefix + path,
      headers: endToEndHeaders(req.rawHeaders, targetHost),
      agent,
    });
    // The client went away before the exchange was over (reset, a body broken off): so does the upstream request.
    // Not the deployment's doing: the exchange is counted, not judged. Never a crash.
    let clientGone = false;
    const hangUp = () => {
      clientGone = true;
      // Once the answer has ended, the upstream socket is back in the agent's pool: leave it there.
      if (settled) return;
      upstream.destroy();
      settled = true;
      inFlight--;
      setImmediate(() => {
        options.onUncheckable({ method: req.method ?? "GET", url }, "the client closed the connection before the answer was complete");
        if (inFlight === 0) idle?.();
      });
    };
    req.on("error", hangUp);
    res.on("error", hangUp);
    res.on("close", () => {
      if (!res.writableFinished) hangUp();
    });
    relay(req, upstream, reqCopy);
    upstream.on("response", (answer) => {
      try {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
      } catch (err) {
        // A head node refuses to write (an invalid header from the deployment): the client's connection is cut.
        answer.destroy();
        res.destroy();
        settle(null, {}, `the deployment's answer could not be passed on: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      relay(answer, res, resCopy);
      answer.on("end", () => settle(answer.statusCode ?? null, flattenRawHeaders(answer.rawHeaders)));
      answer.on("aborted", () => res.destroy());
      answer.on("error", () => res.destroy());
    });
    upstream.on("error", (err) => {
      if (clientGone) return;
      const reason = (err as NodeJS.ErrnoException).code ?? err.message;
      if (!res.headersSent) {
        // The only answer the proxy writes itself: the deployment could not be reached.
        res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        res.end(`romsoft-contract proxy: no answer from ${target.origin}: ${reason}\n`);
      } else res.destroy();
      settle(null, {}, `no answer from the deployment: ${reason}`);
    });
  });
  // Requests may take as long as the deployment takes; node's default per-request timeout would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async (graceMs = 5000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
      // Let the last check (scheduled with setImmediate) run.
      await new Promise((resolve) => setImmediate(resolve));
      agent.destroy();
    },
  };
}
