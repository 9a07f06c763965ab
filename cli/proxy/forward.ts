// The forwarding half of the proxy: each client connection is relayed byte for byte to a connection of its own to
// the deployment (net/tls sockets, backpressure both ways, no timeouts of its own, as long-lived as the two ends keep
// it). Requests go through unchanged except their head's request target (the target's path prefix) and Host (the
// target's); answers go through untouched. A MessageReader on each direction delimits the messages (on the request
// side as they are forwarded, to find the heads; on the answer side on the bytes already written on), pairs each
// answer with its request and keeps a copy of each body, up to a cap, for checking after the exchange; past the cap
// the copy is dropped and the exchange is forwarded unchecked.
import net from "node:net";
import tls from "node:tls";
import zlib from "node:zlib";
import { DEFAULT_CHECK_COPY_BYTES } from "./options.js";
import { MessageReader, type MessageHead } from "./message-reader.js";
import { flattenRawHeaders, type ObservedExchange } from "../traffic/exchange.js";

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

/** A request read on a client connection, waiting for its answer. */
interface Pending {
  method: string;
  /** Path and query as the deployment gets them (with the target's prefix). */
  path: string;
  rawHeaders: string[];
  copy: BodyCopy;
  complete: boolean;
  started: number;
  startedAt: number;
}

/** The request head as the deployment gets it: the target's path prefix before the path, Host naming the target. */
function rewrittenHead(head: MessageHead, path: string, host: string): Buffer {
  const text = head.text;
  const firstLine = text.indexOf("\r\n");
  let fields = firstLine < 0 ? "" : text.slice(firstLine);
  const hostField = /\r\nhost:[^\r]*/i.exec(fields);
  fields = hostField ? fields.slice(0, hostField.index) + `\r\nHost: ${host}` + fields.slice(hostField.index + hostField[0].length) : `\r\nHost: ${host}${fields}`;
  return Buffer.from(`${head.method} ${path} ${head.version}${fields}\r\n\r\n`, "latin1");
}

export async function startForwarder(options: ForwardOptions): Promise<Forwarder> {
  const { target } = options;
  const cap = options.checkCopyBytes ?? DEFAULT_CHECK_COPY_BYTES;
  const secure = target.protocol === "https:";
  const port = Number(target.port || (secure ? 443 : 80));
  const hostname = target.hostname.replace(/^\[|\]$/g, "");
  const prefix = target.pathname.replace(/\/+$/, "");
  const targetHost = target.host;
  const connections = new Set<{ client: net.Socket; upstream: net.Socket | null; pending: Pending[] }>();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  // Checking happens after the answer has gone out, never on its way: the exchanges settled meanwhile are judged
  // together on the next turn of the event loop.
  const queued: (() => void)[] = [];
  const drain = () => {
    for (const job of queued.splice(0)) job();
  };
  const later = (job: () => void) => {
    if (queued.push(job) === 1) setImmediate(drain);
  };
  const settled = () => {
    inFlight--;
    if (inFlight === 0) idle?.();
  };

  const connect = (): net.Socket =>
    secure
      ? tls.connect({ host: hostname, port, servername: net.isIP(hostname) ? undefined : hostname, noDelay: true } as tls.ConnectionOptions)
      : net.connect({ host: hostname, port, noDelay: true });

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const conn = { client, upstream: null as net.Socket | null, pending: [] as Pending[] };
    connections.add(conn);
    const pending = conn.pending;
    /** The request whose body the request reader is in. */
    let reading: Pending | null = null;
    /** The answer being read, and its body's copy. */
    let answering: { status: number; rawHeaders: string[]; copy: BodyCopy } | null = null;
    let answerBytesSent = false;
    /** The answer being read is an interim one (100 Continue, 103 Early Hints): the real one follows. */
    let interim = false;
    let clientGone = false;
    let upstreamGone = false;

    const finish = (p: Pending, status: number | null, responseHeaders: Record<string, string>, responseBody: BodyCopy | null, error?: string) => {
      const x: ObservedExchange = {
        method: p.method,
        url: new URL(p.path, target.origin),
        requestHeaders: flattenRawHeaders(p.rawHeaders),
        requestBody: p.copy.bytes(),
        status,
        responseHeaders,
        responseBody: null,
        durationMs: performance.now() - p.started,
      };
      if (error) x.error = error;
      // The deployment may answer (a 401, a 413) before the client has sent its whole body.
      if (!p.complete) x.requestIncomplete = true;
      later(() => {
        try {
          x.responseBody = responseBody === null ? Buffer.alloc(0) : decoded(responseBody.bytes(), responseHeaders["content-encoding"], cap);
          options.onExchange(x, p.startedAt);
        } catch (err) {
          options.onUncheckable(x, err instanceof Error ? err.message : String(err));
        } finally {
          settled();
        }
      });
    };
    const unjudged = (p: Pending, why: string) => {
      later(() => {
        options.onUncheckable({ method: p.method, url: new URL(p.path, target.origin) }, why);
        settled();
      });
    };

    const requests = new MessageReader("request", {
      head: (head) => {
        // Origin-form (`/api/...`) is what a client sends to a server; an absolute-form URL keeps only its path.
        let path = head.target;
        if (!path.startsWith("/") && /^https?:\/\//i.test(path)) {
          const u = new URL(path);
          path = u.pathname + u.search;
        }
        if (path.startsWith("/")) path = prefix + path;
        const p: Pending = { method: head.method, path, rawHeaders: head.rawHeaders, copy: new BodyCopy(cap), complete: false, started: performance.now(), startedAt: Date.now() };
        inFlight++;
        pending.push(p);
        reading = p;
        if (head.method === "CONNECT") return { body: "none", replace: rewrittenHead(head, path, targetHost) };
        return { replace: rewrittenHead(head, path, targetHost) };
      },
      body: (chunk) => reading?.copy.push(chunk),
      end: () => {
        if (reading) reading.complete = true;
        reading = null;
      },
      stopped: () => undefined,
    });
    const answers = new MessageReader("response", {
      head: (head) => {
        const p = pending[0];
        // An interim answer (100 Continue…) precedes the real one; 101 hands the connection over to another protocol.
        if (head.status === 101 || (p?.method === "CONNECT" && head.status < 300)) {
          queueMicrotask(() => {
            requests.stop("the connection was upgraded");
            answers.stop("the connection was upgraded");
          });
          return { body: "none" };
        }
        if (head.status < 200) {
          interim = true;
          return { body: "none" };
        }
        answering = { status: head.status, rawHeaders: head.rawHeaders, copy: new BodyCopy(cap) };
        if (p?.method === "HEAD" || head.status === 204 || head.status === 304) return { body: "none" };
        return undefined;
      },
      body: (chunk) => answering?.copy.push(chunk),
      end: () => {
        if (interim) {
          interim = false;
          return;
        }
        const p = pending.shift();
        const a = answering;
        answering = null;
        answerBytesSent = false;
        if (!p) return;
        if (!a) {
          // The 101 (or CONNECT) answer: what follows is not HTTP.
          unjudged(p, "the connection was upgraded to another protocol");
          return;
        }
        finish(p, a.status, flattenRawHeaders(a.rawHeaders), a.copy);
      },
      stopped: () => undefined,
    });
    // What cannot be read any more is no longer paired: the requests waiting are forwarded, not judged.
    const dropPending = (why: string) => {
      for (const p of pending.splice(0)) unjudged(p, why);
      reading = null;
    };

    const upstreamFor = (): net.Socket => {
      if (conn.upstream) return conn.upstream;
      const upstream = connect();
      conn.upstream = upstream;
      upstream.on("data", (chunk: Buffer) => {
        answerBytesSent = true;
        if (!clientGone && !client.write(chunk)) {
          upstream.pause();
          client.once("drain", () => upstream.resume());
        }
        if (!answers.stoppedReading) answers.feed(chunk);
      });
      upstream.on("end", () => {
        answers.close();
        if (!clientGone) client.end();
      });
      upstream.on("error", (err) => {
        const reason = (err as NodeJS.ErrnoException).code ?? err.message;
        upstreamGone = true;
        if (clientGone) return;
        const first = pending[0];
        if (first && !answerBytesSent) {
          // The only answer the proxy writes itself: the deployment could not be reached.
          const text = `romsoft-contract proxy: no answer from ${target.origin}: ${reason}\n`;
          client.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
          pending.shift();
          finish(first, null, {}, null, `no answer from the deployment: ${reason}`);
        } else client.destroy();
        for (const p of pending.splice(0)) finish(p, null, {}, null, `no answer from the deployment: ${reason}`);
      });
      upstream.on("close", () => {
        upstreamGone = true;
        answers.close();
        for (const p of pending.splice(0)) finish(p, null, {}, null, "no answer from the deployment: the connection closed");
        if (!clientGone) client.end();
      });
      return upstream;
    };

    client.on("data", (chunk: Buffer) => {
      if (upstreamGone) return;
      const upstream = upstreamFor();
      const out = requests.stoppedReading ? [chunk] : requests.feed(chunk, true);
      if (requests.stoppedReading && pending.length && reading) dropPending("the request could not be read");
      // One write per chunk read: a small head and the body after it in one segment, not two.
      let full = false;
      if (out.length === 1) full = !upstream.write(out[0]!);
      else if (out.length > 1 && chunk.length <= 16 * 1024) full = !upstream.write(Buffer.concat(out));
      else if (out.length > 1) {
        upstream.cork();
        for (const piece of out) full = !upstream.write(piece) || full;
        upstream.uncork();
      }
      if (full) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
    client.on("end", () => {
      // A request broken off (head or body incomplete) is abandoned, not finished: the client has hung up on it.
      if (!requests.stoppedReading && (reading !== null || !requests.idle)) {
        gone();
        client.destroy();
        return;
      }
      if (conn.upstream && !upstreamGone) conn.upstream.end();
      else if (!conn.upstream) client.end();
    });
    // The client went away (reset, a body broken off): so does the deployment's connection. The requests it had
    // out are not the deployment's doing: counted, not judged. Never a crash.
    const gone = () => {
      if (clientGone) return;
      clientGone = true;
      connections.delete(conn);
      conn.upstream?.destroy();
      dropPending("the client closed the connection before the answer was complete");
    };
    client.on("error", gone);
    client.on("close", gone);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async (graceMs = 5000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle connections go now; those with an exchange running get up to graceMs to finish it.
      for (const conn of connections) if (conn.pending.length === 0) conn.client.destroy();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      for (const conn of connections) conn.client.destroy();
      await closed;
      // Let the last check (scheduled with setImmediate) run.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
