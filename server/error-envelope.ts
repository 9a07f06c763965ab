// The errors the HTTP shell raises on purpose, shared by the plugins and the request validation (the envelope
// it answers them with is contract/envelope.ts's).
export { GENERIC_ERROR_MESSAGE, error as errorEnvelope } from "../contract/envelope.js";

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
