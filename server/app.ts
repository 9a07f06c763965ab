// The reference server as a fastify instance: the bundled spec drives the routes (fastify-openapi-glue),
// the domain supplies one handler per operationId, and small plugins do one job each around them.
// buildApp never listens: main.ts does, tests listen on an ephemeral port or use inject().
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from "fastify";
import openapiGlue from "fastify-openapi-glue";
import { listOperations, loadSpec, withoutSandboxPaths } from "../contract/spec.js";
import type { Db, DniProvider, HandlerContext } from "./context.js";
import { createJwtService, type JwtOptions, type JwtService } from "./auth/jwt.js";
import { openDatabase } from "./db/database.js";
import { createUserStatus } from "./db/users.js";
import { createLocalDniProvider } from "./dni/provider.js";
import { lazyChildLogger } from "./request-logger.js";
import { serializeAnswer } from "./serialize.js";
import { createAuthenticator } from "./auth/bearer.js";
import { createOperationResolver, type ServiceHandlers } from "./operation-routes.js";
import errorsPlugin, { BODY_LIMIT, clientErrorHandler, createRouteMethods, frameworkErrors } from "./plugins/errors.js";
import ignoredPropertiesPlugin from "./plugins/ignored-properties.js";
import jsonBodyPlugin from "./plugins/json-body.js";
import responseValidationPlugin from "./plugins/response-validation.js";
import rootRedirectPlugin from "./plugins/root-redirect.js";
import specFilesPlugin from "./plugins/spec-files.js";
import { createRequestValidatorCompiler } from "./request-validation.js";
import corsPlugin, { type CorsOrigins } from "./plugins/cors.js";
import type { SandboxSettings } from "./sandbox/index.js";

export type { ServiceHandler, ServiceHandlers } from "./operation-routes.js";

export interface ServerLimits {
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit: number;
  /** Largest request head in bytes (default 16 KiB); larger ones get 431. */
  maxHeaderSize: number;
  /** Time to receive the request head (default 10 s). */
  headersTimeoutMs: number;
  /** Time to receive the whole request (default 30 s). */
  requestTimeoutMs: number;
  /** Idle socket timeout (default 60 s). */
  connectionTimeoutMs: number;
  /** How long an idle keep-alive connection stays open (default 5 s). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimit: BODY_LIMIT,
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
};

export interface AppOptions {
  /** An open database (the caller closes it). Otherwise `dbPath` is opened and closed with the app. */
  db?: Db;
  /** SQLite file to open (created, migrated and seeded when new). Default `:memory:`. */
  dbPath?: string;
  /** Password of the `admin` user of a NEW database (default "yourpassword", reported through onNotice). */
  adminPassword?: string;
  jwt?: JwtOptions;
  /** fastify/pino logger options (`true` for defaults, `{ level, stream }` to capture). Default: off. */
  logger?: FastifyServerOptions["logger"];
  /** DNI lookup source. Default: the local table of the database. */
  dni?: DniProvider;
  /** Validate every 200 answer against the operation's response schema; mismatches answer 500. */
  validateResponses?: boolean;
  /**
   * Replaces the domain's handlers (tests): a map, or a factory given the handler context (to wrap or spy on
   * the real handlers, or to issue tokens from a fake login).
   */
  serviceHandlers?: ServiceHandlers | ((ctx: HandlerContext) => ServiceHandlers);
  /** Replaces the "is this user active" check of authenticated requests (tests). */
  userIsActive?: (id_usuario: number) => boolean;
  /** Operator notices (random JWT secret, default admin password...). Default: logged as warnings. */
  onNotice?: (message: string) => void;
  limits?: Partial<ServerLimits>;
  /** Origins whose pages may call the API (CORS). Default "loopback": http://localhost, 127.0.0.1, [::1], any port. */
  cors?: CorsOrigins;
  /**
   * Sandbox mode (`npm run sandbox`): sessions (X-Sandbox-Session), POST /sandbox/reset and Prefer scenarios,
   * every session a copy of the database as opened (which is never written to). `true` for the default limits.
   */
  sandbox?: boolean | SandboxSettings;
}

/** Never logged, wherever they appear in a log object. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "authorization",
  "Authorization",
  "password",
  "Password",
  "clave",
  "token",
  "body",
  "req.body",
  "*.password",
  "*.Password",
  "*.clave",
  "*.token",
  "*.*.Password",
  "*.*.clave",
  "*.*.token",
];

/**
 * A URL as logged: query-string values other than plain ids are replaced, since a client may (wrongly) put a
 * token or a password there (`?access_token=...`) and the URL would carry it into the log.
 */
export function redactQuery(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 || /^\d{1,10}$/.test(pair.slice(eq + 1)) ? pair : `${pair.slice(0, eq)}=[REDACTED]`;
    });
  return `${url.slice(0, q)}?${params.join("&")}`;
}

function loggerOptions(logger: AppOptions["logger"]): FastifyServerOptions["logger"] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
    // fastify's own request serializer, with the query string redacted.
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactQuery(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const pendingNotices: string[] = [];
  const notice = (message: string) => pendingNotices.push(message);

  const jwt = createJwtService(options.jwt);
  if (jwt.randomSecret) {
    notice("WARNING: no JWT secret configured (ROMSOFT_JWT_SECRET): using a random one; tokens stop working on restart");
  }

  const ownsDb = options.db === undefined;
  const database =
    options.db ??
    openDatabase({
      path: options.dbPath ?? ":memory:",
      ...(options.adminPassword !== undefined ? { adminPassword: options.adminPassword } : {}),
      onNotice: notice,
    });

  try {
    return await assemble({ options, limits, database, ownsDb, jwt, pendingNotices });
  } catch (err) {
    // Nothing can close an app that was never returned: release the database opened for it here.
    if (ownsDb && database.open) database.close();
    throw err;
  }
}

interface Parts {
  options: AppOptions;
  limits: ServerLimits;
  database: Db;
  ownsDb: boolean;
  jwt: JwtService;
  pendingNotices: string[];
}

async function assemble({ options, limits, database, ownsDb, jwt, pendingNotices }: Parts): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      maxHeaderSize: limits.maxHeaderSize,
      headersTimeout: limits.headersTimeoutMs,
      // Check the timeouts above every second (Node's default is every 30 s).
      connectionsCheckingInterval: 1000,
    },
    // The backend matches /api/{controller}/{action} without regard to case.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    clientErrorHandler,
    frameworkErrors,
    return503OnClosing: false, // plugins/errors.ts answers 503 in the envelope instead
    childLoggerFactory: lazyChildLogger,
  });

  // Answers are serialized with JSON.stringify, not with fast-json-stringify compiled from the response
  // schemas: the envelopes' `anyOf` (Data array|null, object|null) makes fast-json-stringify validate every
  // answer with Ajv at run time, which cost more than the action itself, and compiling 110 serializers
  // slowed the start-up. The shape is the handlers' business (typed from generated/api.d.ts; tests validate
  // every answer strictly with validateResponses), and the property order is that of the objects built
  // (the envelope helpers write Message, Success, Warning, Data; DTOs follow the spec's order). Cached lists
  // are written from their kept JSON text (serialize.ts), a clean success as kept bytes: fastify sends a
  // Buffer from a serializer as it is (its types only say string).
  app.setSerializerCompiler(() => serializeAnswer as (data: unknown) => string);

  // Installed before anything registers a route, so it sees them all (it only reads them).
  const routeMethods = createRouteMethods();
  app.addHook("onRoute", (route) => routeMethods.collect(route));
  // The caller of a secured operation, set by its token check (auth/bearer.ts).
  app.decorateRequest("user", null);

  const report = options.onNotice ?? ((message: string) => app.log.warn(message));
  for (const message of pendingNotices) report(message);

  if (ownsDb) app.addHook("onClose", async () => (database.open ? database.close() : undefined));

  // The handlers and user check over one database (the sandbox builds one set per session).
  const given = options.serviceHandlers;
  const makeHandlers: (ctx: HandlerContext) => ServiceHandlers =
    typeof given === "function"
      ? given
      : given
        ? () => given
        : // Loaded on demand: a test that brings its own handlers does not load the domain's.
          ((await import("./domain/index.js")).createServiceHandlers as (ctx: HandlerContext) => ServiceHandlers);
  const partsOver = (db: Db) => ({
    handlers: makeHandlers({ db, tokens: jwt, dni: options.dni ?? createLocalDniProvider(db), log: app.log }),
    userIsActive: options.userIsActive ?? createUserStatus(db),
  });

  let serviceHandlers: ServiceHandlers;
  let userIsActive: (id_usuario: number, request: FastifyRequest) => boolean;
  let sandboxPlugin: ((app: FastifyInstance) => Promise<void>) | undefined;
  if (options.sandbox) {
    const { createSandbox } = await import("./sandbox/index.js");
    const sandbox = createSandbox({
      template: database.serialize(),
      build: partsOver,
      ...(typeof options.sandbox === "object" ? { limits: options.sandbox } : {}),
    });
    ({ serviceHandlers, userIsActive, plugin: sandboxPlugin } = sandbox);
    // Every session works on its own copy: the database opened here (a file, perhaps) is not needed any more.
    if (ownsDb) database.close();
  } else {
    const parts = partsOver(database);
    serviceHandlers = parts.handlers;
    userIsActive = parts.userIsActive;
  }

  const missing = listOperations().filter((op) => typeof serviceHandlers[op.operationId] !== "function");
  if (missing.length > 0) {
    app.log.warn({ operations: missing.map((op) => op.operationId) }, `${missing.length} operations have no handler (they answer Success:false)`);
  }

  const authenticate = createAuthenticator({ jwt, userIsActive });

  // CORS first, so that every answer (401 and 400 included) carries its headers; the sandbox's session hook
  // runs before the operations' own onRequest (the token check reads the session's users).
  await app.register(corsPlugin, { origins: options.cors ?? (options.sandbox ? "*" : "loopback") });
  await app.register(errorsPlugin, { routeMethods });
  await app.register(jsonBodyPlugin);
  // The ignored-properties hook before the sandbox's scenario hook: a scenario's answer carries the header too,
  // as in the mocks (the request reached the action's stage either way).
  await app.register(ignoredPropertiesPlugin);
  if (sandboxPlugin) await app.register(sandboxPlugin);
  if (options.validateResponses) await app.register(responseValidationPlugin);
  await app.register(specFilesPlugin);
  await app.register((await import("./plugins/docs.js")).default);
  await app.register(rootRedirectPlugin);

  // Each operation's route is complete as glue creates it (operation-routes.ts): token check, body check,
  // validation and handler are route options, not hooks added to glue's routes afterwards.
  await app.register(openapiGlue, {
    // Sandbox-only operations (POST /sandbox/reset) exist only in the sandbox: elsewhere they are a 404.
    specification: structuredClone(options.sandbox ? loadSpec() : withoutSandboxPaths(loadSpec())),
    operationResolver: createOperationResolver({
      serviceHandlers,
      authenticate,
      validatorCompiler: createRequestValidatorCompiler(),
    }),
  });

  return app;
}
