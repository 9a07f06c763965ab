// Free-text and equality conditions for the domain's queries: every word of a search must appear in the
// searched text (lower-cased, accents removed), optionally prefiltered by an FTS5 trigram table.
import type { Statement } from "better-sqlite3";
import type { Db } from "../../context.js";
import { SEARCH_FUNCTION } from "../../db/database.js";
import { normalizeSearch } from "../../db/values.js";

/** Maximum words of a free-text search (each must appear). */
const MAX_SEARCH_WORDS = 8;

/** A WHERE fragment with its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

/** The words of a free-text search (lower-cased, accents removed, at most MAX_SEARCH_WORDS); none when empty. */
function searchWords(value: unknown): string[] {
  if (typeof value !== "string" && typeof value !== "number") return [];
  return normalizeSearch(String(value)).split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/**
 * Free-text search: every word of `value` (lower-cased, accents removed) must appear in at least one of the
 * given SQL expressions (they are concatenated). Null when the value is empty: no condition.
 */
export function textSearch(exprs: string[], value: unknown): Condition | null {
  const words = searchWords(value);
  if (words.length === 0) return null;
  const hay = `${SEARCH_FUNCTION}(${exprs.map((e) => `coalesce(${e}, '')`).join(" || ' ' || ")})`;
  return { sql: words.map(() => `instr(${hay}, ?) > 0`).join(" AND "), params: words };
}

/**
 * textSearch over a stored copy of the text: `column` (an SQL expression over alias t) holds, for every row, the
 * normalized text textSearch would compute from the searched columns, so no function runs per row.
 */
export function storedTextSearch(column: string, value: unknown): Condition | null {
  const words = searchWords(value);
  if (words.length === 0) return null;
  return { sql: words.map(() => `instr(${column}, ?) > 0`).join(" AND "), params: words };
}

/** An FTS5 trigram table over the normalized search text of a table's rows (rowid = the row's id). */
export interface TrigramIndex {
  table: string;
  /** SQL expression of the row id over alias t, e.g. `t.id_paciente`. */
  key: string;
}

/**
 * The FTS5 query that finds every text containing all the words: one quoted phrase per part of 3 or more
 * characters (a trigram index cannot answer shorter ones). Words are cut at control characters rather than
 * stripped of them: FTS5 reads its query as C text (a NUL ends it), and a part of a word is in every text that
 * holds the word, so the candidates still include every match. Null when no part is long enough.
 */
function trigramQuery(words: readonly string[]): string | null {
  const parts = words.flatMap((w) => w.split(/\p{Cc}+/u)).filter((p) => [...p].length >= 3);
  return parts.length ? parts.map((p) => `"${p.replaceAll('"', '""')}"`).join(" ") : null;
}

/** Prepared candidate queries, per connection and trigram table. */
const candidateStatements = new WeakMap<Db, Map<string, Statement>>();

/**
 * The ids of the rows a trigram index offers for the words of `value` (rows holding every part of 3+
 * characters: a superset of the matches), at most `limit` + 1 of them (enough to tell "more than limit").
 * Null when no word is long enough for the index.
 */
export function trigramCandidates(db: Db, index: TrigramIndex, value: unknown, limit: number): number[] | null {
  const match = trigramQuery(searchWords(value));
  if (match === null) return null;
  let byTable = candidateStatements.get(db);
  if (!byTable) candidateStatements.set(db, (byTable = new Map()));
  let stmt = byTable.get(index.table);
  if (!stmt) {
    stmt = db.prepare(`SELECT rowid FROM ${index.table} WHERE ${index.table} MATCH ? LIMIT ?`).pluck();
    byTable.set(index.table, stmt);
  }
  return stmt.all(match, limit + 1) as number[];
}

/** The rows whose id (an SQL expression over alias t) is one of `ids`. */
export function idIn(key: string, ids: readonly number[]): Condition {
  return { sql: `${key} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] };
}

/** Case/accent-insensitive equality on a text expression; null when the value is empty. */
export function textEquals(expr: string, value: unknown): Condition | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  return { sql: `${SEARCH_FUNCTION}(trim(${expr})) = ?`, params: [normalizeSearch(value.trim())] };
}

/** Equality on an integer column; null when the value is absent or 0 (C#'s "not set"). */
export function intEquals(expr: string, value: unknown): Condition | null {
  if (typeof value !== "number" || !Number.isInteger(value) || value === 0) return null;
  return { sql: `${expr} = ?`, params: [value] };
}
