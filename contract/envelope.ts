// The JsonResponse envelope every answer of the API is, typed once from the generated types, and the only
// three ways to build one. Pure TypeScript: the server, the client, the deployment validator and the mocks
// (also in a browser) use it.
import type { components } from "../generated/api.js";

type GeneratedJsonResponse = components["schemas"]["JsonResponse"];

/**
 * `{Message, Success, Warning, Data}` with `Data` narrowed to `D` (or null). `JsonResponse` alone is the
 * spec's schema as generated: `Data` of any type.
 */
export type JsonResponse<D = unknown> = {
  [K in keyof GeneratedJsonResponse]: K extends "Data" ? D | null : GeneratedJsonResponse[K];
};

/** The envelope's properties in the order the backend (Newtonsoft) writes them. */
export const JSON_RESPONSE_KEYS = ["Message", "Success", "Warning", "Data"] as const satisfies readonly (keyof GeneratedJsonResponse)[];

/** What the backend answers (HTTP 200, `Success:false`) when an action catches an unexpected error. */
export const GENERIC_ERROR_MESSAGE = "Hubo un error, inténtelo más tarde.";

// Each constructor writes the properties in JSON_RESPONSE_KEYS order: the answers' bytes depend on it.

/** A success carrying `data` (`message` is the success text of writes, usually null). */
export function ok<D>(data: D, message: string | null = null): JsonResponse<D> {
  return { Message: message, Success: true, Warning: false, Data: data };
}

/** A business refusal: `Success` stays true, `Warning` is true and `Message` says why. */
export function warning<D = never>(message: string, data: D | null = null): JsonResponse<D> {
  return { Message: message, Success: true, Warning: true, Data: data };
}

/**
 * An error: `Success:false`, `Data:null`. Without a message it is the backend's caught-error answer; the
 * server's refusals before any action runs (400, 401, 404...) pass their own message.
 */
export function error(message: string = GENERIC_ERROR_MESSAGE): JsonResponse<never> {
  return { Message: message, Success: false, Warning: false, Data: null };
}
