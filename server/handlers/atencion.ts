// Attendance reads that are not plain table filters: a patient's attendances (id from the query string),
// the charges pending billing, and the combined patient + attendance search.
import { Mensajes, campoObligatorio } from "./messages.js";
import { SEARCH_CAP, textSearch, type Condition, type Row, type Tables } from "./engine.js";
import { toDto } from "./dto.js";
import { R, V } from "./resources.js";
import { define, ok, warning, type AnyDefinition, type Schemas } from "./types.js";
import { NET_MIN_DATE, toNetDate } from "../db/values.js";

/** IGV (Peruvian VAT) applied to billable services; seeded service prices exclude it. */
export const IGV = 0.18;

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

/** An integer from a query-string value (fastify may hand it over as a string). */
export function queryInt(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const label = (table: string, col: string, key: string, fk: string) => `(SELECT x.${col} FROM ${table} x WHERE x.${key} = ${fk})`;

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

/** Patient columns and labels of ADM_PACIENTEATENCIONResDTO (alias p), then the attendance's (alias a). */
const PACIENTE_ATENCION_SQL = `
SELECT p.id_paciente, p.n_historia_clinica, p.t_apellido_paterno, p.t_apellido_materno, p.t_nombres, p.t_paciente,
       p.d_fecha_nacimiento, p.id_genero, ${label("ADM_GENERO", "t_descripcion", "id_genero", "p.id_genero")} AS Genero,
       p.id_estado_civil, ${label("ADM_ESTADO_CIVIL", "t_descripcion", "id_estado_civil", "p.id_estado_civil")} AS EstadoCivil,
       p.id_documento_identidad, p.c_documento_identidad, p.id_grupo_sanguineo, p.id_ocupacion,
       coalesce(p.t_ocupacion, ${label("ADM_OCUPACION", "t_descripcion", "id_ocupacion", "p.id_ocupacion")}) AS t_ocupacion,
       p.t_email_paciente, p.c_p_fono_casa, p.c_p_fono_personal, p.c_p_fono_corporativo,
       p.id_ubigeo_nacimiento, ${label("ADM_UBIGEO", "t_distrito", "id_ubigeo", "p.id_ubigeo_nacimiento")} AS UbigeoNacimiento,
       p.id_ubigeo_domicilio, ${label("ADM_UBIGEO", "t_distrito", "id_ubigeo", "p.id_ubigeo_domicilio")} AS UbigeoDomicilio,
       p.t_referencia, p.t_direccion, p.t_responsable, p.t_email_responsable, p.c_r_fono_casa, p.c_r_fono_personal,
       p.f_estado, CASE p.f_estado WHEN 1 THEN 'A' ELSE 'I' END AS estado,
       a.id_atencion, a.id_tipo_paciente, a.id_tipo_atencion, a.d_fecha_registro, a.c_hora_registro, a.n_paciente_derivado,
       a.id_plan_seguro, ${label("CVN_PLAN_SEGURO", "t_descripcion", "id_plan_seguro", "a.id_plan_seguro")} AS plan_seguro,
       a.id_categoria_pago, ${label("CVN_CATEGORIA_PAGO", "t_descripcion", "id_categoria_pago", "a.id_categoria_pago")} AS categoria_pago,
       a.c_codigo_asegurado, a.c_contrato,
       a.id_beneficio, ${label("CVN_BENEFICIO", "c_codigo", "id_beneficio", "a.id_beneficio")} AS codigo_beneficio,
       ${label("CVN_BENEFICIO", "t_descripcion", "id_beneficio", "a.id_beneficio")} AS beneficio,
       a.id_documento_prestacion1,
       ${label("ADM_DOCUMENTO_PRESTACION", "t_descripcion", "id_documento_prestacion", "a.id_documento_prestacion1")} AS documento_prestacion,
       a.c_documento_prestacion1, a.d_fecha_autorizacion1, a.id_documento_prestacion2, a.c_documento_prestacion2,
       a.d_fecha_autorizacion2, a.id_tipo_filiacion, a.t_nombre_titular, a.id_tipo_afiliacion,
       ${label("ADM_TIPO_FILIACION", "t_descripcion", "id_tipo_filiacion", "a.id_tipo_filiacion")} AS tipo_filiacion,
       a.id_moneda, a.n_copago_fijo, a.n_copago_variable, a.n_copago_variable_far, a.id_producto_plan, a.n_limite_cobertura,
       a.id_tipo_diagnostico, ${label("ADM_TIPO_CIE10", "t_descripcion", "id_tipo_cie10", "a.id_tipo_diagnostico")} AS tipo_diagnostico,
       a.id_diagnostico, ${label("ADM_CIE10", "c_codigo", "id_cie10", "a.id_diagnostico")} AS codigo_diagnostico,
       ${label("ADM_CIE10", "t_descripcion", "id_cie10", "a.id_diagnostico")} AS diagnostico,
       a.c_numero_placa, a.n_deja_denuncia, a.n_deja_carta, a.t_observacion_accidente,
       a.id_profesional, ${label("ADM_PROFESIONAL", "t_medico", "id_profesional", "a.id_profesional")} AS profesional,
       ${label("ADM_PROFESIONAL", "c_numero_documento", "id_profesional", "a.id_profesional")} AS c_numero_documento_profesional,
       (SELECT x.id_especialidad FROM ADM_PROFESIONAL x WHERE x.id_profesional = a.id_profesional) AS id_especialidad,
       (SELECT e.t_descripcion FROM ADM_PROFESIONAL x JOIN ADM_ESPECIALIDAD e ON e.id_especialidad = x.id_especialidad
         WHERE x.id_profesional = a.id_profesional) AS especialidad,
       a.id_hospitalizacion, a.t_observacion_general, a.d_fecha_cierre, a.c_hora_cierre, a.id_tipo_facturacion
  FROM ADM_PACIENTE p
  LEFT JOIN ADM_ATENCION a ON a.id_paciente = p.id_paciente AND a.f_estado = 1`;

/** A date typed by a user: 2021-09-06, 2021-09-06T..., or 06/09/2021. */
function dayOf(value: string): string | null {
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}`;
  const iso = toNetDate(value);
  return iso && iso !== NET_MIN_DATE ? iso.slice(0, 10) : null;
}

/**
 * GetAllPacienteAtencionFilters: `tipo_dato` says what `t_dato` is (the backend's SP defines F/P/H/C; the
 * reference server reads them as follows, case-insensitively):
 * - H (or HC): clinical-record number, exact;
 * - C, D or DNI: identity document number, exact;
 * - P (or N): patient name, every word must appear (accent/case-insensitive);
 * - F: attendance registration date (YYYY-MM-DD or DD/MM/YYYY).
 */
function pacienteAtencionCondition(tipo: string, dato: string): Condition | string {
  switch (tipo.trim().toUpperCase()) {
    case "H":
    case "HC": {
      const n = Number(dato.trim());
      return Number.isSafeInteger(n) ? { sql: "p.n_historia_clinica = ?", params: [n] } : "El campo t_dato debe ser un número de historia clínica.";
    }
    case "C":
    case "D":
    case "DNI":
      return { sql: "trim(p.c_documento_identidad) = ?", params: [dato.trim()] };
    case "P":
    case "N":
      return (
        textSearch(["p.t_paciente", "p.t_apellido_paterno", "p.t_apellido_materno", "p.t_nombres"], dato) ??
        campoObligatorio("t_dato")
      );
    case "F": {
      const day = dayOf(dato);
      return day ? { sql: "substr(a.d_fecha_registro, 1, 10) = ?", params: [day] } : "El campo t_dato debe ser una fecha (AAAA-MM-DD).";
    }
    default:
      return `El campo tipo_dato no es válido: use H (historia clínica), C/DNI (documento), P (paciente) o F (fecha).`;
  }
}

export function atencionDefinitions(tables: Tables): AnyDefinition[] {
  const db = tables.db;
  const pending = db.prepare(PENDING_SQL);
  const atenciones = tables.get(R.atencion);

  return [
    define("ADM_ATENCION_GetAllPaciente", ({ query }) => {
      const id = queryInt(query.idPaciente);
      if (id === null) return ok([]);
      const rows: Schemas["ADM_ATENCIONDTO_Full"][] = atenciones.select(
        V.atencion,
        [{ sql: "t.id_paciente = ?", params: [id] }, atenciones.activeCondition()],
        { limit: SEARCH_CAP, orderBy: "t.d_fecha_registro DESC, t.id_atencion DESC" },
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

    define("ADM_PACIENTE_GetAllPacienteAtencionFilters", ({ body }) => {
      const dato = typeof body.t_dato === "string" ? body.t_dato : "";
      const tipo = typeof body.tipo_dato === "string" ? body.tipo_dato : "";
      if (dato.trim() === "") return warning(campoObligatorio("t_dato"));
      if (tipo.trim() === "") return warning(campoObligatorio("tipo_dato"));
      const cond = pacienteAtencionCondition(tipo, dato);
      if (typeof cond === "string") return warning(cond);
      const sql = `${PACIENTE_ATENCION_SQL} WHERE p.f_estado = 1 AND (${cond.sql})
        ORDER BY p.t_apellido_paterno, p.t_apellido_materno, p.t_nombres, p.id_paciente, a.d_fecha_registro DESC
        LIMIT ${SEARCH_CAP}`;
      const rows = (atenciones.stmt(sql).all(...cond.params) as Row[]).map((r) =>
        toDto("ADM_PACIENTEATENCIONResDTO_Full", r),
      );
      return ok(rows, rows.length === 0 ? Mensajes.SinDatosEnviados : null);
    }),
  ];
}
