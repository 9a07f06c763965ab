// ADM_PACIENTE: patients (CRUD and the free-text patient search) and the combined patient + attendance search
// (GetAllPacienteAtencionFilters).
import { NET_MIN_DATE, toNetDate } from "../../db/values.js";
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { toDto } from "../kernel/dto.js";
import { ok, warning } from "../kernel/envelope.js";
import { Mensajes, campoObligatorio } from "../kernel/messages.js";
import { requireText, text } from "../kernel/required-fields.js";
import { textSearch, type Condition } from "../kernel/search.js";
import { F_ESTADO, SEARCH_CAP, intOr0, lookup, view, type Row, type Tables } from "../kernel/table.js";
import { PATIENT_SEARCH_COLUMNS, PATIENT_SEARCH_INDEX, PATIENT_SEARCH_TEXT_COLUMN } from "./paciente-search.js";

// The stored search text is never part of an answer.
export const pacienteTable = {
  table: "ADM_PACIENTE",
  id: "id_paciente",
  active: F_ESTADO,
  requestSchema: "ADM_PACIENTEDTO",
  hidden: [PATIENT_SEARCH_TEXT_COLUMN],
} as const;

const ubigeoLabel = (fk: string) =>
  `(SELECT x.t_departamento || ' / ' || x.t_provincia || ' / ' || x.t_distrito FROM ADM_UBIGEO x WHERE x.id_ubigeo = ${fk})`;
export const pacienteView = view("ADM_PACIENTEDTO_Full", {
  historia_clinica: "CAST(t.n_historia_clinica AS TEXT)",
  sexo: lookup("ADM_GENERO", "t_descripcion", "id_genero", "t.id_genero"),
  t_documento: lookup("ADM_DOCUMENTO_IDENTIDAD", "t_descripcion", "id_documento_identidad", "t.id_documento_identidad"),
  des_ubigeo_nacimiento: ubigeoLabel("t.id_ubigeo_nacimiento"),
  des_ubigeo_domicilio: ubigeoLabel("t.id_ubigeo_domicilio"),
  des_estadocivil: lookup("ADM_ESTADO_CIVIL", "t_descripcion", "id_estado_civil", "t.id_estado_civil"),
});

const PACIENTE_COLUMNS = [
  "n_historia_clinica",
  "t_apellido_paterno",
  "t_apellido_materno",
  "t_nombres",
  "t_paciente",
  "d_fecha_nacimiento",
  "id_genero",
  "id_estado_civil",
  "id_documento_identidad",
  "c_documento_identidad",
  "id_grupo_sanguineo",
  "id_ocupacion",
  "t_ocupacion",
  "t_email_paciente",
  "c_p_fono_casa",
  "c_p_fono_personal",
  "c_p_fono_corporativo",
  "id_ubigeo_nacimiento",
  "id_ubigeo_domicilio",
  "t_referencia",
  "t_direccion",
  "t_responsable",
  "t_email_responsable",
  "c_r_fono_casa",
  "c_r_fono_personal",
  "f_estado",
] as const;

/** Patient columns and labels of ADM_PACIENTEATENCIONResDTO (alias p), then the attendance's (alias a). */
const PACIENTE_ATENCION_SQL = `
SELECT p.id_paciente, p.n_historia_clinica, p.t_apellido_paterno, p.t_apellido_materno, p.t_nombres, p.t_paciente,
       p.d_fecha_nacimiento, p.id_genero, ${lookup("ADM_GENERO", "t_descripcion", "id_genero", "p.id_genero")} AS Genero,
       p.id_estado_civil, ${lookup("ADM_ESTADO_CIVIL", "t_descripcion", "id_estado_civil", "p.id_estado_civil")} AS EstadoCivil,
       p.id_documento_identidad, p.c_documento_identidad, p.id_grupo_sanguineo, p.id_ocupacion,
       coalesce(p.t_ocupacion, ${lookup("ADM_OCUPACION", "t_descripcion", "id_ocupacion", "p.id_ocupacion")}) AS t_ocupacion,
       p.t_email_paciente, p.c_p_fono_casa, p.c_p_fono_personal, p.c_p_fono_corporativo,
       p.id_ubigeo_nacimiento, ${lookup("ADM_UBIGEO", "t_distrito", "id_ubigeo", "p.id_ubigeo_nacimiento")} AS UbigeoNacimiento,
       p.id_ubigeo_domicilio, ${lookup("ADM_UBIGEO", "t_distrito", "id_ubigeo", "p.id_ubigeo_domicilio")} AS UbigeoDomicilio,
       p.t_referencia, p.t_direccion, p.t_responsable, p.t_email_responsable, p.c_r_fono_casa, p.c_r_fono_personal,
       p.f_estado, CASE p.f_estado WHEN 1 THEN 'A' ELSE 'I' END AS estado,
       a.id_atencion, a.id_tipo_paciente, a.id_tipo_atencion, a.d_fecha_registro, a.c_hora_registro, a.n_paciente_derivado,
       a.id_plan_seguro, ${lookup("CVN_PLAN_SEGURO", "t_descripcion", "id_plan_seguro", "a.id_plan_seguro")} AS plan_seguro,
       a.id_categoria_pago, ${lookup("CVN_CATEGORIA_PAGO", "t_descripcion", "id_categoria_pago", "a.id_categoria_pago")} AS categoria_pago,
       a.c_codigo_asegurado, a.c_contrato,
       a.id_beneficio, ${lookup("CVN_BENEFICIO", "c_codigo", "id_beneficio", "a.id_beneficio")} AS codigo_beneficio,
       ${lookup("CVN_BENEFICIO", "t_descripcion", "id_beneficio", "a.id_beneficio")} AS beneficio,
       a.id_documento_prestacion1,
       ${lookup("ADM_DOCUMENTO_PRESTACION", "t_descripcion", "id_documento_prestacion", "a.id_documento_prestacion1")} AS documento_prestacion,
       a.c_documento_prestacion1, a.d_fecha_autorizacion1, a.id_documento_prestacion2, a.c_documento_prestacion2,
       a.d_fecha_autorizacion2, a.id_tipo_filiacion, a.t_nombre_titular, a.id_tipo_afiliacion,
       ${lookup("ADM_TIPO_FILIACION", "t_descripcion", "id_tipo_filiacion", "a.id_tipo_filiacion")} AS tipo_filiacion,
       a.id_moneda, a.n_copago_fijo, a.n_copago_variable, a.n_copago_variable_far, a.id_producto_plan, a.n_limite_cobertura,
       a.id_tipo_diagnostico, ${lookup("ADM_TIPO_CIE10", "t_descripcion", "id_tipo_cie10", "a.id_tipo_diagnostico")} AS tipo_diagnostico,
       a.id_diagnostico, ${lookup("ADM_CIE10", "c_codigo", "id_cie10", "a.id_diagnostico")} AS codigo_diagnostico,
       ${lookup("ADM_CIE10", "t_descripcion", "id_cie10", "a.id_diagnostico")} AS diagnostico,
       a.c_numero_placa, a.n_deja_denuncia, a.n_deja_carta, a.t_observacion_accidente,
       a.id_profesional, ${lookup("ADM_PROFESIONAL", "t_medico", "id_profesional", "a.id_profesional")} AS profesional,
       ${lookup("ADM_PROFESIONAL", "c_numero_documento", "id_profesional", "a.id_profesional")} AS c_numero_documento_profesional,
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

export function pacienteDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: pacienteTable, view: pacienteView, columns: PACIENTE_COLUMNS });
  const pacientes = tables.get(pacienteTable);
  return [
    define(
      "ADM_PACIENTE_GetAllFilters",
      crud.filter({
        fields: [
          {
            text: "valorRequest",
            // Their normalized text is stored in t_busqueda and indexed in the ORDER BY's order (migration 3),
            // and the trigram table (migration 2) holds it too.
            columns: PATIENT_SEARCH_COLUMNS.map((c) => c.replace(/^(CAST\()?/, "$1t.")),
            stored: {
              column: `t.${PATIENT_SEARCH_TEXT_COLUMN}`,
              trigrams: { table: PATIENT_SEARCH_INDEX, key: "t.id_paciente" },
            },
          },
        ],
        orderBy: "t.t_apellido_paterno, t.t_apellido_materno, t.t_nombres, t.id_paciente",
      }),
    ),
    define("ADM_PACIENTE_GetById", crud.getById()),
    define(
      "ADM_PACIENTE_Add",
      crud.add({
        duplicate: ["n_historia_clinica"],
        validate: (v, b) => requireText(v, b, "t_apellido_paterno", "t_nombres"),
        prepare: (v) => {
          const out: Row = { ...v, t_paciente: v.t_paciente || fullName(v) };
          // A new patient without a clinical-record number gets the next one.
          if (!intOr0(v.n_historia_clinica)) {
            out.n_historia_clinica = pacientes.stmt("SELECT coalesce(max(n_historia_clinica), 0) + 1 FROM ADM_PACIENTE").pluck().get();
          }
          return out;
        },
      }),
    ),
    define("ADM_PACIENTE_Update", crud.update()),
    define("ADM_PACIENTE_Delete", crud.delete()),

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
      const rows = (pacientes.stmt(sql).all(...cond.params) as Row[]).map((r) => toDto("ADM_PACIENTEATENCIONResDTO_Full", r));
      return ok(rows, rows.length === 0 ? Mensajes.SinDatosEnviados : null);
    }),
  ];
}

/** `Paterno Materno, Nombres` (the form t_paciente has in the seed data). */
export function fullName(v: Row): string {
  const surnames = [text(v.t_apellido_paterno), text(v.t_apellido_materno)].filter(Boolean).join(" ");
  const names = text(v.t_nombres);
  return surnames && names ? `${surnames}, ${names}` : surnames || names;
}

