// Every handler definition. Catalogs and CRUD controllers are table-driven; the rest are special handlers.
import type { HandlerContext } from "../context.js";
import { atencionDefinitions } from "./atencion.js";
import { autorizacionDefinitions } from "./autorizacion.js";
import { catalogDefinitions } from "./catalogs.js";
import { crudDefinitions } from "./crud.js";
import { Tables } from "./engine.js";
import { facturacionDefinitions } from "./facturacion.js";
import { miscDefinitions } from "./misc.js";
import type { AnyDefinition } from "./types.js";
import { usuarioDefinitions } from "./usuario.js";

export function definitions(ctx: HandlerContext): AnyDefinition[] {
  const tables = new Tables(ctx.db);
  return [
    ...catalogDefinitions(tables),
    ...crudDefinitions(tables),
    ...usuarioDefinitions(tables, ctx),
    ...atencionDefinitions(tables),
    ...facturacionDefinitions(tables),
    ...autorizacionDefinitions(tables),
    ...miscDefinitions(tables, ctx),
  ];
}
