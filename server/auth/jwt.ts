// Bearer tokens of the reference server: HS256 JWTs signed with one process-wide secret key.
//
// The key is turned into a KeyObject once: jsonwebtoken given a plain string first tries to parse it as a
// PEM key on every call, which costs a large factor in throughput.
import { createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { MAX_TOKEN_LENGTH, UNAUTHORIZED_MESSAGES, type TokenFailure } from "../../contract/request-errors.js";
import type { TokenIssuer } from "../context.js";

export const DEFAULT_ISSUER = "romsoft-contract";
export const DEFAULT_AUDIENCE = "romsoft-clients";
/** 20 days, the backend's JWT_EXPIRE_MINUTES. */
export const DEFAULT_EXPIRES_MINUTES = 28_800;
export { MAX_TOKEN_LENGTH, UNAUTHORIZED_MESSAGES, type TokenFailure } from "../../contract/request-errors.js";

export class TokenError extends Error {
  readonly statusCode = 401;
  constructor(readonly reason: TokenFailure) {
    super(UNAUTHORIZED_MESSAGES[reason]);
    this.name = "TokenError";
  }
}

export interface JwtOptions {
  /** Signing secret. When absent a random one is generated once per process (tokens then die with it). */
  secret?: string;
  issuer?: string;
  audience?: string;
  expiresInMinutes?: number;
}

/** The identity carried by a verified token. */
export interface TokenUser {
  id_usuario: number;
  usuario: string;
  id_rol: number;
}

export interface JwtService extends TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly expiresInMinutes: number;
  /** True when the secret is the random one of this process. */
  readonly randomSecret: boolean;
  /** Verifies a compact JWT; throws TokenError saying why it is refused. */
  verify(token: string): TokenUser;
}

/** How many verified tokens a service remembers. */
const VERIFIED_TOKENS_KEPT = 1000;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function decodeHeader(token: string): { alg?: unknown } | null {
  try {
    const json: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8"));
    return json !== null && typeof json === "object" && !Array.isArray(json) ? (json as { alg?: unknown }) : null;
  } catch {
    return null;
  }
}

function failureOf(err: unknown): TokenFailure {
  if (err instanceof jwt.TokenExpiredError) return "expired";
  if (err instanceof jwt.NotBeforeError) return "notBefore";
  const message = err instanceof Error ? err.message : "";
  if (message === "invalid signature") return "signature";
  if (message.startsWith("jwt issuer invalid")) return "issuer";
  if (message.startsWith("jwt audience invalid")) return "audience";
  if (message === "invalid algorithm" || message === "jwt signature is required") return "algorithm";
  return "malformed";
}

/** The random secret of this process, made on first need and shared by every app built without a secret. */
let processSecret: string | undefined;

export function createJwtService(options: JwtOptions = {}): JwtService {
  const randomSecret = options.secret === undefined || options.secret === "";
  const secret = randomSecret ? (processSecret ??= randomBytes(48).toString("base64url")) : (options.secret as string);
  const key: KeyObject = createSecretKey(Buffer.from(secret, "utf8"));
  const issuer = options.issuer || DEFAULT_ISSUER;
  const audience = options.audience || DEFAULT_AUDIENCE;
  const expiresInMinutes = options.expiresInMinutes ?? DEFAULT_EXPIRES_MINUTES;
  if (!Number.isInteger(expiresInMinutes) || expiresInMinutes <= 0) {
    throw new Error(`JWT lifetime must be a positive whole number of minutes, got ${expiresInMinutes}`);
  }

  // Tokens that passed verify(), by their text (oldest dropped first): signature and claims are checked once
  // per token instead of on every request; expiry and not-before are still checked every time.
  const verified = new Map<string, { user: TokenUser; exp: number; nbf: number | undefined }>();

  return {
    issuer,
    audience,
    expiresInMinutes,
    randomSecret,

    issue(user) {
      const now = Math.floor(Date.now() / 1000);
      return jwt.sign(
        {
          unique_name: user.usuario,
          role: String(user.id_rol),
          iat: now,
          nbf: now,
          exp: now + expiresInMinutes * 60,
        },
        key,
        { algorithm: "HS256", issuer, audience, subject: String(user.id_usuario) },
      );
    },

    verify(token) {
      // A token verified before (same text, hence same signature under this key) is only re-checked for time.
      const known = verified.get(token);
      if (known) {
        const now = Math.floor(Date.now() / 1000);
        if (now < known.exp && (known.nbf === undefined || known.nbf <= now)) return { ...known.user };
        verified.delete(token); // verified again below, which says why it is refused
      }
      if (token.length > MAX_TOKEN_LENGTH) throw new TokenError("tooLarge");
      if (!JWT_SHAPE.test(token)) throw new TokenError("malformed");
      const header = decodeHeader(token);
      if (!header) throw new TokenError("malformed");
      if (header.alg !== "HS256") throw new TokenError("algorithm");
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, { algorithms: ["HS256"], issuer, audience, clockTolerance: 0 });
      } catch (err) {
        throw new TokenError(failureOf(err));
      }
      if (typeof payload === "string" || typeof payload.exp !== "number") throw new TokenError("claims");
      const id = Number(payload.sub);
      if (typeof payload.sub !== "string" || !/^[0-9]{1,10}$/.test(payload.sub) || !Number.isSafeInteger(id) || id <= 0) {
        throw new TokenError("claims");
      }
      const role = Number(payload.role);
      const user: TokenUser = {
        id_usuario: id,
        usuario: typeof payload.unique_name === "string" ? payload.unique_name : "",
        id_rol: Number.isInteger(role) ? role : 0,
      };
      if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string);
      verified.set(token, { user, exp: payload.exp, nbf: typeof payload.nbf === "number" ? payload.nbf : undefined });
      return { ...user };
    },
  };
}
