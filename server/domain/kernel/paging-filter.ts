// SEG_USUARIO/GetAllPaging receives `WhereFilter` and `OrderBy` as raw SQL fragments (the legacy backend hands
// them to a stored procedure; the desktop client sends `WHERE U.estado IN ('Activo','Inactivo')`).
// Client text is NEVER executed as SQL. This module parses a small, documented subset into SQL built only
// from whitelisted column expressions plus bound parameters, and refuses everything else.
//
// Accepted WhereFilter (case-insensitive keywords, whitespace free):
//   [WHERE] condition { AND condition }
//   condition := column = literal
//              | column IN ( literal { , literal } )
//   column    := [alias.]name      name from the whitelist; alias is any of the accepted table aliases
//   literal   := 'text'  (a quote inside is written '')  |  integer or decimal number (optionally negative)
// Accepted OrderBy:
//   [ORDER BY] column [ASC|DESC] { , column [ASC|DESC] }
// Anything else (OR, NOT, LIKE, comparison operators other than =, parentheses outside IN, functions,
// subqueries, comments, semicolons, unknown columns or aliases) is refused with a FilterError whose message
// says what was not allowed. Empty or blank input means "no filter" / "default order".
import { SEARCH_FUNCTION } from "../../db/database.js";
import { normalizeSearch } from "../../db/values.js";
import type { Condition } from "./search.js";

export class FilterError extends Error {}

export interface ColumnSpec {
  /** SQL expression over the row alias `t` (written by the server, never by the client). */
  sql: string;
  kind: "int" | "text";
  /** Maps a text literal before comparing (e.g. 'A' -> 'Activo'). */
  map?: (value: string) => string;
}

export interface FilterGrammar {
  /** Column names (matched case-insensitively) -> what they compare. */
  columns: Record<string, ColumnSpec>;
  /** Accepted table aliases before a column (matched case-insensitively), e.g. U, R. */
  aliases: readonly string[];
}

const MAX_LENGTH = 2000;
const MAX_CONDITIONS = 20;
const MAX_IN_VALUES = 100;
const MAX_ORDER_TERMS = 5;

type Token =
  | { t: "ident"; v: string; pos: number }
  | { t: "string"; v: string; pos: number }
  | { t: "number"; v: number; pos: number }
  | { t: "punct"; v: "=" | "(" | ")" | ","; pos: number };

function snippet(s: string, pos: number): string {
  return s.slice(pos, pos + 20);
}

function lex(input: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = "";
      for (;;) {
        if (j >= input.length) throw new FilterError(`${what} no permitido: texto sin cerrar en '${snippet(input, i)}'.`);
        const d = input[j]!;
        if (d === "'") {
          if (input[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      tokens.push({ t: "string", v: value, pos: i });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?![\w.])/.exec(input.slice(i));
    if (num) {
      tokens.push({ t: "number", v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?(?![\w.])/.exec(input.slice(i));
    if (ident) {
      tokens.push({ t: "ident", v: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    if (c === "=" || c === "(" || c === ")" || c === ",") {
      tokens.push({ t: "punct", v: c, pos: i });
      i++;
      continue;
    }
    throw new FilterError(`${what} no permitido: carácter '${c}' en '${snippet(input, i)}'.`);
  }
  return tokens;
}

function keyword(tok: Token | undefined, word: string): boolean {
  return tok?.t === "ident" && tok.v.toUpperCase() === word;
}

function resolveColumn(tok: Token | undefined, grammar: FilterGrammar, what: string): { name: string; spec: ColumnSpec } {
  if (!tok) throw new FilterError(`${what} no permitido: falta una columna al final.`);
  if (tok.t !== "ident") throw new FilterError(`${what} no permitido: se esperaba una columna en la posición ${tok.pos + 1}.`);
  const parts = tok.v.split(".");
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2 && !grammar.aliases.some((a) => a.toLowerCase() === parts[0]!.toLowerCase())) {
    throw new FilterError(`${what} no permitido: alias desconocido '${parts[0]}'.`);
  }
  const key = Object.keys(grammar.columns).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) throw new FilterError(`${what} no permitido: columna desconocida '${tok.v}'.`);
  return { name: key, spec: grammar.columns[key]! };
}

function literal(tok: Token | undefined, col: { name: string; spec: ColumnSpec }): unknown {
  if (!tok || (tok.t !== "string" && tok.t !== "number")) {
    throw new FilterError(`Filtro no permitido: se esperaba un valor literal para '${col.name}'.`);
  }
  if (col.spec.kind === "int") {
    const n = tok.t === "number" ? tok.v : Number(tok.v.trim());
    if (!Number.isSafeInteger(n)) throw new FilterError(`Filtro no permitido: '${col.name}' es numérico.`);
    return n;
  }
  const s = tok.t === "string" ? tok.v : String(tok.v);
  return normalizeSearch((col.spec.map ? col.spec.map(s) : s).trim());
}

/** Parses a WhereFilter into a condition with bound parameters; null for an empty filter. */
export function parseWhere(input: string | null | undefined, grammar: FilterGrammar): Condition | null {
  if (input == null || input.trim() === "") return null;
  if (input.length > MAX_LENGTH) throw new FilterError("Filtro no permitido: demasiado largo.");
  const tokens = lex(input, "Filtro");
  let i = 0;
  if (keyword(tokens[0], "WHERE")) i++;
  if (i >= tokens.length) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  for (;;) {
    if (parts.length >= MAX_CONDITIONS) throw new FilterError("Filtro no permitido: demasiadas condiciones.");
    const col = resolveColumn(tokens[i], grammar, "Filtro");
    i++;
    const lhs = col.spec.kind === "text" ? `${SEARCH_FUNCTION}(trim(${col.spec.sql}))` : col.spec.sql;
    const op = tokens[i];
    if (op?.t === "punct" && op.v === "=") {
      params.push(literal(tokens[i + 1], col));
      parts.push(`${lhs} = ?`);
      i += 2;
    } else if (keyword(op, "IN")) {
      const open = tokens[i + 1];
      if (!(open?.t === "punct" && open.v === "(")) throw new FilterError(`Filtro no permitido: se esperaba '(' después de IN.`);
      i += 2;
      const values: unknown[] = [];
      for (;;) {
        if (values.length >= MAX_IN_VALUES) throw new FilterError("Filtro no permitido: demasiados valores en IN.");
        values.push(literal(tokens[i], col));
        i++;
        const sep = tokens[i];
        if (sep?.t === "punct" && sep.v === ",") {
          i++;
          continue;
        }
        if (sep?.t === "punct" && sep.v === ")") {
          i++;
          break;
        }
        throw new FilterError("Filtro no permitido: se esperaba ',' o ')' en la lista de IN.");
      }
      parts.push(`${lhs} IN (${values.map(() => "?").join(", ")})`);
      params.push(...values);
    } else {
      const found = op ? (op.t === "ident" || op.t === "punct" ? op.v : "un valor") : "el final";
      throw new FilterError(`Filtro no permitido: solo se aceptan '=' e 'IN' (se encontró ${found}).`);
    }
    if (i >= tokens.length) break;
    if (!keyword(tokens[i], "AND")) {
      const t = tokens[i]!;
      throw new FilterError(`Filtro no permitido: solo se aceptan condiciones unidas con AND (se encontró '${snippet(input, t.pos)}').`);
    }
    i++;
  }
  return { sql: parts.join(" AND "), params };
}

/** Parses an OrderBy into `expr ASC|DESC, ...`; null for an empty one. */
export function parseOrderBy(input: string | null | undefined, grammar: FilterGrammar): string | null {
  if (input == null || input.trim() === "") return null;
  if (input.length > MAX_LENGTH) throw new FilterError("Orden no permitido: demasiado largo.");
  const tokens = lex(input, "Orden");
  let i = 0;
  if (keyword(tokens[0], "ORDER") && keyword(tokens[1], "BY")) i = 2;
  if (i >= tokens.length) return null;
  const terms: string[] = [];
  for (;;) {
    if (terms.length >= MAX_ORDER_TERMS) throw new FilterError("Orden no permitido: demasiadas columnas.");
    const col = resolveColumn(tokens[i], grammar, "Orden");
    i++;
    let dir = "ASC";
    if (keyword(tokens[i], "ASC") || keyword(tokens[i], "DESC")) {
      dir = (tokens[i] as { v: string }).v.toUpperCase();
      i++;
    }
    terms.push(`${col.spec.sql} ${dir}`);
    if (i >= tokens.length) break;
    const sep = tokens[i]!;
    if (!(sep.t === "punct" && sep.v === ",")) {
      throw new FilterError(`Orden no permitido: se esperaba ',' o ASC/DESC (se encontró '${snippet(input, sep.pos)}').`);
    }
    i++;
  }
  return terms.join(", ");
}
