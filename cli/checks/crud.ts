import type { Operation } from "../../contract/spec.js";
import type { RunContext } from "../context.js";

export interface CrudPlan {
  controller: string;
  operations: Operation[];
}

export function crudPlans(_all: Operation[], _selected: Operation[]): CrudPlan[] {
  return [];
}

export async function runCrud(_ctx: RunContext, _plan: CrudPlan, _leftovers: string[]): Promise<void> {}
