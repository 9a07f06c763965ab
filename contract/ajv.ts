// The one Ajv setup of the project: the server's request validation, the client's response validation and
// the deployment validator all compile the spec's schemas with an Ajv made here, so they accept and refuse
// the same values. Pure TypeScript (Ajv runs in browsers too).
//
// JSON Schema 2020-12 (the dialect of OpenAPI 3.1) with Ajv2020 and the formats of ajv-formats, which include
// OpenAPI's numeric ones: `int32` is a C# int (a value out of its range would not bind on the backend),
// `double` and `float` any number. Two formats are the project's own:
// - `int64` is a safe JavaScript integer, ±(2^53−1): ajv-formats accepts any integer, but beyond 2^53 a JSON
//   number no longer names one integer (1e20 would be stored as something else); the spec bounds every int64
//   property likewise with minimum/maximum;
// - `net-date-time` (the spec's NetDateTime) is a .NET date that exists (./net-date.ts): `2021-02-30` and
//   `0000-00-00` are refused, `0001-01-01T00:00:00` is valid.
// Both are defined in ./formats.ts (without Ajv, so that the client package's precompiled validators share them).
// `strict: false`: the spec's schemas carry OpenAPI keywords (`example`, `x-*`) Ajv does not know.
import { Ajv2020, type CodeOptions, type Options } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { PROJECT_FORMATS } from "./formats.js";

/**
 * What each user of the factory needs. Nothing is ever coerced in a body (`"2"` is not an integer, `null`
 * is not `""`), removed (unknown properties stay where no handler reads them) or filled in (no defaults).
 */
export const AJV_PRESETS = {
  /** Request bodies as the server checks them: the first error only (one clear message, bounded work). */
  body: { coerceTypes: false, allErrors: false, removeAdditional: false, useDefaults: false, strict: false, validateFormats: true },
  /** Query strings as the server checks them: coerced, since they are text by nature (`?idPaciente=5` is 5). */
  query: { coerceTypes: true, allErrors: false, removeAdditional: false, useDefaults: false, strict: false, validateFormats: true },
  /** Reports (client response validation, `verify`): the body rules, but every error is listed. */
  report: { coerceTypes: false, allErrors: true, removeAdditional: false, useDefaults: false, strict: false, validateFormats: true },
} as const satisfies Record<string, Options>;

export type AjvPreset = keyof typeof AJV_PRESETS;

/**
 * An Ajv with a preset's options and the project's formats. `code` is passed to Ajv as is: the client package
 * generates its standalone (precompiled) validators with `createAjv("report", { source: true, esm: true, ... })`.
 */
export function createAjv(preset: AjvPreset, code?: CodeOptions): Ajv2020 {
  const ajv = new Ajv2020({ ...AJV_PRESETS[preset], ...(code ? { code } : {}) });
  addFormats.default(ajv);
  for (const [name, definition] of Object.entries(PROJECT_FORMATS)) ajv.addFormat(name, definition);
  return ajv;
}
