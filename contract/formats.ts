// The formats the project defines itself, added by the Ajv factory (./ajv.ts) after ajv-formats' own (the
// reasons are there). Kept apart from the factory, with no Ajv import, because the client package's
// precompiled validators import these very definitions into a browser bundle, where the factory (Ajv itself)
// must not come along; its build checks that each format the spec uses is the factory's definition.
import type { FormatDefinition } from "ajv/dist/2020.js";
import { NET_DATE_TIME_FORMAT, isNetDateTime } from "./net-date.js";

/** `int64`: a safe JavaScript integer, ±(2^53−1), replacing ajv-formats' (any integer). */
const int64: FormatDefinition<number> = { type: "number", validate: (n: number) => Number.isSafeInteger(n) };

/** `net-date-time` (the spec's NetDateTime): a .NET date that exists. */
const netDateTime: FormatDefinition<string> = { type: "string", validate: isNetDateTime };

/** By format name, as `ajv.addFormat` takes them. */
export const PROJECT_FORMATS: Readonly<Record<string, FormatDefinition<number> | FormatDefinition<string>>> = {
  int64,
  [NET_DATE_TIME_FORMAT]: netDateTime,
};
