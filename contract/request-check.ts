// A request checked against the bundled spec the way the reference server checks it, as plain functions (no
// Node, no fastify): the in-browser mock (mocks/msw/) refuses what the server refuses, with the same 400
// message. The server applies the same rules through fastify (server/plugins/json-body.ts,
// server/request-validation.ts and server/operation-routes.ts):
//   1. the body must be JSON: `application/json` or `text/json` (with parameters); no Content-Type is fine only
//      without a body; a UTF-8 byte-order mark is tolerated; an empty body is no body; `__proto__` keys and
//      `constructor.prototype` are dropped; a number too large for a double is refused naming its field;
//   2. an operation that reads a DTO needs a JSON object;
//   3. the body, then the query string (coerced: `?id=5` is 5), validated against the operation's schemas,
//      first error only, the message naming the field.
// Ajv compiles each validator on first use (with `new Function`: a page whose Content-Security-Policy forbids
// 'unsafe-eval' needs precompiled validators instead).
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { createAjv } from "./ajv.js";
import type { JsonObject, OpenApiDocument, Operation } from "./operations.js";
import {
  MALFORMED_JSON_MESSAGE,
  bodyRequiredMessage,
  outOfRangeNumberMessage,
  unsupportedMediaTypeMessage,
  validationMessage,
} from "./request-errors.js";

/** Cheap test on the raw text: only a body with an exponent of 3+ digits or 309+ digits can overflow. */
export const HUGE_NUMBER_LITERAL = /\d[eE]\+?\d{3}|\d{309}/;

/** Path (`a.b[0]`) of the first non-finite number in a parsed body, or null. Iterative: bodies nest deeply. */
export function nonFinitePath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return path;
    } else if (Array.isArray(v)) {
      v.forEach((child, i) => stack.push([child, `${path}[${i}]`]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) stack.push([child, path ? `${path}.${k}` : k]);
    }
  }
  return null;
}

export type BodyRead = { ok: true; body: unknown } | { ok: false; message: string };

const JSON_MEDIA_TYPES = new Set(["application/json", "text/json"]);

/** Drops what secure-json-parse (fastify's parser) drops: `__proto__` keys and `constructor.prototype`. */
function dropPoisonedKeys(key: string, value: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (key === "constructor" && value !== null && typeof value === "object" && Object.hasOwn(value, "prototype")) return undefined;
  return value;
}

/** Reads a request body as the server does (rule 1). `undefined` body = no body. */
export function readJsonBody(contentType: string | null | undefined, text: string): BodyRead {
  if (contentType === null || contentType === undefined || contentType === "") {
    return text === "" ? { ok: true, body: undefined } : { ok: false, message: unsupportedMediaTypeMessage(undefined) };
  }
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  if (!JSON_MEDIA_TYPES.has(media)) return { ok: false, message: unsupportedMediaTypeMessage(contentType) };
  const raw = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (raw.trim() === "") return { ok: true, body: undefined };
  let body: unknown;
  try {
    body = JSON.parse(raw, dropPoisonedKeys);
  } catch {
    return { ok: false, message: MALFORMED_JSON_MESSAGE };
  }
  const overflow = HUGE_NUMBER_LITERAL.test(raw) ? nonFinitePath(body) : null;
  if (overflow !== null) return { ok: false, message: outOfRangeNumberMessage(overflow) };
  return { ok: true, body };
}

const SPEC_ID = "romsoft:request-check";

export interface RequestChecker {
  /** The 400 message for this request, or null when the server would let it reach the action (rules 2–3). */
  check(op: Operation, body: unknown, query: URLSearchParams): string | null;
}

export function createRequestChecker(doc: OpenApiDocument): RequestChecker {
  let bodyAjv: Ajv2020 | undefined;
  let queryAjv: Ajv2020 | undefined;
  const bodyValidators = new Map<string, ValidateFunction>();
  const queryValidators = new Map<string, ValidateFunction | null>();

  const bodyValidator = (op: Operation): ValidateFunction => {
    let fn = bodyValidators.get(op.operationId);
    if (!fn) {
      if (!bodyAjv) {
        bodyAjv = createAjv("body");
        bodyAjv.addSchema({ ...doc, $id: SPEC_ID });
      }
      fn = bodyAjv.compile({ $ref: `${SPEC_ID}${op.pointer}/requestBody/content/application~1json/schema` });
      bodyValidators.set(op.operationId, fn);
    }
    return fn;
  };

  // The query string schema as fastify-openapi-glue builds it for the server: one property per parameter.
  const queryValidator = (op: Operation): ValidateFunction | null => {
    if (!queryValidators.has(op.operationId)) {
      const operation = doc.paths[op.path]?.post as JsonObject | undefined;
      const params = ((operation?.parameters ?? []) as JsonObject[]).filter((p) => p.in === "query");
      if (params.length === 0) queryValidators.set(op.operationId, null);
      else {
        queryAjv ??= createAjv("query");
        queryValidators.set(
          op.operationId,
          queryAjv.compile({
            type: "object",
            properties: Object.fromEntries(params.map((p) => [String(p.name), p.schema as JsonObject])),
            required: params.filter((p) => p.required === true).map((p) => String(p.name)),
          }),
        );
      }
    }
    return queryValidators.get(op.operationId) ?? null;
  };

  return {
    check(op, body, query) {
      if (op.bodyRequired && (body === null || typeof body !== "object" || Array.isArray(body))) return bodyRequiredMessage(body);
      const validateBody = bodyValidator(op);
      // fastify validates a missing body as null.
      if (!validateBody(body === undefined ? null : body)) return validationMessage(validateBody.errors ?? [], "body");
      const validateQuery = queryValidator(op);
      if (validateQuery) {
        const values: Record<string, string> = {};
        for (const [k, v] of query) if (!(k in values)) values[k] = v;
        if (!validateQuery(values)) return validationMessage(validateQuery.errors ?? [], "querystring");
      }
      return null;
    },
  };
}
