// Prices and billing: CVN_TARIFARIO_SEGUS/GetPrice and FAC_DOCUMENTO_PAGO/addComprobante.
import { Mensajes, campoObligatorio } from "./messages.js";
import { SEARCH_CAP, intOr0, textSearch, type Row, type Tables } from "./engine.js";
import { toColumn, toDto } from "./dto.js";
import { define, ok, warning, type AnyDefinition } from "./types.js";
import { nowNet } from "../db/values.js";
import { round2 } from "./atencion.js";
import { R } from "./resources.js";

/** SEGUS classifications priced with the category's service factor (consultations, emergency, hospital
 *  visits); every other classification uses the procedure factor. */
const SERVICE_CLASSIFICATIONS = new Set([1, 2, 3]);

const PRICE_SQL = (where: string) => `
SELECT t.id_tarifario_segus, t.c_codigo, t.t_descripcion_esp, t.t_descripcion_eng, t.t_observacion, t.n_unidad,
       t.id_clasificacion_segus, cs.t_descripcion AS t_clasificacion_segus,
       CASE t.f_estado WHEN 1 THEN 'A' ELSE 'I' END AS estado,
       (SELECT pp.n_precio_sol FROM CVN_CATEGORIA_PAGO_PRECIO pp
         WHERE pp.id_tarifario_segus = t.id_tarifario_segus AND pp.id_categoria_pago = ? AND pp.f_estado = 1
         ORDER BY pp.id_categoria_pago_precio DESC LIMIT 1) AS precio_lista
  FROM CVN_TARIFARIO_SEGUS t
  LEFT JOIN CVN_CLASIFICACION_SEGUS cs ON cs.id_clasificacion_segus = t.id_clasificacion_segus
 WHERE t.f_estado = 1${where}
 ORDER BY t.c_codigo, t.id_tarifario_segus
 LIMIT ${SEARCH_CAP}`;

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

export function facturacionDefinitions(tables: Tables): AnyDefinition[] {
  const db = tables.db;
  const categoria = db.prepare(
    "SELECT n_factor_servicio, n_factor_procedimiento FROM CVN_CATEGORIA_PAGO WHERE id_categoria_pago = ? AND f_estado = 1",
  );
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
     * GetPrice: active tariff items matching `valor` (code, SUSALUD code or description; empty = all, at most
     * SEARCH_CAP), priced for the payment category: its price-list row when there is one, otherwise the tariff's
     * units times the category's service or procedure factor. c_idioma EN answers the English description.
     */
    define("CVN_TARIFARIO_SEGUS_GetPrice", ({ body }) => {
      const idCategoria = intOr0(body.id_categoria_pago);
      if (idCategoria <= 0) return warning(campoObligatorio("id_categoria_pago"));
      const factors = categoria.get(idCategoria) as { n_factor_servicio: number; n_factor_procedimiento: number } | undefined;
      if (!factors) return warning("La categoría de pago indicada (id_categoria_pago) no existe o está inactiva.");
      const search = textSearch(["t.c_codigo", "t.c_codigo_susalud", "t.t_descripcion_esp", "t.t_descripcion_eng"], body.valor);
      const sql = PRICE_SQL(search ? ` AND (${search.sql})` : "");
      const english = typeof body.c_idioma === "string" && /^(EN|ENG|I|INGLES|INGLÉS)$/i.test(body.c_idioma.trim());
      const found = tables.get(R.tarifario).stmt(sql).all(idCategoria, ...(search?.params ?? [])) as Row[];
      const rows = found.map((r) => {
        const factor = SERVICE_CLASSIFICATIONS.has(Number(r.id_clasificacion_segus))
          ? factors.n_factor_servicio
          : factors.n_factor_procedimiento;
        const precio = typeof r.precio_lista === "number" ? r.precio_lista : round2((Number(r.n_unidad) || 0) * factor);
        return toDto("CVN_TARIFARIO_SEGUS_PRICEDTO_Full", {
          ...r,
          t_descripcion: (english && r.t_descripcion_eng) || r.t_descripcion_esp,
          Precio: precio,
          cantidad: 1,
        });
      });
      return ok(rows);
    }),

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
