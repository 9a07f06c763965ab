// Bearer authentication of every operation but Account/Login: the route option `onRequest` of each secured
// operation (operation-routes.ts), so the token is checked before anything else runs: an anonymous caller
// learns nothing about validation and cannot make the server parse a megabyte. A refusal throws TokenError,
// which the error handler answers 401 in the envelope.
import type { FastifyRequest } from "fastify";
import { parseBearer } from "../../contract/request-errors.js";
import { TokenError, type JwtService, type TokenUser } from "./jwt.js";

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

/**
 * The token of the request's `Authorization: Bearer <token>` header, or TokenError (missing, several headers,
 * another scheme). The token itself is not checked here: the mock front needs no more than this.
 */
export function bearerToken(request: FastifyRequest): string {
  // Node keeps only the first of repeated Authorization headers: look at the raw list.
  if (countAuthorizationHeaders(request.raw.rawHeaders) > 1) throw new TokenError("multiple");
  const parsed = parseBearer(request.headers.authorization);
  if ("failure" in parsed) throw new TokenError(parsed.failure);
  return parsed.token;
}

/** Verifies the request's bearer token; sets `request.user` or throws TokenError. */
export function createAuthenticator(options: AuthOptions): (request: FastifyRequest) => TokenUser {
  return (request) => {
    const user = options.jwt.verify(bearerToken(request));
    if (!options.userIsActive(user.id_usuario, request)) throw new TokenError("inactive");
    request.user = user;
    return user;
  };
}

/** The onRequest hook of a secured route: verifies the token (unless this request already has its user). */
export function bearerTokenCheck(authenticate: (request: FastifyRequest) => unknown) {
  return async function checkBearerToken(request: FastifyRequest): Promise<void> {
    if (request.user) return; // already verified for this request
    authenticate(request);
  };
}
