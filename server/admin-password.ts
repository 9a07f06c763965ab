// Which password the `admin` user gets, decided before the server opens its database.
//
// - A new database on a loopback HOST without ROMSOFT_ADMIN_PASSWORD gets the documented quick-start password
//   (DEFAULT_ADMIN_PASSWORD), with a warning: a first run on one's own machine works as the docs say.
// - A new database on any other HOST without ROMSOFT_ADMIN_PASSWORD is refused: default credentials never face
//   a network.
// - An existing database keeps its users: ROMSOFT_ADMIN_PASSWORD applies only to a database being created, and
//   the banner says so when it is set anyway.
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import Database from "better-sqlite3";
import { verifyPassword } from "./auth/password.js";
import { ConfigError } from "./config.js";
import { DEFAULT_ADMIN_PASSWORD } from "./db/database.js";

export type AdminPasswordPlan =
  /** New database, password from ROMSOFT_ADMIN_PASSWORD. */
  | { kind: "given"; password: string }
  /** New database on a loopback address, the documented default password. */
  | { kind: "default"; password: string }
  /** Existing database: its admin keeps its password; `ignored` when ROMSOFT_ADMIN_PASSWORD was set anyway. */
  | { kind: "existing"; ignored: boolean; stillDefault: boolean };

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const v4 = h.startsWith("::ffff:") ? h.slice("::ffff:".length) : h;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1";
  return false;
}

/** What is in the database file now: nothing yet (or an empty schema), or an admin password hash (maybe none). */
function existingAdmin(path: string): { exists: false } | { exists: true; hash: string | undefined } {
  if (path === ":memory:" || !existsSync(path)) return { exists: false };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if ((db.pragma("user_version", { simple: true }) as number) === 0) return { exists: false };
    const hash = db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as string | null | undefined;
    return { exists: true, hash: hash ?? undefined };
  } finally {
    db.close();
  }
}

export const ADMIN_PASSWORD_REQUIRED_MESSAGE = (host: string) =>
  `ROMSOFT_ADMIN_PASSWORD is required: HOST=${host} is not a loopback address and the database is new, so its ` +
  `admin user would get the default password '${DEFAULT_ADMIN_PASSWORD}'. Set ROMSOFT_ADMIN_PASSWORD (or listen ` +
  `on 127.0.0.1).`;

/** Throws ConfigError (nothing created) when a new database would face the network with default credentials. */
export function planAdminPassword(config: { host: string; dbPath: string; adminPassword: string | undefined }): AdminPasswordPlan {
  const current = existingAdmin(config.dbPath);
  if (current.exists) {
    let stillDefault = false;
    try {
      stillDefault = current.hash !== undefined && verifyPassword(DEFAULT_ADMIN_PASSWORD, current.hash);
    } catch {
      stillDefault = false; // not a hash this server wrote: certainly not the default
    }
    return { kind: "existing", ignored: config.adminPassword !== undefined, stillDefault };
  }
  if (config.adminPassword !== undefined) return { kind: "given", password: config.adminPassword };
  if (!isLoopbackHost(config.host)) throw new ConfigError(ADMIN_PASSWORD_REQUIRED_MESSAGE(config.host));
  return { kind: "default", password: DEFAULT_ADMIN_PASSWORD };
}
