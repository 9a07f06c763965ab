// The scenario vocabulary of the `Prefer` request header, spoken identically by every implementation that
// serves scenarios (the Prism front `npm run mock`, the in-browser/in-test mock mocks/msw/, the sandbox server):
// they all parse and resolve it here. Pure TypeScript, no Node imports: the MSW handlers run it in a browser.
//
// Vocabulary (comma-separated preferences, in any order):
//   example=<name>   answer the operation's named 200 example verbatim (`ok`, `warning`, `error`, ...)
//   code=<status>    answer the operation's documented example for that status (200 → `ok`, otherwise the
//                    status's first example: 400 → `wrongType`, 401 → `missing`)
//   code=<s>, example=<name>   the named example of status <s> (`code=401, example=expired`)
//   delay=<ms>       0–30000: send the answer (the scenario's or the normal one) after that many milliseconds
//
// Exact rules (unit tests: test/contract/scenarios.test.ts; every implementation runs test/support/scenario-table.ts):
// - Several `Prefer` headers count as one comma-separated list. Empty list elements are skipped (`example=ok,`).
// - Whitespace around elements and around `=` is ignored. Preference names are case-insensitive
//   (`Example=ok`, as RFC 7240 says of preference names); values are exact: example names are case-sensitive.
//   A value may be written as a quoted string (`example="warning"`).
// - Each preference may appear once: a repeated one (`example=ok, example=error`, even with the same value) is
//   refused rather than silently picking one.
// - Anything else (another preference such as `return=minimal` or `respond-async`, a parameter after `;`, a
//   preference without a value) is refused with a message naming what was sent.
// - A refusal is a 400 envelope answered at once: a `delay` in a refused header is not applied.
// - Where it applies: the scenario replaces the action's answer only. Everything the reference server checks
//   before an action runs is checked first and answered as usual, without delay, in the server's order: the
//   route (unknown path 404, other method 405), the token (401), the body and query string (400). So
//   `Prefer: example=ok` without a token on a secured operation is a 401, and `Prefer: nonsense` with an
//   invalid body is the body's 400.
import type { ExampleObject, Operation } from "./operations.js";

/** Longest delay accepted, in milliseconds. */
export const MAX_DELAY_MS = 30_000;

/** The operation's data a scenario is resolved against. */
export type ScenarioOperation = Pick<Operation, "operationId" | "statusExamples">;

export interface Preferences {
  example?: string;
  code?: number;
  delayMs?: number;
}

/** The envelope of a refused `Prefer` header (the ErrorEnvelope of the spec). */
export interface RefusalEnvelope {
  Message: string;
  Success: false;
  Warning: false;
  Data: null;
}

export type PreferParse = { ok: true; preferences: Preferences } | { ok: false; message: string };

export type Scenario =
  /** No example or code asked: the operation answers as usual, after `delayMs`. */
  | { kind: "action"; delayMs: number }
  /** Answer `body` (a spec example, verbatim; do not mutate it) with HTTP `status`, after `delayMs`. */
  | { kind: "example"; status: number; exampleName: string; body: unknown; delayMs: number }
  /** The header was refused: answer `body` with HTTP 400 at once. */
  | { kind: "refused"; status: 400; body: RefusalEnvelope; delayMs: 0 };

const NAMES = ["example", "code", "delay"] as const;
type Name = (typeof NAMES)[number];
const SUPPORTED = "se admiten example=<nombre>, code=<estado> y delay=<ms>";

function refusal(message: string): RefusalEnvelope {
  return { Message: message, Success: false, Warning: false, Data: null };
}

/** What the client sent, as quoted back in a message (bounded: a header may be long). */
function shown(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Parses the `Prefer` header value(s). No header, or only whitespace and commas, means no preferences. */
export function parsePrefer(header: string | readonly string[] | null | undefined): PreferParse {
  if (header === null || header === undefined) return { ok: true, preferences: {} };
  const text = typeof header === "string" ? header : header.join(",");
  const preferences: Preferences = {};
  const seen = new Set<Name>();
  for (const raw of text.split(",")) {
    const element = raw.trim();
    if (element === "") continue;
    const eq = element.indexOf("=");
    const name = (eq < 0 ? element : element.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : unquote(element.slice(eq + 1).trim());
    if (!(NAMES as readonly string[]).includes(name) || element.includes(";")) {
      return { ok: false, message: `Solicitud inválida: la preferencia '${shown(element)}' de la cabecera Prefer no está admitida (${SUPPORTED}).` };
    }
    const known = name as Name;
    if (seen.has(known)) {
      return { ok: false, message: `Solicitud inválida: la preferencia '${known}' aparece más de una vez en la cabecera Prefer.` };
    }
    seen.add(known);
    if (value === undefined || value === "") {
      const form = known === "example" ? "example=<nombre>" : known === "code" ? "code=<estado>" : "delay=<ms>";
      return { ok: false, message: `Solicitud inválida: la preferencia '${known}' de la cabecera Prefer necesita un valor (${form}).` };
    }
    if (known === "example") {
      preferences.example = value;
    } else if (known === "code") {
      if (!/^[1-5]\d\d$/.test(value)) {
        return { ok: false, message: `Solicitud inválida: la preferencia '${shown(element)}' de la cabecera Prefer debe ser un código de estado HTTP (tres cifras, de 100 a 599).` };
      }
      preferences.code = Number(value);
    } else {
      const ms = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
      if (!(ms >= 0 && ms <= MAX_DELAY_MS)) {
        return { ok: false, message: `Solicitud inválida: la preferencia '${shown(element)}' de la cabecera Prefer debe ser un número entero de milisegundos entre 0 y ${MAX_DELAY_MS}.` };
      }
      preferences.delayMs = ms;
    }
  }
  return { ok: true, preferences };
}

function pick(examples: Record<string, ExampleObject>, status: string): [string, ExampleObject] | undefined {
  const entries = Object.entries(examples);
  return (status === "200" ? entries.find(([name]) => name === "ok") : undefined) ?? entries[0];
}

/** Resolves parsed preferences against an operation of the bundled spec. */
export function resolvePreferences(op: ScenarioOperation, preferences: Preferences): Scenario {
  const delayMs = preferences.delayMs ?? 0;
  if (preferences.example === undefined && preferences.code === undefined) return { kind: "action", delayMs };
  const refused = (message: string): Scenario => ({ kind: "refused", status: 400, body: refusal(message), delayMs: 0 });

  const documented = Object.keys(op.statusExamples).filter((s) => Object.keys(op.statusExamples[s]!).length > 0);
  const status = preferences.code === undefined ? "200" : String(preferences.code);
  const examples = op.statusExamples[status];
  if (!examples || Object.keys(examples).length === 0) {
    return refused(`Solicitud inválida: la operación ${op.operationId} no documenta el estado ${status}; estados documentados: ${documented.join(", ")}.`);
  }
  if (preferences.example === undefined) {
    const [name, example] = pick(examples, status)!;
    return { kind: "example", status: Number(status), exampleName: name, body: example.value, delayMs };
  }
  const example = Object.hasOwn(examples, preferences.example) ? examples[preferences.example] : undefined;
  if (!example) {
    const forStatus = preferences.code === undefined ? "" : ` para el estado ${status}`;
    return refused(
      `Solicitud inválida: la operación ${op.operationId} no tiene el ejemplo '${shown(preferences.example)}'${forStatus}; ejemplos${forStatus}: ${Object.keys(examples).join(", ")}.`,
    );
  }
  return { kind: "example", status: Number(status), exampleName: preferences.example, body: example.value, delayMs };
}

/** Parses the `Prefer` header and resolves it against the operation: what to answer, and when. */
export function resolveScenario(op: ScenarioOperation, header: string | readonly string[] | null | undefined): Scenario {
  const parsed = parsePrefer(header);
  if (!parsed.ok) return { kind: "refused", status: 400, body: refusal(parsed.message), delayMs: 0 };
  return resolvePreferences(op, parsed.preferences);
}
