// Identifiable writes for the concurrency and crash tests: Add requests of several controllers, each
// carrying a unique marker in a text column, and the lookup of that marker in the controller's table.
import Database from "better-sqlite3";
import { getOperation, type Operation } from "../../contract/spec.js";

export interface MarkedAdd {
  op: Operation;
  /** The controller's table (tables are named after controllers). */
  table: string;
  /** Text columns that carry the marker. */
  markerColumns: string[];
  /** The request body for marker `m` and sequence number `n`. */
  body(m: string, n: number): Record<string, unknown>;
}

function example(operationId: string): Record<string, unknown> {
  return structuredClone(getOperation(operationId).requestExamples.request!.value) as Record<string, unknown>;
}

function marked(operationId: string, columns: string[], extra: (n: number) => Record<string, unknown> = () => ({})): MarkedAdd {
  const op = getOperation(operationId);
  const base = example(operationId);
  return {
    op,
    table: op.controller,
    markerColumns: columns,
    body: (m, n) => ({ ...base, ...Object.fromEntries(columns.map((c) => [c, m])), ...extra(n) }),
  };
}

/** Seven controllers' Add actions (two of them answer the new id), none refused for a unique marker. */
export const MARKED_ADDS: MarkedAdd[] = [
  marked("ADM_ATENCION_Add", ["c_contrato"]),
  marked("ADM_OCUPACION_Add", ["c_codigo", "t_descripcion"]),
  marked("ADM_PACIENTE_Add", ["t_nombres"], (n) => ({ n_historia_clinica: 500_000 + n, c_documento_identidad: String(70_000_000 + n) })),
  marked("CON_CONTACTO_Add", ["c_codigo", "t_razon_social"]),
  marked("CVN_CATEGORIA_PAGO_Add", ["c_codigo", "t_descripcion"]),
  marked("CVN_TARIFARIO_SEGUS_Add", ["c_codigo"]),
  marked("FAR_PRODUCTO_Add", ["t_descripcion"]),
];

/** Primary-key column of a table (its first INTEGER PRIMARY KEY). */
export function primaryKey(db: Database.Database, table: string): string {
  const cols = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[];
  const pk = cols.find((c) => c.pk === 1);
  if (!pk) throw new Error(`table ${table} has no primary key`);
  return pk.name;
}

/** Primary keys of the rows of `w.table` whose first marker column equals `marker`. */
export function rowsWithMarker(db: Database.Database, w: MarkedAdd, marker: string): number[] {
  const pk = primaryKey(db, w.table);
  return db.prepare(`SELECT "${pk}" FROM "${w.table}" WHERE "${w.markerColumns[0]}" = ?`).pluck().all(marker) as number[];
}

/** How many rows of `w.table` carry a marker with this prefix. */
export function markedRowCount(db: Database.Database, w: MarkedAdd, prefix: string): number {
  return db.prepare(`SELECT count(*) FROM "${w.table}" WHERE "${w.markerColumns[0]}" LIKE ? ESCAPE '\\'`).pluck().get(`${prefix.replace(/[%_\\]/g, "\\$&")}%`) as number;
}
