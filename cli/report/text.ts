// Small helpers shared by the reporters.
import type { Finding } from "../model.js";

export function short(value: unknown, max = 80): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `expected X, got Y` when the finding has them. */
export function expectedActual(f: Finding): string {
  if (f.expected === undefined && f.actual === undefined) return "";
  return `expected ${short(f.expected)}, got ${short(f.actual)}`;
}
