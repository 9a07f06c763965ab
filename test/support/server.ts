// Starts the reference server for a test: in-memory database (unless told otherwise), every 200 answer
// validated against the contract, listening on an ephemeral loopback port, logged in as admin.
import type { AddressInfo } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listOperations } from "../../contract/spec.js";
import { buildApp, type AppOptions } from "../../server/app.js";
import { DEFAULT_ADMIN_PASSWORD } from "../../server/db/database.js";
import type { HandlerContext } from "../../server/context.js";

export interface TestServer {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** A bearer token of the admin user ("" when started with `login: false`). */
  token: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Log in as admin to fill `token` (default true). */
  login?: boolean;
}

/** POST /api/Account/Login; returns `Data.token` or throws with the answer. */
export async function loginToken(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/Account/Login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ Username: user, Password: password }),
  });
  const body = (await res.json()) as { Success?: boolean; Warning?: boolean; Message?: unknown; Data?: { token?: unknown } | null };
  const token = body.Data?.token;
  if (res.status !== 200 || typeof token !== "string" || token === "") {
    throw new Error(`login as ${user} failed: HTTP ${res.status} ${JSON.stringify({ ...body, Data: body.Data ? "..." : null })}`);
  }
  return token;
}

export async function startTestServer(options: Partial<AppOptions> = {}, start: StartOptions = {}): Promise<TestServer> {
  const app = await buildApp({
    dbPath: ":memory:",
    validateResponses: true,
    onNotice: () => undefined,
    ...options,
  });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const token = start.login === false ? "" : await loginToken(baseUrl, "admin", options.adminPassword ?? DEFAULT_ADMIN_PASSWORD);
    return { app, baseUrl, token, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection (for what fetch cannot send: repeated headers,
 * oversized heads) and reads until the server closes. `head` lines are joined with CRLF; the request
 * should carry `Connection: close`.
 */
export async function rawRequest(baseUrl: string, head: string[], body = ""): Promise<RawResponse> {
  const { connect } = await import("node:net");
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("connect", () => socket.end(`${head.join("\r\n")}\r\n\r\n${body}`));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", (err) => (chunks.length ? undefined : reject(err)));
    socket.on("close", () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf("\r\n\r\n");
      const lines = raw.subarray(0, split).toString("latin1").split("\r\n");
      const status = Number(lines[0]?.split(" ")[1]);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let rest = raw.subarray(split + 4);
      let payload = rest.toString("utf8");
      if (headers["transfer-encoding"] === "chunked") {
        const parts: Buffer[] = [];
        for (;;) {
          const nl = rest.indexOf("\r\n");
          const size = parseInt(rest.subarray(0, nl).toString("latin1"), 16);
          if (!size) break;
          parts.push(rest.subarray(nl + 2, nl + 2 + size));
          rest = rest.subarray(nl + 2 + size + 2);
        }
        payload = Buffer.concat(parts).toString("utf8");
      }
      resolve({ status, headers, body: payload });
    });
  });
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface HandlerSpy {
  /** Pass as `serviceHandlers` to buildApp/startTestServer. */
  factory: (ctx: HandlerContext) => Record<string, Handler>;
  /** operationIds in the order their handler ran. */
  calls: string[];
}

/**
 * A handler map that records every call. Each operation runs `real` (a factory of handlers, e.g. the domain's
 * createServiceHandlers) when given and it has that operation, else answers `{Success:true, Data:null}`, which
 * every operation's contract allows.
 */
export function spyHandlers(real?: (ctx: HandlerContext) => Record<string, Handler>): HandlerSpy {
  const calls: string[] = [];
  return {
    calls,
    factory: (ctx) => {
      const base = real ? real(ctx) : {};
      const out: Record<string, Handler> = {};
      for (const op of listOperations()) {
        const inner = base[op.operationId];
        out[op.operationId] = async (request, reply) => {
          calls.push(op.operationId);
          return inner ? inner(request, reply) : { Message: null, Success: true, Warning: false, Data: null };
        };
      }
      return out;
    },
  };
}
