// The CRUD controllers, one block per resource: which request fields each action reads (the backend's
// paramsUsed), the field its filter really uses and what that searches, duplicate keys, ids in Data, messages.
import { Mensajes, campoObligatorio } from "./messages.js";
import { intOr0, type Row, type Tables } from "./engine.js";
import { addRow, addRowReturningId, deleteRow, filterRows, getById, listActives, updateRow } from "./ops.js";
import { PLAN_CONTRATANTE, PLAN_GARANTE, R, V } from "./resources.js";
import { define, type AnyDefinition } from "./types.js";
import { nowNet } from "../db/values.js";
import { PATIENT_SEARCH_COLUMNS, PATIENT_SEARCH_INDEX, PATIENT_SEARCH_TEXT_COLUMN } from "../domain/adm/paciente-search.js";

const OCUPACION_COLUMNS = ["c_codigo", "t_descripcion", "t_observacion", "f_estado"] as const;

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

const CONTACTO_COLUMNS = [
  "id_tipo_contacto",
  "c_codigo",
  "c_codigo_sunat",
  "t_apellidos",
  "t_nombres",
  "t_razon_social",
  "t_razon_comercial",
  "t_observacion",
  "t_direccion",
  "t_contacto",
  "t_actividad_economica",
  "c_telefono1",
  "c_telefono2",
  "t_email_ffee",
  "n_dias_credito",
  "n_flag_garante",
  "n_flag_contratante",
  "n_flag_proveedor",
  "n_flag_habido",
  "f_estado",
] as const;

const CATEGORIA_COLUMNS = [
  "c_codigo",
  "t_descripcion",
  "t_observacion",
  "d_fecha_i_vigencia",
  "d_fecha_f_vigencia",
  "n_factor_servicio",
  "n_factor_procedimiento",
  "n_dscto_farmacia",
  "f_estado",
] as const;

const PLAN_COLUMNS = [
  "id_contacto_garante",
  "id_contacto_contratante",
  "id_categoria_pago",
  "c_codigo",
  "t_descripcion",
  "t_observacion",
  "c_codigo_iafa",
  "d_fecha_i_vigencia",
  "d_fecha_f_vigencia",
  "c_contrato",
  "c_certificado",
  "id_producto_plan",
  "f_estado",
] as const;

const PLAN_DETALLE_COLUMNS = [
  "id_plan_seguro",
  "id_beneficio",
  "id_moneda",
  "n_copago_fijo",
  "n_copago_variable",
  "n_copago_variable_farmacia",
  "f_estado",
] as const;

const TARIFARIO_COLUMNS = [
  "c_codigo",
  "c_codigo_susalud",
  "t_descripcion_esp",
  "t_descripcion_eng",
  "t_observacion",
  "id_clasificacion_segus",
  "id_clasificacion_susalud",
  "id_clasificacion_susalud_od",
  "id_centro_costo",
  "id_cuenta_contable",
  "id_tipo_precio",
  "n_unidad",
  "n_ayudante",
  "n_instrumentista",
  "n_dias",
  "n_porcentaje",
  "f_estado",
] as const;

const PRODUCTO_COLUMNS = [
  "t_codigo",
  "t_descripcion",
  "t_presentacion",
  "t_rutaimagen",
  "id_tipo_producto",
  "id_clase",
  "id_generico",
  "id_familia",
  "id_tipificacion",
  "c_gtin",
  "c_unspsc",
  "n_stockmin",
  "n_stockmax",
  "n_pcosto",
  "n_pvf",
  "n_utilidad",
  "n_pvs",
  "n_plista",
  "f_inafecto",
  "id_consignacion",
  "id_laboratorio",
  "id_proveedor",
  "n_dscto_1",
  "n_dscto_2",
  "f_estado",
  "n_valorizado",
  "id_user_registro",
  "d_fecha_registro",
] as const;

export const ATENCION_COLUMNS = [
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

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/** A warning when a required text field is missing or blank. */
function requireText(values: Row, body: Row, ...fields: string[]): string | null {
  for (const f of fields) if (text(values[f] ?? body[f]) === "") return campoObligatorio(f);
  return null;
}

export function crudDefinitions(tables: Tables): AnyDefinition[] {
  const exists = (res: (typeof R)[keyof typeof R]) => (id: unknown) => {
    const n = intOr0(id);
    return n > 0 && tables.get(res).isActive(n);
  };
  const pacienteExists = exists(R.paciente);
  const planExists = exists(R.planSeguro);
  const tarifarioExists = exists(R.tarifario);
  const categoriaExists = exists(R.categoriaPago);

  return [
    // ---------------------------------------------------------------- ADM_OCUPACION
    define("ADM_OCUPACION_GetAllActives", listActives(tables, { res: R.ocupacion, view: V.ocupacion })),
    define(
      "ADM_OCUPACION_GetAllFilters",
      filterRows(tables, {
        res: R.ocupacion,
        view: V.ocupacion,
        fields: [
          { int: "id_ocupacion" },
          { text: "c_codigo", columns: ["t.c_codigo"] },
          { text: "t_descripcion", columns: ["t.t_descripcion"] },
        ],
        state: { field: "f_estado", kind: "int" },
      }),
    ),
    define("ADM_OCUPACION_GetById", getById(tables, { res: R.ocupacion, view: V.ocupacion, idField: "id_ocupacion" })),
    define(
      "ADM_OCUPACION_Add",
      addRow(tables, {
        res: R.ocupacion,
        columns: OCUPACION_COLUMNS,
        duplicate: ["c_codigo", "t_descripcion"],
        validate: (v, b) => requireText(v, b, "t_descripcion"),
      }),
    ),
    define(
      "ADM_OCUPACION_Update",
      updateRow(tables, {
        res: R.ocupacion,
        idField: "id_ocupacion",
        columns: OCUPACION_COLUMNS,
      }),
    ),
    define("ADM_OCUPACION_Delete", deleteRow(tables, { res: R.ocupacion, idField: "id_ocupacion" })),

    // ---------------------------------------------------------------- ADM_PACIENTE
    define(
      "ADM_PACIENTE_GetAllFilters",
      filterRows(tables, {
        res: R.paciente,
        view: V.paciente,
        fields: [
          {
            text: "valorRequest",
            // PATIENT_SEARCH_COLUMNS (migration 2). Their normalized text is stored in t_busqueda and indexed in
            // the ORDER BY's order (migration 3), and the trigram table (migration 2) holds it too.
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
    define("ADM_PACIENTE_GetById", getById(tables, { res: R.paciente, view: V.paciente, idField: "id_paciente" })),
    define(
      "ADM_PACIENTE_Add",
      addRow(tables, {
        res: R.paciente,
        columns: PACIENTE_COLUMNS,
        duplicate: ["n_historia_clinica"],
        validate: (v, b) => requireText(v, b, "t_apellido_paterno", "t_nombres"),
        prepare: (v) => {
          const out: Row = { ...v, t_paciente: v.t_paciente || fullName(v) };
          // A new patient without a clinical-record number gets the next one.
          if (!intOr0(v.n_historia_clinica)) {
            out.n_historia_clinica = tables
              .get(R.paciente)
              .stmt("SELECT coalesce(max(n_historia_clinica), 0) + 1 FROM ADM_PACIENTE")
              .pluck()
              .get();
          }
          return out;
        },
      }),
    ),
    define(
      "ADM_PACIENTE_Update",
      updateRow(tables, {
        res: R.paciente,
        idField: "id_paciente",
        columns: PACIENTE_COLUMNS,
      }),
    ),
    define("ADM_PACIENTE_Delete", deleteRow(tables, { res: R.paciente, idField: "id_paciente" })),

    // ---------------------------------------------------------------- ADM_ATENCION (special reads elsewhere)
    define(
      "ADM_ATENCION_GetAllFilters",
      filterRows(tables, {
        res: R.atencion,
        view: V.atencion,
        fields: [{ int: "id_paciente" }, { from: "d_fecha_registro_1", to: "d_fecha_registro_2", column: "d_fecha_registro" }],
        orderBy: "t.d_fecha_registro DESC, t.id_atencion DESC",
      }),
    ),
    define(
      "ADM_ATENCION_GetAtencionAllFilters",
      filterRows(tables, {
        res: R.atencion,
        view: V.atencionResumen,
        fields: [{ int: "id_paciente" }],
        orderBy: "t.d_fecha_registro DESC, t.id_atencion DESC",
      }),
    ),
    define("ADM_ATENCION_GetById", getById(tables, { res: R.atencion, view: V.atencion, idField: "IdAtencion" })),
    define(
      "ADM_ATENCION_Add",
      addRowReturningId(tables, {
        res: R.atencion,
        columns: ATENCION_COLUMNS,
        // Stands for the backend's stored-procedure message when the patient is unknown.
        validate: (v) => (pacienteExists(v.id_paciente) ? null : "El paciente indicado no existe o está inactivo."),
        prepare: (v) => {
          const now = nowNet();
          const out: Row = { ...v };
          if (!v.d_fecha_registro || v.d_fecha_registro === "0001-01-01T00:00:00") out.d_fecha_registro = now;
          if (!text(v.c_hora_registro)) out.c_hora_registro = String(out.d_fecha_registro).slice(11, 16);
          // Internal number: yyMM of the registration + a 5-digit sequence within that month (210900001).
          const prefix = Number(String(out.d_fecha_registro).slice(2, 4) + String(out.d_fecha_registro).slice(5, 7));
          out.id_nro_interno = tables
            .get(R.atencion)
            .stmt("SELECT coalesce(max(id_nro_interno), ? * 100000) + 1 FROM ADM_ATENCION WHERE id_nro_interno / 100000 = ?")
            .pluck()
            .get(prefix, prefix);
          return out;
        },
      }),
    ),
    define(
      "ADM_ATENCION_Update",
      updateRow(tables, {
        res: R.atencion,
        idField: "id_atencion",
        columns: ATENCION_COLUMNS,
        message: Mensajes.RegistroSatisfactorio,
        validate: (v) =>
          v.id_paciente === undefined || pacienteExists(v.id_paciente)
            ? null
            : "El paciente indicado no existe o está inactivo.",
      }),
    ),

    // ---------------------------------------------------------------- CON_CONTACTO
    define("CON_CONTACTO_GetAllActives", listActives(tables, { res: R.contacto, view: V.contacto })),
    define(
      "CON_CONTACTO_GetAllFilters",
      filterRows(tables, {
        res: R.contacto,
        view: V.contacto,
        fields: [
          {
            text: "valor",
            columns: ["t.c_codigo", "t.t_razon_social", "t.t_razon_comercial", "t.t_apellidos", "t.t_nombres", "t.t_contacto"],
          },
        ],
      }),
    ),
    define("CON_CONTACTO_GetById", getById(tables, { res: R.contacto, view: V.contacto, idField: "id_contacto" })),
    define(
      "CON_CONTACTO_Add",
      addRow(tables, {
        res: R.contacto,
        columns: CONTACTO_COLUMNS,
        duplicate: ["c_codigo", "t_razon_social"],
        validate: (v, b) => requireText(v, b, "t_razon_social"),
      }),
    ),
    define(
      "CON_CONTACTO_Update",
      updateRow(tables, {
        res: R.contacto,
        idField: "id_contacto",
        columns: CONTACTO_COLUMNS,
      }),
    ),
    define("CON_CONTACTO_Delete", deleteRow(tables, { res: R.contacto, idField: "id_contacto" })),

    // ---------------------------------------------------------------- CVN_CATEGORIA_PAGO
    define("CVN_CATEGORIA_PAGO_GetAllActives", listActives(tables, { res: R.categoriaPago, view: V.categoriaPago })),
    define(
      "CVN_CATEGORIA_PAGO_GetAllFilters",
      filterRows(tables, {
        res: R.categoriaPago,
        view: V.categoriaPago,
        fields: [{ text: "valorConsulta", columns: ["t.c_codigo", "t.t_descripcion"] }],
      }),
    ),
    define(
      "CVN_CATEGORIA_PAGO_GetById",
      getById(tables, { res: R.categoriaPago, view: V.categoriaPago, idField: "id_categoria_pago" }),
    ),
    define(
      "CVN_CATEGORIA_PAGO_Add",
      addRow(tables, {
        res: R.categoriaPago,
        columns: CATEGORIA_COLUMNS,
        duplicate: ["c_codigo", "t_descripcion"],
        validate: (v, b) => requireText(v, b, "t_descripcion"),
      }),
    ),
    define(
      "CVN_CATEGORIA_PAGO_Update",
      updateRow(tables, {
        res: R.categoriaPago,
        idField: "id_categoria_pago",
        columns: CATEGORIA_COLUMNS,
      }),
    ),
    define("CVN_CATEGORIA_PAGO_Delete", deleteRow(tables, { res: R.categoriaPago, idField: "id_categoria_pago" })),

    // ---------------------------------------------------------------- CVN_CATEGORIA_PAGO_PRECIO
    define(
      "CVN_CATEGORIA_PAGO_PRECIO_GetAllActivesFilters",
      filterRows(tables, {
        res: R.categoriaPagoPrecio,
        view: V.categoriaPagoPrecio,
        fields: [{ int: "id_tarifario_segus" }],
      }),
    ),
    define(
      "CVN_CATEGORIA_PAGO_PRECIO_Add",
      addRowReturningId(tables, {
        res: R.categoriaPagoPrecio,
        columns: ["id_categoria_pago", "id_tarifario_segus", "n_precio_sol", "n_precio_usd"],
        validate: (v) =>
          !tarifarioExists(v.id_tarifario_segus)
            ? "El tarifario indicado (id_tarifario_segus) no existe o está inactivo."
            : !categoriaExists(v.id_categoria_pago)
              ? "La categoría de pago indicada (id_categoria_pago) no existe o está inactiva."
              : null,
      }),
    ),
    define(
      "CVN_CATEGORIA_PAGO_PRECIO_Delete",
      deleteRow(tables, { res: R.categoriaPagoPrecio, idField: "id_categoria_pago_precio" }),
    ),

    // ---------------------------------------------------------------- CVN_PLAN_SEGURO (no Delete in the API)
    define("CVN_PLAN_SEGURO_GetAllActives", listActives(tables, { res: R.planSeguro, view: V.planSeguro })),
    define(
      "CVN_PLAN_SEGURO_GetAllFilters",
      filterRows(tables, {
        res: R.planSeguro,
        view: V.planSeguro,
        fields: [
          {
            text: "valorRequest",
            columns: [
              "t.c_codigo",
              "t.t_descripcion",
              "t.c_contrato",
              PLAN_GARANTE,
              PLAN_CONTRATANTE,
            ],
          },
        ],
      }),
    ),
    define("CVN_PLAN_SEGURO_GetById", getById(tables, { res: R.planSeguro, view: V.planSeguro, idField: "id_plan_seguro" })),
    define(
      "CVN_PLAN_SEGURO_Add",
      addRow(tables, {
        res: R.planSeguro,
        columns: PLAN_COLUMNS,
        validate: (v, b) => requireText(v, b, "t_descripcion"),
      }),
    ),
    define("CVN_PLAN_SEGURO_Update", updateRow(tables, { res: R.planSeguro, idField: "id_plan_seguro", columns: PLAN_COLUMNS })),

    // ---------------------------------------------------------------- CVN_PLAN_SEGURO_DETALLE
    define(
      "CVN_PLAN_SEGURO_DETALLE_GetAllActivesFilters",
      filterRows(tables, {
        res: R.planSeguroDetalle,
        view: V.planSeguroDetalle,
        fields: [{ int: "id_plan_seguro" }],
      }),
    ),
    define(
      "CVN_PLAN_SEGURO_DETALLE_Add",
      addRowReturningId(tables, {
        res: R.planSeguroDetalle,
        columns: PLAN_DETALLE_COLUMNS,
        validate: (v) => (planExists(v.id_plan_seguro) ? null : "El plan de seguro indicado (id_plan_seguro) no existe o está inactivo."),
      }),
    ),
    define(
      "CVN_PLAN_SEGURO_DETALLE_Delete",
      deleteRow(tables, { res: R.planSeguroDetalle, idField: "id_plan_seguro_detalle" }),
    ),

    // ---------------------------------------------------------------- CVN_TARIFARIO_SEGUS (GetPrice elsewhere)
    define("CVN_TARIFARIO_SEGUS_GetAllActives", listActives(tables, { res: R.tarifario, view: V.tarifarioLista })),
    define(
      "CVN_TARIFARIO_SEGUS_GetAllFilters",
      filterRows(tables, {
        res: R.tarifario,
        view: V.tarifario,
        fields: [
          { text: "valorRequest", columns: ["t.c_codigo", "t.c_codigo_susalud", "t.t_descripcion_esp", "t.t_descripcion_eng"] },
        ],
      }),
    ),
    define("CVN_TARIFARIO_SEGUS_GetById", getById(tables, { res: R.tarifario, view: V.tarifario, idField: "id_tarifario_segus" })),
    define(
      "CVN_TARIFARIO_SEGUS_Add",
      addRow(tables, {
        res: R.tarifario,
        columns: TARIFARIO_COLUMNS,
        duplicate: ["c_codigo"],
        validate: (v, b) => requireText(v, b, "c_codigo", "t_descripcion_esp"),
      }),
    ),
    define(
      "CVN_TARIFARIO_SEGUS_Update",
      updateRow(tables, {
        res: R.tarifario,
        idField: "id_tarifario_segus",
        columns: TARIFARIO_COLUMNS,
      }),
    ),
    define("CVN_TARIFARIO_SEGUS_Delete", deleteRow(tables, { res: R.tarifario, idField: "id_tarifario_segus" })),

    // ---------------------------------------------------------------- CVN_TARIFARIO_SEGUS_PARTICIPANTE
    define(
      "CVN_TARIFARIO_SEGUS_PARTICIPANTE_GetAllActivesFilters",
      filterRows(tables, {
        res: R.participante,
        view: V.participante,
        fields: [{ int: "id_tarifario_segus" }],
      }),
    ),
    define(
      "CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add",
      addRowReturningId(tables, {
        res: R.participante,
        columns: ["id_tarifario_segus", "id_tarifario_segus_referencia"],
        validate: (v) =>
          !tarifarioExists(v.id_tarifario_segus)
            ? "El tarifario indicado (id_tarifario_segus) no existe o está inactivo."
            : !tarifarioExists(v.id_tarifario_segus_referencia)
              ? "El tarifario de referencia (id_tarifario_segus_referencia) no existe o está inactivo."
              : null,
      }),
    ),
    define(
      "CVN_TARIFARIO_SEGUS_PARTICIPANTE_Delete",
      deleteRow(tables, { res: R.participante, idField: "id_tarifario_segus_participante" }),
    ),

    // ---------------------------------------------------------------- FAR_PRODUCTO (GetById elsewhere)
    define(
      "FAR_PRODUCTO_Add",
      addRowReturningId(tables, {
        res: R.producto,
        columns: PRODUCTO_COLUMNS,
        validate: (v, b) => requireText(v, b, "t_descripcion"),
        prepare: (v) => {
          const out: Row = { ...v };
          if (!text(v.t_codigo)) {
            const next = tables.get(R.producto).stmt("SELECT coalesce(max(id_producto), 0) + 1 FROM FAR_PRODUCTO").pluck().get();
            out.t_codigo = `P${String(next).padStart(6, "0")}`;
          }
          if (!v.d_fecha_registro || v.d_fecha_registro === "0001-01-01T00:00:00") out.d_fecha_registro = nowNet();
          return out;
        },
      }),
    ),
    define(
      "FAR_PRODUCTO_Update",
      updateRow(tables, {
        res: R.producto,
        idField: "id_producto",
        columns: PRODUCTO_COLUMNS.filter((c) => c !== "d_fecha_registro" && c !== "id_user_registro"),
        message: Mensajes.RegistroSatisfactorio,
      }),
    ),
  ];
}

/** `Paterno Materno, Nombres` (the form t_paciente has in the seed data). */
export function fullName(v: Row): string {
  const surnames = [text(v.t_apellido_paterno), text(v.t_apellido_materno)].filter(Boolean).join(" ");
  const names = text(v.t_nombres);
  return surnames && names ? `${surnames}, ${names}` : surnames || names;
}

