// Migration 2: indexes for the patient search (ADM_PACIENTE/GetAllFilters). Additive only: results are unchanged.
//
// Without them every search evaluates rs_norm() over six columns of every patient and sorts every match: ~150 ms
// per search at 10k patients, seconds at 100k, during which the server answers nothing else.
//
// 1. ix_adm_paciente_apellidos follows the search's ORDER BY (apellido paterno, materno, nombres, id): a broad
//    search (one letter) walks it in order and stops at the result cap instead of testing and sorting every row.
// 2. ADM_PACIENTE_FTS (FTS5 trigram) holds, per patient (rowid = id_paciente), the normalized text of exactly
//    the columns the search reads (PATIENT_SEARCH_COLUMNS, kept equal to the handler's list in handlers/crud.ts).
//    It is a PREFILTER only: the handler still applies its exact condition to the candidates. Words under 3
//    characters cannot use a trigram index and keep the scan. Triggers keep it in step with every insert, update
//    of those columns and delete; they call rs_norm, which openDatabase registers on every connection before
//    migrating (a tool writing ADM_PACIENTE without that function gets "no such function: rs_norm").
import type { Migration } from "./index.js";

/** The columns ADM_PACIENTE/GetAllFilters searches (SQL expressions over the patient row). */
export const PATIENT_SEARCH_COLUMNS = [
  "t_paciente",
  "t_apellido_paterno",
  "t_apellido_materno",
  "t_nombres",
  "c_documento_identidad",
  "CAST(n_historia_clinica AS TEXT)",
] as const;

export const PATIENT_SEARCH_INDEX = "ADM_PACIENTE_FTS";

/** The normalized search text of a patient row, as SQL (prefix: `new.` in triggers, `""` for the row itself). */
export function searchText(prefix: string): string {
  const cols = PATIENT_SEARCH_COLUMNS.map((c) =>
    c.startsWith("CAST(") ? c.replace("CAST(", `CAST(${prefix}`) : `${prefix}${c}`,
  );
  return `rs_norm(${cols.map((c) => `coalesce(${c}, '')`).join(" || ' ' || ")})`;
}

/** The searched columns as an UPDATE OF list (triggers). */
export const watched = PATIENT_SEARCH_COLUMNS.map((c) => c.replace(/^CAST\((\w+) AS TEXT\)$/, "$1")).join(", ");

export const patientSearch: Migration = {
  version: 2,
  name: "indexes for the patient search",
  sql: `
CREATE INDEX ix_adm_paciente_apellidos ON ADM_PACIENTE (t_apellido_paterno, t_apellido_materno, t_nombres, id_paciente);
CREATE VIRTUAL TABLE ${PATIENT_SEARCH_INDEX} USING fts5(
  texto,
  tokenize = 'trigram remove_diacritics 1',
  content = '',
  contentless_delete = 1
);
INSERT INTO ${PATIENT_SEARCH_INDEX} (rowid, texto) SELECT id_paciente, ${searchText("")} FROM ADM_PACIENTE;
CREATE TRIGGER adm_paciente_fts_insert AFTER INSERT ON ADM_PACIENTE BEGIN
  INSERT INTO ${PATIENT_SEARCH_INDEX} (rowid, texto) VALUES (new.id_paciente, ${searchText("new.")});
END;
CREATE TRIGGER adm_paciente_fts_update AFTER UPDATE OF id_paciente, ${watched} ON ADM_PACIENTE BEGIN
  DELETE FROM ${PATIENT_SEARCH_INDEX} WHERE rowid = old.id_paciente;
  INSERT INTO ${PATIENT_SEARCH_INDEX} (rowid, texto) VALUES (new.id_paciente, ${searchText("new.")});
END;
CREATE TRIGGER adm_paciente_fts_delete AFTER DELETE ON ADM_PACIENTE BEGIN
  DELETE FROM ${PATIENT_SEARCH_INDEX} WHERE rowid = old.id_paciente;
END;
`,
};
