// Every handler definition. Catalogs and CRUD controllers are table-driven; the rest are special handlers.
import type { HandlerContext } from "../context.js";
import { catalogDefinitions } from "./catalogs.js";
import { crudDefinitions } from "./crud.js";
import { Tables } from "./engine.js";
import type { AnyDefinition } from "./types.js";

export function definitions(ctx: HandlerContext): AnyDefinition[] {
  const tables = new Tables(ctx.db);
  return [...catalogDefinitions(tables), ...crudDefinitions(tables)];
}
