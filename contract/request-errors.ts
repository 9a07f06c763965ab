// The server's messages for a request refused before any action runs: the 400s (one Spanish sentence naming
// the field), 401, 404 and 405. Kept apart from the server so the mocks (the Prism front and the MSW handlers,
// which also run in a browser) refuse with the same words. Pure TypeScript: no Node module.
import type { ErrorObject } from "ajv";
import { NET_DATE_PATTERN, NET_DATE_TIME_FORMAT } from "./net-date.js";

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
      if (format === "int64") return `Solicitud inválida: ${label} debe ser un entero entre -9007199254740991 y 9007199254740991.`;
      if (format === NET_DATE_TIME_FORMAT) return `Solicitud inválida: ${label} debe ser una fecha y hora existente como 2021-09-06T10:12:05.`;
      return `Solicitud inválida: ${label} debe tener el formato ${format}.`;
    }
    case "pattern":
      if (String(params.pattern) === NET_DATE_PATTERN) {
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

export const MALFORMED_JSON_MESSAGE = "Solicitud inválida: el cuerpo no es JSON válido.";

/** A number literal too large for a double (`1e309`) parses to ±Infinity: no field can hold it. */
export function outOfRangeNumberMessage(field: string): string {
  const label = field === "" ? "el cuerpo de la solicitud" : `el campo '${field}'`;
  return `Solicitud inválida: ${label} tiene un número fuera de rango.`;
}

export function unsupportedMediaTypeMessage(contentType: string | undefined): string {
  if (!contentType) return "Solicitud inválida: falta la cabecera Content-Type; envíe el cuerpo como application/json.";
  const shown = contentType.split(";")[0]!.trim().slice(0, 100);
  return `Solicitud inválida: el tipo de contenido '${shown}' no es compatible; envíe el cuerpo como application/json.`;
}

export function notFoundMessage(method: string, url: string): string {
  const path = url.split("?")[0]!.slice(0, 200);
  return `No se encontró el recurso: ${method} ${path}.`;
}

export function methodNotAllowedMessage(allowed: string[]): string {
  return `Método no permitido: este recurso solo acepta ${allowed.join(", ")}.`;
}

// ---- 401: the bearer token (the server checks it in full, the mocks only its presence and shape) ----------

/** Longest token accepted, in characters (a normal token is about 300). */
export const MAX_TOKEN_LENGTH = 8192;

/** Why a request was refused with 401. */
export type TokenFailure =
  | "missing"
  | "multiple"
  | "scheme"
  | "tooLarge"
  | "malformed"
  | "algorithm"
  | "signature"
  | "expired"
  | "notBefore"
  | "issuer"
  | "audience"
  | "claims"
  | "inactive";

/**
 * The Message of each 401 answer. The first four are the ones documented in
 * openapi/components/responses/Unauthorized.yaml.
 */
export const UNAUTHORIZED_MESSAGES: Readonly<Record<TokenFailure, string>> = {
  missing: "No autorizado: falta el token (Authorization: Bearer <token>).",
  malformed: "No autorizado: el token no es un JWT válido.",
  signature: "No autorizado: la firma del token no es válida.",
  expired: "No autorizado: el token ha expirado.",
  multiple: "No autorizado: la solicitud trae más de una cabecera Authorization.",
  scheme: "No autorizado: la cabecera Authorization debe tener la forma 'Bearer <token>'.",
  tooLarge: `No autorizado: el token excede el tamaño máximo (${MAX_TOKEN_LENGTH} caracteres).`,
  algorithm: "No autorizado: el algoritmo del token no está permitido (se exige HS256).",
  notBefore: "No autorizado: el token todavía no es válido (nbf).",
  issuer: "No autorizado: el emisor (iss) del token no es válido.",
  audience: "No autorizado: la audiencia (aud) del token no es válida.",
  claims: "No autorizado: el token no identifica a un usuario.",
  inactive: "No autorizado: el usuario del token no existe o está inactivo.",
};

/**
 * The token of an `Authorization` header value, or why there is none. RFC 6750: the scheme is
 * case-insensitive, followed by exactly one token. The token itself is not checked here.
 */
export function parseBearer(header: string | null | undefined): { token: string } | { failure: "missing" | "scheme" } {
  if (header === undefined || header === null || header.trim() === "") return { failure: "missing" };
  const parts = header.trim().split(/ +/);
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== "bearer") {
    return { failure: parts.length === 1 && parts[0]!.toLowerCase() === "bearer" ? "missing" : "scheme" };
  }
  return { token: parts[1]! };
}
