// `@romsoft-contract/client/validate`: response validation with validators precompiled from the spec at build
// time (Ajv standalone code). Nothing is compiled at run time and nothing is read from disk, so it works in
// Node, in browsers and under a Content-Security-Policy without 'unsafe-eval'. Kept out of the core entry: the
// validators are most of the package's size and only this subpath pulls them in.
import { summarizeErrors } from "../../contract/issues.js";
import {
  createRomsoftClient as createCoreClient,
  type ResponseIssue,
  type ResponseValidator,
  type RomsoftClient,
  type RomsoftClientOptions,
} from "./index.js";
import { errorEnvelope, responses, statuses } from "./validators.js";

export * from "./index.js";

/**
 * Checks an answer against the spec: HTTP 200 against the operation's response schema, 400/401 against
 * ErrorEnvelope, and a status the operation does not declare is an issue in itself. Properties the spec does
 * not declare are errors (the real server writes exactly the DTO's properties: an extra one means drift).
 * Pass it as `validateResponses` to `createRomsoftClient`, or call it on any answer.
 */
export const responseValidator: ResponseValidator = (operationId, status, body): ResponseIssue[] => {
  const validate = responses[operationId];
  if (!validate) return [{ pointer: "", keyword: "operation", message: `${operationId} is not an operation of the spec` }];
  if (!statuses[operationId]?.includes(status)) {
    return [{ pointer: "", keyword: "status", message: `HTTP ${status} is not a status the operation declares` }];
  }
  const check = status === 200 ? validate : errorEnvelope;
  return check(body) ? [] : summarizeErrors(check.errors);
};

export interface ValidatingClientOptions extends Omit<RomsoftClientOptions, "validateResponses"> {
  /** `true` checks every answer with `responseValidator`; a function checks with that function. */
  validateResponses?: boolean | ResponseValidator;
}

/** `createRomsoftClient` of the core, where `validateResponses: true` means the precompiled validators. */
export function createRomsoftClient(options: ValidatingClientOptions): RomsoftClient {
  const { validateResponses, ...rest } = options;
  const validator = validateResponses === true ? responseValidator : validateResponses || false;
  return createCoreClient({ ...rest, validateResponses: validator });
}
