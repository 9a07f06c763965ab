// The JsonResponse envelope as the domain answers it (contract/envelope.ts's type and constructors): success,
// business warning, and the backend's answer to an unexpected error.
import { error, type JsonResponse } from "../../../contract/envelope.js";

export { ok, warning } from "../../../contract/envelope.js";

/** The JsonResponse envelope with a typed Data. */
export type Envelope<D> = JsonResponse<D>;

/** What the backend answers when an action fails unexpectedly (HTTP 200, Success:false). */
export function errorEnvelope(): Envelope<never> {
  return error();
}
