// Request validation: every operation's body and query string are checked against the spec before the
// action runs, and a refusal names the field.
//
// Deliberate choices (fastify's defaults differ):
// - JSON Schema 2020-12 (the dialect of OpenAPI 3.1) with Ajv2020, not draft-07;
// - bodies are NOT coerced (`"2"` is not an integer, `null` is not `""`), nothing is removed (unknown
//   properties stay in the body, where no handler reads them) and no defaults are filled in;
// - query strings ARE coerced (they are text by nature: `?idPaciente=5` is the integer 5);
// - the first error only (allErrors off): one clear message, bounded work on hostile input;
// - the `application/json` body schema is the route's whole body schema (operation-routes.ts), so the body is
//   validated whatever the Content-Type (fastify otherwise validates only when the media type matches);
// - an action that reads a DTO refuses a missing, empty, `null` or non-object body (requireObjectBody).
import type { FastifyRequest, FastifySchemaCompiler } from "fastify";
import type { ErrorObject } from "ajv/dist/2020.js";
import type { DataValidationCxt } from "ajv/dist/types/index.js";
import { createAjv } from "../contract/ajv.js";
import { bodyRequiredMessage } from "../contract/request-errors.js";
import { RequestProblem } from "./error-envelope.js";

type AjvValidate = ((data: unknown, dataCxt?: DataValidationCxt) => boolean) & { errors?: ErrorObject[] | null };

/**
 * A validator compiled on first use. fastify reads `errors` after a `false` and passes the parent object
 * (so that Ajv may coerce the root value) to functions that have a `schemaEnv`, as Ajv's do.
 */
function lazyValidator(compile: () => AjvValidate): AjvValidate & { schemaEnv: true } {
  let compiled: AjvValidate | undefined;
  const validate = (data: unknown, dataCxt?: DataValidationCxt): boolean => {
    compiled ??= compile();
    const valid = compiled(data, dataCxt);
    validate.errors = compiled.errors ?? null;
    return valid;
  };
  validate.errors = null as ErrorObject[] | null;
  validate.schemaEnv = true as const;
  return validate;
}

function isJsonObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The validator compiler of the operations' routes (their `validatorCompiler` route option): bodies with an
 * Ajv that coerces nothing, query strings with one that coerces text. Each route's validator is compiled on
 * its first request, not at start-up (110 operations' schemas compiled up front were most of the start-up
 * time); Ajv's own function is called as fastify would call it.
 */
export function createRequestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const bodyAjv = createAjv("body");
  const textAjv = createAjv("query");
  return ({ schema, httpPart }) => lazyValidator(() => (httpPart === "body" ? bodyAjv : textAjv).compile(schema as object));
}

/** The preValidation hook of an operation that reads a DTO: anything but a JSON object is refused. */
export async function requireObjectBody(request: FastifyRequest): Promise<void> {
  if (!isJsonObject(request.body)) throw new RequestProblem(400, bodyRequiredMessage(request.body));
}
