-- Migration 3: the patient search (ADM_PACIENTE/GetAllFilters) reads each patient's normalized search text
-- from a stored column instead of calling rs_norm (a JS function) on every row it looks at. Results unchanged.
--
-- ADM_PACIENTE.t_busqueda holds rs_norm(coalesce(col1, '') || ' ' || ...) over the six columns migration 2 indexes, the
-- text the search's exact condition tests. Triggers keep it equal to that after every insert and every update
-- of those columns (or of t_busqueda itself: a direct write to it is undone). No DTO declares it, so no response
-- carries it.
--
-- ix_adm_paciente_busqueda is (apellido paterno, materno, nombres, id, f_estado, t_busqueda): the search's
-- ORDER BY followed by everything its WHERE reads. A broad, short or common search walks it in order, tests
-- f_estado and instr(t_busqueda, word) on the index entry alone and stops at the result cap; a search that
-- matches nothing reads the whole index once, without visiting the table. It replaces
-- ix_adm_paciente_apellidos (its prefix). Selective searches keep the trigram table of migration 2 for their
-- candidates and test those candidates' stored text.
--
-- Why a column and not a separate table (id, text) or the FTS table's own content: the search reads
-- ADM_PACIENTE, so text kept elsewhere is one lookup per row looked at, which costs about what the JS call it
-- replaces costs, and a search that matches nothing looks at every row. Only a column of the patient table can
-- sit in an index next to the sort keys. Why not an index on the rs_norm(...) expression (or a generated
-- column): every connection would then need rs_norm to run PRAGMA integrity_check, VACUUM or REINDEX; with
-- a stored column it only needs it to write patients, as the triggers of migration 2 already require.
--
-- The triggers call rs_norm, which openDatabase registers on every connection before migrating. Stored values
-- are only as current as normalizeSearch: should it ever answer differently for some text (a new rule, newer
-- Unicode data), a later migration must recompute the column.
ALTER TABLE ADM_PACIENTE ADD COLUMN t_busqueda TEXT;
UPDATE ADM_PACIENTE SET t_busqueda = rs_norm(coalesce(t_paciente, '') || ' ' || coalesce(t_apellido_paterno, '') || ' ' || coalesce(t_apellido_materno, '') || ' ' || coalesce(t_nombres, '') || ' ' || coalesce(c_documento_identidad, '') || ' ' || coalesce(CAST(n_historia_clinica AS TEXT), ''));
CREATE TRIGGER adm_paciente_busqueda_insert AFTER INSERT ON ADM_PACIENTE BEGIN
  UPDATE ADM_PACIENTE SET t_busqueda = rs_norm(coalesce(new.t_paciente, '') || ' ' || coalesce(new.t_apellido_paterno, '') || ' ' || coalesce(new.t_apellido_materno, '') || ' ' || coalesce(new.t_nombres, '') || ' ' || coalesce(new.c_documento_identidad, '') || ' ' || coalesce(CAST(new.n_historia_clinica AS TEXT), '')) WHERE id_paciente = new.id_paciente;
END;
CREATE TRIGGER adm_paciente_busqueda_update AFTER UPDATE OF t_paciente, t_apellido_paterno, t_apellido_materno, t_nombres, c_documento_identidad, n_historia_clinica, t_busqueda ON ADM_PACIENTE
WHEN new.t_busqueda IS NOT rs_norm(coalesce(new.t_paciente, '') || ' ' || coalesce(new.t_apellido_paterno, '') || ' ' || coalesce(new.t_apellido_materno, '') || ' ' || coalesce(new.t_nombres, '') || ' ' || coalesce(new.c_documento_identidad, '') || ' ' || coalesce(CAST(new.n_historia_clinica AS TEXT), '')) BEGIN
  UPDATE ADM_PACIENTE SET t_busqueda = rs_norm(coalesce(new.t_paciente, '') || ' ' || coalesce(new.t_apellido_paterno, '') || ' ' || coalesce(new.t_apellido_materno, '') || ' ' || coalesce(new.t_nombres, '') || ' ' || coalesce(new.c_documento_identidad, '') || ' ' || coalesce(CAST(new.n_historia_clinica AS TEXT), '')) WHERE id_paciente = new.id_paciente;
END;
DROP INDEX ix_adm_paciente_apellidos;
CREATE INDEX ix_adm_paciente_busqueda ON ADM_PACIENTE (
  t_apellido_paterno, t_apellido_materno, t_nombres, id_paciente, f_estado, t_busqueda
);
