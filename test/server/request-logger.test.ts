// request.log is made lazily (server/request-logger.ts): no pino child per request unless something is logged
// through it, and when something is, the line carries the request id as fastify's own child would.
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { lazyChildLogger } from "../../server/request-logger.js";
import { buildApp, type ServiceHandlers } from "../../server/app.js";
import { createServiceHandlers } from "../../server/domain/index.js";
import { ADMIN, TEST_JWT, captureStream, login, startApp, type TestApp } from "../support/app-with-db.js";

/** A parent logger that records the children made and the lines written. */
function fakeParent(levels: string[]) {
  const made: Record<string, unknown>[] = [];
  const lines: { level: string; bindings: Record<string, unknown>; args: unknown[] }[] = [];
  const logger = (bindings: Record<string, unknown>): FastifyBaseLogger => {
    const at = (level: string) => (...args: unknown[]) => void lines.push({ level, bindings, args });
    return {
      level: levels[0] ?? "silent",
      isLevelEnabled: (level: string) => levels.includes(level),
      fatal: at("fatal"),
      error: at("error"),
      warn: at("warn"),
      info: at("info"),
      debug: at("debug"),
      trace: at("trace"),
      silent: () => undefined,
      child: (b: Record<string, unknown>) => {
        made.push(b);
        return logger({ ...bindings, ...b });
      },
    } as unknown as FastifyBaseLogger;
  };
  return { parent: logger({}), made, lines };
}

describe("lazyChildLogger", () => {
  it("makes no child while nothing is logged at an enabled level", () => {
    const f = fakeParent(["error", "fatal"]);
    const log = lazyChildLogger(f.parent, { reqId: "req-1" }, {});
    log.info("incoming request");
    log.debug("details");
    log.trace("more");
    expect(f.made).toEqual([]);
    expect(f.lines).toEqual([]);
    expect(log.level).toBe("error");
  });

  it("makes the child once, on the first enabled line, and writes every later line through it", () => {
    const f = fakeParent(["error", "fatal"]);
    const log = lazyChildLogger(f.parent, { reqId: "req-2" }, {});
    log.error({ err: "x" }, "handler failed");
    log.fatal("again");
    expect(f.made).toEqual([{ reqId: "req-2" }]);
    expect(f.lines).toEqual([
      { level: "error", bindings: { reqId: "req-2" }, args: [{ err: "x" }, "handler failed"] },
      { level: "fatal", bindings: { reqId: "req-2" }, args: ["again"] },
    ]);
    expect(log.child({ part: "x" })).toBeDefined();
    expect(f.made).toEqual([{ reqId: "req-2" }, { part: "x" }]);
  });
});

describe("request logs of the server", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.app.close();
    t = undefined;
  });

  const call = (app: TestApp["app"], token: string, url: string) =>
    app.inject({ method: "POST", url, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, payload: "{}" });

  it("at info level every request's lines carry its request id", async () => {
    const log = captureStream();
    t = await startApp({ logger: { level: "info", stream: log.stream } });
    const before = log.lines.length;
    expect((await call(t.app, t.token, "/api/CVN_PLAN_SEGURO/GetAllActives")).statusCode).toBe(200);
    const lines = log.lines.slice(before).map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    expect(lines.map((l) => l.msg)).toEqual(["incoming request", "request completed"]);
    expect(lines[0]!.reqId).toMatch(/^req-/);
    expect(lines[1]!.reqId).toBe(lines[0]!.reqId);
  });

  it("at error level a quiet request writes nothing, and an error line written through request.log carries the request id", async () => {
    const log = captureStream();
    // A handler answering outside the contract: the response check logs it through request.log and answers 500.
    const app = await buildApp({
      onNotice: () => undefined,
      jwt: { ...TEST_JWT },
      adminPassword: ADMIN.Password,
      validateResponses: true,
      logger: { level: "error", stream: log.stream },
      serviceHandlers: (ctx) => ({
        ...(createServiceHandlers(ctx) as ServiceHandlers),
        CVN_PLAN_SEGURO_GetAllActives: async () => ({ Message: null, Success: true, Warning: false, Data: "not a list" }),
      }),
    });
    try {
      const token = await login(app, ADMIN.Username, ADMIN.Password);
      const before = log.lines.length;
      expect((await call(app, token, "/api/ADM_ESPECIALIDAD/GetAllActives")).statusCode).toBe(200);
      expect(log.lines.slice(before)).toEqual([]);
      expect((await call(app, token, "/api/CVN_PLAN_SEGURO/GetAllActives")).statusCode).toBe(500);
      const lines = log.lines.slice(before).map((l) => JSON.parse(l) as { reqId?: string; level: number });
      expect(lines).toHaveLength(1);
      expect(lines[0]!.level).toBe(50);
      expect(lines[0]!.reqId).toMatch(/^req-/);
    } finally {
      await app.close();
    }
  });
});
