// ADM_PACIENTE/GetAllFilters reads each patient's stored normalized search text, ADM_PACIENTE.t_busqueda
// (migration 3): selective searches test it on the trigram table's candidates, short and common ones walk
// ix_adm_paciente_busqueda in order. Whichever way a search runs, it answers exactly what a plain JavaScript
// reference computes from the rows (same rows, same order, same cap): for random search strings, after every
// kind of write (API and direct SQL) and on a database created at migration 2 and upgraded. No search calls
// rs_norm, and the stored text stays equal to what rs_norm computes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/context.js";
import { SEARCH_FUNCTION } from "../../server/db/database.js";
import { migrations } from "../../server/db/migrations/index.js";
import { PATIENT_SEARCH_COLUMNS, PATIENT_SEARCH_INDEX, PATIENT_SEARCH_TEXT_COLUMN } from "../../server/domain/adm/paciente-search.js";
import { normalizeSearch } from "../../server/db/values.js";
import { idIn, storedTextSearch, textSearch, trigramCandidates, type TrigramIndex } from "../../server/domain/kernel/search.js";
import { SEARCH_CAP } from "../../server/domain/kernel/table.js";
import { TRIGRAM_SELECTIVE, fieldCondition, type FilterField } from "../../server/domain/kernel/table-actions.js";
import { prng } from "../../bench/lib/patients.js";
import { createDomain, type Domain } from "../support/domain.js";

const ORDER = "t.t_apellido_paterno, t.t_apellido_materno, t.t_nombres, t.id_paciente";
const COLUMNS = PATIENT_SEARCH_COLUMNS.map((c) => c.replace(/^(CAST\()?/, "$1t."));
const STORED = `t.${PATIENT_SEARCH_TEXT_COLUMN}`;
const INDEX: TrigramIndex = { table: PATIENT_SEARCH_INDEX, key: "t.id_paciente" };
const FIELD: FilterField<{ valorRequest?: unknown }> = {
  text: "valorRequest",
  columns: COLUMNS,
  stored: { column: STORED, trigrams: INDEX },
};
const SEARCHED = ["t_paciente", "t_apellido_paterno", "t_apellido_materno", "t_nombres", "c_documento_identidad", "n_historia_clinica"] as const;

// ------------------------------------------------------------------------------------------- the reference

interface Patient {
  id_paciente: number;
  t_paciente: string | null;
  t_apellido_paterno: string | null;
  t_apellido_materno: string | null;
  t_nombres: string | null;
  c_documento_identidad: string | null;
  n_historia_clinica: number | string;
  f_estado: number;
}

/** The patient's search text as the contract defines it: the six columns joined by spaces, normalized. */
function searchTextOf(p: Patient): string {
  return normalizeSearch(SEARCHED.map((c) => (p[c] === null ? "" : String(p[c]))).join(" "));
}

/** SQLite's BINARY order: NULL first, then text by its UTF-8 bytes. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

interface Snapshot {
  rows: (Patient & { text: string })[];
}

function snapshot(db: Db): Snapshot {
  const rows = db
    .prepare(`SELECT id_paciente, ${SEARCHED.join(", ")}, f_estado FROM ADM_PACIENTE`)
    .all() as Patient[];
  return { rows: rows.map((r) => ({ ...r, text: searchTextOf(r) })) };
}

/** Active patients whose text holds every word (at most 8), ordered by surnames, names and id, capped. */
function reference(snap: Snapshot, value: unknown): number[] {
  const words =
    typeof value === "string" || typeof value === "number"
      ? normalizeSearch(String(value)).split(/\s+/).filter(Boolean).slice(0, 8)
      : [];
  return snap.rows
    .filter((r) => r.f_estado === 1 && words.every((w) => r.text.includes(w)))
    .sort(
      (a, b) =>
        compareText(a.t_apellido_paterno, b.t_apellido_paterno) ||
        compareText(a.t_apellido_materno, b.t_apellido_materno) ||
        compareText(a.t_nombres, b.t_nombres) ||
        a.id_paciente - b.id_paciente,
    )
    .slice(0, SEARCH_CAP)
    .map((r) => r.id_paciente);
}

// ------------------------------------------------------------------------------------ the implementation

async function viaHandler(d: Domain, value: unknown): Promise<number[]> {
  const env = await d.call("ADM_PACIENTE_GetAllFilters", { valorRequest: value });
  expect(env.Success, JSON.stringify(env.Message)).toBe(true);
  return (env.Data as { id_paciente: number }[]).map((r) => r.id_paciente);
}

/** The patient search with a given text condition, as filterRows runs it (ids only). */
function viaCondition(db: Db, cond: { sql: string; params: unknown[] } | null): number[] {
  const where = cond ? `(${cond.sql}) AND ` : "";
  return db
    .prepare(`SELECT t.id_paciente FROM ADM_PACIENTE t WHERE ${where}t.f_estado = 1 ORDER BY ${ORDER} LIMIT ?`)
    .pluck()
    .all(...(cond?.params ?? []), SEARCH_CAP) as number[];
}

/** The trigram way with every candidate the index offers (the handler takes it up to TRIGRAM_SELECTIVE). */
function trigramWay(db: Db, value: unknown): { sql: string; params: unknown[] } | null {
  const ids = trigramCandidates(db, INDEX, value, 1e9);
  const exact = storedTextSearch(STORED, value);
  if (ids === null || exact === null) return null;
  const among = idIn(INDEX.key, ids);
  return { sql: `${among.sql} AND ${exact.sql}`, params: [...among.params, ...exact.params] };
}

/** Every way the search can run must give the reference's answer. */
async function expectSameEverywhere(d: Domain, snap: Snapshot, value: unknown): Promise<void> {
  const expected = reference(snap, value);
  const label = `search ${JSON.stringify(value)}`;
  expect(await viaHandler(d, value), `${label} (handler)`).toEqual(expected);
  // The ordered walk: the exact condition on the stored text alone, read from ix_adm_paciente_busqueda.
  expect(viaCondition(d.db, storedTextSearch(STORED, value)), `${label} (walk)`).toEqual(expected);
  // The trigram table, whenever a word is long enough for it.
  const indexed = trigramWay(d.db, value);
  if (indexed) expect(viaCondition(d.db, indexed), `${label} (trigram)`).toEqual(expected);
}

/** Replaces rs_norm on the connection with a counting copy; returns the counter. */
function countNormCalls(db: Db): { calls: number } {
  const counter = { calls: 0 };
  db.function(SEARCH_FUNCTION, { deterministic: true }, (v: unknown) => {
    counter.calls++;
    return v === null || v === undefined ? null : normalizeSearch(String(v));
  });
  return counter;
}

/** Every patient's stored text is the reference text of its row, and the database is sound. */
function expectStoredTextsInStep(db: Db, snap: Snapshot): void {
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  const stored = new Map(
    db.prepare(`SELECT id_paciente, ${PATIENT_SEARCH_TEXT_COLUMN} FROM ADM_PACIENTE`).raw().all() as [number, string][],
  );
  expect(stored.size).toBe(snap.rows.length);
  for (const r of snap.rows) expect(stored.get(r.id_paciente), `stored text of patient ${r.id_paciente}`).toBe(r.text);
}

// ------------------------------------------------------------------------------------------------ data

/** Pieces of names: accents (composed and decomposed), ñ, case, digits, punctuation, control characters. */
const NAME_PARTS = [
  "GARCÍA", "García", "garcia", "GARCIA", "PEÑA", "Peña", "pena", "NÚÑEZ", "Nuñez", "QUISPE", "Quispe", "MAMANI",
  "O'BRIEN", "D'Angelo", "Ñusta", "ÑAUPARI", "JOSÉ", "Jose", "MARÍA", "Maria", "ANA", "Lucía", "ÁNGEL",
  "A\u0301ngel", "Çelik", "Øster", "ÆLFRIC", "İlkay", "Straße", "José-Luis", "Cruz", "Li", "Yu", "Ma\u0000ria",
  "Gar\u0001cia", "\u007fRuiz", "Ruiz\u0085", "Sol😀", "ΟΔΥΣΣΕΑΣ", "\u200bZero", "Tab\tName", "Nb\u00a0sp", "12345678",
  "007", '"Quoted"', "x*y", "(Paren)", "a.b", "100%", "ü", "Müller", "ZQ", "qz", "Ñ", "ç", "ÿ",
];
const CHARS = [..."abcdefghijklmnopqrstuvwxyzñáéíóúüçøæßABCDEFGHIJKLMNOPQRSTUVWXYZÑÁÉÍÓÚÜ0123456789 ,.-'\"*()%_:^+"]
  .concat(["\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u0301", "\u00a0", "\t", "\n", "\ufeff", "\u200b", "😀", "Σ", "ς"]);

/** Patients with names a search must still find, word by word (paterno, materno, nombres). */
const TRICKY: [string, string | null, string][] = [
  ["Gar\u0001cia", "Soto", "Ruiz\u0085"],
  ["Ma\u0000ria", null, "Øster Straße"],
  ["A\u0301ngel", "YUPANQUI", "ΟΔΥΣΣΕΑΣ"],
  ["Sol😀", "O'Brien", '"Quoted" x*y 100%'],
];
const TRICKY_SEARCHES: unknown[] = [
  "gar\u0001cia soto", "ar\u0001ci", "gar cia", "garcia", "ma\u0000ria", "ma ria", "maria", "øster", "oster", "straße",
  "strasse", "angel yupanqui", "ángel", "a\u0301ngel", "οδυσσεας", "ΟΔΥΣΣΕΑΣ", "sol😀", "😀", "o'brien", '"quoted"',
  "x*y", "100%", "ruiz\u0085", "ruiz",
];

function randomText(rand: () => number, maxLen: number): string {
  const n = 1 + Math.floor(rand() * maxLen);
  let s = "";
  for (let i = 0; i < n; i++) s += CHARS[Math.floor(rand() * CHARS.length)];
  return s;
}

function randomName(rand: () => number): string | null {
  const r = rand();
  if (r < 0.08) return null;
  if (r < 0.2) return randomText(rand, 10);
  const parts = 1 + Math.floor(rand() * 2);
  return Array.from({ length: parts }, () => NAME_PARTS[Math.floor(rand() * NAME_PARTS.length)]).join(" ");
}

/** Inserts `count` patients with direct SQL; `common` of them carry a GARCIA surname (beyond TRIGRAM_SELECTIVE
 *  candidates, so the handler walks for it). */
function insertPatients(db: Db, count: number, common: number, seed: number): void {
  const rand = prng(seed);
  const base = (db.prepare("SELECT coalesce(max(n_historia_clinica), 0) FROM ADM_PACIENTE").pluck().get() as number) + 1;
  const insert = db.prepare(
    `INSERT INTO ADM_PACIENTE (n_historia_clinica, t_apellido_paterno, t_apellido_materno, t_nombres, t_paciente,
       c_documento_identidad, f_estado) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const paterno = i < common ? ["GARCÍA", "García", "garcia", "GARCIA PEÑA"][i % 4]! : randomName(rand);
      const materno = randomName(rand);
      const nombres = randomName(rand);
      const full = rand() < 0.7 ? `${paterno ?? ""} ${materno ?? ""}, ${nombres ?? ""}` : rand() < 0.5 ? null : randomName(rand);
      const dni = rand() < 0.8 ? String(10_000_000 + Math.floor(rand() * 89_999_999)) : rand() < 0.5 ? null : randomText(rand, 9);
      insert.run(base + i, paterno, materno, nombres, full, dni, rand() < 0.9 ? 1 : 0);
    }
  })();
}

/** A search string: a piece of a stored name (case or accents changed), random characters, or several words. */
function queryArbitrary(snap: Snapshot): fc.Arbitrary<unknown> {
  const piece = fc
    .record({ row: fc.nat(), col: fc.nat(), start: fc.nat(), len: fc.integer({ min: 1, max: 9 }), how: fc.nat(3) })
    .map(({ row, col, start, len, how }) => {
      const r = snap.rows[row % snap.rows.length]!;
      const v = r[SEARCHED[col % SEARCHED.length]!];
      const cps = [...(v === null ? "" : String(v))];
      const s = cps.slice(start % Math.max(1, cps.length), (start % Math.max(1, cps.length)) + len).join("");
      return how === 0 ? s.toUpperCase() : how === 1 ? s.toLowerCase() : how === 2 ? s.normalize("NFD") : s;
    });
  const noise = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 8 }).map((a) => a.join(""));
  const word = fc.oneof({ weight: 3, arbitrary: piece }, { weight: 1, arbitrary: noise }, { weight: 1, arbitrary: fc.constantFrom(...NAME_PARTS) });
  const sep = fc.constantFrom(" ", "  ", "\t", "\u00a0", "\n", " \u0000 ");
  const words = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 10 }), sep)
    .map(([ws, s]) => ws.join(s));
  return fc.oneof(
    { weight: 2, arbitrary: piece },
    { weight: 1, arbitrary: noise },
    { weight: 2, arbitrary: words },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999_999 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "", "   ", "\u0000", true, {}, [], "a", "zq", "garcia", "GARCÍA pe") },
  );
}

// ------------------------------------------------------------------------------------------------ tests

describe("patient search on the stored search text", () => {
  const d = createDomain();
  let snap: Snapshot;
  let norm: { calls: number };

  beforeAll(() => {
    insertPatients(d.db, 2_700, TRIGRAM_SELECTIVE + 100, 7);
    const tricky = d.db.prepare(
      "INSERT INTO ADM_PACIENTE (n_historia_clinica, t_apellido_paterno, t_apellido_materno, t_nombres) VALUES (?, ?, ?, ?)",
    );
    TRICKY.forEach(([paterno, materno, nombres], i) => tricky.run(8_000_000 + i, paterno, materno, nombres));
    snap = snapshot(d.db);
    norm = countNormCalls(d.db);
  });
  afterAll(() => d.db.close());

  it("the data exercises both ways: a capped walk, a trigram search, and a common word the handler walks", () => {
    expect(reference(snap, "a")).toHaveLength(SEARCH_CAP);
    const usesTrigrams = (value: string) => fieldCondition(FIELD, { valorRequest: value }, d.db)?.sql.includes("json_each");
    expect(usesTrigrams("garcia")).toBe(false);
    expect(usesTrigrams("quispe")).toBe(true);
    expect(usesTrigrams("qu")).toBe(false);
    expect(reference(snap, "garcia")).toHaveLength(SEARCH_CAP);
  });

  it.each(TRICKY_SEARCHES)("answers exactly what the reference answers: %j", async (value) => {
    await expectSameEverywhere(d, snap, value);
  });

  it("finds words holding control characters, accents and symbols", async () => {
    for (const value of ["gar\u0001cia soto", "ar\u0001ci", "ma\u0000ria", "øster", "straße", "angel yupanqui", "sol😀"]) {
      expect(reference(snap, value).length, `search ${JSON.stringify(value)}`).toBeGreaterThan(0);
    }
  });

  it("answers exactly what the reference answers, for random search strings", async () => {
    await fc.assert(
      fc.asyncProperty(queryArbitrary(snap), async (value) => {
        await expectSameEverywhere(d, snap, value);
      }),
      { numRuns: 400, seed: 20_240_501 },
    );
  });

  it("never answers the stored text", async () => {
    const env = await d.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "garcia" });
    const rows = env.Data as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).not.toContain(PATIENT_SEARCH_TEXT_COLUMN);
    const byId = await d.call("ADM_PACIENTE_GetById", { id_paciente: rows[0]!.id_paciente });
    expect(Object.keys((byId.Data as Record<string, unknown>[])[0]!)).not.toContain(PATIENT_SEARCH_TEXT_COLUMN);
  });

  it("never calls rs_norm while searching", async () => {
    const before = norm.calls;
    for (const value of ["a", "zq", "garcia", "quispe", "quispe maria", "12345", "GARCÍA pe", "ma\u0000ria", "Ñ"]) {
      await viaHandler(d, value);
      viaCondition(d.db, storedTextSearch(STORED, value));
      viaCondition(d.db, trigramWay(d.db, value));
    }
    expect(norm.calls - before).toBe(0);
  });

  describe("after writes", () => {
    let nextHistoria = 9_000_000;
    /** Checks the searches that can see a change: the old and new values, pieces of them, short words. */
    async function check(...values: unknown[]): Promise<void> {
      snap = snapshot(d.db);
      const pieces = values.flatMap((v) => {
        if (typeof v !== "string" && typeof v !== "number") return [];
        const s = String(v);
        return [s, s.slice(0, 2), s.slice(1, 5), s.slice(-4), s.toLowerCase().normalize("NFD")];
      });
      for (const value of [...pieces, "a", "zq", "garcia", "garcia peña"]) await expectSameEverywhere(d, snap, value);
    }
    async function add(fields: Record<string, unknown>): Promise<number> {
      const env = await d.call("ADM_PACIENTE_Add", {
        n_historia_clinica: nextHistoria++,
        d_fecha_nacimiento: "1990-01-01T00:00:00",
        ...fields,
      });
      expect(env.Success && !env.Warning, JSON.stringify(env.Message)).toBe(true);
      return d.db.prepare("SELECT max(id_paciente) FROM ADM_PACIENTE").pluck().get() as number;
    }

    it("through the API: add, update of each searched column, delete", async () => {
      const id = await add({ t_apellido_paterno: "ÑAUPARI", t_apellido_materno: "Wíllka", t_nombres: "Rosalía", c_documento_identidad: "99887766" });
      await check("naupari willka", "99887766", "rosalia");
      const updates: [string, unknown][] = [
        ["t_paciente", "Qoriwaman Ch'aska, Ñusta"],
        ["t_apellido_paterno", "Huillca\u0000Mayta"],
        ["t_apellido_materno", "Cóndor"],
        ["t_nombres", "Ángel Sebastián"],
        ["c_documento_identidad", "11223344"],
        ["n_historia_clinica", 7_654_321],
      ];
      for (const [column, value] of updates) {
        const old = d.db.prepare(`SELECT ${column} FROM ADM_PACIENTE WHERE id_paciente = ?`).pluck().get(id);
        const env = await d.call("ADM_PACIENTE_Update", { id_paciente: id, [column]: value });
        expect(env.Success && !env.Warning, `${column}: ${JSON.stringify(env.Message)}`).toBe(true);
        expect(d.db.prepare(`SELECT ${column} FROM ADM_PACIENTE WHERE id_paciente = ?`).pluck().get(id)).toBe(value);
        await check(old, value);
      }
      expect(await viaHandler(d, "cóndor 11223344")).toEqual([id]);
      const del = await d.call("ADM_PACIENTE_Delete", { id_paciente: id });
      expect(del.Success && !del.Warning).toBe(true);
      await check("cóndor 11223344", "7654321");
      expect(await viaHandler(d, "cóndor 11223344")).toEqual([]);
      expectStoredTextsInStep(d.db, snap);
    });

    it("through direct SQL on the connection: insert, update of each column, state, id, replace, delete", async () => {
      const run = (sql: string, ...params: unknown[]) => d.db.prepare(sql).run(...params);
      const id = Number(
        run(
          `INSERT INTO ADM_PACIENTE (n_historia_clinica, t_apellido_paterno, t_apellido_materno, t_nombres, t_paciente, c_documento_identidad)
           VALUES (?, 'PAUCCARIMA', 'Yupanqui', 'Inés', NULL, '55443322')`,
          nextHistoria++,
        ).lastInsertRowid,
      );
      await check("pauccarima yupanqui", "55443322", "ines");
      const updates: [string, unknown][] = [
        ["t_paciente", "Pauccarima Yupanqui, Inés"],
        ["t_apellido_paterno", "Tüpac"],
        ["t_apellido_materno", null],
        ["t_nombres", "Ñ\u0001ñ"],
        ["c_documento_identidad", "A-12.34"],
        ["n_historia_clinica", 31_415_926],
      ];
      for (const [column, value] of updates) {
        const old = d.db.prepare(`SELECT ${column} FROM ADM_PACIENTE WHERE id_paciente = ?`).pluck().get(id);
        run(`UPDATE ADM_PACIENTE SET ${column} = ? WHERE id_paciente = ?`, value, id);
        await check(old, value);
      }
      run("UPDATE ADM_PACIENTE SET f_estado = 0 WHERE id_paciente = ?", id);
      await check("tupac", "31415926");
      run("UPDATE ADM_PACIENTE SET f_estado = 1 WHERE id_paciente = ?", id);
      await check("tupac", "31415926");
      expect(await viaHandler(d, "tupac 31415926")).toEqual([id]);

      const moved = id + 1_000_000;
      run("UPDATE ADM_PACIENTE SET id_paciente = ? WHERE id_paciente = ?", moved, id);
      await check("tupac", "a-12.34");
      expect(await viaHandler(d, "tupac a-12.34")).toEqual([moved]);

      // REPLACE deletes the old row without the delete trigger: the stored text must still follow.
      run(
        `INSERT OR REPLACE INTO ADM_PACIENTE (id_paciente, n_historia_clinica, t_apellido_paterno, t_nombres)
         VALUES (?, ?, 'Replaced', 'Otra Persona')`,
        moved,
        nextHistoria++,
      );
      await check("tupac", "replaced otra");
      expect(await viaHandler(d, "tupac")).toEqual([]);
      expect(await viaHandler(d, "replaced otra")).toEqual([moved]);

      // An id moved onto another patient's id replaces that patient.
      const other = d.db.prepare("SELECT max(id_paciente) FROM ADM_PACIENTE WHERE id_paciente <> ?").pluck().get(moved) as number;
      run("UPDATE OR REPLACE ADM_PACIENTE SET id_paciente = ? WHERE id_paciente = ?", other, moved);
      await check("replaced otra");
      expect(await viaHandler(d, "replaced otra")).toEqual([other]);

      run("DELETE FROM ADM_PACIENTE WHERE id_paciente = ?", other);
      await check("replaced otra");
      expect(await viaHandler(d, "replaced otra")).toEqual([]);

      // A direct write of the stored text itself is undone, on insert and on update.
      run(`UPDATE ADM_PACIENTE SET ${PATIENT_SEARCH_TEXT_COLUMN} = 'zzzz' WHERE id_paciente % 3 = 0`);
      const forged = Number(
        run(
          `INSERT INTO ADM_PACIENTE (n_historia_clinica, t_apellido_paterno, t_nombres, ${PATIENT_SEARCH_TEXT_COLUMN})
           VALUES (?, 'Forjado', 'Texto', 'qqqq')`,
          nextHistoria++,
        ).lastInsertRowid,
      );
      await check("zzzz", "qqqq", "forjado texto");
      expect(await viaHandler(d, "qqqq")).toEqual([]);
      expect(await viaHandler(d, "forjado texto")).toEqual([forged]);

      // A batch of new rows and a bulk update of a searched column.
      insertPatients(d.db, 300, 0, 99);
      run("UPDATE ADM_PACIENTE SET t_nombres = upper(t_nombres) WHERE id_paciente % 7 = 0");
      await check("ma", "jose", "ñusta");
      expectStoredTextsInStep(d.db, snap);
    });

    it("still never calls rs_norm while searching, and random searches still agree", async () => {
      snap = snapshot(d.db);
      const before = norm.calls;
      await fc.assert(
        fc.asyncProperty(queryArbitrary(snap), async (value) => {
          await expectSameEverywhere(d, snap, value);
        }),
        { numRuns: 100, seed: 4242 },
      );
      expect(norm.calls - before).toBe(0);
    });
  });
});

describe("a database created at migration 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-search-v2-"));
  const file = join(dir, "v2.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("upgraded to the stored search text, answers as before the upgrade (and as the reference)", async () => {
    const values = ["a", "zq", "garcia", "peña", "quispe maria", "ma\u0000ria", "12345", "ñ", "o'brien", "100%", "ana li"];
    const old = new Database(file);
    old.function(SEARCH_FUNCTION, { deterministic: true }, (v: unknown) => (v == null ? null : normalizeSearch(String(v))));
    old.exec(migrations[0]!.sql);
    old.exec(migrations[1]!.sql);
    old.pragma("user_version = 2");
    insertPatients(old, 900, 300, 11);
    old.prepare("UPDATE ADM_PACIENTE SET t_apellido_materno = 'Peña' WHERE id_paciente % 5 = 0").run();
    old.prepare("DELETE FROM ADM_PACIENTE WHERE id_paciente % 11 = 0").run();
    // The answers of the migration 2 search (trigram prefilter, then rs_norm on each candidate).
    const before = new Map(values.map((v) => [v, viaCondition(old, textSearch(COLUMNS, v))]));
    old.close();

    const d = createDomain({ path: file });
    try {
      expect(d.db.pragma("user_version", { simple: true })).toBe(migrations.at(-1)!.version);
      const snap = snapshot(d.db);
      expect(snap.rows.length).toBeGreaterThan(700);
      expectStoredTextsInStep(d.db, snap);
      for (const v of values) {
        expect(await viaHandler(d, v), `search ${JSON.stringify(v)}`).toEqual(before.get(v));
        await expectSameEverywhere(d, snap, v);
      }
      expect(reference(snap, "a")).toHaveLength(SEARCH_CAP);
    } finally {
      d.db.close();
    }
    // Tools without rs_norm can still check the file (only writing patients needs it).
    const plain = new Database(file, { readonly: true });
    try {
      expect(plain.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      plain.close();
    }
  });
});
