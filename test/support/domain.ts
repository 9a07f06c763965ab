// Shared set-up for the domain tests: an in-memory database with the seed, the handlers with a fake token
// issuer and a recording logger, and a typed way to call one handler.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import type { Db, DniProvider, HandlerContext, TokenIssuer } from "../../server/context.js";
import { setHashCost } from "../../server/auth/password.js";
import { openDatabase } from "../../server/db/database.js";
import { createLocalDniProvider } from "../../server/dni/provider.js";
import { createServiceHandlers } from "../../server/domain/index.js";
import type { OperationId, ServiceHandlers } from "../../server/domain/kernel/definition.js";
import type { Envelope } from "../../server/domain/kernel/envelope.js";

// Cheap password hashes for the domain suites (production cost: DEFAULT_COST; checked in domain-auth).
setHashCost(1 << 10);

export interface LogEntry {
  level: string;
  obj: unknown;
  msg: unknown;
}

export function recordingLogger(entries: LogEntry[] = []): FastifyBaseLogger & { entries: LogEntry[] } {
  const at = (level: string) => (obj: unknown, msg?: unknown) => {
    entries.push({ level, obj, msg });
  };
  const logger = {
    entries,
    level: "info",
    fatal: at("fatal"),
    error: at("error"),
    warn: at("warn"),
    info: at("info"),
    debug: at("debug"),
    trace: at("trace"),
    silent: () => undefined,
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger & { entries: LogEntry[] };
}

export const fakeTokens: TokenIssuer & { issued: { id_usuario: number; usuario: string; id_rol: number }[] } = {
  issued: [],
  issue(user) {
    this.issued.push(user);
    return `token-for-${user.usuario}`;
  },
};

export interface Domain {
  db: Db;
  handlers: ServiceHandlers;
  log: ReturnType<typeof recordingLogger>;
  ctx: HandlerContext;
  call: (op: OperationId, body?: unknown, query?: Record<string, unknown>) => Promise<Envelope<unknown>>;
}

export function createDomain(opts: { path?: string; dni?: DniProvider; adminPassword?: string } = {}): Domain {
  const db = openDatabase({ path: opts.path ?? ":memory:", ...(opts.adminPassword ? { adminPassword: opts.adminPassword } : {}), onNotice: () => undefined });
  const log = recordingLogger();
  const ctx: HandlerContext = { db, tokens: fakeTokens, dni: opts.dni ?? createLocalDniProvider(db), log };
  const handlers = createServiceHandlers(ctx);
  const call = async (op: OperationId, body: unknown = {}, query: Record<string, unknown> = {}) =>
    (await handlers[op]({ body, query } as unknown as FastifyRequest, {} as FastifyReply)) as Envelope<unknown>;
  return { db, handlers, log, ctx, call };
}

/** Data of a successful (Success, not Warning) answer, or a failed expectation with the message. */
export function dataOf<T = unknown>(res: Envelope<unknown>): T {
  if (!res.Success || res.Warning) throw new Error(`expected success, got ${JSON.stringify(res)}`);
  return res.Data as T;
}

export type Rows = Record<string, unknown>[];
