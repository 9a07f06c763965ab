// Bearer authentication of every operation but Account/Login: the route option `onRequest` of each secured
// operation (operation-routes.ts), so the token is checked before anything else runs: an anonymous caller
// learns nothing about validation and cannot make the server parse a megabyte. A refusal throws TokenError,
// which the error handler answers 401 in the envelope.
import type { FastifyRequest } from "fastify";
import { TokenError, type JwtService, type TokenUser } from "./jwt.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller, once the bearer token has been verified (null on public routes). */
    user: TokenUser | null;
  }
}

export interface AuthOptions {
  jwt: JwtService;
  /** Whether a user may still use the API (exists and is active). */
  userIsActive: (id_usuario: number) => boolean;
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
    if (!options.userIsActive(user.id_usuario)) throw new TokenError("inactive");
    request.user = user;
    return user;
  };
}

/** The onRequest hook of a secured route: verifies the token (unless this request already has its user). */
export function bearerTokenCheck(authenticate: (request: FastifyRequest) => TokenUser) {
  return async function checkBearerToken(request: FastifyRequest): Promise<void> {
    if (request.user) return; // already verified for this request
    authenticate(request);
  };
}
