// An in-process reference server for the reliability and security suites, built with buildApp() around a
// database handle the test keeps, so it can count changes and checksum tables while the server runs.
import { Writable } from "node:stream";
import type { FastifyInstance, FastifyRequest, FastifyReply } from "fastify";
import { buildApp, type AppOptions, type ServiceHandlers } from "../../server/app.js";
import { createJwtService, type JwtOptions } from "../../server/auth/jwt.js";
import type { Db, HandlerContext } from "../../server/context.js";
import { openDatabase } from "../../server/db/database.js";
import { createLocalDniProvider } from "../../server/dni/provider.js";
import { createServiceHandlers } from "../../server/domain/index.js";

/** JWT settings of the suites' servers: the tests forge tokens with (and without) this key. */
export const TEST_JWT: Required<Pick<JwtOptions, "secret" | "issuer" | "audience">> = {
  secret: "reliability-suite-signing-key-0123456789abcdef",
  issuer: "romsoft-contract",
  audience: "romsoft-clients",
};

export const ADMIN = { Username: "admin", Password: "Adm1n-reliability!" } as const;

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  /** A token of the admin user, from Account/Login. */
  token: string;
  /** Calls per operationId of the domain's handlers (counted only with `spy: true`). */
  calls: Map<string, number>;
  /** Sum of `calls`. */
  handlerCalls(): number;
  close(): Promise<void>;
}

export interface TestAppOptions extends Omit<AppOptions, "db" | "dbPath" | "jwt" | "adminPassword" | "serviceHandlers"> {
  /** SQLite file (WAL); default `:memory:`. */
  dbPath?: string;
  /** Wrap the domain's real handlers to count their calls. */
  spy?: boolean;
  serviceHandlers?: ServiceHandlers;
}

export async function login(app: FastifyInstance, Username: string, Password: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/Account/Login", payload: { Username, Password } });
  const body = res.json<{ Success: boolean; Warning: boolean; Data: { token?: string } | null }>();
  const token = body.Data?.token;
  if (res.statusCode !== 200 || !body.Success || body.Warning || typeof token !== "string") {
    throw new Error(`login of ${Username} failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  return token;
}

export async function startApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { dbPath, spy, ...rest } = options;
  const db = openDatabase({ path: dbPath ?? ":memory:", adminPassword: ADMIN.Password, onNotice: () => undefined });
  const spied = spy ? spiedHandlers(db) : undefined;
  const app = await buildApp({
    onNotice: () => undefined,
    ...rest,
    ...(spied ? { serviceHandlers: spied.handlers } : {}),
    db,
    jwt: { ...TEST_JWT },
  });
  await app.ready();
  const token = await login(app, ADMIN.Username, ADMIN.Password);
  const calls = spied?.calls ?? new Map<string, number>();
  return {
    app,
    db,
    token,
    calls,
    handlerCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    async close() {
      await app.close();
      db.close();
    },
  };
}

/** The domain's real handlers, each wrapped to count calls: proves a refused request never reached one. */
export function spiedHandlers(db: Db): { handlers: ServiceHandlers; calls: Map<string, number>; total(): number } {
  const ctx: HandlerContext = {
    db,
    tokens: createJwtService({ ...TEST_JWT }),
    dni: createLocalDniProvider(db),
    log: silentLogger(),
  };
  const real = createServiceHandlers(ctx) as ServiceHandlers;
  const calls = new Map<string, number>();
  const handlers: ServiceHandlers = {};
  for (const [id, fn] of Object.entries(real)) {
    handlers[id] = (request: FastifyRequest, reply: FastifyReply) => {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      return fn(request, reply);
    };
  }
  return { handlers, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

function silentLogger(): HandlerContext["log"] {
  const noop = () => undefined;
  const log = { level: "silent", fatal: noop, error: noop, warn: noop, info: noop, debug: noop, trace: noop, silent: noop } as unknown as HandlerContext["log"];
  (log as unknown as { child: () => unknown }).child = () => log;
  return log;
}

/** A pino destination that keeps every log line (for "no secret is ever logged" checks). */
export function captureStream(): { stream: Writable; lines: string[]; text(): string } {
  const lines: string[] = [];
  let pending = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      pending += chunk.toString("utf8");
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        lines.push(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      cb();
    },
  });
  return { stream, lines, text: () => lines.join("\n") + pending };
}
