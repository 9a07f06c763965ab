// The Ajv instance that checks requests as the reference server does (JSON Schema 2020-12, the dialect of
// OpenAPI 3.1, with OpenAPI's numeric formats). No Node imports: the in-browser mock uses it too.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const INT32 = { min: -2147483648, max: 2147483647 };

export interface RequestAjvOptions {
  /** Coerce text to the schema's types: query strings yes (`?id=5` is 5), JSON bodies no. */
  coerceTypes: boolean;
}

/**
 * First error only (allErrors off: one clear message, bounded work on hostile input), nothing removed, no
 * defaults filled in.
 */
export function createRequestAjv({ coerceTypes }: RequestAjvOptions): Ajv2020 {
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
