// Sandbox mode (`npm run sandbox`): the reference server as a development sandbox for front-end teams.
// - X-Sandbox-Session selects an isolated copy of the seeded database (sessions.ts); no header = the default session;
// - POST /sandbox/reset (a sandbox-only operation of the spec) gives the calling session the seed data back;
// - the Prefer header selects a scenario (contract/scenarios.ts), the same vocabulary the mock speaks.
//
// Tokens: every session starts from the same seeded users and the server has one signing key, so a token
// obtained in any session (the default one, typically) works in every session where its user exists and is
// active. The "is this user active" check reads the calling session's database.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { getOperation, listSandboxOperations } from "../../contract/spec.js";
import { resolveScenario } from "../../contract/scenarios.js";
import type { ServiceHandler, ServiceHandlers } from "../operation-routes.js";
import type { Db } from "../context.js";
import { ok, type JsonResponse } from "../../contract/envelope.js";
import { errorEnvelope } from "../error-envelope.js";
import { SESSION_ID, SessionCapError, SessionStore, type Session, type SessionLimits, type SessionParts } from "./sessions.js";

export { DEFAULT_SESSION_LIMITS, type SessionLimits } from "./sessions.js";

export const SESSION_HEADER = "x-sandbox-session";

type SandboxSession = Session<ServiceHandlers>;

/** Sandbox mode settings (AppOptions.sandbox). */
export type SandboxSettings = Partial<SessionLimits>;

declare module "fastify" {
  interface FastifyRequest {
    /** The sandbox session of a request to an operation (sandbox mode only). */
    sandboxSession: Session<ServiceHandlers> | null;
  }
}

export const SANDBOX_MESSAGES = {
  badSession: "Solicitud inválida: la cabecera 'X-Sandbox-Session' debe tener de 1 a 64 caracteres entre letras, dígitos, '_' y '-'.",
  capReached: (max: number) =>
    `Servicio no disponible: el sandbox ya tiene ${max} sesiones activas (el máximo); reutilice una sesión o espere a que una quede inactiva.`,
  reset: (id: string | null) =>
    id === null
      ? "La sesión predeterminada del sandbox volvió a los datos iniciales."
      : `La sesión '${id}' del sandbox volvió a los datos iniciales.`,
} as const;

export interface SandboxOptions {
  /** `serialize()` of the seeded database every session copies. */
  template: Buffer;
  /** A session's handlers and user check, over its own database. */
  build: (db: Db) => SessionParts<ServiceHandlers>;
  limits?: Partial<SessionLimits>;
  now?: () => number;
}

export interface Sandbox {
  store: SessionStore<ServiceHandlers>;
  /** For fastify-openapi-glue: each operation runs the calling session's handler; plus Sandbox_reset. */
  serviceHandlers: ServiceHandlers;
  /** For the authenticator: the user check of the calling session. */
  userIsActive: (id_usuario: number, request: FastifyRequest) => boolean;
  /** Resolves sessions and serves scenarios; register before the routes. */
  plugin: (app: FastifyInstance) => Promise<void>;
}

function sessionOf(request: FastifyRequest): SandboxSession {
  const session = request.sandboxSession;
  // Only reachable if a route of an operation skipped the session hook: a server bug, not a client's mistake.
  if (!session) throw new Error("request without a sandbox session");
  return session;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSandbox(options: SandboxOptions): Sandbox {
  const store = new SessionStore<ServiceHandlers>({
    template: options.template,
    build: options.build,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

  const serviceHandlers: ServiceHandlers = {};
  for (const operationId of Object.keys(store.defaultSession.handlers)) {
    serviceHandlers[operationId] = (request, reply) => sessionOf(request).handlers[operationId]!(request, reply);
  }
  const reset: ServiceHandler = async (request) => {
    const session = sessionOf(request);
    store.reset(session);
    request.log.info({ session: session.id }, "sandbox session reset");
    const answer: JsonResponse<null> = ok(null, SANDBOX_MESSAGES.reset(session.id));
    return answer;
  };
  for (const op of listSandboxOperations()) {
    if (op.operationId === "Sandbox_reset") serviceHandlers[op.operationId] = reset;
  }

  async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest("sandboxSession", null);
    app.addHook("onClose", async () => store.close());

    // Before authentication (route-level onRequest hooks run after these): the user check reads the session.
    app.addHook("onRequest", async (request, reply) => {
      if (!request.routeOptions.config.operationId) return;
      const header = request.headers[SESSION_HEADER];
      if (header !== undefined && (typeof header !== "string" || !SESSION_ID.test(header))) {
        return reply.code(400).send(errorEnvelope(SANDBOX_MESSAGES.badSession));
      }
      try {
        request.sandboxSession = store.get(header);
      } catch (err) {
        if (!(err instanceof SessionCapError)) throw err;
        request.log.warn({ maxSessions: err.maxSessions }, "sandbox session refused: cap reached");
        return reply
          .code(503)
          .header("retry-after", String(err.retryAfterSeconds))
          .send(errorEnvelope(SANDBOX_MESSAGES.capReached(err.maxSessions)));
      }
    });

    // After authentication and validation, just before the action: the scenario replaces the action's answer
    // or delays it (contract/scenarios.ts says why refusals and earlier checks are answered as usual).
    app.addHook("preHandler", async (request, reply) => {
      const operationId = request.routeOptions.config.operationId;
      const prefer = request.headers.prefer;
      if (!operationId || prefer === undefined) return;
      const scenario = resolveScenario(getOperation(operationId), prefer);
      if (scenario.kind === "refused") {
        request.log.info("request refused: Prefer");
        return reply.code(400).send(scenario.body);
      }
      if (scenario.delayMs > 0) await sleep(scenario.delayMs);
      if (scenario.kind === "example") return reply.code(scenario.status).send(scenario.body);
    });
  }

  return {
    store,
    serviceHandlers,
    userIsActive: (id_usuario, request) => sessionOf(request).userIsActive(id_usuario),
    plugin: fp(plugin, { name: "romsoft-sandbox", fastify: "5.x" }),
  };
}
