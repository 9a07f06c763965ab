// The remaining special actions: a professional's specialty, the DNI lookup, and FAR_PRODUCTO/GetById (id from
// the query string).
import type { HandlerContext } from "../context.js";
import { DniProviderError } from "../context.js";
import { view, type Tables } from "./engine.js";
import { catalog } from "./catalogs.js";
import { toDto } from "./dto.js";
import { queryInt } from "./atencion.js";
import { campoObligatorio } from "./messages.js";
import { idFrom } from "./ops.js";
import { R, V } from "./resources.js";
import { define, defineAsync, ok, warning, type AnyDefinition, type Schemas } from "./types.js";

const especialidadView = view("ADM_ESPECIALIDADDTO_Full");

export function miscDefinitions(tables: Tables, ctx: HandlerContext): AnyDefinition[] {
  const especialidades = tables.get(catalog("ADM_ESPECIALIDAD"));
  const productos = tables.get(R.producto);

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

    /** FAR_PRODUCTO/GetById?idProducto=N: an array of 0..1 products (whatever their state). */
    define("FAR_PRODUCTO_GetById", ({ query }) => {
      const id = queryInt(query.idProducto);
      if (id === null) return ok([]);
      return ok(productos.select(V.productoById, [{ sql: "t.id_producto = ?", params: [id] }], { limit: 1 }));
    }),

    /**
     * The person registered under a DNI (8 digits), from the configured provider (local registry table or remote
     * identity service). Unknown DNI and an unavailable service are warnings.
     */
    defineAsync("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", async ({ body }) => {
      const dni = typeof body.dni === "string" ? body.dni.trim() : "";
      if (dni === "") return warning(campoObligatorio("dni"));
      if (!/^\d{8}$/.test(dni)) return warning("El campo dni debe tener 8 dígitos.");
      try {
        const person = await ctx.dni.lookup(dni);
        return person ? ok(toDto("ADM_PACIENTE_CONSULTADTO_Full", person)) : warning("No existe información para el DNI enviado.");
      } catch (err) {
        if (err instanceof DniProviderError) {
          ctx.log.warn({ err: { message: err.message } }, "DNI provider failed");
          return warning("El servicio de consulta de DNI no está disponible; inténtelo más tarde.");
        }
        throw err;
      }
    }),
  ];
}
