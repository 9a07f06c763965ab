// Reads HTTP/1.1 messages out of the bytes of one direction of a connection, as they arrive: where each head ends,
// its start line and headers, the body's bytes (chunked framing undone) and where each message ends (RFC 9112 §6:
// Transfer-Encoding chunked, Content-Length, no body, or until the connection closes). It judges nothing and
// changes nothing: the proxy relays the connection's bytes and uses this to know which request an answer belongs
// to and what to check. Anything it cannot read (a malformed head, an upgraded connection) makes it stop reading:
// the bytes still flow, that connection's later exchanges are just not checked.

/** The longest head read (node's own limit is 16 KiB); longer is treated as unreadable. */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface MessageHead {
  /** Request: the method; response: "". */
  method: string;
  /** Request: the request target as sent; response: "". */
  target: string;
  /** Response: the status code; request: 0. */
  status: number;
  /** "HTTP/1.1" or "HTTP/1.0". */
  version: string;
  /** [name, value, name, value…] as sent (values trimmed). */
  rawHeaders: string[];
  /** The head's text (latin1), without its final empty line. */
  text: string;
  /** The connection closes after this message (Connection: close, or HTTP/1.0 without keep-alive). */
  close: boolean;
}

export type BodyKind = "none" | "length" | "chunked" | "until-close";

export interface ReaderEvents {
  /**
   * A head was read. Returns how its body is delimited when the caller knows better than the head (an answer to
   * HEAD, a 204/304, a 1xx), else undefined. `replace` lets the caller substitute the head's bytes in the output.
   */
  head(head: MessageHead): { body?: BodyKind; replace?: Buffer } | undefined;
  body(chunk: Buffer): void;
  end(): void;
  /** The reader stopped reading this direction (`why` says why); no more events. */
  stopped(why: string): void;
}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Stopped,
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

export class MessageReader {
  private state = State.Head;
  /** Bytes of a head (or chunk-size line, or trailers) that came in an earlier chunk. */
  private held: Buffer | null = null;
  private remaining = 0;
  /** Where `feed` puts what is to be written on (when the caller forwards through the reader). */
  private out: Buffer[] | null = null;

  constructor(
    private readonly kind: "request" | "response",
    private readonly events: ReaderEvents,
  ) {}

  get stoppedReading(): boolean {
    return this.state === State.Stopped;
  }

  /** True between messages (no byte of the next message read yet). */
  get idle(): boolean {
    return this.state === State.Head && this.held === null;
  }

  /** Stops reading (after an upgrade, or when the caller gives up on the connection). */
  stop(why: string): void {
    if (this.state === State.Stopped) return;
    this.state = State.Stopped;
    this.held = null;
    this.events.stopped(why);
  }

  /**
   * Reads `chunk`. With `forward`, returns the bytes to write on in its place: the chunk itself, except that the
   * bytes of a head are held until the head is complete, and replaced when `head` asked for it.
   */
  feed(chunk: Buffer, forward = false): Buffer[] {
    const out: Buffer[] = [];
    this.out = forward ? out : null;
    let at = 0;
    // Where the bytes not yet put out begin (in forwarding mode, everything but held heads goes out as it is).
    let from = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case State.Stopped:
          at = chunk.length;
          break;
        case State.Head: {
          if (forward && at > from) out.push(chunk.subarray(from, at));
          from = at;
          const end = this.findHeadEnd(chunk, at);
          if (end < 0) {
            this.hold(chunk, at, chunk.length);
            if (this.held!.length > MAX_HEAD_BYTES) this.giveUp(out, "a head longer than 64 KiB", this.held!);
            at = from = chunk.length;
            break;
          }
          const headBytes = this.held ? Buffer.concat([this.held, chunk.subarray(at, end)]) : chunk.subarray(at, end);
          this.held = null;
          at = from = end;
          this.readHead(headBytes, out);
          break;
        }
        case State.Length: {
          const n = Math.min(this.remaining, chunk.length - at);
          this.events.body(chunk.subarray(at, at + n));
          this.remaining -= n;
          at += n;
          if (this.remaining === 0) this.finishMessage();
          break;
        }
        case State.UntilClose:
          this.events.body(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          break;
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers: {
          const nl = chunk.indexOf(10, at);
          if (nl < 0) {
            this.hold(chunk, at, chunk.length);
            if (this.held!.length > MAX_HEAD_BYTES) this.giveUp(out, "a chunk line longer than 64 KiB");
            at = chunk.length;
            break;
          }
          const line = (this.held ? Buffer.concat([this.held, chunk.subarray(at, nl)]) : chunk.subarray(at, nl)).toString("latin1").replace(/\r$/, "");
          this.held = null;
          at = nl + 1;
          this.readLine(line, out);
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.remaining, chunk.length - at);
          this.events.body(chunk.subarray(at, at + n));
          this.remaining -= n;
          at += n;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
      }
    }
    if (forward && from < chunk.length) out.push(from === 0 ? chunk : chunk.subarray(from));
    this.out = null;
    return out;
  }

  /** The connection closed: a body read until the close ends here. Returns whether a message was cut short. */
  close(): boolean {
    if (this.state === State.UntilClose) {
      this.finishMessage();
      return false;
    }
    return !this.idle && this.state !== State.Stopped;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    const part = chunk.subarray(start, end);
    // Held bytes are copied: the chunk they came in is being written on.
    this.held = this.held ? Buffer.concat([this.held, part]) : Buffer.from(part);
  }

  /** Index just past the head's empty line, or -1 (searching from the held bytes' tail too). */
  private findHeadEnd(chunk: Buffer, at: number): number {
    if (this.held) {
      // The empty line may straddle the two pieces.
      const tail = this.held.subarray(Math.max(0, this.held.length - 3));
      const joined = Buffer.concat([tail, chunk.subarray(at, at + 4)]);
      const i = joined.indexOf(CRLFCRLF);
      if (i >= 0) return at + (i + 4 - tail.length);
    }
    const i = chunk.indexOf(CRLFCRLF, at);
    return i < 0 ? -1 : i + 4;
  }

  /** Unreadable: stop; in forwarding mode, a head's bytes held back go on unchanged. */
  private giveUp(out: Buffer[], why: string, headBytes?: Buffer): void {
    if (this.out && headBytes) out.push(headBytes);
    this.stop(why);
  }

  private readHead(bytes: Buffer, out: Buffer[]): void {
    const text = bytes.toString("latin1", 0, bytes.length - 4);
    const head = parseHead(text, this.kind);
    if (typeof head === "string") return this.giveUp(out, head, bytes);
    let body: BodyKind;
    let te: string | undefined;
    let cl: string | undefined;
    const raw = head.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      if (name.length === 17 && name.toLowerCase() === "transfer-encoding") te = te === undefined ? raw[i + 1]! : `${te}, ${raw[i + 1]!}`;
      else if (name.length === 14 && name.toLowerCase() === "content-length") {
        if (cl !== undefined && cl !== raw[i + 1]) return this.giveUp(out, "conflicting Content-Length headers", bytes);
        cl = raw[i + 1]!;
      }
    }
    if (te !== undefined) body = /(?:^|,)\s*chunked\s*$/i.test(te) ? "chunked" : this.kind === "response" ? "until-close" : "none";
    else if (cl !== undefined) {
      if (!/^\d{1,15}$/.test(cl)) return this.giveUp(out, `an unreadable Content-Length (${cl})`, bytes);
      this.remaining = Number(cl);
      body = this.remaining === 0 ? "none" : "length";
    } else body = this.kind === "response" ? "until-close" : "none";
    const asked = this.events.head(head);
    if (asked?.body) body = asked.body;
    if (this.out) out.push(asked?.replace ?? bytes);
    if (this.state === State.Stopped) return;
    switch (body) {
      case "none":
        this.finishMessage();
        break;
      case "length":
        this.state = State.Length;
        break;
      case "chunked":
        this.state = State.ChunkSize;
        break;
      case "until-close":
        this.state = State.UntilClose;
        break;
    }
  }

  private readLine(line: string, out: Buffer[]): void {
    switch (this.state) {
      case State.ChunkSize: {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
        if (!size) return this.giveUp(out, "an unreadable chunk size");
        this.remaining = parseInt(size[1]!, 16);
        this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
        return;
      }
      case State.ChunkDataEnd:
        if (line !== "") return this.giveUp(out, "a chunk not followed by CRLF");
        this.state = State.ChunkSize;
        return;
      case State.Trailers:
        // Trailer fields are read past, not judged; the empty line ends the message.
        if (line === "") this.finishMessage();
        return;
    }
  }

  private finishMessage(): void {
    this.state = State.Head;
    this.events.end();
  }
}

/** The start line and header fields of a head, or why they cannot be read. */
export function parseHead(text: string, kind: "request" | "response"): MessageHead | string {
  const lines = text.split("\r\n");
  const start = lines[0]!;
  let method = "";
  let target = "";
  let status = 0;
  let version: string;
  if (kind === "request") {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/1\.[01])$/.exec(start);
    if (!m) return `an unreadable request line`;
    [, method, target, version] = m as unknown as [string, string, string, string];
  } else {
    const m = /^(HTTP\/1\.[01]) (\d{3})(?: .*)?$/.exec(start);
    if (!m) return `an unreadable status line`;
    version = m[1]!;
    status = Number(m[2]);
  }
  const rawHeaders: string[] = [];
  let connection = "";
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    // A folded line (obs-fold) or a line without a name: not read.
    if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) return "an unreadable header line";
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (name.length === 10 && name.toLowerCase() === "connection") connection += `,${value.toLowerCase()}`;
    rawHeaders.push(name, value);
  }
  const close = /(?:^|,)\s*close\s*(?:,|$)/.test(connection) || (version === "HTTP/1.0" && !/(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection));
  return { method, target, status, version, rawHeaders, text, close };
}
