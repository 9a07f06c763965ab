// Settings of `npm start`, read from the environment. Every variable is optional.
//
//   HOST                          interface to listen on (default 127.0.0.1)
//   PORT                          TCP port (default 3000; 0 = any free port)
//   ROMSOFT_DB                    SQLite file (default ./data/romsoft.db; `:memory:` for a throwaway database)
//   ROMSOFT_ADMIN_PASSWORD        password of the `admin` user created with a NEW database; unset: "yourpassword"
//                                 on a loopback HOST, refused elsewhere (see admin-password.ts)
//   ROMSOFT_JWT_SECRET            HS256 signing secret (default: random per process; tokens die on restart)
//   ROMSOFT_JWT_ISSUER            `iss` of issued tokens and required on received ones (default romsoft-contract)
//   ROMSOFT_JWT_AUDIENCE          `aud`, likewise (default romsoft-clients)
//   ROMSOFT_JWT_EXPIRES_MINUTES   token lifetime in minutes (default 28800 = 20 days)
//   ROMSOFT_DNI_URL               remote DNI lookup service (default: the local table); `{dni}` is replaced
//   ROMSOFT_DNI_TOKEN             bearer token sent to that service
//   ROMSOFT_DNI_TIMEOUT_MS        its timeout (default 5000)
//   LOG_LEVEL                     pino level: fatal, error, warn, info, debug, trace, silent (default info)
//   ROMSOFT_CORS_ORIGINS          origins whose pages may call the API: `*` or a comma list of origins
//                                 (default: http://localhost, 127.0.0.1 and [::1] on any port; sandbox: `*`)
//   ROMSOFT_SANDBOX               `1` (or `--sandbox`, `npm run sandbox`): development sandbox mode, see README
//   ROMSOFT_SANDBOX_SESSIONS      sandbox: named sessions kept at most (default 200)
//   ROMSOFT_SANDBOX_IDLE_SECONDS  sandbox: a session unused this long is dropped (default 1800)
// In sandbox mode ROMSOFT_DB defaults to `:memory:` (a fresh seed); a file given is copied, never written.
import { DEFAULT_AUDIENCE, DEFAULT_EXPIRES_MINUTES, DEFAULT_ISSUER } from "./auth/jwt.js";
import { CorsOriginsError, parseCorsOrigins, type CorsOrigins } from "./plugins/cors.js";
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from "./sandbox/sessions.js";

export interface ServerConfig {
  host: string;
  port: number;
  dbPath: string;
  /** undefined: see admin-password.ts (the default on a loopback HOST, a refusal elsewhere). */
  adminPassword: string | undefined;
  jwt: { secret: string | undefined; issuer: string; audience: string; expiresInMinutes: number };
  dni: { url: string; token: string | undefined; timeoutMs: number } | undefined;
  logLevel: string;
  cors: CorsOrigins;
  /** Sandbox mode and its limits; undefined for the normal server. */
  sandbox: Pick<SessionLimits, "maxSessions" | "idleMs"> | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (text(env, name) ?? "0").trim().toLowerCase();
  if (raw === "1" || raw === "true" || raw === "yes") return true;
  if (raw === "0" || raw === "false" || raw === "no") return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

/** `sandbox`: the `--sandbox` command-line flag (`npm run sandbox`), same as ROMSOFT_SANDBOX=1. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, { sandbox: sandboxFlag = false }: { sandbox?: boolean } = {}): ServerConfig {
  const sandboxMode = sandboxFlag || flag(env, "ROMSOFT_SANDBOX");
  let cors: CorsOrigins;
  try {
    cors = parseCorsOrigins(env.ROMSOFT_CORS_ORIGINS, sandboxMode ? "*" : "loopback");
  } catch (err) {
    if (err instanceof CorsOriginsError) throw new ConfigError(`ROMSOFT_CORS_ORIGINS: ${err.message}`);
    throw err;
  }
  const logLevel = (text(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(", ")}, got "${logLevel}"`);
  }
  const adminPassword = env.ROMSOFT_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword === "") {
    throw new ConfigError("ROMSOFT_ADMIN_PASSWORD is set but empty");
  }
  const secret = text(env, "ROMSOFT_JWT_SECRET");
  if (secret !== undefined && Buffer.byteLength(secret) < 32) {
    throw new ConfigError("ROMSOFT_JWT_SECRET must be at least 32 bytes long (HS256 key)");
  }
  const dniUrl = text(env, "ROMSOFT_DNI_URL");
  if (dniUrl !== undefined && !URL.canParse(dniUrl.replaceAll("{dni}", "0"))) {
    throw new ConfigError(`ROMSOFT_DNI_URL is not a URL: "${dniUrl}"`);
  }
  return {
    host: text(env, "HOST") ?? "127.0.0.1",
    port: integer(env, "PORT", 3000, 0, 65535),
    dbPath: text(env, "ROMSOFT_DB") ?? (sandboxMode ? ":memory:" : "./data/romsoft.db"),
    adminPassword,
    jwt: {
      secret,
      issuer: text(env, "ROMSOFT_JWT_ISSUER") ?? DEFAULT_ISSUER,
      audience: text(env, "ROMSOFT_JWT_AUDIENCE") ?? DEFAULT_AUDIENCE,
      expiresInMinutes: integer(env, "ROMSOFT_JWT_EXPIRES_MINUTES", DEFAULT_EXPIRES_MINUTES, 1, 5_256_000),
    },
    dni:
      dniUrl === undefined
        ? undefined
        : { url: dniUrl, token: text(env, "ROMSOFT_DNI_TOKEN"), timeoutMs: integer(env, "ROMSOFT_DNI_TIMEOUT_MS", 5000, 100, 120_000) },
    logLevel,
    cors,
    sandbox: sandboxMode
      ? {
          maxSessions: integer(env, "ROMSOFT_SANDBOX_SESSIONS", DEFAULT_SESSION_LIMITS.maxSessions, 1, 100_000),
          idleMs: 1000 * integer(env, "ROMSOFT_SANDBOX_IDLE_SECONDS", DEFAULT_SESSION_LIMITS.idleMs / 1000, 1, 7 * 24 * 3600),
        }
      : undefined,
  };
}
