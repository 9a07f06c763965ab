// Hostile connections: slowloris heads trickled a byte at a time (which defeat idle timeouts), trickled
// bodies, silent sockets, oversized heads, lying Content-Length, pipelined floods. Each is cut off within the
// configured limits, and ordinary requests keep being answered while they go on.
// (test/server/http-limits.test.ts covers one stalled head/body and 431 once; this file attacks in numbers.)
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../support/app-with-db.js";
import { parseEnvelope } from "../support/answer-checks.js";
import { post, rawBody, rawExchange } from "../support/http.js";

const LIMITS = { headersTimeoutMs: 800, requestTimeoutMs: 1500, connectionTimeoutMs: 3000, keepAliveTimeoutMs: 1000 };
/** Node checks these timeouts once a second (connectionsCheckingInterval): allow for that and a busy machine. */
const SLACK_MS = 1000 + 1500;

let t: TestApp;
let port = 0;
let baseUrl = "";

beforeAll(async () => {
  t = await startApp({ limits: LIMITS });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  port = (t.app.server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await t?.close();
});

/** Past this, the test gives up on the server closing a connection and closes it itself (a failure). */
const GIVE_UP_MS = 10_000;

interface Trickle {
  /** Resolves when the connection closes: elapsed ms, what the server sent, and who closed it. */
  closed: Promise<{ ms: number; data: string; bytesSent: number; byServer: boolean }>;
  stop(): void;
}

/** Sends `head` at once, then `text` one byte every `everyMs`, until the server closes the connection. */
function trickle(text: string, everyMs: number, head = ""): Trickle {
  const socket = net.connect({ host: "127.0.0.1", port });
  const started = Date.now();
  let sent = 0;
  let data = "";
  let byServer = true;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = setTimeout(() => {
    byServer = false;
    socket.destroy();
  }, GIVE_UP_MS);
  socket.on("connect", () => {
    if (head) socket.write(head);
    timer = setInterval(() => {
      if (sent < text.length && socket.writable) socket.write(text[sent++]!);
    }, everyMs);
  });
  socket.on("data", (d: Buffer) => (data += d.toString("utf8")));
  socket.on("error", () => undefined);
  const closed = new Promise<{ ms: number; data: string; bytesSent: number; byServer: boolean }>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ ms: Date.now() - started, data, bytesSent: sent, byServer });
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
    },
  };
}

async function ordinaryRequestsWork(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await post(baseUrl, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { token: t.token, timeoutMs: 5000 });
    expect(res.status).toBe(200);
  }
}

describe("slow and hostile clients", () => {
  it("40 slowloris connections (a header byte every 100 ms) are cut at the head timeout; others are served meanwhile", async () => {
    const head = `POST /api/CVN_PLAN_SEGURO/GetAllActives HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nX-Pad: ${"a".repeat(200)}\r\n\r\n`;
    const attackers = Array.from({ length: 40 }, () => trickle(head, 100));
    try {
      await ordinaryRequestsWork(10);
      const results = await Promise.all(attackers.map((a) => a.closed));
      for (const r of results) {
        expect(r.byServer, "the server kept a slowloris connection open").toBe(true);
        // Still sending when cut: the idle timeout alone would never have closed it.
        expect(r.bytesSent).toBeLessThan(head.length);
        expect(r.ms).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS);
        if (r.data) expect(r.data).toMatch(/^HTTP\/1\.1 408/);
      }
    } finally {
      attackers.forEach((a) => a.stop());
    }
    await ordinaryRequestsWork(3);
  }, 30_000);

  it("a body trickled a byte every 100 ms is cut at the request timeout with 408 in the envelope; nothing is written", async () => {
    const changes = t.db.prepare("SELECT total_changes()").pluck().get();
    const body = JSON.stringify({ c_codigo: "SLOW", t_descripcion: "x".repeat(500) });
    const head = `POST /api/ADM_OCUPACION/Add HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const r = await trickle(body, 100, head).closed;
    expect(r.byServer, "the server kept a trickling body open").toBe(true);
    expect(r.ms).toBeLessThan(LIMITS.requestTimeoutMs + SLACK_MS);
    expect(r.bytesSent).toBeLessThan(body.length);
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
    expect(parseEnvelope(rawBody(r.data)).ok).toBe(true);
    expect(t.db.prepare("SELECT total_changes()").pluck().get()).toBe(changes);
  }, 20_000);

  it("100 sockets that never send a byte are closed, and do not keep others out", async () => {
    const silent = await Promise.all(Array.from({ length: 100 }, () => rawExchange(port, [], GIVE_UP_MS)));
    for (const s of silent) {
      expect(s.closed, "a silent connection stayed open").toBe(true);
      expect(s.elapsedMs).toBeLessThan(LIMITS.connectionTimeoutMs + SLACK_MS);
    }
    await ordinaryRequestsWork(3);
  }, 30_000);

  it("oversized heads are refused (431 or closed) without harm: a 64 KB header, a 64 KB URL, 3000 headers", async () => {
    const cases = [
      `POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(64 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
      `POST /api/Account/Login?${"q".repeat(64 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}`,
      `POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join("\r\n")}\r\nContent-Length: 2\r\n\r\n{}`,
    ];
    for (const raw of cases) {
      const res = await rawExchange(port, [raw], 10_000);
      expect(res.closed).toBe(true);
      expect(res.status === 431 || res.status === null, `${res.status}: ${res.data.slice(0, 200)}`).toBe(true);
      if (res.status === 431) expect(parseEnvelope(rawBody(res.data)).ok).toBe(true);
    }
    await ordinaryRequestsWork(3);
  });

  it("a Content-Length of 10 GB is refused at once with 413, before any byte of body", async () => {
    const res = await rawExchange(
      port,
      [`POST /api/ADM_OCUPACION/Add HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{"c_codigo":`],
      10_000,
    );
    expect(res.status).toBe(413);
    expect(res.elapsedMs).toBeLessThan(LIMITS.requestTimeoutMs);
    expect(parseEnvelope(rawBody(res.data)).ok).toBe(true);
  });

  it("a chunked body that grows past the limit is cut with 413", async () => {
    const chunk = "x".repeat(64 * 1024);
    const parts = [`POST /api/ADM_OCUPACION/Add HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`];
    parts.push(`1\r\n"\r\n`);
    for (let i = 0; i < 40; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const res = await rawExchange(port, parts, 10_000);
    expect(res.status).toBe(413);
    expect(parseEnvelope(rawBody(res.data)).ok).toBe(true);
  });

  it("500 pipelined requests on one connection are all answered", async () => {
    const one = `POST /api/CVN_PLAN_SEGURO/GetAllActives HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    const last = one.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n");
    const res = await rawExchange(port, [one.repeat(499) + last], 30_000);
    expect(res.closed).toBe(true);
    expect(res.data.match(/HTTP\/1\.1 200 OK/g)?.length).toBe(500);
  }, 40_000);

  it("the server is still healthy and its memory bounded after all this", async () => {
    await ordinaryRequestsWork(5);
    expect(process.memoryUsage().rss / 2 ** 20).toBeLessThan(1024);
  });
});
