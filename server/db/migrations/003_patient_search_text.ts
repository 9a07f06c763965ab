// Migration 3: the patient search (ADM_PACIENTE/GetAllFilters) reads each patient's normalized search text
// from a stored column instead of calling rs_norm (a JS function) on every row it looks at. Results unchanged.
//
// ADM_PACIENTE.t_busqueda holds rs_norm(coalesce(col1, '') || ' ' || ...) over PATIENT_SEARCH_COLUMNS, the
// text the search's exact condition tests. Triggers keep it equal to that after every insert and every update
// of those columns (or of t_busqueda itself: a direct write to it is undone). No DTO declares it, so no response
// carries it.
//
// ix_adm_paciente_busqueda is (apellido paterno, materno, nombres, id, f_estado, t_busqueda): the search's
// ORDER BY followed by everything its WHERE reads. A broad, short or common search walks it in order, tests
// f_estado and instr(t_busqueda, word) on the index entry alone and stops at the result cap; a search that
// matches nothing reads the whole index once, without visiting the table. It replaces
// ix_adm_paciente_apellidos (its prefix). Selective searches keep the trigram table of migration 2 for their
// candidates and test those candidates' stored text.
//
// Why a column and not a separate table (id, text) or the FTS table's own content: the search reads
// ADM_PACIENTE, so text kept elsewhere is one lookup per row looked at, which costs about what the JS call it
// replaces costs, and a search that matches nothing looks at every row. Only a column of the patient table can
// sit in an index next to the sort keys. Why not an index on the rs_norm(...) expression (or a generated
// column): every connection would then need rs_norm to run PRAGMA integrity_check, VACUUM or REINDEX; with
// a stored column it only needs it to write patients, as the triggers of migration 2 already require.
//
// The triggers call rs_norm, which openDatabase registers on every connection before migrating. Stored values
// are only as current as normalizeSearch: should it ever answer differently for some text (a new rule, newer
// Unicode data), a later migration must recompute the column.
import type { Migration } from "./index.js";
import { searchText, watched } from "./002_patient_search.js";

/** The column holding the normalized search text. */
export const PATIENT_SEARCH_TEXT_COLUMN = "t_busqueda";

/** The index holding the search order and the stored search text. */
const PATIENT_SEARCH_ORDER_INDEX = "ix_adm_paciente_busqueda";

const col = PATIENT_SEARCH_TEXT_COLUMN;

export const patientSearchText: Migration = {
  version: 3,
  name: "stored search text for the patient search",
  // The update trigger's WHEN makes it a no-op when the text is already right (also ends the recursion its own
  // UPDATE would start under PRAGMA recursive_triggers).
  sql: `
ALTER TABLE ADM_PACIENTE ADD COLUMN ${col} TEXT;
UPDATE ADM_PACIENTE SET ${col} = ${searchText("")};
CREATE TRIGGER adm_paciente_busqueda_insert AFTER INSERT ON ADM_PACIENTE BEGIN
  UPDATE ADM_PACIENTE SET ${col} = ${searchText("new.")} WHERE id_paciente = new.id_paciente;
END;
CREATE TRIGGER adm_paciente_busqueda_update AFTER UPDATE OF ${watched}, ${col} ON ADM_PACIENTE
WHEN new.${col} IS NOT ${searchText("new.")} BEGIN
  UPDATE ADM_PACIENTE SET ${col} = ${searchText("new.")} WHERE id_paciente = new.id_paciente;
END;
DROP INDEX ix_adm_paciente_apellidos;
CREATE INDEX ${PATIENT_SEARCH_ORDER_INDEX} ON ADM_PACIENTE (
  t_apellido_paterno, t_apellido_materno, t_nombres, id_paciente, f_estado, ${col}
);
`,
};
