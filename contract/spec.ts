// The bundled spec (generated/openapi.json) as data: the list of operations and what each one declares.
// Everything that needs "every operation" (server wiring, client, validator CLI, tests) reads it from here,
// so no list of operations is written by hand anywhere else.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operationsOf, type OpenApiDocument, type Operation } from "./operations.js";
import { projectRoot } from "./paths.js";

export * from "./operations.js";

export const specPath = join(projectRoot, "generated", "openapi.json");

let cached: OpenApiDocument | undefined;

export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(specPath, "utf8")) as OpenApiDocument;
  return cached;
}

let ops: Operation[] | undefined;
let sandboxOps: Operation[] | undefined;

/** Every operation of the API (the backend's actions), in spec order. Sandbox-only operations are not included. */
export function listOperations(doc: OpenApiDocument = loadSpec()): Operation[] {
  if (doc === cached && ops) return ops;
  const result = operationsOf(doc);
  if (doc === cached) ops = result;
  return result;
}

/** The operations only the development sandbox serves (`x-sandbox-only: true`, such as `POST /sandbox/reset`). */
export function listSandboxOperations(doc: OpenApiDocument = loadSpec()): Operation[] {
  if (doc === cached && sandboxOps) return sandboxOps;
  const result = operationsOf(doc, { sandboxOnly: true });
  if (doc === cached) sandboxOps = result;
  return result;
}

/** An operation of the API or of the sandbox, by operationId. */
export function getOperation(operationId: string): Operation {
  const op = listOperations().find((o) => o.operationId === operationId) ?? listSandboxOperations().find((o) => o.operationId === operationId);
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}
