// Real HTTP for the suites: JSON posts over a keep-alive agent, and raw sockets for bytes no client
// library would send (invalid UTF-8, partial heads, oversized headers).
import http from "node:http";
import net from "node:net";

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function keepAliveAgent(maxSockets = 32): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** POSTs a body (object → JSON, string/Buffer → as is) and reads the whole answer. */
export function post(
  baseUrl: string,
  path: string,
  body: unknown,
  options: { token?: string; headers?: Record<string, string>; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, baseUrl);
  const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 20_000, () => req.destroy(new Error(`timeout: POST ${path}`)));
    req.on("error", reject);
    req.end(payload);
  });
}

export interface RawAnswer {
  /** Everything the server wrote before closing (or before the timeout). */
  data: string;
  /** True when the server closed the connection. */
  closed: boolean;
  /** Milliseconds from connect to close (or to the timeout). */
  elapsedMs: number;
  /** Status code of the first response, when one arrived. */
  status: number | null;
}

/**
 * Opens a TCP connection, writes `chunks` (strings or buffers), optionally keeps it open without writing, and
 * collects what comes back until the server closes it or `waitMs` passes.
 */
export function rawExchange(port: number, chunks: (string | Buffer)[], waitMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect({ host: "127.0.0.1", port });
    const parts: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(parts).toString("utf8");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve({ data, closed, elapsedMs: Date.now() - started, status: m ? Number(m[1]) : null });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on("connect", () => {
      for (const c of chunks) socket.write(c);
    });
    socket.on("data", (d: Buffer) => parts.push(d));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET" || err.code === "EPIPE") finish(true);
      else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      }
    });
  });
}

/** The body of the first HTTP response in raw data (after the blank line), de-chunked when needed. */
export function rawBody(data: string): string {
  const at = data.indexOf("\r\n\r\n");
  if (at < 0) return "";
  const head = data.slice(0, at).toLowerCase();
  let body = data.slice(at + 4);
  if (head.includes("transfer-encoding: chunked")) {
    let out = "";
    while (body.length > 0) {
      const nl = body.indexOf("\r\n");
      const size = parseInt(body.slice(0, nl), 16);
      if (!size) break;
      out += body.slice(nl + 2, nl + 2 + size);
      body = body.slice(nl + 2 + size + 2);
    }
    return out;
  }
  const len = /content-length: (\d+)/.exec(head);
  return len ? Buffer.from(body, "utf8").subarray(0, Number(len[1])).toString("utf8") : body;
}
