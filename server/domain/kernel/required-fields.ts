// Business checks of request text fields shared by the controllers' writes.
import { campoObligatorio } from "./messages.js";
import type { Row } from "./table.js";

/** A text value trimmed; "" for anything that is not a string. */
export function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/** A warning when a required text field is missing or blank (in the values to write, else in the body). */
export function requireText(values: Row, body: Row, ...fields: string[]): string | null {
  for (const f of fields) if (text(values[f] ?? body[f]) === "") return campoObligatorio(f);
  return null;
}
