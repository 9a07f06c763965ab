// The ordered list of schema migrations. openDatabase applies, in order and each in its own transaction,
// every migration whose version is above the database's `PRAGMA user_version`, then sets user_version to it.
// Never edit a released migration: append a new one with the next version.
import { initial } from "./001_initial.js";
import { patientSearch } from "./002_patient_search.js";
import { patientSearchText } from "./003_patient_search_text.js";

export interface Migration {
  /** 1, 2, 3, ... without gaps. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [initial, patientSearch, patientSearchText];
