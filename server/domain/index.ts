// The domain's entry point: createServiceHandlers(ctx) gives one handler per operationId of the spec, built
// for that context's database (every table, prepared statement and kept list belongs to it: two contexts, two
// databases, nothing shared). Each module below holds one controller or small area: its tables, views and
// handlers; the kernel (kernel/) holds what they are built on.
import type { HandlerContext } from "../context.js";
import { atencionDefinitions } from "./adm/atencion.js";
import { documentoAutorizacionDefinitions } from "./adm/documento-autorizacion.js";
import { especialidadDefinitions } from "./adm/especialidad.js";
import { ocupacionDefinitions } from "./adm/ocupacion.js";
import { pacienteConsultaDniDefinitions } from "./adm/paciente-consulta-dni.js";
import { pacienteDefinitions } from "./adm/paciente.js";
import { catalogDefinitions } from "./catalogs.js";
import { contactoDefinitions } from "./con/contacto.js";
import { categoriaPagoDefinitions } from "./cvn/categoria-pago.js";
import { planSeguroDefinitions } from "./cvn/plan-seguro.js";
import { tarifarioDefinitions } from "./cvn/tarifario-segus.js";
import { documentoPagoDefinitions } from "./fac/documento-pago.js";
import { productoDefinitions } from "./far/producto.js";
import type { AnyDefinition, OperationId, ServiceHandler, ServiceHandlers } from "./kernel/definition.js";
import { toServiceHandler } from "./kernel/handler.js";
import { Tables } from "./kernel/table.js";
import { usuarioDefinitions } from "./seg/usuario.js";

export type { ServiceHandlers } from "./kernel/definition.js";

/** Every operation's definition, for one database. */
export function definitions(ctx: HandlerContext): AnyDefinition[] {
  const tables = new Tables(ctx.db);
  return [
    ...catalogDefinitions(tables),
    ...ocupacionDefinitions(tables),
    ...pacienteDefinitions(tables),
    ...atencionDefinitions(tables),
    ...contactoDefinitions(tables),
    ...categoriaPagoDefinitions(tables),
    ...planSeguroDefinitions(tables),
    ...tarifarioDefinitions(tables),
    ...productoDefinitions(tables),
    ...usuarioDefinitions(tables, ctx),
    ...documentoPagoDefinitions(tables),
    ...documentoAutorizacionDefinitions(tables),
    ...especialidadDefinitions(tables),
    ...pacienteConsultaDniDefinitions(ctx),
  ];
}

export function createServiceHandlers(ctx: HandlerContext): ServiceHandlers {
  const handlers: Partial<Record<OperationId, ServiceHandler>> = {};
  for (const def of definitions(ctx)) {
    if (handlers[def.id]) throw new Error(`two handlers for ${def.id}`);
    handlers[def.id] = toServiceHandler(def, ctx);
  }
  return handlers as ServiceHandlers;
}
