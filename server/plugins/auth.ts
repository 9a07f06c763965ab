// Bearer authentication of every operation but Account/Login.
//
// fastify-openapi-glue turns the spec's `security` into a route preHandler that calls
// `securityHandlers.bearerAuth`; a throw denies the request and glue raises its own SecurityError (401)
// carrying our error in `errors`. The error handler turns that into the envelope with our message.
//
// A preHandler runs after the body has been parsed and validated, so an anonymous caller would learn about
// validation and could make the server parse a megabyte. The onRoute hook below therefore moves glue's
// security check of each operation to onRequest: the token is checked first and nothing else runs on 401.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { TokenError, type JwtService, type TokenUser } from "../auth/jwt.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller, once the bearer token has been verified (null on public routes). */
    user: TokenUser | null;
  }
}

export interface AuthOptions {
  jwt: JwtService;
  /** Whether a user may still use the API (exists and is active); the request tells the sandbox's session. */
  userIsActive: (id_usuario: number, request: FastifyRequest) => boolean;
}

function countAuthorizationHeaders(rawHeaders: string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === "authorization") n++;
  }
  return n;
}

/** Verifies the request's bearer token; sets `request.user` or throws TokenError. */
export function createAuthenticator(options: AuthOptions): (request: FastifyRequest) => TokenUser {
  return (request) => {
    // Node keeps only the first of repeated Authorization headers: look at the raw list.
    if (countAuthorizationHeaders(request.raw.rawHeaders) > 1) throw new TokenError("multiple");
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === "") throw new TokenError("missing");
    const parts = header.trim().split(/ +/);
    // RFC 6750: the scheme is case-insensitive, followed by exactly one token.
    if (parts.length !== 2 || parts[0]!.toLowerCase() !== "bearer") {
      if (parts.length === 1 && parts[0]!.toLowerCase() === "bearer") throw new TokenError("missing");
      throw new TokenError("scheme");
    }
    const user = options.jwt.verify(parts[1]!);
    if (!options.userIsActive(user.id_usuario, request)) throw new TokenError("inactive");
    request.user = user;
    return user;
  };
}

/** The `securityHandlers` option of fastify-openapi-glue (method names = securitySchemes keys). */
export function createSecurityHandlers(authenticate: (request: FastifyRequest) => TokenUser) {
  return {
    async bearerAuth(request: FastifyRequest): Promise<void> {
      if (request.user) return; // already verified for this request
      authenticate(request);
    },
  };
}

async function auth(app: FastifyInstance): Promise<void> {
  app.decorateRequest("user", null);

  app.addHook("onRoute", (route) => {
    if (!route.config?.operationId || !route.preHandler) return;
    // glue's only preHandler is its security check: run it before anything else instead.
    const hooks = Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    const existing = route.onRequest;
    const onRequest = existing ? (Array.isArray(existing) ? existing : [existing]) : [];
    route.onRequest = [...hooks, ...onRequest] as never;
    route.preHandler = undefined as never;
  });
}

export default fp(auth, { name: "romsoft-auth", fastify: "5.x", dependencies: ["romsoft-validation"] });
