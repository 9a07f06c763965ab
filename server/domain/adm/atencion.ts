// ADM_ATENCION: patient attendances (CRUD with the internal numbering of Add), a patient's attendances (id from
// the query string) and the charges pending billing.
import { NET_MIN_DATE, nowNet } from "../../db/values.js";
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition, type Schemas } from "../kernel/definition.js";
import { toDto } from "../kernel/dto.js";
import { ok } from "../kernel/envelope.js";
import { Mensajes } from "../kernel/messages.js";
import { round2 } from "../kernel/money.js";
import { text } from "../kernel/required-fields.js";
import { queryInt } from "../kernel/table-actions.js";
import { ESTADO_AI, F_ESTADO, SEARCH_CAP, intOr0, lookup, view, type Row, type Tables } from "../kernel/table.js";
import { pacienteTable } from "./paciente.js";

/** IGV (Peruvian VAT) applied to billable services; seeded service prices exclude it. */
export const IGV = 0.18;

export const atencionTable = { table: "ADM_ATENCION", id: "id_atencion", active: F_ESTADO, requestSchema: "ADM_ATENCIONDTO" } as const;

const planContact = (planFk: string, col: "id_contacto_garante" | "id_contacto_contratante") =>
  `(SELECT c.t_razon_social FROM CVN_PLAN_SEGURO p JOIN CON_CONTACTO c ON c.id_contacto = p.${col} WHERE p.id_plan_seguro = ${planFk})`;

export const atencionView = view("ADM_ATENCIONDTO_Full", {
  tipo_paciente: lookup("ADM_TIPO_PACIENTE", "t_descripcion", "id_tipo_paciente", "t.id_tipo_paciente"),
  tipo_atencion: lookup("ADM_TIPO_ATENCION", "t_descripcion", "id_tipo_atencion", "t.id_tipo_atencion"),
  garante: planContact("t.id_plan_seguro", "id_contacto_garante"),
  contratante: planContact("t.id_plan_seguro", "id_contacto_contratante"),
  estado: ESTADO_AI,
});

export const atencionResumenView = view("ADM_ATENCION_ResponseGetAllActivesDTO_Full", {
  HClinica: "(SELECT CAST(x.n_historia_clinica AS TEXT) FROM ADM_PACIENTE x WHERE x.id_paciente = t.id_paciente)",
  Paciente: lookup("ADM_PACIENTE", "t_paciente", "id_paciente", "t.id_paciente"),
  Garante: planContact("t.id_plan_seguro", "id_contacto_garante"),
  Prestacion: lookup("ADM_DOCUMENTO_PRESTACION", "t_descripcion", "id_documento_prestacion", "t.id_documento_prestacion1"),
  TAtencion: lookup("ADM_TIPO_ATENCION", "t_descripcion", "id_tipo_atencion", "t.id_tipo_atencion"),
  TPaciente: lookup("ADM_TIPO_PACIENTE", "t_descripcion", "id_tipo_paciente", "t.id_tipo_paciente"),
  Estado: `coalesce((SELECT x.estado FROM TIPO_ESTADO x WHERE x.tabla = 'ADM_ATENCION' AND x.id_estado = t.f_estado), ${ESTADO_AI})`,
  FEstado: "CAST(t.f_estado AS TEXT)",
});

const ATENCION_COLUMNS = [
  "id_paciente",
  "id_tipo_paciente",
  "id_tipo_atencion",
  "d_fecha_ingreso",
  "c_hora_ingreso",
  "d_fecha_registro",
  "c_hora_registro",
  "n_paciente_derivado",
  "id_plan_seguro",
  "id_categoria_pago",
  "c_codigo_asegurado",
  "c_contrato",
  "id_beneficio",
  "id_atencion_autoriza",
  "id_medico",
  "id_documento_prestacion1",
  "c_documento_prestacion1",
  "d_fecha_autorizacion1",
  "id_documento_prestacion2",
  "c_documento_prestacion2",
  "d_fecha_autorizacion2",
  "id_tipo_filiacion",
  "t_nombre_titular",
  "id_tipo_afiliacion",
  "id_moneda",
  "n_copago_fijo",
  "n_copago_variable",
  "n_copago_variable_far",
  "id_producto_plan",
  "n_limite_cobertura",
  "id_tipo_diagnostico",
  "id_diagnostico",
  "c_numero_placa",
  "n_deja_denuncia",
  "n_deja_carta",
  "t_observacion_accidente",
  "id_profesional",
  "id_hospitalizacion",
  "t_observacion_general",
  "id_tipo_egreso",
  "d_fecha_egreso",
  "c_hora_egreso",
  "d_fecha_cierre",
  "c_hora_cierre",
  "id_tipo_facturacion",
  "n_a_no_gravado",
  "n_a_gravado",
  "n_a_impuesto",
  "n_a_total",
  "n_p_no_gravado",
  "n_p_gravado",
  "n_p_impuesto",
  "n_p_total",
  "n_g_no_gravado",
  "n_g_gravado",
  "n_g_impuesto",
  "n_g_total",
  "f_estado",
  "d_fecha_hospitalizacion",
  "c_hora_hospitalizacion",
  "id_habitacion",
] as const;

/**
 * One row per charge (ADM_ATENCION_CARGO) of an open attendance (no d_fecha_cierre) that no payment voucher
 * has billed yet. The price is the charge's own, else the tariff's price for the attendance's payment
 * category; IGV is added on top. The suggested payment document is a factura (SUNAT 01) for a buyer identified
 * by RUC and a boleta (03) otherwise. c_tipo_pendiente and c_tipo_facturacion are accepted and not used;
 * c_idioma EN selects the English tariff description. Charges come from ADM_ATENCION_CARGO (seed file
 * ADM_ATENCION_CARGO.json when present); an open attendance without charges has nothing pending.
 */
const PENDING_SQL = `
SELECT a.id_atencion, a.id_moneda, a.n_copago_fijo, a.id_tipo_atencion, a.d_fecha_registro,
       (SELECT dp.id_documento_pago FROM FAC_DOCUMENTO_PAGO dp
         WHERE dp.c_codigo = CASE (SELECT di.c_codigo FROM ADM_DOCUMENTO_IDENTIDAD di
                                    WHERE di.id_documento_identidad = p.id_documento_identidad)
                             WHEN '6' THEN '01' ELSE '03' END AND dp.f_estado = 1) AS id_documento_pago,
       p.id_documento_identidad, p.c_documento_identidad, p.t_paciente, p.t_direccion, p.n_historia_clinica,
       c.id_tarifario_segus, ts.c_codigo AS c_codigo_segus, ts.t_descripcion_esp, ts.t_descripcion_eng,
       ts.id_clasificacion_segus, cs.t_descripcion AS t_clasificacion_segus,
       c.id_profesional, c.n_cantidad, c.n_descuento, c.n_anticipo,
       coalesce(nullif(c.n_precio, 0),
                (SELECT pp.n_precio_sol FROM CVN_CATEGORIA_PAGO_PRECIO pp
                  WHERE pp.id_tarifario_segus = c.id_tarifario_segus AND pp.id_categoria_pago = a.id_categoria_pago
                    AND pp.f_estado = 1 ORDER BY pp.id_categoria_pago_precio DESC LIMIT 1),
                0) AS n_precio
  FROM ADM_ATENCION_CARGO c
  JOIN ADM_ATENCION a ON a.id_atencion = c.id_atencion
  JOIN ADM_PACIENTE p ON p.id_paciente = a.id_paciente
  LEFT JOIN CVN_TARIFARIO_SEGUS ts ON ts.id_tarifario_segus = c.id_tarifario_segus
  LEFT JOIN CVN_CLASIFICACION_SEGUS cs ON cs.id_clasificacion_segus = ts.id_clasificacion_segus
 WHERE c.f_estado = 1 AND a.f_estado = 1 AND (? = 0 OR a.id_atencion = ?)
   AND a.d_fecha_cierre = '${NET_MIN_DATE}'
   AND NOT EXISTS (SELECT 1 FROM FAC_COMPROBANTE_DET d JOIN FAC_COMPROBANTE f ON f.id_comprobante = d.id_comprobante
                    WHERE f.id_atencion = a.id_atencion AND f.f_estado = 1 AND d.id_tarifario_segus = c.id_tarifario_segus)
 ORDER BY a.id_atencion, c.id_atencion_cargo
 LIMIT ${SEARCH_CAP}`;

export function atencionDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: atencionTable, view: atencionView, columns: ATENCION_COLUMNS });
  const atenciones = tables.get(atencionTable);
  const pending = tables.db.prepare(PENDING_SQL);
  const pacienteExists = (id: unknown) => {
    const n = intOr0(id);
    return n > 0 && tables.get(pacienteTable).isActive(n);
  };
  const newestFirst = "t.d_fecha_registro DESC, t.id_atencion DESC";

  return [
    define(
      "ADM_ATENCION_GetAllFilters",
      crud.filter({
        fields: [{ int: "id_paciente" }, { from: "d_fecha_registro_1", to: "d_fecha_registro_2", column: "d_fecha_registro" }],
        orderBy: newestFirst,
      }),
    ),
    define(
      "ADM_ATENCION_GetAtencionAllFilters",
      crudController(tables, { table: atencionTable, view: atencionResumenView }).filter({ fields: [{ int: "id_paciente" }], orderBy: newestFirst }),
    ),
    define("ADM_ATENCION_GetById", crud.getById("IdAtencion")),
    define(
      "ADM_ATENCION_Add",
      crud.addReturningId({
        // Stands for the backend's stored-procedure message when the patient is unknown.
        validate: (v) => (pacienteExists(v.id_paciente) ? null : "El paciente indicado no existe o está inactivo."),
        prepare: (v) => {
          const now = nowNet();
          const out: Row = { ...v };
          if (!v.d_fecha_registro || v.d_fecha_registro === NET_MIN_DATE) out.d_fecha_registro = now;
          if (!text(v.c_hora_registro)) out.c_hora_registro = String(out.d_fecha_registro).slice(11, 16);
          // Internal number: yyMM of the registration + a 5-digit sequence within that month (210900001).
          const prefix = Number(String(out.d_fecha_registro).slice(2, 4) + String(out.d_fecha_registro).slice(5, 7));
          out.id_nro_interno = atenciones
            .stmt("SELECT coalesce(max(id_nro_interno), ? * 100000) + 1 FROM ADM_ATENCION WHERE id_nro_interno / 100000 = ?")
            .pluck()
            .get(prefix, prefix);
          return out;
        },
      }),
    ),
    define(
      "ADM_ATENCION_Update",
      crud.update({
        message: Mensajes.RegistroSatisfactorio,
        validate: (v) =>
          v.id_paciente === undefined || pacienteExists(v.id_paciente) ? null : "El paciente indicado no existe o está inactivo.",
      }),
    ),

    define("ADM_ATENCION_GetAllPaciente", ({ query }) => {
      const id = queryInt(query.idPaciente);
      if (id === null) return ok([]);
      const rows: Schemas["ADM_ATENCIONDTO_Full"][] = atenciones.select(
        atencionView,
        [{ sql: "t.id_paciente = ?", params: [id] }, atenciones.activeCondition()],
        { limit: SEARCH_CAP, orderBy: newestFirst },
      );
      return ok(rows);
    }),

    define("ADM_ATENCION_GetAtencionPendingAllFilters", ({ body }) => {
      const id = typeof body.id_atencion === "number" && Number.isSafeInteger(body.id_atencion) ? body.id_atencion : 0;
      const english = typeof body.c_idioma === "string" && /^(EN|ENG|I|INGLES|INGLÉS)$/i.test(body.c_idioma.trim());
      const rows = (pending.all(id, id) as Row[]).map((r) => {
        const precio = Number(r.n_precio) || 0;
        const cantidad = Number(r.n_cantidad) || 0;
        const subtotal = round2(precio * cantidad);
        const descuento = round2(Number(r.n_descuento) || 0);
        const total = round2(subtotal - descuento);
        const impuesto = round2(total * IGV);
        return toDto("ADM_ATENCION_PendingResponseDTO_Full", {
          ...r,
          t_adquiriente: r.t_paciente,
          t_descripcion_segus: (english && r.t_descripcion_eng) || r.t_descripcion_esp,
          n_precio: precio,
          n_cantidad: cantidad,
          n_subtotal: subtotal,
          n_descuento: descuento,
          n_total: total,
          n_gravado: total,
          n_no_grabado: 0,
          n_impuesto: impuesto,
          total: round2(total + impuesto),
        });
      });
      return ok(rows);
    }),
  ];
}
