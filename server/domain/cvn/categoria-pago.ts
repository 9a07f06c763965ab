// CVN_CATEGORIA_PAGO: payment categories (CRUD) and CVN_CATEGORIA_PAGO_PRECIO, their price list per tariff item.
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { requireText } from "../kernel/required-fields.js";
import { ESTADO_AI, F_ESTADO, intOr0, lookup, view, type Tables } from "../kernel/table.js";
import { tarifarioTable } from "./tarifario-segus.js";

export const categoriaPagoTable = {
  table: "CVN_CATEGORIA_PAGO",
  id: "id_categoria_pago",
  active: F_ESTADO,
  requestSchema: "CVN_CATEGORIA_PAGODTO",
} as const;

const categoriaPagoPrecioTable = {
  table: "CVN_CATEGORIA_PAGO_PRECIO",
  id: "id_categoria_pago_precio",
  active: F_ESTADO,
  requestSchema: "CVN_CATEGORIA_PAGO_PRECIODTO",
} as const;

export const categoriaPagoView = view("CVN_CATEGORIA_PAGODTO_Full", { estado: ESTADO_AI });

export const categoriaPagoPrecioView = view("CVN_CATEGORIA_PAGO_PRECIODTO_Full", {
  c_codigo: lookup("CVN_CATEGORIA_PAGO", "c_codigo", "id_categoria_pago", "t.id_categoria_pago"),
  t_descripcion: lookup("CVN_CATEGORIA_PAGO", "t_descripcion", "id_categoria_pago", "t.id_categoria_pago"),
});

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

export function categoriaPagoDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: categoriaPagoTable, view: categoriaPagoView, columns: CATEGORIA_COLUMNS });
  const precios = crudController(tables, {
    table: categoriaPagoPrecioTable,
    view: categoriaPagoPrecioView,
    columns: ["id_categoria_pago", "id_tarifario_segus", "n_precio_sol", "n_precio_usd"],
  });
  const isActive = (table: typeof tarifarioTable | typeof categoriaPagoTable) => (id: unknown) => {
    const n = intOr0(id);
    return n > 0 && tables.get(table).isActive(n);
  };
  const tarifarioExists = isActive(tarifarioTable);
  const categoriaExists = isActive(categoriaPagoTable);

  return [
    define("CVN_CATEGORIA_PAGO_GetAllActives", crud.listActives()),
    define("CVN_CATEGORIA_PAGO_GetAllFilters", crud.filter({ fields: [{ text: "valorConsulta", columns: ["t.c_codigo", "t.t_descripcion"] }] })),
    define("CVN_CATEGORIA_PAGO_GetById", crud.getById()),
    define(
      "CVN_CATEGORIA_PAGO_Add",
      crud.add({ duplicate: ["c_codigo", "t_descripcion"], validate: (v, b) => requireText(v, b, "t_descripcion") }),
    ),
    define("CVN_CATEGORIA_PAGO_Update", crud.update()),
    define("CVN_CATEGORIA_PAGO_Delete", crud.delete()),

    define("CVN_CATEGORIA_PAGO_PRECIO_GetAllActivesFilters", precios.filter({ fields: [{ int: "id_tarifario_segus" }] })),
    define(
      "CVN_CATEGORIA_PAGO_PRECIO_Add",
      precios.addReturningId({
        validate: (v) =>
          !tarifarioExists(v.id_tarifario_segus)
            ? "El tarifario indicado (id_tarifario_segus) no existe o está inactivo."
            : !categoriaExists(v.id_categoria_pago)
              ? "La categoría de pago indicada (id_categoria_pago) no existe o está inactiva."
              : null,
      }),
    ),
    define("CVN_CATEGORIA_PAGO_PRECIO_Delete", precios.delete()),
  ];
}
