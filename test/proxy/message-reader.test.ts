// The message reader the proxy uses to delimit HTTP/1.1 messages in the bytes it relays: every framing it must
// follow, fed whole and byte by byte (a head or a chunk-size line may arrive in pieces).
import { describe, expect, it } from "vitest";
import { MessageReader, type BodyKind, type MessageHead } from "../../cli/proxy/message-reader.js";

interface Read {
  heads: MessageHead[];
  bodies: string[];
  ends: number;
  stopped: string | null;
  forwarded: string;
}

function read(kind: "request" | "response", bytes: string, opts: { pieces?: number; forward?: boolean; bodyFor?: (h: MessageHead) => BodyKind | undefined; replace?: (h: MessageHead) => Buffer } = {}): Read {
  const r: Read = { heads: [], bodies: [], ends: 0, stopped: null, forwarded: "" };
  let body = "";
  const reader = new MessageReader(kind, {
    head: (h) => {
      r.heads.push(h);
      const asked: { body?: BodyKind; replace?: Buffer } = {};
      const b = opts.bodyFor?.(h);
      if (b) asked.body = b;
      if (opts.replace) asked.replace = opts.replace(h);
      return asked;
    },
    body: (c) => (body += c.toString("latin1")),
    end: () => {
      r.ends++;
      r.bodies.push(body);
      body = "";
    },
    stopped: (why) => (r.stopped = why),
  });
  const all = Buffer.from(bytes, "latin1");
  const size = opts.pieces ? Math.max(1, Math.ceil(all.length / opts.pieces)) : all.length;
  for (let i = 0; i < all.length; i += size) {
    for (const piece of reader.feed(all.subarray(i, i + size), opts.forward ?? false)) r.forwarded += piece.toString("latin1");
  }
  if (reader.close() === false && body) r.bodies.push(body);
  return r;
}

const pipelined =
  "POST /api/A/Add HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}" +
  "POST /api/B/Add?id=2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\n{\"b\r\n4\r\n\":2}\r\n0\r\nX-Trailer: t\r\n\r\n" +
  "GET /x HTTP/1.1\r\nhost: x\r\n\r\n";

describe("the message reader", () => {
  for (const pieces of [undefined, 7, pipelined.length]) {
    it(`delimits pipelined requests (Content-Length, chunked with extensions and trailers, no body)${pieces ? `, fed in ${pieces} pieces` : ""}`, () => {
      const r = read("request", pipelined, pieces ? { pieces } : {});
      expect(r.stopped).toBeNull();
      expect(r.heads.map((h) => `${h.method} ${h.target} ${h.version}`)).toEqual(["POST /api/A/Add HTTP/1.1", "POST /api/B/Add?id=2 HTTP/1.1", "GET /x HTTP/1.1"]);
      expect(r.bodies).toEqual(['{"a":1}', '{"b":2}', ""]);
      expect(r.heads[1]!.rawHeaders).toEqual(["Host", "x", "Transfer-Encoding", "chunked"]);
    });
  }

  it("forwards every byte as it came, holding only heads, and puts a replacement in a head's place", () => {
    expect(read("request", pipelined, { pieces: 11, forward: true }).forwarded).toBe(pipelined);
    const replaced = read("request", pipelined, { pieces: 5, forward: true, replace: (h) => Buffer.from(`${h.method} /p${h.target} HTTP/1.1\r\nHost: t\r\n\r\n`) });
    expect(replaced.forwarded).toBe(
      'POST /p/api/A/Add HTTP/1.1\r\nHost: t\r\n\r\n{"a":1}' +
        "POST /p/api/B/Add?id=2 HTTP/1.1\r\nHost: t\r\n\r\n3;ext=1\r\n{\"b\r\n4\r\n\":2}\r\n0\r\nX-Trailer: t\r\n\r\n" +
        "GET /p/x HTTP/1.1\r\nHost: t\r\n\r\n",
    );
  });

  it("answers: no body when the caller says so (HEAD, 204, 304, 1xx), else Content-Length, chunked or until the close", () => {
    const answers =
      "HTTP/1.1 100 Continue\r\n\r\n" +
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + // to a HEAD: no body follows
      "HTTP/1.1 204 No Content\r\n\r\n" +
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n" +
      "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
    let n = 0;
    const r = read("response", answers, { pieces: 9, bodyFor: (h) => (h.status < 200 || n++ === 0 || h.status === 204 ? "none" : undefined) });
    expect(r.heads.map((h) => h.status)).toEqual([100, 200, 204, 200, 200]);
    expect(r.bodies).toEqual(["", "", "", "ok", "until the end"]);
    expect(r.heads[4]!.close).toBe(true);
    expect(r.heads[3]!.close).toBe(false);
  });

  it("stops reading, and forwards the bytes unchanged, when a head cannot be read", () => {
    const bad = "NOT HTTP AT ALL\r\n\r\nmore bytes";
    const r = read("request", bad, { forward: true, pieces: 3 });
    expect(r.stopped).toBe("an unreadable request line");
    expect(r.forwarded).toBe(bad);
    expect(read("request", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").stopped).toBe("conflicting Content-Length headers");
    expect(read("request", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").stopped).toBe("an unreadable chunk size");
  });
});
