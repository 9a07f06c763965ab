// CVN_PLAN_SEGURO: insurance plans (no Delete in the API) and CVN_PLAN_SEGURO_DETALLE, their benefits.
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { requireText } from "../kernel/required-fields.js";
import { ESTADO_AI, F_ESTADO, intOr0, lookup, view, type Tables } from "../kernel/table.js";

export const planSeguroTable = { table: "CVN_PLAN_SEGURO", id: "id_plan_seguro", active: F_ESTADO, requestSchema: "CVN_PLAN_SEGURODTO" } as const;

const planSeguroDetalleTable = {
  table: "CVN_PLAN_SEGURO_DETALLE",
  id: "id_plan_seguro_detalle",
  active: F_ESTADO,
  requestSchema: "CVN_PLAN_SEGURO_DETALLEDTO",
} as const;

const PLAN_GARANTE = lookup("CON_CONTACTO", "t_razon_social", "id_contacto", "t.id_contacto_garante");
const PLAN_CONTRATANTE = lookup("CON_CONTACTO", "t_razon_social", "id_contacto", "t.id_contacto_contratante");

export const planSeguroView = view("CVN_PLAN_SEGURODTO_Full", {
  estado: ESTADO_AI,
  garante: PLAN_GARANTE,
  contratante: PLAN_CONTRATANTE,
  producto: lookup("CVN_PRODUCTO_PLAN", "t_descripcion", "id_producto_plan", "t.id_producto_plan"),
});

export const planSeguroDetalleView = view("CVN_PLAN_SEGURO_DETALLEDTO_Full", {
  codigo: lookup("CVN_BENEFICIO", "c_codigo", "id_beneficio", "t.id_beneficio"),
  beneficio: lookup("CVN_BENEFICIO", "t_descripcion", "id_beneficio", "t.id_beneficio"),
  estado: ESTADO_AI,
  moneda: lookup("CVN_MONEDA", "t_descripcion", "id_moneda", "t.id_moneda"),
});

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

export function planSeguroDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: planSeguroTable, view: planSeguroView, columns: PLAN_COLUMNS });
  const detalles = crudController(tables, { table: planSeguroDetalleTable, view: planSeguroDetalleView, columns: PLAN_DETALLE_COLUMNS });
  const planExists = (id: unknown) => {
    const n = intOr0(id);
    return n > 0 && tables.get(planSeguroTable).isActive(n);
  };

  return [
    define("CVN_PLAN_SEGURO_GetAllActives", crud.listActives()),
    define(
      "CVN_PLAN_SEGURO_GetAllFilters",
      crud.filter({
        fields: [{ text: "valorRequest", columns: ["t.c_codigo", "t.t_descripcion", "t.c_contrato", PLAN_GARANTE, PLAN_CONTRATANTE] }],
      }),
    ),
    define("CVN_PLAN_SEGURO_GetById", crud.getById()),
    define("CVN_PLAN_SEGURO_Add", crud.add({ validate: (v, b) => requireText(v, b, "t_descripcion") })),
    define("CVN_PLAN_SEGURO_Update", crud.update()),

    define("CVN_PLAN_SEGURO_DETALLE_GetAllActivesFilters", detalles.filter({ fields: [{ int: "id_plan_seguro" }] })),
    define(
      "CVN_PLAN_SEGURO_DETALLE_Add",
      detalles.addReturningId({
        validate: (v) => (planExists(v.id_plan_seguro) ? null : "El plan de seguro indicado (id_plan_seguro) no existe o está inactivo."),
      }),
    ),
    define("CVN_PLAN_SEGURO_DETALLE_Delete", detalles.delete()),
  ];
}
