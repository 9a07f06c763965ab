// Just enough JWT handling for the checks: decode without verifying, and forge the tokens a server must
// refuse (bad signature, `alg: none`). Nothing here verifies a signature: the validator has no key.
import { createHmac, randomBytes } from "node:crypto";

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function parseSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Decodes a compact JWS; null when it is not three base64url segments with JSON objects in the first two. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h = "", p = "", signature = ""] = parts;
  const header = parseSegment(h);
  const payload = parseSegment(p);
  if (!header || !payload || typeof header.alg !== "string") return null;
  return { header, payload, signature };
}

/** A payload to forge from when the deployment gave no usable token. */
export function syntheticPayload(now = Date.now()): Record<string, unknown> {
  const iat = Math.floor(now / 1000);
  return { sub: "1", id_usuario: 1, usuario: "admin", id_rol: 1, iat, exp: iat + 3600 };
}

/** The same claims signed with HS256 and a random key: the signature cannot verify. */
export function forgeBadSignature(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const h = b64urlJson({ ...header, alg: "HS256", typ: "JWT" });
  const p = b64urlJson(payload);
  const sig = createHmac("sha256", randomBytes(32)).update(`${h}.${p}`).digest("base64url");
  return `${h}.${p}.${sig}`;
}

/** The same claims with `alg: none` and an empty signature. */
export function forgeAlgNone(payload: Record<string, unknown>): string {
  return `${b64urlJson({ alg: "none", typ: "JWT" })}.${b64urlJson(payload)}.`;
}

/** Not a JWT at all. */
export const GARBAGE_TOKEN = "not-a-jwt.garbage";
