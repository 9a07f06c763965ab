// The ordered list of schema migrations. openDatabase applies, in order and each in its own transaction,
// every migration whose version is above the database's `PRAGMA user_version`, then sets user_version to it.
//
// A migration is frozen history: its SQL is the text of its .sql file, written out in full (no constant of the
// live code is spliced in), so a later change to the domain can never change what a released migration does.
// Never edit a released migration: append a new file with the next version. The .sql files are read at run
// time next to this module (`npm run build` copies them into dist/ beside the compiled one).
import { readFileSync } from "node:fs";

export interface Migration {
  /** 1, 2, 3, ... without gaps. */
  version: number;
  name: string;
  sql: string;
}

function migration(version: number, name: string, file: string): Migration {
  return { version, name, sql: readFileSync(new URL(file, import.meta.url), "utf8") };
}

export const migrations: readonly Migration[] = [
  migration(1, "initial schema", "001_initial.sql"),
  migration(2, "indexes for the patient search", "002_patient_search.sql"),
  migration(3, "stored search text for the patient search", "003_patient_search_text.sql"),
];
