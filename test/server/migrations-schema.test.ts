// Migrations are frozen history (server/db/migrations/*.sql): an empty database migrated through every one of
// them, in order, has exactly the schema the server creates today, and the live search's names (the domain's
// constants) are the ones those migrations created.
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SEARCH_FUNCTION, openDatabase } from "../../server/db/database.js";
import { migrations } from "../../server/db/migrations/index.js";
import { normalizeSearch } from "../../server/db/values.js";
import { PATIENT_SEARCH_INDEX, PATIENT_SEARCH_TEXT_COLUMN } from "../../server/domain/adm/paciente-search.js";

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

function schemaOf(db: Database.Database): SchemaRow[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all() as SchemaRow[];
}

describe("migrations", () => {
  const migrated = new Database(":memory:");
  migrated.function(SEARCH_FUNCTION, { deterministic: true }, (v: unknown) => (v == null ? null : normalizeSearch(String(v))));
  const current = openDatabase({ path: ":memory:", seedDir: null, adminPassword: "Schema-test-1", onNotice: () => undefined });
  afterAll(() => {
    migrated.close();
    current.close();
  });

  it("are numbered 1, 2, 3... without gaps, each with its SQL", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(m.sql).toMatch(/\bCREATE\b|\bALTER\b/);
  });

  it("applied one by one to an empty database give the schema of a new database", () => {
    for (const m of migrations) migrated.exec(m.sql);
    const schema = schemaOf(migrated);
    expect(schema.length).toBeGreaterThan(50);
    expect(schema).toEqual(schemaOf(current));
  });

  it("created the table and column the live patient search reads", () => {
    const names = schemaOf(migrated).map((r) => r.name);
    expect(names).toContain(PATIENT_SEARCH_INDEX);
    const columns = (migrated.prepare("PRAGMA table_info(ADM_PACIENTE)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain(PATIENT_SEARCH_TEXT_COLUMN);
  });
});
