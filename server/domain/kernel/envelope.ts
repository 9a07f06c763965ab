// The JsonResponse envelope as the domain answers it: success, business warning, and the backend's answer to
// an unexpected error.
import { Mensajes } from "./messages.js";

/** The JsonResponse envelope with a typed Data. */
export interface Envelope<D> {
  Message: string | null;
  Success: boolean;
  Warning: boolean;
  Data: D | null;
}

export function ok<D>(data: D, message: string | null = null): Envelope<D> {
  return { Message: message, Success: true, Warning: false, Data: data };
}

/** A business refusal: Success stays true. */
export function warning(message: string): Envelope<never> {
  return { Message: message, Success: true, Warning: true, Data: null };
}

/** What the backend answers when an action fails unexpectedly (HTTP 200, Success:false). */
export function errorEnvelope(): Envelope<never> {
  return { Message: Mensajes.IntenteloMasTarde, Success: false, Warning: false, Data: null };
}
