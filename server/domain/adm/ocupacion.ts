// ADM_OCUPACION: the patients' occupations (CRUD).
import { define, type AnyDefinition } from "../kernel/definition.js";
import { crudController } from "../kernel/crud-controller.js";
import { ESTADO_AI, F_ESTADO, view, type Tables } from "../kernel/table.js";
import { requireText } from "../kernel/required-fields.js";

export const ocupacionTable = { table: "ADM_OCUPACION", id: "id_ocupacion", active: F_ESTADO, requestSchema: "ADM_OCUPACIONDTO" } as const;

export const ocupacionView = view("ADM_OCUPACIONDTO_Full", { estado: ESTADO_AI });

const OCUPACION_COLUMNS = ["c_codigo", "t_descripcion", "t_observacion", "f_estado"] as const;

export function ocupacionDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: ocupacionTable, view: ocupacionView, columns: OCUPACION_COLUMNS });
  return [
    define("ADM_OCUPACION_GetAllActives", crud.listActives()),
    define(
      "ADM_OCUPACION_GetAllFilters",
      crud.filter({
        fields: [
          { int: "id_ocupacion" },
          { text: "c_codigo", columns: ["t.c_codigo"] },
          { text: "t_descripcion", columns: ["t.t_descripcion"] },
        ],
        state: { field: "f_estado", kind: "int" },
      }),
    ),
    define("ADM_OCUPACION_GetById", crud.getById()),
    define(
      "ADM_OCUPACION_Add",
      crud.add({ duplicate: ["c_codigo", "t_descripcion"], validate: (v, b) => requireText(v, b, "t_descripcion") }),
    ),
    define("ADM_OCUPACION_Update", crud.update()),
    define("ADM_OCUPACION_Delete", crud.delete()),
  ];
}
