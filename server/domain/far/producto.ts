// FAR_PRODUCTO: pharmacy products (Add with its generated code, Update, GetById with the id in the query string).
import { NET_MIN_DATE, nowNet } from "../../db/values.js";
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { ok } from "../kernel/envelope.js";
import { Mensajes } from "../kernel/messages.js";
import { requireText, text } from "../kernel/required-fields.js";
import { queryInt } from "../kernel/table-actions.js";
import { F_ESTADO, view, type Row, type Tables } from "../kernel/table.js";

export const productoTable = { table: "FAR_PRODUCTO", id: "id_producto", active: F_ESTADO, requestSchema: "FAR_PRODUCTOReqDTO" } as const;

/** c_unspsc is text in the request DTO and a number in this one; non-numeric text reads as 0. */
export const productoByIdView = view("FAR_PRODUCTOByIdResDTO_Full", { c_unspsc: "CAST(t.c_unspsc AS REAL)" });

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

export function productoDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: productoTable, view: productoByIdView, columns: PRODUCTO_COLUMNS });
  const productos = tables.get(productoTable);
  return [
    define(
      "FAR_PRODUCTO_Add",
      crud.addReturningId({
        validate: (v, b) => requireText(v, b, "t_descripcion"),
        prepare: (v) => {
          const out: Row = { ...v };
          if (!text(v.t_codigo)) {
            const next = productos.stmt("SELECT coalesce(max(id_producto), 0) + 1 FROM FAR_PRODUCTO").pluck().get();
            out.t_codigo = `P${String(next).padStart(6, "0")}`;
          }
          if (!v.d_fecha_registro || v.d_fecha_registro === NET_MIN_DATE) out.d_fecha_registro = nowNet();
          return out;
        },
      }),
    ),
    define(
      "FAR_PRODUCTO_Update",
      crud.update({
        columns: PRODUCTO_COLUMNS.filter((c) => c !== "d_fecha_registro" && c !== "id_user_registro"),
        message: Mensajes.RegistroSatisfactorio,
      }),
    ),
    /** FAR_PRODUCTO/GetById?idProducto=N: an array of 0..1 products (whatever their state). */
    define("FAR_PRODUCTO_GetById", ({ query }) => {
      const id = queryInt(query.idProducto);
      if (id === null) return ok([]);
      return ok(productos.select(productoByIdView, [{ sql: "t.id_producto = ?", params: [id] }], { limit: 1 }));
    }),
  ];
}
