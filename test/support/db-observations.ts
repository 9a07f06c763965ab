// Database observations: how many rows the server's connection changed, and a checksum of every table.
import { createHash } from "node:crypto";
import type { Db } from "../../server/context.js";

/** Rows inserted, updated or deleted through this connection since it was opened (SQLite total_changes()). */
export function totalChanges(db: Db): number {
  return db.prepare("SELECT total_changes()").pluck().get() as number;
}

export function schemaVersion(db: Db): number {
  return db.pragma("schema_version", { simple: true }) as number;
}

export interface TableSummary {
  rows: number;
  checksum: string;
}

export function tableNames(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/** Stored tables: virtual tables (FTS) are left out, their shadow tables hold their content. */
function storedTables(db: Db): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

/** Row count and a SHA-256 over every row (ordered by all columns, so WITHOUT ROWID tables work too) of every table. */
export function snapshot(db: Db): Map<string, TableSummary> {
  const out = new Map<string, TableSummary>();
  for (const table of storedTables(db)) {
    const hash = createHash("sha256");
    let rows = 0;
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const columns = (db.prepare(`PRAGMA table_info(${quoted})`).all() as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(", ");
    const stmt = db.prepare(`SELECT * FROM ${quoted} ORDER BY ${order}`).raw(true);
    for (const row of stmt.iterate() as Iterable<unknown[]>) {
      rows++;
      hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : Buffer.isBuffer(v) ? v.toString("hex") : v)));
      hash.update("\n");
    }
    out.set(table, { rows, checksum: hash.digest("hex") });
  }
  return out;
}

/** Tables whose count or checksum differ ("+T"/"-T" for tables that appeared or vanished). */
export function changedTables(before: Map<string, TableSummary>, after: Map<string, TableSummary>): string[] {
  const changed: string[] = [];
  for (const [t, a] of before) {
    const b = after.get(t);
    if (!b) changed.push(`-${t}`);
    else if (a.rows !== b.rows || a.checksum !== b.checksum) changed.push(`${t} (${a.rows}→${b.rows} rows)`);
  }
  for (const t of after.keys()) if (!before.has(t)) changed.push(`+${t}`);
  return changed;
}
