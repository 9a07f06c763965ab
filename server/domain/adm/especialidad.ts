// ADM_ESPECIALIDAD/GetEspecialidadProfesionalById: the specialty of a professional (the specialty catalog's
// list is served by catalogs.ts).
import { define, type AnyDefinition, type Schemas } from "../kernel/definition.js";
import { ok } from "../kernel/envelope.js";
import { idFrom } from "../kernel/table-actions.js";
import { view, type Tables } from "../kernel/table.js";
import { catalogTable } from "../catalogs.js";

const especialidadView = view("ADM_ESPECIALIDADDTO_Full");

export function especialidadDefinitions(tables: Tables): AnyDefinition[] {
  const especialidades = tables.get(catalogTable("ADM_ESPECIALIDAD"));
  return [
    /** The specialty of a professional (ADM_PROFESIONAL.id_especialidad): an array of 0..1 rows. */
    define("ADM_ESPECIALIDAD_GetEspecialidadProfesionalById", ({ body }) => {
      const id = idFrom(body.id_profesional);
      if (id === null) return ok([]);
      const rows: Schemas["ADM_ESPECIALIDADDTO_Full"][] = especialidades.select(
        especialidadView,
        [{ sql: "t.id_especialidad = (SELECT p.id_especialidad FROM ADM_PROFESIONAL p WHERE p.id_profesional = ?)", params: [id] }],
        { limit: 1 },
      );
      return ok(rows);
    }),

  ];
}
