// The JsonResponse envelope as the HTTP shell writes it (refusals and failures), and the errors the shell
// raises on purpose; the plugins and the request validation share them.
import type { components } from "../generated/api.js";

export type Envelope = components["schemas"]["JsonResponse"];

/** What the backend answers (HTTP 200) when an action catches an unexpected error. */
export const GENERIC_ERROR_MESSAGE = "Hubo un error, inténtelo más tarde.";

/** `{Message, Success:false, Warning:false, Data:null}`, in the backend's property order. */
export function errorEnvelope(message: string): Envelope {
  return { Message: message, Success: false, Warning: false, Data: null };
}

/**
 * A request refused by the shell before any action runs (400, 404, 405, 413...). The message is the
 * envelope's Message and must say what was wrong.
 */
export class RequestProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "RequestProblem";
  }
}

/** A handler answered something its operation's response schema does not allow (only with validateResponses). */
export class ResponseContractError extends Error {
  constructor(
    readonly operationId: string,
    readonly issues: { pointer: string; keyword: string; message: string; property?: string }[],
  ) {
    super(`response of ${operationId} does not match the contract`);
    this.name = "ResponseContractError";
  }
}
