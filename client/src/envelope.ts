// Reading the JsonResponse envelope: every answer is `{Message, Success, Warning, Data}`, and HTTP 200 covers
// success, business warnings (`Warning:true`) and caught errors (`Success:false`) alike.
import { RomsoftApiError } from "./errors.js";
import type { DataOf, JsonResponse, OperationId, Reply } from "./types.js";

/** A success with its `Data`, a business warning, or an error, told apart by `kind`. */
export type Result<D> =
  | { kind: "ok"; data: D }
  | { kind: "warning"; message: string | null }
  | { kind: "error"; message: string | null; status: number };

function isReply(value: Reply<OperationId> | JsonResponse): value is Reply<OperationId> {
  return "envelope" in value && "operationId" in value;
}

function classify<D>(envelope: JsonResponse, status: number): Result<D> {
  if (status !== 200 || !envelope.Success) return { kind: "error", message: envelope.Message, status };
  if (envelope.Warning) return { kind: "warning", message: envelope.Message };
  return { kind: "ok", data: envelope.Data as D };
}

/** Classifies an answer of `call()` (or a bare envelope, taken as an HTTP 200 answer). */
export function result<K extends OperationId>(reply: Reply<K>): Result<DataOf<K>>;
export function result<E extends JsonResponse>(envelope: E): Result<E["Data"]>;
export function result(value: Reply<OperationId> | JsonResponse): Result<unknown> {
  return isReply(value) ? classify(value.envelope, value.status) : classify(value, 200);
}

/**
 * `Data` of a successful answer; a warning or an error throws a RomsoftApiError carrying the envelope's
 * `Message`, the HTTP status and the operationId.
 */
export function unwrap<K extends OperationId>(reply: Reply<K>): DataOf<K>;
export function unwrap<E extends JsonResponse>(envelope: E, operationId?: string): E["Data"];
export function unwrap(value: Reply<OperationId> | JsonResponse, operationId = ""): unknown {
  const id = isReply(value) ? value.operationId : operationId;
  const status = isReply(value) ? value.status : 200;
  const r = classify(isReply(value) ? value.envelope : value, status);
  if (r.kind === "ok") return r.data;
  throw new RomsoftApiError(id, status, r.kind, r.message);
}
