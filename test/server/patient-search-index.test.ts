// The patient search indexes (server/db/migrations/002_patient_search.sql) change speed, never results:
// ADM_PACIENTE_GetAllFilters answers exactly what the plain scan answers, and the trigram index follows every
// insert, update and delete (triggers) and existing databases (back-fill).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPatients } from "../../bench/lib/patients.js";
import { openDatabase, SEARCH_FUNCTION } from "../../server/db/database.js";
import { migrations } from "../../server/db/migrations/index.js";
import { PATIENT_SEARCH_COLUMNS, PATIENT_SEARCH_INDEX } from "../../server/domain/adm/paciente-search.js";
import { normalizeSearch } from "../../server/db/values.js";
import { textSearch } from "../../server/domain/kernel/search.js";
import { SEARCH_CAP } from "../../server/domain/kernel/table.js";
import { createDomain, type Domain } from "../support/domain.js";

const ORDER = "t.t_apellido_paterno, t.t_apellido_materno, t.t_nombres, t.id_paciente";
const COLUMNS = PATIENT_SEARCH_COLUMNS.map((c) => (c.startsWith("CAST(") ? c.replace("CAST(", "CAST(t.") : `t.${c}`));

/** The search without any index: the exact condition alone, over every active row. */
function scan(domain: Domain, value: string): number[] {
  const cond = textSearch(COLUMNS, value);
  const where = cond ? `(${cond.sql}) AND ` : "";
  return domain.db
    .prepare(`SELECT t.id_paciente FROM ADM_PACIENTE t NOT INDEXED WHERE ${where}t.f_estado = 1 ORDER BY ${ORDER} LIMIT ?`)
    .pluck()
    .all(...(cond?.params ?? []), SEARCH_CAP) as number[];
}

async function search(domain: Domain, value: unknown): Promise<number[]> {
  const env = await domain.call("ADM_PACIENTE_GetAllFilters", { valorRequest: value });
  expect(env.Success).toBe(true);
  return (env.Data as { id_paciente: number }[]).map((r) => r.id_paciente);
}

describe("patient search indexes", () => {
  let domain: Domain;
  let dni = "";

  beforeAll(() => {
    domain = createDomain();
    dni = seedPatients(domain.db, 3000).terms.dni;
  });

  it("index every patient", () => {
    const patients = domain.db.prepare("SELECT count(*) FROM ADM_PACIENTE").pluck().get();
    const indexed = domain.db.prepare(`SELECT count(*) FROM ${PATIENT_SEARCH_INDEX}`).pluck().get();
    expect(indexed).toBe(patients);
  });

  it("answer exactly what the plain scan answers", async () => {
    const terms = [
      "a", "zq", "QUISPE", "quispe mamani", "pena", "PEÑA", "Núñez", "maria jose", "PAUCCARIMA", dni, dni.slice(2, 6),
      "10003", "ab garcia", 'ga"r', "ñ", "  ", "x y z", "rosa del", "CÁRDENAS", "cardenas lucia",
    ];
    for (const term of terms) {
      const expected = scan(domain, term);
      expect(await search(domain, term), `search "${term}"`).toEqual(expected);
    }
    // The data really exercises both paths: selective and capped.
    expect(scan(domain, dni)).toHaveLength(1);
    expect(scan(domain, "a")).toHaveLength(SEARCH_CAP);
  });

  it("follow inserts, updates and deletes", async () => {
    const add = await domain.call("ADM_PACIENTE_Add", {
      n_historia_clinica: 987_654,
      t_apellido_paterno: "ÑAUPARI",
      t_apellido_materno: "WILLKA",
      t_nombres: "ROSALÍA",
      d_fecha_nacimiento: "1990-01-01T00:00:00",
      c_documento_identidad: "99887766",
    });
    expect(add.Success && !add.Warning).toBe(true);
    const [id] = await search(domain, "naupari willka");
    expect(id).toBeTypeOf("number");
    expect(await search(domain, "99887766")).toEqual([id]);

    domain.db.prepare("UPDATE ADM_PACIENTE SET t_apellido_paterno = 'QORIWAMAN', t_paciente = NULL WHERE id_paciente = ?").run(id);
    expect(await search(domain, "naupari")).toEqual([]);
    expect(await search(domain, "qoriwaman")).toEqual([id]);

    domain.db.prepare("DELETE FROM ADM_PACIENTE WHERE id_paciente = ?").run(id);
    expect(domain.db.prepare(`SELECT count(*) FROM ${PATIENT_SEARCH_INDEX} WHERE ${PATIENT_SEARCH_INDEX} MATCH ?`).pluck().get('"qoriwaman"')).toBe(0);
  });

  describe("on a database created before the index", () => {
    const dir = mkdtempSync(join(tmpdir(), "romsoft-search-"));
    const file = join(dir, "v1.db");
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("back-fill the patients already there", () => {
      const old = new Database(file);
      old.function(SEARCH_FUNCTION, { deterministic: true }, (v: unknown) => (v == null ? null : normalizeSearch(String(v))));
      old.exec(migrations[0]!.sql);
      old.pragma("user_version = 1");
      old.prepare("INSERT INTO ADM_PACIENTE (t_apellido_paterno, t_nombres, c_documento_identidad) VALUES ('HUILLCA', 'ÑUSTA', '55443322')").run();
      old.close();
      const db = openDatabase({ path: file, onNotice: () => undefined });
      try {
        expect(db.pragma("user_version", { simple: true })).toBeGreaterThanOrEqual(2);
        const match = db.prepare(`SELECT rowid FROM ${PATIENT_SEARCH_INDEX} WHERE ${PATIENT_SEARCH_INDEX} MATCH ?`).pluck();
        expect(match.all('"huillca"')).toHaveLength(1);
        expect(match.all('"nusta"')).toHaveLength(1);
      } finally {
        db.close();
      }
    });
  });
});
