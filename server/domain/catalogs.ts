// The lookup catalogs, described once as data and served by the generic list/filter operations.
// Each catalog table has an internal active flag f_estado (1 = listed) unless noted; GetAllActives lists the
// active rows; the few catalog filters search the field the backend's action really reads.
import { define, type AnyDefinition, type Body, type OperationId, type RowOf, type SchemaFor } from "./kernel/definition.js";
import { Mensajes } from "./kernel/messages.js";
import { filterRows, listActives, type FilterField } from "./kernel/table-actions.js";
import { F_ESTADO, view, type ActiveFlag, type Resource, type Tables } from "./kernel/table.js";

/** Catalog tables: primary key and active flag (default f_estado 1/0). */
const TABLES = {
  ADM_CIE10: { id: "id_cie10" },
  ADM_CONSULTORIO: { id: "id_consultorio" },
  ADM_DOCUMENTO_IDENTIDAD: { id: "id_documento_identidad" },
  ADM_DOCUMENTO_PRESTACION: { id: "id_documento_prestacion" },
  ADM_ESPECIALIDAD: { id: "id_especialidad" },
  ADM_ESTADO_CIVIL: { id: "id_estado_civil" },
  ADM_FORMA_PAGO: { id: "id_forma_pago" },
  ADM_GENERO: { id: "id_genero" },
  ADM_GRUPO_SANGUINEO: { id: "id_grupo_sanguineo" },
  ADM_HABITACION: { id: "id_habitacion" },
  ADM_PROFESIONAL: { id: "id_profesional" },
  ADM_TIPO_AFILIACION: { id: "id_tipo_afiliacion" },
  ADM_TIPO_ATENCION: { id: "id_tipo_atencion" },
  ADM_TIPO_CIE10: { id: "id_tipo_cie10" },
  ADM_TIPO_EGRESO: { id: "id_tipo_egreso" },
  ADM_TIPO_FILIACION: { id: "id_tipo_filiacion" },
  ADM_TIPO_HOSPITALIZACION: { id: "id_tipo_hospitalizacion" },
  ADM_TIPO_PACIENTE: { id: "id_tipo_paciente" },
  ADM_UBIGEO: { id: "id_ubigeo" },
  CON_CENTRO_COSTO: { id: "id_centro_costo" },
  CON_CUENTA_CONTABLE: { id: "id_cuenta_contable" },
  CON_TIPO_CONTACTO: { id: "id_tipo_contacto" },
  CVN_BENEFICIO: { id: "id_beneficio" },
  CVN_CLASIFICACION_SEGUS: { id: "id_clasificacion_segus" },
  CVN_CLASIFICACION_SUSALUD: { id: "id_clasificacion_susalud" },
  CVN_CLASIFICACION_SUSALUD_OD: { id: "id_clasificacion_susalud_od" },
  CVN_MONEDA: { id: "id_moneda" },
  CVN_PRODUCTO_PLAN: { id: "id_producto_plan" },
  CVN_TIPO_PRECIO: { id: "id_tipo_precio" },
  FAC_DOCUMENTO_PAGO: { id: "id_documento_pago" },
  FAR_CLASE: { id: "id_clase" },
  FAR_CONSIGNACION: { id: "id_consignacion" },
  FAR_FAMILIA: { id: "id_familia" },
  FAR_GENERICO: { id: "id_generico" },
  FAR_TIPIFICACION: { id: "id_tipificacion" },
  FAR_TIPO_PRODUCTO: { id: "id_tipo_producto" },
  /** Roles: estado 'A' / 'I' is part of the DTO. */
  SEG_ROL: { id: "id_rol", active: { column: "estado", on: "A", off: "I" } },
  /** State labels per table, keyed by (tabla, id_estado). */
  TIPO_ESTADO: { id: "id_estado", orderBy: "t.tabla, t.id_estado" },
} as const satisfies Record<string, { id: string; active?: ActiveFlag; orderBy?: string }>;

export type CatalogTable = keyof typeof TABLES;

interface ListEntry<K extends OperationId> {
  table: CatalogTable;
  /** The `_Full` schema of the rows: must be the operation's row type (checked by tsc). */
  schema: SchemaFor<RowOf<K>>;
  /** Message when the list is empty (Warning stays false). */
  emptyMessage?: string;
}

interface FilterEntry<K extends OperationId> extends ListEntry<K> {
  fields: readonly FilterField<Body<K>>[];
}

/** GetAllActives-style operations served from a catalog table. */
const LISTS: { [K in OperationId]?: ListEntry<K> } = {
  ADM_CIE10_GetAllActives: { table: "ADM_CIE10", schema: "ADM_CIE10DTO_Full" },
  ADM_CONSULTORIO_GetAllActives: { table: "ADM_CONSULTORIO", schema: "ADM_CONSULTORIODTO_Full" },
  ADM_DOCUMENTO_IDENTIDAD_GetAllActives: { table: "ADM_DOCUMENTO_IDENTIDAD", schema: "ADM_DOCUMENTO_IDENTIDADDTO_Full" },
  ADM_DOCUMENTO_PRESTACION_GetAllActives: { table: "ADM_DOCUMENTO_PRESTACION", schema: "ADM_DOCUMENTO_PRESTACIONDTO_Full" },
  ADM_ESPECIALIDAD_GetAllActives: { table: "ADM_ESPECIALIDAD", schema: "ADM_ESPECIALIDADDTO_Full" },
  ADM_ESTADO_CIVIL_GetAllActives: { table: "ADM_ESTADO_CIVIL", schema: "ADM_ESTADO_CIVILDTO_Full" },
  ADM_FORMA_PAGO_GetAllFormaPagoActives: {
    table: "ADM_FORMA_PAGO",
    schema: "ADM_FORMA_PAGOResDTO_Full",
    emptyMessage: Mensajes.SinFormaPago,
  },
  ADM_GENERO_GetAllActives: { table: "ADM_GENERO", schema: "ADM_GENERODTO_Full" },
  ADM_GRUPO_SANGUINEO_GetAllActives: { table: "ADM_GRUPO_SANGUINEO", schema: "ADM_GRUPO_SANGUINEODTO_Full" },
  ADM_HABITACION_GetAllActives: { table: "ADM_HABITACION", schema: "ADM_HABITACIONDTO_Full" },
  ADM_PROFESIONAL_GetAllActives: { table: "ADM_PROFESIONAL", schema: "ADM_PROFESIONALDTO_Full" },
  ADM_TIPO_AFILIACION_GetAllActives: { table: "ADM_TIPO_AFILIACION", schema: "ADM_TIPO_AFILIACIONDTO_Full" },
  ADM_TIPO_ATENCION_GetAllActives: { table: "ADM_TIPO_ATENCION", schema: "ADM_TIPO_ATENCIONDTO_Full" },
  ADM_TIPO_CIE10_GetAllActives: { table: "ADM_TIPO_CIE10", schema: "ADM_TIPO_CIE10DTO_Full" },
  ADM_TIPO_EGRESO_GetAllActives: { table: "ADM_TIPO_EGRESO", schema: "ADM_TIPO_EGRESODTO_Full" },
  ADM_TIPO_FILIACION_GetAllActives: { table: "ADM_TIPO_FILIACION", schema: "ADM_TIPO_FILIACIONDTO_Full" },
  ADM_TIPO_HOSPITALIZACION_GetAllActives: { table: "ADM_TIPO_HOSPITALIZACION", schema: "ADM_TIPO_HOSPITALIZACIONDTO_Full" },
  ADM_TIPO_PACIENTE_GetAllActives: { table: "ADM_TIPO_PACIENTE", schema: "ADM_TIPO_PACIENTEDTO_Full" },
  ADM_UBIGEO_GetAllActives: { table: "ADM_UBIGEO", schema: "ADM_UBIGEODTO_Full" },
  CON_CENTRO_COSTO_GetAllActives: { table: "CON_CENTRO_COSTO", schema: "CON_CENTRO_COSTODTO_Full" },
  CON_CUENTA_CONTABLE_GetAllActives: { table: "CON_CUENTA_CONTABLE", schema: "CON_CUENTA_CONTABLEDTO_Full" },
  CON_TIPO_CONTACTO_GetAllActives: { table: "CON_TIPO_CONTACTO", schema: "CON_TIPO_CONTACTODTO_Full" },
  CVN_BENEFICIO_GetAllActives: { table: "CVN_BENEFICIO", schema: "CVN_BENEFICIODTO_Full" },
  CVN_CLASIFICACION_SEGUS_GetAllActives: { table: "CVN_CLASIFICACION_SEGUS", schema: "CVN_CLASIFICACION_SEGUSDTO_Full" },
  CVN_CLASIFICACION_SUSALUD_GetAllActives: {
    table: "CVN_CLASIFICACION_SUSALUD",
    schema: "CVN_CLASIFICACION_SUSALUDDTO_Full",
  },
  CVN_CLASIFICACION_SUSALUD_OD_GetAllActives: {
    table: "CVN_CLASIFICACION_SUSALUD_OD",
    schema: "CVN_CLASIFICACION_SUSALUD_ODDTO_Full",
  },
  CVN_MONEDA_GetAllActives: { table: "CVN_MONEDA", schema: "CVN_MONEDADTO_Full" },
  CVN_PRODUCTO_PLAN_GetAllActives: { table: "CVN_PRODUCTO_PLAN", schema: "CVN_PRODUCTO_PLANDTO_Full" },
  CVN_TIPO_PRECIO_GetAllActives: { table: "CVN_TIPO_PRECIO", schema: "CVN_TIPO_PRECIODTO_Full" },
  FAR_CLASE_GetAllActives: { table: "FAR_CLASE", schema: "FAR_CLASE_Full" },
  FAR_CONSIGNACION_GetAllActives: { table: "FAR_CONSIGNACION", schema: "FAR_CONSIGNACIONDTO_Full" },
  FAR_FAMILIA_GetAllActives: { table: "FAR_FAMILIA", schema: "FAR_FAMILIA_Full" },
  FAR_GENERICO_GetAllActives: { table: "FAR_GENERICO", schema: "FAR_GENERICO_Full" },
  FAR_TIPIFICACION_GetAllActives: { table: "FAR_TIPIFICACION", schema: "FAR_TIPIFICACION_Full" },
  FAR_TIPO_PRODUCTO_GetAllActives: { table: "FAR_TIPO_PRODUCTO", schema: "FAR_TIPO_PRODUCTO_Full" },
  SEG_ROL_GetAllActives: { table: "SEG_ROL", schema: "SEG_ROLDTO_Full" },
};

/** Catalog searches: the request field each action really reads, and what it matches. */
const FILTERS: { [K in OperationId]?: FilterEntry<K> } = {
  ADM_CIE10_GetAllFilters: {
    table: "ADM_CIE10",
    schema: "ADM_CIE10DTO_Full",
    fields: [{ text: "valorReq", columns: ["t.c_codigo", "t.t_descripcion"] }],
  },
  ADM_UBIGEO_GetAllFilters: {
    table: "ADM_UBIGEO",
    schema: "ADM_UBIGEODTO_Full",
    fields: [{ text: "ValorBusqueda", columns: ["t.c_codigo", "t.t_departamento", "t.t_provincia", "t.t_distrito"] }],
  },
  CVN_PRODUCTO_PLAN_GetAllActivesFilters: {
    table: "CVN_PRODUCTO_PLAN",
    schema: "CVN_PRODUCTO_PLANDTO_Full",
    fields: [{ equals: "c_codigo_iafa" }],
  },
  FAC_DOCUMENTO_PAGO_GetAllDocumentoPagoFilters: {
    table: "FAC_DOCUMENTO_PAGO",
    schema: "FAC_DOCUMENTO_PAGODTO_Full",
    fields: [{ text: "c_dato", columns: ["t.c_codigo", "t.t_descripcion"] }],
  },
  TIPO_ESTADO_GetAllFilters: {
    table: "TIPO_ESTADO",
    schema: "TIPO_ESTADODTO_Full",
    fields: [{ equals: "tabla" }],
  },
};

/** The Resource of a catalog table. */
export function catalogTable(table: CatalogTable): Resource {
  const t: { id: string; active?: ActiveFlag } = TABLES[table];
  return { table, id: t.id, active: t.active ?? F_ESTADO, requestSchema: "IgnoredBody" };
}

function orderOf(table: CatalogTable): string | undefined {
  const t: { id: string; orderBy?: string } = TABLES[table];
  return t.orderBy;
}

export function catalogDefinitions(tables: Tables): AnyDefinition[] {
  const defs: AnyDefinition[] = [];
  for (const [op, e] of Object.entries(LISTS) as [OperationId, ListEntry<OperationId>][]) {
    const orderBy = orderOf(e.table);
    const fn = listActives(tables, {
      res: catalogTable(e.table),
      view: view(e.schema),
      ...(e.emptyMessage ? { emptyMessage: e.emptyMessage } : {}),
      ...(orderBy ? { orderBy } : {}),
    });
    defs.push(define(op, fn as never) as AnyDefinition);
  }
  for (const [op, e] of Object.entries(FILTERS) as [OperationId, FilterEntry<OperationId>][]) {
    const orderBy = orderOf(e.table);
    const fn = filterRows(tables, {
      res: catalogTable(e.table),
      view: view(e.schema),
      fields: e.fields,
      ...(orderBy ? { orderBy } : {}),
    });
    defs.push(define(op, fn as never) as AnyDefinition);
  }
  return defs;
}
