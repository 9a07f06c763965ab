// What ADM_PACIENTE/GetAllFilters searches and where the database keeps it for that search. Migrations 2
// and 3 created the trigram table, the stored text column and the triggers that fill them from these same
// columns (their SQL is written out in full there); these names are what the live search reads.

/** The columns the patient search reads (SQL expressions over the patient row), in the stored text's order. */
export const PATIENT_SEARCH_COLUMNS = [
  "t_paciente",
  "t_apellido_paterno",
  "t_apellido_materno",
  "t_nombres",
  "c_documento_identidad",
  "CAST(n_historia_clinica AS TEXT)",
] as const;

/** The FTS5 trigram table over the patients' normalized search text (rowid = id_paciente). */
export const PATIENT_SEARCH_INDEX = "ADM_PACIENTE_FTS";

/** The ADM_PACIENTE column holding each patient's normalized search text (never part of an answer). */
export const PATIENT_SEARCH_TEXT_COLUMN = "t_busqueda";
