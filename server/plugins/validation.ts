// Request validation: every operation's body and query string are checked against the spec before the
// action runs, and a refusal names the field.
//
// Deliberate choices (fastify's defaults differ):
// - JSON Schema 2020-12 (the dialect of OpenAPI 3.1) with Ajv2020, not draft-07;
// - bodies are NOT coerced (`"2"` is not an integer, `null` is not `""`), nothing is removed (unknown
//   properties stay in the body, where no handler reads them) and no defaults are filled in;
// - query strings ARE coerced (they are text by nature: `?idPaciente=5` is the integer 5);
// - the first error only (allErrors off): one clear message, bounded work on hostile input;
// - the `application/json` body schema is flattened into `schema.body`, so the body is validated whatever
//   the Content-Type (fastify otherwise validates only when the media type matches);
// - an action that reads a DTO refuses a missing, empty, `null` or non-object body.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ErrorObject } from "ajv/dist/2020.js";
import type { DataValidationCxt } from "ajv/dist/types/index.js";
import { createRequestAjv } from "../../contract/ajv.js";
import { bodyRequiredMessage } from "../../contract/request-errors.js";
import { listOperations, type Operation } from "../../contract/spec.js";
import { RequestProblem } from "./envelope.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Set on the routes of the spec's operations. */
    operationId?: string;
  }
}

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

async function validation(app: FastifyInstance): Promise<void> {
  const bodyAjv = createRequestAjv({ coerceTypes: false });
  const textAjv = createRequestAjv({ coerceTypes: true });
  const operations = new Map<string, Operation>(listOperations().map((op) => [op.operationId, op]));

  // Each route's validator is compiled on its first request, not at start-up (110 operations' schemas
  // compiled up front were most of the start-up time). Ajv's own function is called as fastify would call it.
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(() => (httpPart === "body" ? bodyAjv : textAjv).compile(schema as object)));

  app.addHook("onRoute", (route) => {
    const schema = route.schema as ({ operationId?: unknown; body?: { content?: Record<string, { schema?: unknown }> } } & Record<string, unknown>) | undefined;
    const operationId = typeof schema?.operationId === "string" ? schema.operationId : undefined;
    const op = operationId ? operations.get(operationId) : undefined;
    if (!schema || !op) return;
    route.config = { ...(route.config ?? {}), operationId: op.operationId };

    const content = schema.body?.content;
    if (content) {
      const media = content["application/json"];
      if (!media?.schema) throw new Error(`${op.operationId}: request body without an application/json schema`);
      schema.body = media.schema as never;
    }

    if (op.bodyRequired) {
      const requireObject = async (request: FastifyRequest): Promise<void> => {
        if (!isJsonObject(request.body)) throw new RequestProblem(400, bodyRequiredMessage(request.body));
      };
      const existing = route.preValidation;
      route.preValidation = existing ? [...(Array.isArray(existing) ? existing : [existing]), requireObject] : requireObject;
    }
  });
}

export default fp(validation, { name: "romsoft-validation", fastify: "5.x" });
