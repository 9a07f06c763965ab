// Secrets never reach an output: every exchange and finding is passed through a Redactor before it is
// stored, and the finished report gets one more pass.

export const REDACTED = "[REDACTED]";

/** Property names whose string values are always hidden, whatever they hold. */
const SECRET_KEYS = /^(password|clave|token|access_token|refresh_token|authorization|secret|pass|contrasena|contraseña)$/i;
/** Anything shaped like a JWT (header.payload.signature, base64url, header starting with `{"`). */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a value (password, token) to be hidden wherever it appears. Values under 4 characters are ignored. */
  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  text(value: string): string {
    let out = value;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out.replace(JWT_LIKE, REDACTED);
  }

  /** A deep copy with secret strings hidden. Key-based hiding applies to string values only. */
  value<T>(value: T, key?: string): T {
    if (typeof value === "string") {
      if (key !== undefined && SECRET_KEYS.test(key) && value !== "" && !value.includes(REDACTED)) {
        // Keep the scheme of an Authorization value so a reader sees what kind of credential was sent.
        return (/^Bearer /i.test(value) ? `Bearer ${REDACTED}` : REDACTED) as T;
      }
      return this.text(value) as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.value(v)) as T;
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.value(v, k);
      return out as T;
    }
    return value;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (/^authorization$/i.test(k)) out[k] = v.startsWith("Bearer ") ? `Bearer ${REDACTED}` : REDACTED;
      else if (/^(cookie|set-cookie|proxy-authorization)$/i.test(k)) out[k] = REDACTED;
      else out[k] = this.text(v);
    }
    return out;
  }
}
