// Every handler definition, by operationId. (Filled in step by step; see the domain tests for coverage.)
import type { HandlerContext } from "../context.js";
import type { AnyDefinition } from "./types.js";

export function definitions(_ctx: HandlerContext): AnyDefinition[] {
  return [];
}
