// CON_CONTACTO: contacts (insurers, contracting companies, suppliers), CRUD.
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { requireText } from "../kernel/required-fields.js";
import { ESTADO_AI, F_ESTADO, lookup, view, type Tables } from "../kernel/table.js";

export const contactoTable = { table: "CON_CONTACTO", id: "id_contacto", active: F_ESTADO, requestSchema: "CON_CONTACTODTO" } as const;

export const contactoView = view("CON_CONTACTODTO_Full", {
  codigo_tc: lookup("CON_TIPO_CONTACTO", "t_descripcion", "id_tipo_contacto", "t.id_tipo_contacto"),
  estado: ESTADO_AI,
});

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

export function contactoDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: contactoTable, view: contactoView, columns: CONTACTO_COLUMNS });
  return [
    define("CON_CONTACTO_GetAllActives", crud.listActives()),
    define(
      "CON_CONTACTO_GetAllFilters",
      crud.filter({
        fields: [
          {
            text: "valor",
            columns: ["t.c_codigo", "t.t_razon_social", "t.t_razon_comercial", "t.t_apellidos", "t.t_nombres", "t.t_contacto"],
          },
        ],
      }),
    ),
    define("CON_CONTACTO_GetById", crud.getById()),
    define(
      "CON_CONTACTO_Add",
      crud.add({ duplicate: ["c_codigo", "t_razon_social"], validate: (v, b) => requireText(v, b, "t_razon_social") }),
    ),
    define("CON_CONTACTO_Update", crud.update()),
    define("CON_CONTACTO_Delete", crud.delete()),
  ];
}
