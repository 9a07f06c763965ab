// Every error becomes the envelope: client mistakes get their 4xx with a Spanish message saying what was
// wrong, a failing action gets HTTP 200 `Success:false` "Hubo un error, inténtelo más tarde." as the
// backend answers, and nothing internal (stack, SQL, library messages) reaches the client.
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import { TokenError } from "../auth/jwt.js";
import { GENERIC_ERROR_MESSAGE, RequestProblem, ResponseContractError, errorEnvelope } from "../error-envelope.js";
import {
  MALFORMED_JSON_MESSAGE,
  methodNotAllowedMessage,
  notFoundMessage,
  unsupportedMediaTypeMessage,
  validationMessage,
} from "../../contract/request-errors.js";

export const BODY_LIMIT = 1024 * 1024;

export const MESSAGES = {
  tooLarge: `Solicitud inválida: el cuerpo excede el tamaño máximo permitido (${BODY_LIMIT} bytes).`,
  contentLength: "Solicitud inválida: el tamaño del cuerpo no coincide con Content-Length.",
  contract: "Error interno: la respuesta no cumple el contrato de la API.",
  internal: "Error interno del servidor.",
  headersTooLarge: "Solicitud inválida: las cabeceras de la solicitud son demasiado grandes.",
  badRequest: "Solicitud inválida: la petición HTTP no es válida.",
  timeout: "Tiempo de espera agotado: la solicitud no se completó a tiempo.",
  closing: "Servicio no disponible: el servidor se está deteniendo.",
  badUrl: "Solicitud inválida: la URL no es válida.",
} as const;

function normalizePath(url: string): string {
  let path = url.split("?")[0]!.toLowerCase();
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

/** fastify's `frameworkErrors` option: router errors (an undecodable URL) answered in the envelope. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ code: error.code }, "request refused");
  void reply.code(400).send(errorEnvelope(MESSAGES.badUrl));
}

/** Answers a client error the HTTP parser raised before fastify saw a request (fastify's clientErrorHandler). */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, reason, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", MESSAGES.headersTooLarge]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", MESSAGES.timeout]
        : [400, "Bad Request", MESSAGES.badRequest];
  const body = JSON.stringify(errorEnvelope(message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * The methods registered per path (lower-cased, as routing ignores case), for 405 answers. `collect` is an
 * onRoute hook that only reads the routes; buildApp installs it before registering anything, so it sees
 * every route whatever the order of the plugins.
 */
export interface RouteMethods {
  collect(route: RouteOptions): void;
  /** The methods of the path of `url`, sorted; undefined when no route has that path. */
  allowed(url: string): string[] | undefined;
}

export function createRouteMethods(): RouteMethods {
  const methodsByPath = new Map<string, Set<string>>();
  return {
    collect(route) {
      const key = normalizePath(route.url);
      const set = methodsByPath.get(key) ?? new Set<string>();
      for (const m of Array.isArray(route.method) ? route.method : [route.method]) set.add(m);
      methodsByPath.set(key, set);
    },
    allowed(url) {
      const set = methodsByPath.get(normalizePath(url));
      return set ? [...set].sort() : undefined;
    },
  };
}

export interface ErrorsPluginOptions {
  routeMethods: RouteMethods;
}

async function errors(app: FastifyInstance, options: ErrorsPluginOptions): Promise<void> {
  const allowedMethods = (url: string) => options.routeMethods.allowed(url);

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    const allowed = allowedMethods(request.url);
    if (allowed) {
      return reply.code(405).header("allow", allowed.join(", ")).send(errorEnvelope(methodNotAllowedMessage(allowed)));
    }
    return reply.code(404).send(errorEnvelope(notFoundMessage(request.method, request.url)));
  }

  app.setNotFoundHandler(notFound);

  // While shutting down, requests still arriving on open connections get 503 in the envelope (fastify's own
  // return503OnClosing answers a different JSON shape, so it is turned off in app.ts).
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (_request, reply) => {
    if (closing) return reply.code(503).header("connection", "close").send(errorEnvelope(MESSAGES.closing));
  });

  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    // A body error on a path with no route is still a 404 (or 405) first.
    if (request.is404) return notFound(request, reply);

    // A refused token is a 401; anything else the token check throws (the user lookup failed...) is an
    // unexpected failure below.
    const error = thrown;
    if (error instanceof TokenError) {
      request.log.info({ reason: error.reason }, "unauthorized");
      const challenge = error.reason === "missing" ? "Bearer" : 'Bearer error="invalid_token"';
      return reply.code(401).header("www-authenticate", challenge).send(errorEnvelope(error.message));
    }

    if (error.validation) {
      const message = validationMessage(error.validation as never, error.validationContext ?? "body");
      request.log.info({ validation: error.validationContext }, "request refused: invalid input");
      return reply.code(400).send(errorEnvelope(message));
    }

    if (error instanceof RequestProblem) {
      request.log.info({ statusCode: error.statusCode }, "request refused");
      return reply.code(error.statusCode).headers(error.headers).send(errorEnvelope(error.message));
    }

    switch (error.code) {
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return reply.code(400).send(errorEnvelope(unsupportedMediaTypeMessage(request.headers["content-type"])));
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return reply.code(400).send(errorEnvelope(MALFORMED_JSON_MESSAGE));
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return reply.code(413).send(errorEnvelope(MESSAGES.tooLarge));
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
        return reply.code(400).send(errorEnvelope(MESSAGES.contentLength));
    }

    if (error instanceof ResponseContractError) {
      request.log.error({ operationId: error.operationId, issues: error.issues }, error.message);
      return reply.code(500).send(errorEnvelope(MESSAGES.contract));
    }

    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, statusCode: status }, "request refused");
      return reply.code(status).send(errorEnvelope(`Solicitud inválida (${error.code ?? status}).`));
    }

    // An action (or the database under it) failed: the backend catches, logs and answers 200 Success:false.
    request.log.error({ err: error }, "action failed");
    if (request.routeOptions.config.operationId) {
      return reply.code(200).send(errorEnvelope(GENERIC_ERROR_MESSAGE));
    }
    return reply.code(500).send(errorEnvelope(MESSAGES.internal));
  });
}

export default fp(errors, { name: "romsoft-errors", fastify: "5.x" });
