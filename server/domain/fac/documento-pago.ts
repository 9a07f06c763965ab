// FAC_DOCUMENTO_PAGO/addComprobante: a payment voucher (header and detail lines) for an attendance.
import { nowNet } from "../../db/values.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { toColumn } from "../kernel/dto.js";
import { ok, warning } from "../kernel/envelope.js";
import { Mensajes, campoObligatorio } from "../kernel/messages.js";
import { intOr0, type Row, type Tables } from "../kernel/table.js";

const HEADER_COLUMNS = [
  "id_documento_pago",
  "id_atencion",
  "id_tipo_documento",
  "c_numero_de_documento",
  "t_direccion",
  "t_paciente",
  "d_fecha_emis",
  "id_condicion_pago",
  "id_moneda",
  "n_porcen_igv",
  "n_porcen_descu",
  "n_total_bruto",
  "n_total_descuento",
  "n_total_anticipo",
  "n_total_gravada",
  "n_total_no_gravada",
  "n_total_icbper",
  "n_total_impuesto",
  "n_total_neto",
  "t_observacion",
  "id_user_registro",
] as const;

const DETAIL_COLUMNS = [
  "id_tarifario_segus",
  "t_tarifario_segus",
  "c_codigo_segus",
  "id_clasificacion_segus",
  "t_clasificacion_segus",
  "n_precio",
  "n_cantidad",
  "n_subtotal",
  "n_descuento",
  "n_total",
] as const;

export function documentoPagoDefinitions(tables: Tables): AnyDefinition[] {
  const db = tables.db;
  const atencionActiva = db.prepare("SELECT 1 FROM ADM_ATENCION WHERE id_atencion = ? AND f_estado = 1").pluck();
  const documentoPago = db.prepare("SELECT c_codigo FROM FAC_DOCUMENTO_PAGO WHERE id_documento_pago = ? AND f_estado = 1").pluck();
  const numeroUsado = db
    .prepare("SELECT 1 FROM FAC_COMPROBANTE WHERE id_documento_pago = ? AND trim(c_numero_de_documento) = ? AND f_estado = 1")
    .pluck();
  const insertHeader = db.prepare(
    `INSERT INTO FAC_COMPROBANTE (${HEADER_COLUMNS.join(", ")}, d_fecha_registro)
     VALUES (${HEADER_COLUMNS.map(() => "?").join(", ")}, ?)`,
  );
  const setNumber = db.prepare("UPDATE FAC_COMPROBANTE SET c_numero_de_documento = ? WHERE id_comprobante = ?");
  const insertDetail = db.prepare(
    `INSERT INTO FAC_COMPROBANTE_DET (id_comprobante, n_item, ${DETAIL_COLUMNS.join(", ")})
     VALUES (?, ?, ${DETAIL_COLUMNS.map(() => "?").join(", ")})`,
  );

  return [
    /**
     * addComprobante: the voucher header and its detail lines in one transaction. Checks: the attendance
     * exists and is not annulled, the payment document type exists, at least one detail line, and the
     * voucher number is not already used for that document type (El registro ya existe.). A voucher sent
     * without number gets `<document code>-<8-digit id>`.
     */
    define("FAC_DOCUMENTO_PAGO_addComprobante", ({ body }) => {
      const b = body as Row;
      if (atencionActiva.get(intOr0(b.id_atencion)) === undefined) {
        return warning("La atención indicada (id_atencion) no existe o está anulada.");
      }
      const docCode = documentoPago.get(intOr0(b.id_documento_pago)) as string | undefined;
      if (docCode === undefined) return warning("El documento de pago indicado (id_documento_pago) no existe.");
      const lines = Array.isArray(b.DetalleComprobante) ? (b.DetalleComprobante as unknown[]) : [];
      if (lines.length === 0) return warning(campoObligatorio("DetalleComprobante"));
      const numero = typeof b.c_numero_de_documento === "string" ? b.c_numero_de_documento.trim() : "";
      if (numero && numeroUsado.get(intOr0(b.id_documento_pago), numero) !== undefined) {
        return warning(Mensajes.YaExisteRegistro);
      }
      const header = HEADER_COLUMNS.map((c) => {
        if (c === "d_fecha_emis") return toColumn("date", b[c] ?? nowNet());
        if (c === "c_numero_de_documento") return numero || null;
        return b[c] ?? defaultFor(c);
      });
      const id = Number(insertHeader.run(...header, nowNet()).lastInsertRowid);
      if (!numero) setNumber.run(`${docCode}-${String(id).padStart(8, "0")}`, id);
      lines.forEach((raw, i) => {
        const line = (raw !== null && typeof raw === "object" ? raw : {}) as Row;
        insertDetail.run(id, i + 1, ...DETAIL_COLUMNS.map((c) => line[c] ?? defaultFor(c)));
      });
      return ok(null, Mensajes.RegistroSatisfactorio);
    }),
  ];
}

/** C# default of a comprobante column the request left out: text null, numbers 0. */
function defaultFor(column: string): string | number | null {
  return /^(c_|t_)/.test(column) ? null : 0;
}
