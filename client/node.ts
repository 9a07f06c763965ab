// Node-side wiring of the typed client: response validation with the spec's own Ajv validator
// (contract/validate.ts reads generated/openapi.json from disk, which a browser bundle cannot do, so the core
// client in client/index.ts only takes a validator function and this module supplies one).
import { getOperation, loadSpec, resolveRef, type JsonObject } from "../contract/spec.js";
import { ContractValidator, type ContractValidatorOptions } from "../contract/validate.js";
import {
  createRomsoftClient as createCoreClient,
  type OperationId,
  type ResponseValidator,
  type RomsoftClient,
  type RomsoftClientOptions,
} from "./index.js";
import type { ResponseIssue } from "./errors.js";

export * from "./index.js";

/**
 * A ResponseValidator backed by ContractValidator: HTTP 200 answers are checked against the operation's
 * response schema, 400/401 answers against ErrorEnvelope, and any status the operation does not declare is an
 * issue in itself. `strictResponses` (default true) makes undeclared properties errors.
 */
export function contractResponseValidator(options: ContractValidatorOptions = { strictResponses: true }): ResponseValidator {
  const validator = new ContractValidator(options);
  const declared = new Map<string, Set<string>>();
  const statusesOf = (operationId: OperationId): Set<string> => {
    let set = declared.get(operationId);
    if (!set) {
      const op = getOperation(operationId);
      const doc = loadSpec();
      const item = resolveRef(doc, doc.paths[op.path]?.post ?? {});
      set = new Set(Object.keys((item.responses ?? {}) as JsonObject));
      declared.set(operationId, set);
    }
    return set;
  };
  return (operationId, status, body): ResponseIssue[] => {
    if (!statusesOf(operationId).has(String(status))) {
      return [{ pointer: "", keyword: "status", message: `HTTP ${status} is not a status the operation declares` }];
    }
    const op = getOperation(operationId);
    return status === 200 ? validator.validateResponse(op, body).issues : validator.validateErrorEnvelope(body).issues;
  };
}

export interface NodeRomsoftClientOptions extends Omit<RomsoftClientOptions, "validateResponses"> {
  /** `true` validates with the spec (strict: undeclared properties are errors); a function validates with it. */
  validateResponses?: boolean | ResponseValidator;
}

/** `createRomsoftClient` for Node, where `validateResponses: true` uses the bundled spec. */
export function createRomsoftClient(options: NodeRomsoftClientOptions): RomsoftClient {
  const { validateResponses, ...rest } = options;
  const validator = validateResponses === true ? contractResponseValidator() : validateResponses || false;
  return createCoreClient({ ...rest, validateResponses: validator });
}
