// The generic actions over a described table: list actives, filter, get by id, add, update, soft delete.
// Each maker returns a synchronous handler body; `define(operationId, maker(...))` type-checks the envelope it
// produces against the operation's 200 schema, and the request field names against the operation's body.
import type { Db } from "../../context.js";
import { NET_MIN_DATE, toNetDate } from "../../db/values.js";
import { keepJson } from "../../serialize.js";
import type { SchemaName, Schemas } from "./definition.js";
import { ok, warning, type Envelope } from "./envelope.js";
import { Mensajes } from "./messages.js";
import { idIn, intEquals, storedTextSearch, textEquals, textSearch, trigramCandidates, type Condition, type TrigramIndex } from "./search.js";
import { LIST_CAP, SEARCH_CAP, type Resource, type Row, type Tables, type View } from "./table.js";

type Field<B> = keyof NonNullable<B> & string;

/** How one request field filters the rows. An empty value (null, "", 0, 0001-01-01) adds no condition. */
export type FilterField<B> =
  /**
   * Free text: every word must appear in one of `columns` (SQL expressions over alias t).
   *
   * `stored`: where the table keeps, for every row, the normalized text of exactly those columns (what
   * textSearch computes), so the search tests it instead of calling rs_norm per row. `column` holds it (an SQL
   * expression over alias t); index it after the ORDER BY columns so that short and common searches walk that
   * index in order, reading the text from it, and stop at the cap (ADM_PACIENTE: migration 3). `trigrams`, a
   * trigram table over the same text, serves selective searches: when it offers at most TRIGRAM_SELECTIVE
   * candidates, only those rows are read. The result is the same either way.
   */
  | { text: Field<B>; columns: readonly string[]; stored?: { column: string; trigrams?: TrigramIndex } }
  /** Integer equality with a column (default: the column of the same name). */
  | { int: Field<B>; column?: string }
  /** Text equality, case- and accent-insensitive. */
  | { equals: Field<B>; column?: string }
  /** Date range on a column, both ends inclusive (whole days). */
  | { from: Field<B>; to: Field<B>; column: string };

export interface FilterSpec<B, S extends SchemaName> {
  res: Resource;
  view: View<S>;
  fields: readonly FilterField<B>[];
  /**
   * A request field that selects the row state (f_estado / estado). When the request sets it, it replaces the
   * default "active rows only" condition.
   */
  state?: { field: Field<B>; kind: "int" | "text"; map?: (v: string) => string };
  /** Message on an empty result (Warning stays false). */
  emptyMessage?: string;
  orderBy?: string;
}

function bodyRow(body: unknown): Row {
  return body !== null && typeof body === "object" ? (body as Row) : {};
}

/**
 * Above this many trigram candidates a text search with a stored text walks the rows in order instead: reading
 * and sorting every candidate would cost more than reading the ordered index until the cap is filled (or to
 * its end, for a search that matches nothing). Speed only: both ways answer the same rows.
 */
export const TRIGRAM_SELECTIVE = 2000;

/**
 * The WHERE fragment of one filter field; null when the request leaves it empty. `db` tells how selective a
 * text search is, for a field with a trigram index.
 */
export function fieldCondition<B>(f: FilterField<B>, body: Row, db: Db): Condition | null {
  if ("text" in f) {
    const value = body[f.text];
    if (!f.stored) return textSearch([...f.columns], value);
    const exact = storedTextSearch(f.stored.column, value);
    if (!exact || !f.stored.trigrams) return exact;
    const ids = trigramCandidates(db, f.stored.trigrams, value, TRIGRAM_SELECTIVE);
    if (ids === null || ids.length > TRIGRAM_SELECTIVE) return exact;
    const among = idIn(f.stored.trigrams.key, ids);
    return { sql: `${among.sql} AND ${exact.sql}`, params: [...among.params, ...exact.params] };
  }
  if ("int" in f) return intEquals(`t.${f.column ?? f.int}`, body[f.int]);
  if ("equals" in f) return textEquals(`t.${f.column ?? f.equals}`, body[f.equals]);
  const from = toNetDate(body[f.from]);
  const to = toNetDate(body[f.to]);
  const parts: string[] = [];
  const params: unknown[] = [];
  if (from && from !== NET_MIN_DATE) {
    parts.push(`substr(t.${f.column}, 1, 10) >= ?`);
    params.push(from.slice(0, 10));
  }
  if (to && to !== NET_MIN_DATE) {
    parts.push(`substr(t.${f.column}, 1, 10) <= ?`);
    params.push(to.slice(0, 10));
  }
  return parts.length ? { sql: parts.join(" AND "), params } : null;
}

/**
 * GetAllActives: the active rows (body ignored).
 *
 * The rows are kept between requests while the database's data version (Tables.dataVersion) is unchanged:
 * any write, to this table or to one its view looks up, by any handler or by another connection, makes the
 * next list read the database again. The kept rows are frozen (shared by every answer until then) and their
 * JSON text is kept too (serialize.ts), so a list served from the cache is not serialized again.
 */
export function listActives<S extends SchemaName>(
  tables: Tables,
  spec: { res: Resource; view: View<S>; emptyMessage?: string; orderBy?: string },
): (input: { body: unknown }) => Envelope<Schemas[S][]> {
  let kept: { version: string; rows: Schemas[S][] } | undefined;
  return () => {
    const version = tables.dataVersion();
    let rows = kept?.version === version ? kept.rows : undefined;
    if (!rows) {
      const t = tables.get(spec.res);
      rows = t.select(spec.view, [t.activeCondition()], {
        limit: LIST_CAP,
        ...(spec.orderBy ? { orderBy: spec.orderBy } : {}),
      });
      kept = { version, rows: keepJson(rows) };
    }
    return ok(rows, rows.length === 0 && spec.emptyMessage ? spec.emptyMessage : null);
  };
}

/** GetAllFilters & co.: active rows matching every filled filter field, at most SEARCH_CAP. */
export function filterRows<B, S extends SchemaName>(
  tables: Tables,
  spec: FilterSpec<B, S>,
): (input: { body: B }) => Envelope<Schemas[S][]> {
  return ({ body }) => {
    const t = tables.get(spec.res);
    const b = bodyRow(body);
    const conds = spec.fields.map((f) => fieldCondition(f, b, t.db));
    let state: Condition | null = null;
    if (spec.state) {
      const v = b[spec.state.field];
      state =
        spec.state.kind === "int"
          ? typeof v === "number" && Number.isInteger(v)
            ? { sql: `t.${spec.res.active.column} = ?`, params: [v] }
            : null
          : textEquals(`t.${spec.res.active.column}`, typeof v === "string" && spec.state.map ? spec.state.map(v) : v);
    }
    conds.push(state ?? t.activeCondition());
    const rows = t.select(spec.view, conds, { limit: SEARCH_CAP, ...(spec.orderBy ? { orderBy: spec.orderBy } : {}) });
    return ok(rows, rows.length === 0 && spec.emptyMessage ? spec.emptyMessage : null);
  };
}

/** A positive integer id from the request, or null. */
export function idFrom(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : null;
}

/** A positive integer id from a query-string value (fastify may hand it over as a string), or null. */
export function queryInt(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** GetById: an array of 0..1 rows, whatever the row's state (the state is in the row). */
export function getById<B, S extends SchemaName>(
  tables: Tables,
  spec: { res: Resource; view: View<S>; idField: Field<B> },
): (input: { body: B }) => Envelope<Schemas[S][]> {
  return ({ body }) => {
    const id = idFrom(bodyRow(body)[spec.idField]);
    if (id === null) return ok([]);
    const t = tables.get(spec.res);
    return ok(t.select(spec.view, [{ sql: `t.${spec.res.id} = ?`, params: [id] }], { limit: 1 }));
  };
}

export interface WriteSpec<B> {
  res: Resource;
  /** Columns the action writes (the request properties that reach the backend's stored procedure). */
  columns: readonly Field<B>[];
  /** The backend's duplicate check: another row with the same values in these columns -> El registro ya existe. */
  duplicate?: readonly Field<B>[];
  /** A business check before writing: a warning message, or null to go on. */
  validate?: (values: Row, body: Row) => string | null;
  /** Computes or fixes values before writing (may add columns). */
  prepare?: (values: Row, body: Row) => Row;
}

function addImpl<B>(tables: Tables, spec: WriteSpec<B>, body: Row): { id: number } | { warning: string } {
  const t = tables.get(spec.res);
  let values = t.values(body, spec.columns);
  if (spec.prepare) values = spec.prepare(values, body);
  const problem = spec.validate?.(values, body);
  if (problem) return { warning: problem };
  if (spec.duplicate && t.duplicate(spec.duplicate, { ...body, ...values })) return { warning: Mensajes.YaExisteRegistro };
  return { id: t.insert(values, body) };
}

/** Add with Data null. */
export function addRow<B>(tables: Tables, spec: WriteSpec<B>): (input: { body: B }) => Envelope<null> {
  return ({ body }) => {
    const r = addImpl(tables, spec, bodyRow(body));
    return "warning" in r ? warning(r.warning) : ok(null, Mensajes.RegistroSatisfactorio);
  };
}

/** Add that answers the new id in Data. */
export function addRowReturningId<B>(tables: Tables, spec: WriteSpec<B>): (input: { body: B }) => Envelope<number> {
  return ({ body }) => {
    const r = addImpl(tables, spec, bodyRow(body));
    return "warning" in r ? warning(r.warning) : ok(r.id, Mensajes.RegistroSatisfactorio);
  };
}

/** Update by id: only the properties the request sends change. */
export function updateRow<B>(
  tables: Tables,
  spec: WriteSpec<B> & { idField: Field<B>; message?: string },
): (input: { body: B }) => Envelope<null> {
  return ({ body }) => {
    const b = bodyRow(body);
    const id = idFrom(b[spec.idField]);
    const t = tables.get(spec.res);
    if (id === null || !t.exists(id)) return warning(Mensajes.ActualizacionFallida);
    let values = t.values(b, spec.columns);
    if (spec.prepare) values = spec.prepare(values, b);
    const problem = spec.validate?.(values, b);
    if (problem) return warning(problem);
    if (spec.duplicate && spec.duplicate.some((k) => k in values)) {
      const current = t.stmt(`SELECT * FROM ${spec.res.table} WHERE ${spec.res.id} = ?`).get(id) as Row;
      if (t.duplicate(spec.duplicate, { ...current, ...values }, id)) return warning(Mensajes.YaExisteRegistro);
    }
    t.update(id, values, b);
    return ok(null, spec.message ?? Mensajes.ActualizacionSatisfactoria);
  };
}

/** Delete by id: a soft delete (the row stays, inactive). */
export function deleteRow<B>(
  tables: Tables,
  spec: { res: Resource; idField: Field<B>; validate?: (id: number) => string | null },
): (input: { body: B }) => Envelope<null> {
  return ({ body }) => {
    const b = bodyRow(body);
    const id = idFrom(b[spec.idField]);
    if (id === null) return warning(Mensajes.EliminacionFallida);
    const problem = spec.validate?.(id);
    if (problem) return warning(problem);
    return tables.get(spec.res).softDelete(id, b)
      ? ok(null, Mensajes.EliminacionSatisfactoria)
      : warning(Mensajes.EliminacionFallida);
  };
}
