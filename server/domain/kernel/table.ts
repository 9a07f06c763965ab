// A described table of the domain: reading rows into DTOs through a view (with derived, joined properties),
// counting, duplicate checks, and soft-deleting writes with audit columns. One Table per table and database,
// kept by Tables (one per database: handlers are built per HandlerContext).
import type { Database, Statement } from "better-sqlite3";
import type { Db } from "../../context.js";
import { SEARCH_FUNCTION } from "../../db/database.js";
import { NET_MIN_DATE, normalizeSearch, nowNet, toNetDate } from "../../db/values.js";
import { dataVersionOf, type DataVersion } from "../../db/version.js";
import type { SchemaName, Schemas } from "./definition.js";
import { propertiesOf, toColumn, toDto, type PropKind } from "./dto.js";
import type { Condition } from "./search.js";

/**
 * Result caps (documented in the spec's prose and the report):
 * - searches/filters and paging return at most SEARCH_CAP rows;
 * - GetAllActives-style catalog lists return at most LIST_CAP rows (a safety net: catalogs are small, and a
 *   client filling a combo box needs the whole list).
 */
export const SEARCH_CAP = 500;
export const LIST_CAP = 5000;

export type Row = Record<string, unknown>;

/** How a table marks a row active; deletes set `off`. */
export interface ActiveFlag {
  column: string;
  on: string | number;
  off: string | number;
}

export const F_ESTADO: ActiveFlag = { column: "f_estado", on: 1, off: 0 };

/** `estado` label of tables that only store f_estado. */
export const ESTADO_AI = "CASE t.f_estado WHEN 1 THEN 'A' ELSE 'I' END";

/** A projection: the DTO schema of the rows returned, and SQL expressions (over alias `t`) for the
 *  properties that are not columns of the table (joins, labels, masks). */
export interface View<S extends SchemaName> {
  schema: S;
  derived?: { [P in keyof Schemas[S]]?: string };
}

export interface Resource {
  table: string;
  /** Primary key column. */
  id: string;
  active: ActiveFlag;
  /** Request DTO whose property kinds drive the coercion of written values (dates normalized, ...). */
  requestSchema: SchemaName;
  /** Columns never read into a response (password hashes, stored search text). */
  hidden?: readonly string[];
}

export function view<S extends SchemaName>(schema: S, derived?: View<S>["derived"]): View<S> {
  return derived ? { schema, derived } : { schema };
}

/** A lookup expression: `(SELECT col FROM table x WHERE x.key = <fk>)`. */
export function lookup(table: string, col: string, key: string, fk: string): string {
  return `(SELECT x.${col} FROM ${table} x WHERE x.${key} = ${fk})`;
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
}

/** Limits written into a query's SQL text rather than bound (Table.select). */
const FIXED_LIMITS: ReadonlySet<number> = new Set([1, SEARCH_CAP, LIST_CAP]);

/** One table, with its prepared statements cached by SQL text (the number of variants is small and fixed). */
export class Table {
  readonly columns: Map<string, ColumnInfo>;
  private readonly statements = new Map<string, Statement>();
  private readonly kinds: Map<string, PropKind>;

  constructor(
    readonly db: Db,
    readonly res: Resource,
  ) {
    const cols = db.prepare(`PRAGMA table_info(${res.table})`).all() as ColumnInfo[];
    if (cols.length === 0) throw new Error(`no table ${res.table}`);
    this.columns = new Map(cols.map((c) => [c.name, c]));
    this.kinds = new Map(propertiesOf(res.requestSchema).map((p) => [p.name, p.kind]));
  }

  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** The active-row condition. */
  activeCondition(): Condition {
    return { sql: `t.${this.res.active.column} = ?`, params: [this.res.active.on] };
  }

  /** SELECT rows through a view; conditions are ANDed. */
  select<S extends SchemaName>(
    v: View<S>,
    conditions: (Condition | null)[],
    opts: { limit: number; offset?: number; orderBy?: string },
  ): Schemas[S][] {
    const derivedMap = (v.derived ?? {}) as Record<string, string>;
    const hidden = new Set(this.res.hidden ?? []);
    const plain = [...this.columns.keys()].filter((c) => !(c in derivedMap) && !hidden.has(c)).map((c) => `t.${c}`);
    const derived = Object.entries(derivedMap).map(([name, expr]) => `${expr} AS "${name}"`);
    const list = [...plain, ...derived].join(", ");
    const conds = conditions.filter((c): c is Condition => c !== null);
    const where = conds.length ? ` WHERE ${conds.map((c) => `(${c.sql})`).join(" AND ")}` : "";
    const order = opts.orderBy ?? `t.${this.res.id}`;
    // A fixed cap is written into the SQL: with a bound LIMIT, SQLite's ORDER BY ... LIMIT costs ~60 µs more
    // per query even for one row (measured on the patient search). Other limits (a page size chosen by the
    // client) stay bound, so they do not multiply the prepared statements.
    const fixed = FIXED_LIMITS.has(opts.limit);
    const sql = `SELECT ${list} FROM ${this.res.table} t${where} ORDER BY ${order} LIMIT ${fixed ? opts.limit : "?"} OFFSET ?`;
    const params = conds.flatMap((c) => c.params);
    const rows = this.stmt(sql).all(...params, ...(fixed ? [] : [opts.limit]), opts.offset ?? 0) as Row[];
    return rows.map((r) => toDto(v.schema, r));
  }

  count(conditions: (Condition | null)[]): number {
    const conds = conditions.filter((c): c is Condition => c !== null);
    const where = conds.length ? ` WHERE ${conds.map((c) => `(${c.sql})`).join(" AND ")}` : "";
    const sql = `SELECT count(*) FROM ${this.res.table} t${where}`;
    return this.stmt(sql).pluck().get(...conds.flatMap((c) => c.params)) as number;
  }

  exists(id: number): boolean {
    return this.stmt(`SELECT 1 FROM ${this.res.table} WHERE ${this.res.id} = ?`).pluck().get(id) !== undefined;
  }

  isActive(id: number): boolean {
    const a = this.res.active;
    return (
      this.stmt(`SELECT 1 FROM ${this.res.table} WHERE ${this.res.id} = ? AND ${a.column} = ?`).pluck().get(id, a.on) !==
      undefined
    );
  }

  /**
   * True when another row (any state: a deactivated record still owns its code) has the same values in the key
   * columns: text compared trimmed, case- and accent-insensitive; numbers exactly.
   */
  duplicate(keys: readonly string[], values: Row, exceptId?: number): boolean {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const k of keys) {
      const col = this.columns.get(k);
      if (!col) throw new Error(`no column ${this.res.table}.${k}`);
      const v = values[k];
      if (col.type === "TEXT") {
        parts.push(`coalesce(${SEARCH_FUNCTION}(trim(${k})), '') = ?`);
        params.push(typeof v === "string" ? normalizeSearch(v.trim()) : "");
      } else {
        parts.push(`${k} IS ?`);
        params.push(v ?? null);
      }
    }
    if (exceptId !== undefined) {
      parts.push(`${this.res.id} <> ?`);
      params.push(exceptId);
    }
    const sql = `SELECT 1 FROM ${this.res.table} WHERE ${parts.join(" AND ")} LIMIT 1`;
    return this.stmt(sql).pluck().get(...params) !== undefined;
  }

  /**
   * The storable values of a request body for the given columns: only properties the body sends (absent =
   * column default on insert, unchanged on update); null for a NOT NULL column is treated as absent.
   */
  values(body: Row, columns: readonly string[]): Row {
    const out: Row = {};
    for (const c of columns) {
      const info = this.columns.get(c);
      if (!info) throw new Error(`no column ${this.res.table}.${c}`);
      let v = toColumn(this.kinds.get(c) ?? "other", body[c]);
      if (v === undefined) continue;
      if (v === null && info.notnull) continue;
      if (typeof v === "boolean") v = v ? 1 : 0;
      out[c] = v;
    }
    return out;
  }

  /** INSERT with creation audit columns; returns the new id. */
  insert(values: Row, body: Row): number {
    const row: Row = { ...values };
    if (this.columns.has("FechaCreacion")) {
      const given = toNetDate(body.FechaCreacion);
      row.FechaCreacion = given && given !== NET_MIN_DATE ? given : nowNet();
      if (typeof body.UsuarioCreacion === "string") row.UsuarioCreacion = body.UsuarioCreacion;
      const user = intOr0(body.IdUsuarioActual) || intOr0(body.id_usuarioCreacion);
      if (user) row.id_usuarioCreacion = user;
    }
    const names = Object.keys(row);
    const sql = names.length
      ? `INSERT INTO ${this.res.table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`
      : `INSERT INTO ${this.res.table} DEFAULT VALUES`;
    const info = this.stmt(sql).run(...names.map((n) => row[n]));
    return Number(info.lastInsertRowid);
  }

  /** UPDATE the given columns plus modification audit columns; false when the row does not exist. */
  update(id: number, values: Row, body: Row): boolean {
    const row: Row = { ...values };
    if (this.columns.has("FechaModificacion")) {
      const given = toNetDate(body.FechaModificacion);
      row.FechaModificacion = given && given !== NET_MIN_DATE ? given : nowNet();
      if (typeof body.UsuarioModificacion === "string") row.UsuarioModificacion = body.UsuarioModificacion;
      const user = intOr0(body.IdUsuarioActual) || intOr0(body.id_usuarioModifica);
      if (user) row.id_usuarioModifica = user;
    }
    const names = Object.keys(row);
    if (names.length === 0) return this.exists(id);
    const sql = `UPDATE ${this.res.table} SET ${names.map((n) => `${n} = ?`).join(", ")} WHERE ${this.res.id} = ?`;
    return this.stmt(sql).run(...names.map((n) => row[n]), id).changes > 0;
  }

  /** Soft delete: sets the active flag to its inactive value. False when the row is missing or already inactive. */
  softDelete(id: number, body: Row): boolean {
    const a = this.res.active;
    const values: Row = { [a.column]: a.off };
    if (!this.isActive(id)) return false;
    return this.update(id, values, body);
  }
}

export function intOr0(v: unknown): number {
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
}

/** Tables are created once per database and shared by every handler. */
export class Tables {
  private readonly cache = new Map<string, Table>();
  constructor(readonly db: Database) {
    this.dataVersion = dataVersionOf(db);
  }

  /** Changes whenever the data may have changed (db/version.ts): equal values = same data, for caches of reads. */
  readonly dataVersion: DataVersion;

  get(res: Resource): Table {
    let t = this.cache.get(res.table);
    if (!t) {
      t = new Table(this.db, res);
      this.cache.set(res.table, t);
    }
    return t;
  }
}
