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
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import type { DataValidationCxt } from "ajv/dist/types/index.js";
import addFormats from "ajv-formats";
import { listOperations, listSandboxOperations, type Operation } from "../../contract/spec.js";
import { RequestProblem } from "./envelope.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Set on the routes of the spec's operations. */
    operationId?: string;
  }
}

const INT32 = { min: -2147483648, max: 2147483647 };

function createAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    coerceTypes,
    allErrors: false,
    removeAdditional: false,
    useDefaults: false,
    strict: false,
    validateFormats: true,
  });
  addFormats.default(ajv);
  // OpenAPI's numeric formats: int32 is a C# int (out of range it would not bind), the others are free.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("float", { type: "number", validate: () => true });
  return ajv;
}

function describe(value: unknown): string {
  if (value === undefined) return "no se recibió cuerpo";
  if (value === null) return "se recibió null";
  if (Array.isArray(value)) return "se recibió un arreglo";
  if (typeof value === "string") return value === "" ? 'se recibió la cadena vacía ""' : "se recibió una cadena";
  return `se recibió un valor de tipo ${typeof value}`;
}

export function bodyRequiredMessage(received: unknown): string {
  return `Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON (${describe(received)}).`;
}

/** `/a/0/b` → `a[0].b` */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

const NET_DATE_PATTERN_START = "^\\d{4}-\\d{2}-\\d{2}";

/** One Spanish sentence for the first validation error, naming the field. */
export function validationMessage(errors: ErrorObject[], part: string): string {
  const isQuery = part === "querystring";
  const noun = isQuery ? "el parámetro" : "el campo";
  const where = isQuery ? " de la URL" : "";
  // Skip the anyOf/allOf wrappers: the first concrete error is the useful one.
  const first = errors.find((e) => e.keyword !== "anyOf" && e.keyword !== "allOf" && e.keyword !== "oneOf") ?? errors[0];
  if (!first) return "Solicitud inválida.";
  const params = first.params as Record<string, unknown>;

  if (first.keyword === "required") {
    return `Solicitud inválida: falta ${noun} obligatorio '${fieldName(first.instancePath, String(params.missingProperty))}'${where}.`;
  }
  const field = fieldName(first.instancePath);
  const label = field === "" ? (isQuery ? "la cadena de consulta" : "el cuerpo de la solicitud") : `${noun} '${field}'${where}`;
  switch (first.keyword) {
    case "type": {
      // A nullable property fails once per branch of its anyOf: name every accepted type.
      const types = new Set<string>();
      for (const e of errors) {
        if (e.keyword === "type" && e.instancePath === first.instancePath) {
          for (const t of String((e.params as { type: unknown }).type).split(",")) types.add(t);
        }
      }
      return `Solicitud inválida: ${label} debe ser de tipo ${[...types].join(" o ")}.`;
    }
    case "format": {
      const format = String(params.format);
      if (format === "int32") return `Solicitud inválida: ${label} debe ser un entero de 32 bits.`;
      if (format === "int64") return `Solicitud inválida: ${label} debe ser un entero.`;
      return `Solicitud inválida: ${label} debe tener el formato ${format}.`;
    }
    case "pattern":
      if (String(params.pattern).startsWith(NET_DATE_PATTERN_START)) {
        return `Solicitud inválida: ${label} debe ser una fecha y hora como 2021-09-06T10:12:05.`;
      }
      return `Solicitud inválida: ${label} no tiene el formato esperado.`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `Solicitud inválida: ${label} debe ser ${String(params.comparison)} ${String(params.limit)}.`;
    case "const":
      return `Solicitud inválida: ${label} debe valer ${JSON.stringify(params.allowedValue)}.`;
    case "enum":
      return `Solicitud inválida: ${label} debe ser uno de ${JSON.stringify(params.allowedValues)}.`;
    default:
      return `Solicitud inválida: ${label} no es válido (${first.message ?? first.keyword}).`;
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
  const bodyAjv = createAjv(false);
  const textAjv = createAjv(true);
  const operations = new Map<string, Operation>([...listOperations(), ...listSandboxOperations()].map((op) => [op.operationId, op]));

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
