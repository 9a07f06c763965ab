-- Migration 2: indexes for the patient search (ADM_PACIENTE/GetAllFilters). Additive only: results are unchanged.
--
-- Without them every search evaluates rs_norm() over six columns of every patient and sorts every match: ~150 ms
-- per search at 10k patients, seconds at 100k, during which the server answers nothing else.
--
-- 1. ix_adm_paciente_apellidos follows the search's ORDER BY (apellido paterno, materno, nombres, id): a broad
--    search (one letter) walks it in order and stops at the result cap instead of testing and sorting every row.
-- 2. ADM_PACIENTE_FTS (FTS5 trigram) holds, per patient (rowid = id_paciente), the normalized text of exactly
--    the columns the search reads (the patient search's domain module lists the same columns for its exact test).
--    It is a PREFILTER only: the handler still applies its exact condition to the candidates. Words under 3
--    characters cannot use a trigram index and keep the scan. Triggers keep it in step with every insert, update
--    of those columns and delete; they call rs_norm, which openDatabase registers on every connection before
--    migrating (a tool writing ADM_PACIENTE without that function gets "no such function: rs_norm").
CREATE INDEX ix_adm_paciente_apellidos ON ADM_PACIENTE (t_apellido_paterno, t_apellido_materno, t_nombres, id_paciente);
CREATE VIRTUAL TABLE ADM_PACIENTE_FTS USING fts5(
  texto,
  tokenize = 'trigram remove_diacritics 1',
  content = '',
  contentless_delete = 1
);
INSERT INTO ADM_PACIENTE_FTS (rowid, texto) SELECT id_paciente, rs_norm(coalesce(t_paciente, '') || ' ' || coalesce(t_apellido_paterno, '') || ' ' || coalesce(t_apellido_materno, '') || ' ' || coalesce(t_nombres, '') || ' ' || coalesce(c_documento_identidad, '') || ' ' || coalesce(CAST(n_historia_clinica AS TEXT), '')) FROM ADM_PACIENTE;
CREATE TRIGGER adm_paciente_fts_insert AFTER INSERT ON ADM_PACIENTE BEGIN
  INSERT INTO ADM_PACIENTE_FTS (rowid, texto) VALUES (new.id_paciente, rs_norm(coalesce(new.t_paciente, '') || ' ' || coalesce(new.t_apellido_paterno, '') || ' ' || coalesce(new.t_apellido_materno, '') || ' ' || coalesce(new.t_nombres, '') || ' ' || coalesce(new.c_documento_identidad, '') || ' ' || coalesce(CAST(new.n_historia_clinica AS TEXT), '')));
END;
CREATE TRIGGER adm_paciente_fts_update AFTER UPDATE OF id_paciente, t_paciente, t_apellido_paterno, t_apellido_materno, t_nombres, c_documento_identidad, n_historia_clinica ON ADM_PACIENTE BEGIN
  DELETE FROM ADM_PACIENTE_FTS WHERE rowid = old.id_paciente;
  INSERT INTO ADM_PACIENTE_FTS (rowid, texto) VALUES (new.id_paciente, rs_norm(coalesce(new.t_paciente, '') || ' ' || coalesce(new.t_apellido_paterno, '') || ' ' || coalesce(new.t_apellido_materno, '') || ' ' || coalesce(new.t_nombres, '') || ' ' || coalesce(new.c_documento_identidad, '') || ' ' || coalesce(CAST(new.n_historia_clinica AS TEXT), '')));
END;
CREATE TRIGGER adm_paciente_fts_delete AFTER DELETE ON ADM_PACIENTE BEGIN
  DELETE FROM ADM_PACIENTE_FTS WHERE rowid = old.id_paciente;
END;
