// The envelope front of the Prism mock: what `npm run mock` serves on the public port. Prism stays the engine
// of the answers (the spec's examples, or data generated from the schemas in dynamic mode) and listens on an
// internal loopback port; every request goes through this front first, so that what a client sees is the
// contract of the reference server:
// - unknown paths (404), other methods (405 with `Allow: POST`), malformed JSON, bodies and query strings the
//   spec refuses (400 naming the field), a missing bearer token (401): refused here, in the envelope, by the
//   reference server's own plugins and routes (server/plugins/errors.ts and json-body.ts, the operation routes
//   of server/operation-routes.ts with the request validation and the bearer header check of
//   server/auth/bearer.ts), so the words are the server's by construction;
// - the `Prefer` scenario vocabulary (contract/scenarios.ts): a refused header is answered here; a scenario
//   example is asked of Prism with its own `Prefer: code=…, example=…`; `delay=` holds the answer back;
// - anything Prism still answers in its own format (a `sl-violations` refusal, a problem+json error) is turned
//   into the envelope here;
// - the `Romsoft-Ignored-Properties` header is the server's (its plugin, from the spec's `x-reads`);
// - CORS is open to any origin (@fastify/cors), preflights included.
//
// fastify rather than node:http: the refusals must be word for word the server's, and the server's refusals
// are fastify plugins; mounting them (with fastify-openapi-glue building the routes from the same bundled
// spec) reuses them instead of rewriting their rules (content types, BOM, empty bodies, body limits, routing
// without regard to letter case).
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import openapiGlue from "fastify-openapi-glue";
import type { ErrorObject } from "ajv/dist/2020.js";
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE } from "../contract/cors.js";
import { validationMessage } from "../contract/request-errors.js";
import { resolveScenario, type Scenario } from "../contract/scenarios.js";
import { listOperations, listSandboxOperations, loadSpec, type OpenApiDocument, type Operation } from "../contract/spec.js";
import { error as errorEnvelope } from "../contract/envelope.js";
import { bearerToken } from "../server/auth/bearer.js";
import { createOperationResolver } from "../server/operation-routes.js";
import errorsPlugin, { BODY_LIMIT, clientErrorHandler, createRouteMethods, frameworkErrors } from "../server/plugins/errors.js";
import ignoredPropertiesPlugin from "../server/plugins/ignored-properties.js";
import jsonBodyPlugin from "../server/plugins/json-body.js";
import { createRequestValidatorCompiler } from "../server/request-validation.js";

export const FRONT_MESSAGES = {
  prismDown: "Servicio no disponible: el motor del mock (Prism) no responde.",
  prismOther: (status: number, detail: string) => `Error interno del mock: Prism respondió ${status} (${detail.slice(0, 200)}).`,
} as const;

export interface MockFrontOptions {
  /** Base URL of Prism on its internal port, e.g. `http://127.0.0.1:41234`. */
  prismUrl: string;
  /** The bundled spec (default generated/openapi.json, as loaded by contract/spec.ts). */
  spec?: OpenApiDocument;
  /** Called once per answered request with a short line (the CLI prints it); default: silent. */
  log?: (line: string) => void;
}

interface PrismAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One violation of Prism's `sl-violations` header. */
interface Violation {
  location?: unknown[];
  code?: unknown;
  message?: unknown;
  severity?: unknown;
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((done) => setTimeout(done, ms)) : Promise.resolve());

/**
 * The server's message for the first error-severity violation Prism reports: its location and rule read back
 * into the shape of an Ajv error (Prism validates with Ajv and keeps the keyword as `code`).
 */
export function violationMessage(header: string): string | null {
  let violations: Violation[];
  try {
    violations = JSON.parse(header) as Violation[];
  } catch {
    return null;
  }
  if (!Array.isArray(violations)) return null;
  const first = violations.find((v) => v.severity === "Error" || v.severity === 0) ?? violations[0];
  if (!first || !Array.isArray(first.location)) return null;
  const [, part, ...rest] = first.location.map(String);
  const isQuery = part === "query";
  const text = typeof first.message === "string" ? first.message : "";
  const keyword = String(first.code ?? "");
  const params: Record<string, unknown> = {};
  if (keyword === "required") params.missingProperty = /'([^']+)'/.exec(text)?.[1] ?? "";
  if (keyword === "type") params.type = /must be (\w+)/.exec(text)?.[1] ?? text;
  // For the query string Prism names the parameter itself; for the body, the path inside it.
  const instancePath = rest.length ? `/${rest.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}` : "";
  const error = { keyword, instancePath, params, message: text, schemaPath: "" } as ErrorObject;
  return validationMessage([error], isQuery ? "querystring" : "body");
}

export async function buildMockFront(options: MockFrontOptions): Promise<FastifyInstance> {
  const prism = new URL(options.prismUrl);
  // Kept-alive connections to Prism: a new TCP connection per request would cost more than the front itself.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const spec = options.spec ?? loadSpec();

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    clientErrorHandler,
    frameworkErrors,
    return503OnClosing: false,
  });
  // Answers are envelopes written with JSON.stringify (fast-json-stringify would reshape them from the schemas).
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
  app.addHook("onClose", async () => agent.destroy());

  if (options.log) {
    const log = options.log;
    app.addHook("onResponse", async (request, reply) => {
      log(`${request.method} ${request.url.split("?")[0]} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`);
    });
  }

  await app.register(cors, {
    origin: "*",
    methods: ["POST"],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_MAX_AGE,
    // An OPTIONS request that is not a preflight is answered 204 too, not with a text 400.
    strictPreflight: false,
  });
  // Installed before anything registers a route, so the 405 answers know every route's methods.
  const routeMethods = createRouteMethods();
  app.addHook("onRoute", (route) => routeMethods.collect(route));
  await app.register(errorsPlugin, { routeMethods });
  await app.register(jsonBodyPlugin);
  // The server's Romsoft-Ignored-Properties header, from the spec's x-reads (Prism's own copy of the header is
  // the declared example, empty, and is not passed on).
  await app.register(ignoredPropertiesPlugin, { spec });

  /** Sends the (validated) request to Prism, with Prism's own `Prefer` for a scenario. */
  const forward = (op: Operation, request: FastifyRequest, scenario: Scenario, token: string | undefined): Promise<PrismAnswer> => {
    const q = request.url.indexOf("?");
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), "utf8");
    const headers: Record<string, string | number> = { accept: "application/json" };
    if (body) {
      headers["content-type"] = "application/json";
      headers["content-length"] = body.length;
    }
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (scenario.kind === "example") headers.prefer = `code=${scenario.status}, example=${scenario.exampleName}, dynamic=false`;
    const path = `${op.path}${q < 0 ? "" : request.url.slice(q)}`;
    const send = (retry: boolean): Promise<PrismAnswer> =>
      new Promise((resolve, reject) => {
        const req = httpRequest({ agent, host: prism.hostname, port: prism.port, method: "POST", path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        });
        req.on("error", (err: NodeJS.ErrnoException) => {
          // Prism closes idle kept-alive connections; a request sent on one just as it closed is sent again once.
          if (retry && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) send(false).then(resolve, reject);
          else reject(err);
        });
        req.end(body);
      });
    return send(true);
  };

  /** Prism's answer as the client must see it: passed on when it is an envelope, translated otherwise. */
  const answer = (reply: FastifyReply, from: PrismAnswer) => {
    const type = String(from.headers["content-type"] ?? "");
    const violations = from.headers["sl-violations"];
    if (from.status >= 400 && typeof violations === "string") {
      const message = violationMessage(violations);
      if (message) return reply.code(400).send(errorEnvelope(message));
    }
    if (type.startsWith("application/json")) {
      return reply.code(from.status).header("content-type", "application/json; charset=utf-8").send(from.body);
    }
    let detail = type;
    try {
      const problem = JSON.parse(from.body.toString("utf8")) as { title?: unknown; detail?: unknown };
      detail = String(problem.detail ?? problem.title ?? type);
    } catch {
      // not JSON: name the content type
    }
    return reply.code(502).send(errorEnvelope(FRONT_MESSAGES.prismOther(from.status, detail)));
  };

  const serviceHandlers: Record<string, (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> = {};
  // The sandbox's own operations (POST /sandbox/reset) too: Prism answers their examples (there is nothing to reset).
  for (const op of [...listOperations(spec), ...listSandboxOperations(spec)]) {
    serviceHandlers[op.operationId] = async (request, reply) => {
      const scenario = resolveScenario(op, request.headers.prefer);
      if (scenario.kind === "refused") return reply.code(400).send(scenario.body);
      const token = op.secured ? bearerToken(request) : undefined;
      let from: PrismAnswer;
      try {
        [from] = await Promise.all([forward(op, request, scenario, token), sleep(scenario.delayMs)]);
      } catch {
        return reply.code(503).send(errorEnvelope(FRONT_MESSAGES.prismDown));
      }
      return answer(reply, from);
    };
  }

  // The server's routes: token check first, then the body and query string; only the handlers are the mock's.
  await app.register(openapiGlue, {
    specification: structuredClone(spec),
    operationResolver: createOperationResolver({
      serviceHandlers,
      // The mock checks that a bearer token is present and well-formed as a header (not that it is a valid JWT).
      authenticate: bearerToken,
      validatorCompiler: createRequestValidatorCompiler(),
      spec,
    }),
  });
  return app;
}

export interface FrontServer {
  app: FastifyInstance;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds the front and listens (port 0 = any free port). */
export async function listenMockFront(options: MockFrontOptions & { port?: number; host?: string }): Promise<FrontServer> {
  const app = await buildMockFront(options);
  const host = options.host ?? "127.0.0.1";
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port, close: () => app.close() };
}
