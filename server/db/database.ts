// Opening the reference server's SQLite database: pragmas, versioned migrations, first-run seed and the
// initial administrator account.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { projectRoot } from "../../contract/paths.js";
import type { Db } from "../context.js";
import { hashPassword, isPasswordHash } from "../auth/password.js";
import { migrations } from "./migrations/index.js";
import { normalizeSearch, nowNet, toNetDate } from "./values.js";

export interface OpenDatabaseOptions {
  /** File path, or `:memory:`. Parent folders of a file path are created. */
  path: string;
  /** Password of the `admin` user created with a new database (default DEFAULT_ADMIN_PASSWORD, reported through onNotice). */
  adminPassword?: string;
  /** Receives operator notices (default admin password in use, seed files skipped). */
  onNotice?: (msg: string) => void;
  /** Folder of `<Controller>.json` seed files loaded into a new database; null loads none. Default: server/db/seed. */
  seedDir?: string | null;
}

/** The quick start's password ("yourpassword"): a first run on one's own machine works as documented. */
export const DEFAULT_ADMIN_PASSWORD = "yourpassword";

export const DEFAULT_SEED_DIR = join(projectRoot, "server", "db", "seed");

/** SQL function used by every text search: lower-case, no diacritics (see normalizeSearch). */
export const SEARCH_FUNCTION = "rs_norm";

export function openDatabase(opts: OpenDatabaseOptions): Db {
  const memory = opts.path === ":memory:";
  if (!memory) mkdirSync(dirname(resolve(opts.path)), { recursive: true });
  const db = new Database(opts.path);
  try {
    configureConnection(db, { file: !memory });
    const fresh = migrate(db);
    if (fresh) seed(db, opts);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Pragmas and SQL functions every connection needs (also a copy made from a serialized database). */
export function configureConnection(db: Db, { file }: { file: boolean }): void {
  if (file) db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.function(SEARCH_FUNCTION, { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : normalizeSearch(String(value)),
  );
}

/** Applies pending migrations. Returns true when the database was new (user_version 0 before). */
function migrate(db: Db): boolean {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this server (${latest})`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return current === 0;
}

interface ColumnInfo {
  name: string;
  notnull: number;
  type: string;
}

function tableColumns(db: Db): Map<string, Map<string, ColumnInfo>> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const out = new Map<string, Map<string, ColumnInfo>>();
  for (const t of tables) {
    const cols = db.prepare(`PRAGMA table_info(${t})`).all() as ColumnInfo[];
    out.set(t, new Map(cols.map((c) => [c.name, c])));
  }
  return out;
}

/** Converts a JSON seed value to what the column stores; undefined = leave the column to its default. */
function seedValue(col: ColumnInfo, value: unknown): unknown {
  if (value === undefined || value === null) return col.notnull ? undefined : null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object") return undefined;
  if (typeof value === "string" && col.type === "TEXT" && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) {
    return toNetDate(value) ?? value;
  }
  return value;
}

/** Loads `<Table>.json` seed files (arrays of rows with DTO property names) and creates the admin user. */
function seed(db: Db, opts: OpenDatabaseOptions): void {
  const notice = opts.onNotice ?? (() => undefined);
  const dir = opts.seedDir === undefined ? DEFAULT_SEED_DIR : opts.seedDir;
  const columns = tableColumns(db);
  const files = dir && existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
  const batches: { table: string; rows: Record<string, unknown>[] }[] = [];
  for (const file of files) {
    const table = file.slice(0, -".json".length);
    if (!columns.has(table)) {
      notice(`seed file ${file} skipped: no table ${table}`);
      continue;
    }
    const parsed: unknown = JSON.parse(readFileSync(join(dir!, file), "utf8"));
    if (!Array.isArray(parsed)) throw new Error(`seed file ${file} must hold a JSON array of rows`);
    batches.push({ table, rows: parsed as Record<string, unknown>[] });
  }
  const password = opts.adminPassword ?? DEFAULT_ADMIN_PASSWORD;
  if (opts.adminPassword === undefined) {
    notice(`WARNING: the admin user has the default password '${DEFAULT_ADMIN_PASSWORD}'; set another one before exposing this server`);
  }
  const adminHash = hashPassword(password);
  const now = nowNet();

  db.transaction(() => {
    for (const { table, rows } of batches) {
      const cols = columns.get(table)!;
      const statements = new Map<string, Database.Statement>();
      for (const row of rows) {
        if (row === null || typeof row !== "object" || Array.isArray(row)) {
          throw new Error(`seed file ${table}.json: every row must be an object`);
        }
        const names: string[] = [];
        const values: unknown[] = [];
        for (const [key, raw] of Object.entries(row)) {
          const col = cols.get(key);
          if (!col) continue;
          let v = seedValue(col, raw);
          if (v === undefined) continue;
          if (table === "SEG_USUARIO" && key === "clave" && typeof v === "string" && !isPasswordHash(v)) {
            v = hashPassword(v);
          }
          names.push(key);
          values.push(v);
        }
        if (table === "SEG_USUARIO") {
          if (!names.includes("usuario")) continue;
          if (!names.includes("clave")) {
            // A seeded user without a password cannot log in until one is set with SEG_USUARIO/Update.
            names.push("clave");
            values.push("!");
          }
        }
        const key = names.join(",");
        let stmt = statements.get(key);
        if (!stmt) {
          stmt = db.prepare(
            `INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
          );
          statements.set(key, stmt);
        }
        stmt.run(...values);
      }
    }
    const admin = db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'admin'").get() as
      | { id_usuario: number }
      | undefined;
    if (admin) {
      db.prepare("UPDATE SEG_USUARIO SET clave = ?, estado = 'Activo' WHERE id_usuario = ?").run(adminHash, admin.id_usuario);
    } else {
      const rol = db.prepare("SELECT id_rol FROM SEG_ROL ORDER BY id_rol LIMIT 1").pluck().get() as number | undefined;
      db.prepare(
        `INSERT INTO SEG_USUARIO (id_rol, usuario, clave, apellidos, nombres, estado, FechaCreacion, UsuarioCreacion)
         VALUES (?, 'admin', ?, 'ADMINISTRADOR', 'ADMINISTRADOR', 'Activo', ?, 'admin')`,
      ).run(rol ?? 1, adminHash, now);
    }
  })();
}
