// The writable tables (one Resource each) and the views their actions answer with. Derived properties
// (labels of foreign keys, state labels) are SQL expressions over the row alias `t`.
import { ESTADO_AI, F_ESTADO, lookup, view, type Resource } from "./engine.js";
import { PATIENT_SEARCH_TEXT_COLUMN } from "../domain/adm/paciente-search.js";

export const R = {
  ocupacion: { table: "ADM_OCUPACION", id: "id_ocupacion", active: F_ESTADO, requestSchema: "ADM_OCUPACIONDTO" },
  // The stored search text (migration 3) is never part of an answer.
  paciente: {
    table: "ADM_PACIENTE",
    id: "id_paciente",
    active: F_ESTADO,
    requestSchema: "ADM_PACIENTEDTO",
    hidden: [PATIENT_SEARCH_TEXT_COLUMN],
  },
  atencion: { table: "ADM_ATENCION", id: "id_atencion", active: F_ESTADO, requestSchema: "ADM_ATENCIONDTO" },
  contacto: { table: "CON_CONTACTO", id: "id_contacto", active: F_ESTADO, requestSchema: "CON_CONTACTODTO" },
  categoriaPago: {
    table: "CVN_CATEGORIA_PAGO",
    id: "id_categoria_pago",
    active: F_ESTADO,
    requestSchema: "CVN_CATEGORIA_PAGODTO",
  },
  categoriaPagoPrecio: {
    table: "CVN_CATEGORIA_PAGO_PRECIO",
    id: "id_categoria_pago_precio",
    active: F_ESTADO,
    requestSchema: "CVN_CATEGORIA_PAGO_PRECIODTO",
  },
  planSeguro: { table: "CVN_PLAN_SEGURO", id: "id_plan_seguro", active: F_ESTADO, requestSchema: "CVN_PLAN_SEGURODTO" },
  planSeguroDetalle: {
    table: "CVN_PLAN_SEGURO_DETALLE",
    id: "id_plan_seguro_detalle",
    active: F_ESTADO,
    requestSchema: "CVN_PLAN_SEGURO_DETALLEDTO",
  },
  tarifario: {
    table: "CVN_TARIFARIO_SEGUS",
    id: "id_tarifario_segus",
    active: F_ESTADO,
    requestSchema: "CVN_TARIFARIO_SEGUSDTO",
  },
  participante: {
    table: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
    id: "id_tarifario_segus_participante",
    active: F_ESTADO,
    requestSchema: "CVN_TARIFARIO_SEGUS_PARTICIPANTEDTO",
  },
  producto: { table: "FAR_PRODUCTO", id: "id_producto", active: F_ESTADO, requestSchema: "FAR_PRODUCTOReqDTO" },
  usuario: {
    table: "SEG_USUARIO",
    id: "id_usuario",
    active: { column: "estado", on: "Activo", off: "Inactivo" },
    requestSchema: "SEG_USUARIODTO",
    hidden: ["clave"],
  },
  documentoAutorizacion: {
    table: "ADM_DOCUMENTO_AUTORIZACION",
    id: "id_documento_autorizacion",
    active: F_ESTADO,
    requestSchema: "ADM_DOCUMENTO_AUTORIZACIONDTO",
  },
} as const satisfies Record<string, Resource>;

const ubigeoLabel = (fk: string) =>
  `(SELECT x.t_departamento || ' / ' || x.t_provincia || ' / ' || x.t_distrito FROM ADM_UBIGEO x WHERE x.id_ubigeo = ${fk})`;
const planContact = (planFk: string, col: "id_contacto_garante" | "id_contacto_contratante") =>
  `(SELECT c.t_razon_social FROM CVN_PLAN_SEGURO p JOIN CON_CONTACTO c ON c.id_contacto = p.${col} WHERE p.id_plan_seguro = ${planFk})`;

export const PLAN_GARANTE = lookup("CON_CONTACTO", "t_razon_social", "id_contacto", "t.id_contacto_garante");
export const PLAN_CONTRATANTE = lookup("CON_CONTACTO", "t_razon_social", "id_contacto", "t.id_contacto_contratante");

export const V = {
  ocupacion: view("ADM_OCUPACIONDTO_Full", { estado: ESTADO_AI }),
  paciente: view("ADM_PACIENTEDTO_Full", {
    historia_clinica: "CAST(t.n_historia_clinica AS TEXT)",
    sexo: lookup("ADM_GENERO", "t_descripcion", "id_genero", "t.id_genero"),
    t_documento: lookup("ADM_DOCUMENTO_IDENTIDAD", "t_descripcion", "id_documento_identidad", "t.id_documento_identidad"),
    des_ubigeo_nacimiento: ubigeoLabel("t.id_ubigeo_nacimiento"),
    des_ubigeo_domicilio: ubigeoLabel("t.id_ubigeo_domicilio"),
    des_estadocivil: lookup("ADM_ESTADO_CIVIL", "t_descripcion", "id_estado_civil", "t.id_estado_civil"),
  }),
  atencion: view("ADM_ATENCIONDTO_Full", {
    tipo_paciente: lookup("ADM_TIPO_PACIENTE", "t_descripcion", "id_tipo_paciente", "t.id_tipo_paciente"),
    tipo_atencion: lookup("ADM_TIPO_ATENCION", "t_descripcion", "id_tipo_atencion", "t.id_tipo_atencion"),
    garante: planContact("t.id_plan_seguro", "id_contacto_garante"),
    contratante: planContact("t.id_plan_seguro", "id_contacto_contratante"),
    estado: ESTADO_AI,
  }),
  atencionResumen: view("ADM_ATENCION_ResponseGetAllActivesDTO_Full", {
    HClinica: "(SELECT CAST(x.n_historia_clinica AS TEXT) FROM ADM_PACIENTE x WHERE x.id_paciente = t.id_paciente)",
    Paciente: lookup("ADM_PACIENTE", "t_paciente", "id_paciente", "t.id_paciente"),
    Garante: planContact("t.id_plan_seguro", "id_contacto_garante"),
    Prestacion: lookup("ADM_DOCUMENTO_PRESTACION", "t_descripcion", "id_documento_prestacion", "t.id_documento_prestacion1"),
    TAtencion: lookup("ADM_TIPO_ATENCION", "t_descripcion", "id_tipo_atencion", "t.id_tipo_atencion"),
    TPaciente: lookup("ADM_TIPO_PACIENTE", "t_descripcion", "id_tipo_paciente", "t.id_tipo_paciente"),
    Estado: `coalesce((SELECT x.estado FROM TIPO_ESTADO x WHERE x.tabla = 'ADM_ATENCION' AND x.id_estado = t.f_estado), ${ESTADO_AI})`,
    FEstado: "CAST(t.f_estado AS TEXT)",
  }),
  contacto: view("CON_CONTACTODTO_Full", {
    codigo_tc: lookup("CON_TIPO_CONTACTO", "t_descripcion", "id_tipo_contacto", "t.id_tipo_contacto"),
    estado: ESTADO_AI,
  }),
  categoriaPago: view("CVN_CATEGORIA_PAGODTO_Full", { estado: ESTADO_AI }),
  categoriaPagoPrecio: view("CVN_CATEGORIA_PAGO_PRECIODTO_Full", {
    c_codigo: lookup("CVN_CATEGORIA_PAGO", "c_codigo", "id_categoria_pago", "t.id_categoria_pago"),
    t_descripcion: lookup("CVN_CATEGORIA_PAGO", "t_descripcion", "id_categoria_pago", "t.id_categoria_pago"),
  }),
  planSeguro: view("CVN_PLAN_SEGURODTO_Full", {
    estado: ESTADO_AI,
    garante: PLAN_GARANTE,
    contratante: PLAN_CONTRATANTE,
    producto: lookup("CVN_PRODUCTO_PLAN", "t_descripcion", "id_producto_plan", "t.id_producto_plan"),
  }),
  planSeguroDetalle: view("CVN_PLAN_SEGURO_DETALLEDTO_Full", {
    codigo: lookup("CVN_BENEFICIO", "c_codigo", "id_beneficio", "t.id_beneficio"),
    beneficio: lookup("CVN_BENEFICIO", "t_descripcion", "id_beneficio", "t.id_beneficio"),
    estado: ESTADO_AI,
    moneda: lookup("CVN_MONEDA", "t_descripcion", "id_moneda", "t.id_moneda"),
  }),
  tarifario: view("CVN_TARIFARIO_SEGUSDTO_Full", {
    estado: ESTADO_AI,
    Id_estado: "t.f_estado",
    t_clasificacion: lookup("CVN_CLASIFICACION_SEGUS", "t_descripcion", "id_clasificacion_segus", "t.id_clasificacion_segus"),
  }),
  tarifarioLista: view("CVN_TARIFARIO_LISTADTO_Full", {
    t_clasificacion: lookup("CVN_CLASIFICACION_SEGUS", "t_descripcion", "id_clasificacion_segus", "t.id_clasificacion_segus"),
    estado: ESTADO_AI,
  }),
  participante: view("CVN_TARIFARIO_SEGUS_PARTICIPANTEDTO_Full", {
    c_codigo: lookup("CVN_TARIFARIO_SEGUS", "c_codigo", "id_tarifario_segus", "t.id_tarifario_segus_referencia"),
    t_descripcion_esp: lookup("CVN_TARIFARIO_SEGUS", "t_descripcion_esp", "id_tarifario_segus", "t.id_tarifario_segus_referencia"),
  }),
  /** c_unspsc is text in the request DTO and a number in this one; non-numeric text reads as 0. */
  productoById: view("FAR_PRODUCTOByIdResDTO_Full", { c_unspsc: "CAST(t.c_unspsc AS REAL)" }),
  /** clave is never read: the column holds a hash and responses carry null. */
  usuario: view("SEG_USUARIODTO_Full", {
    clave: "NULL",
    RolNombre: lookup("SEG_ROL", "rol", "id_rol", "t.id_rol"),
  }),
  documentoAutorizacion: view("ADM_DOCUMENTO_AUTORIZACIONDTO_Full"),
};
