// The typed failures the client throws. Business warnings and caught errors (HTTP 200) are NOT exceptions:
// they come back as envelopes for `result()`; only `unwrap()` turns them into a RomsoftApiError.

/** A problem found when checking an answer against the spec (the shape of contract/issues.ts ValidationIssue). */
export interface ResponseIssue {
  /** JSON pointer into the answer, e.g. `/Data/0/id_paciente`. */
  pointer: string;
  /** JSON Schema keyword that failed (`type`, `required`, `unevaluatedProperties`, ...). */
  keyword: string;
  message: string;
  property?: string;
}

export abstract class RomsoftError extends Error {
  /** `{Controller}_{Action}` of the call that failed. */
  readonly operationId: string;
  /** HTTP status of the answer (0 when none was received). */
  readonly status: number;

  constructor(message: string, operationId: string, status: number) {
    super(message);
    this.operationId = operationId;
    this.status = status;
  }
}

/** HTTP 401: no token, or a token the server refused. `serverMessage` is the envelope's `Message`. */
export class RomsoftAuthError extends RomsoftError {
  // Written out, not `new.target.name`: bundlers that minify rename classes.
  override readonly name = "RomsoftAuthError";
  readonly serverMessage: string | null;

  constructor(operationId: string, serverMessage: string | null) {
    super(`${operationId}: unauthorized (HTTP 401)${serverMessage ? `: ${serverMessage}` : ""}`, operationId, 401);
    this.serverMessage = serverMessage;
  }
}

/**
 * Thrown by `unwrap()` when the envelope is not a success: a business warning (`kind: "warning"`, HTTP 200), a
 * caught error (`kind: "error"`, HTTP 200 `Success:false`) or a request refused before the action ran
 * (`kind: "error"`, HTTP 400). `serverMessage` is the envelope's `Message`.
 */
export class RomsoftApiError extends RomsoftError {
  override readonly name = "RomsoftApiError";
  readonly kind: "warning" | "error";
  readonly serverMessage: string | null;

  constructor(operationId: string, status: number, kind: "warning" | "error", serverMessage: string | null) {
    super(`${operationId}: ${kind} (HTTP ${status}): ${serverMessage ?? "(no message)"}`, operationId, status);
    this.kind = kind;
    this.serverMessage = serverMessage;
  }
}

/** The answer does not match the operation's response schema (only with `validateResponses`). */
export class RomsoftContractError extends RomsoftError {
  override readonly name = "RomsoftContractError";
  readonly issues: readonly ResponseIssue[];
  readonly body: unknown;

  constructor(operationId: string, status: number, issues: readonly ResponseIssue[], body: unknown) {
    const list = issues.map((i) => `  ${i.pointer || "/"} ${i.keyword}: ${i.message}${i.property ? ` (${i.property})` : ""}`);
    super(`${operationId}: HTTP ${status} answer does not match the spec:\n${list.join("\n")}`, operationId, status);
    this.issues = issues;
    this.body = body;
  }
}

/** An answer the spec does not describe at all: an undeclared status, or a body that is not a JSON envelope. */
export class RomsoftHttpError extends RomsoftError {
  override readonly name = "RomsoftHttpError";
  readonly body: unknown;

  constructor(operationId: string, status: number, body: unknown) {
    super(`${operationId}: unexpected HTTP ${status} answer`, operationId, status);
    this.body = body;
  }
}
