// The proxy's relay on the wire: what the deployment receives (the target's path prefix, Host naming the target,
// everything else as the client sent it), pipelined requests paired with their answers in order, answers without a
// body (HEAD, 204) not waited for, and the 502 when nothing answers.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startForwarder, type Forwarder } from "../../cli/proxy/forward.js";
import type { ObservedExchange } from "../../cli/traffic/exchange.js";

let upstream: http.Server;
let upstreamUrl: string;
const received: { method: string; url: string; host: string; body: string; rawHeaders: string[] }[] = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("latin1");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, host: req.headers.host ?? "", body, rawHeaders: req.rawHeaders });
      if (req.url!.endsWith("/empty")) {
        res.writeHead(204).end();
        return;
      }
      const text = JSON.stringify({ url: req.url, body });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.end(req.method === "HEAD" ? undefined : text);
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, "127.0.0.1", ok));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => upstream.close(ok));
});

async function forwarder(target: string): Promise<{ fwd: Forwarder; seen: ObservedExchange[]; unchecked: string[] }> {
  const seen: ObservedExchange[] = [];
  const unchecked: string[] = [];
  const fwd = await startForwarder({ target: new URL(target), host: "127.0.0.1", port: 0, onExchange: (x) => seen.push(x), onUncheckable: (_x, why) => unchecked.push(why) });
  return { fwd, seen, unchecked };
}

/** Writes `bytes` on one connection (in the pieces given) and collects what comes back until `answers` answers ended. */
function exchange(url: string, pieces: string[], until: (text: string) => boolean): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = net.connect({ host: hostname, port: Number(port) }, async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      text += d;
      if (until(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on("error", reject);
  });
}

describe("the relay", () => {
  it("sends the deployment the path under the target's prefix and Host naming the target, pipelined requests answered in order", async () => {
    const { fwd, seen } = await forwarder(`${upstreamUrl}/legacy/`);
    try {
      received.length = 0;
      const requests =
        'POST /api/A/Add?x=1 HTTP/1.1\r\nHost: proxy.example\r\nX-Custom:  kept\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}' +
        "HEAD /api/B/GetAll HTTP/1.1\r\nHost: proxy.example\r\n\r\n" +
        "POST /api/C/empty HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
      // In pieces that cut a head, a body and a chunk apart.
      const text = await exchange(fwd.url, [requests.slice(0, 30), requests.slice(30, 120), requests.slice(120, 190), requests.slice(190)], (t) => (t.match(/HTTP\/1\.1 /g) ?? []).length === 3);
      expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 204"]);
      expect(received.map((r) => `${r.method} ${r.url} ${r.host} ${r.body}`)).toEqual([
        `POST /legacy/api/A/Add?x=1 ${new URL(upstreamUrl).host} {"a":1}`,
        `HEAD /legacy/api/B/GetAll ${new URL(upstreamUrl).host} `,
        `POST /legacy/api/C/empty ${new URL(upstreamUrl).host} {}`,
      ]);
      // The other headers as the client sent them (names' case, order); Host added where the client sent none.
      expect(received[0]!.rawHeaders).toEqual(["Host", new URL(upstreamUrl).host, "X-Custom", "kept", "Content-Type", "application/json", "Content-Length", "7"]);
      expect(received[2]!.rawHeaders.slice(0, 2)).toEqual(["Host", new URL(upstreamUrl).host]);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.map((x) => `${x.method} ${x.url.pathname} ${x.status} ${x.requestBody?.toString()} ${x.responseBody?.toString() ?? ""}`)).toEqual([
        `POST /legacy/api/A/Add 200 {"a":1} {"url":"/legacy/api/A/Add?x=1","body":"{\\"a\\":1}"}`,
        "HEAD /legacy/api/B/GetAll 200  ",
        "POST /legacy/api/C/empty 204 {} ",
      ]);
      // The checks see the client's own headers.
      expect(seen[0]!.requestHeaders["host"]).toBe("proxy.example");
    } finally {
      await fwd.close();
    }
  });

  it("passes an interim 100 Continue on and pairs the request with the answer after it", async () => {
    const { fwd, seen } = await forwarder(upstreamUrl);
    try {
      const { port } = new URL(fwd.url);
      const text = await new Promise<string>((resolve, reject) => {
        let got = "";
        const socket = net.connect({ host: "127.0.0.1", port: Number(port) }, () => {
          socket.write("POST /api/A/Add HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        });
        socket.setEncoding("latin1");
        socket.on("data", (d: string) => {
          got += d;
          if (got.startsWith("HTTP/1.1 100") && !got.includes("HTTP/1.1 200") && got.endsWith("\r\n\r\n")) socket.write("{}");
          if (got.includes('"body":"{}"}')) {
            socket.destroy();
            resolve(got);
          }
        });
        socket.on("error", reject);
      });
      expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 100", "HTTP/1.1 200"]);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.map((x) => `${x.status} ${x.requestBody?.toString()} ${x.requestIncomplete ?? false}`)).toEqual(["200 {} false"]);
    } finally {
      await fwd.close();
    }
  });

  it("answers 502 itself when the deployment cannot be reached, and records the exchange as unanswered", async () => {
    const closed = net.createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const { fwd, seen } = await forwarder(`http://127.0.0.1:${port}`);
    try {
      const text = await exchange(fwd.url, ["POST /api/A/Add HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"], (t) => t.includes("ECONNREFUSED"));
      expect(text).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.map((x) => [x.status, x.error])).toEqual([[null, "no answer from the deployment: ECONNREFUSED"]]);
    } finally {
      await fwd.close();
    }
  });
});
