// The server's 400 messages for a request its schema refuses: one Spanish sentence naming the field. Kept
// apart from the server so the mocks (also the one running in a browser) refuse with the same words. Pure
// TypeScript: no Node module.
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
