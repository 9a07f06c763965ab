// The one table of `Prefer` scenario cases every implementation of the vocabulary (contract/scenarios.ts) is
// tested against: the Prism front (`npm run mock`), the MSW handlers (mocks/msw/) and the sandbox server. Each
// implementation plugs in a `send` and a token it accepts; expected bodies are read from the bundled spec,
// never copied into the table.
import { expect, it } from "vitest";
import { getOperation, listOperations, type Operation } from "../../contract/spec.js";

export interface Answer {
  status: number;
  body: unknown;
}

/** Sends one POST of an operation; `headers` holds `Prefer` and, when the case has a token, `Authorization`. */
export type Send = (operationId: string, body: unknown, headers: Record<string, string>) => Promise<Answer>;

export interface ScenarioExpectation {
  status: number;
  /** The exact body (deep equality). */
  body?: unknown;
  /** Pattern the envelope's Message must match. */
  message?: RegExp;
  /** Texts the Message must contain (e.g. every example name listed). */
  messageIncludes?: string[];
  /** Expected `Success` when the exact body is not known (the sandbox computes real answers). */
  success?: boolean;
  /** The answer must not come back sooner than this (ms). */
  minDelayMs?: number;
  /** The answer must come back sooner than this (ms): a delay that must not be applied. */
  maxDelayMs?: number;
}

export interface ScenarioCase {
  name: string;
  operationId: string;
  /** The `Prefer` header value, or undefined for none. */
  prefer?: string;
  /** Whether the request carries the implementation's bearer token. */
  token: boolean;
  /** Request body: the operation's first request example unless given. */
  body?: unknown;
  expect: ScenarioExpectation;
}

const PLAN_ADD = "CVN_PLAN_SEGURO_Add";
const PLAN_LIST = "CVN_PLAN_SEGURO_GetAllActives";
const LOGIN = "Account_Login";

const example = (operationId: string, name: string, status = "200"): unknown => {
  const found = getOperation(operationId).statusExamples[status]?.[name];
  if (!found) throw new Error(`${operationId} documents no ${status} example '${name}'`);
  return found.value;
};
const exampleNames = (operationId: string, status = "200") => Object.keys(getOperation(operationId).statusExamples[status] ?? {});
/** The statuses the operation documents with an example, as the refusal lists them (read from the spec). */
export const documentedStatuses = (operationId: string): string => {
  const statuses = Object.entries(getOperation(operationId).statusExamples).filter(([, examples]) => Object.keys(examples).length > 0).map(([status]) => status);
  // Every operation documents its success and its 400; only secured ones document 401.
  if (!statuses.includes("200") || !statuses.includes("400") || statuses.includes("401") !== getOperation(operationId).secured) {
    throw new Error(`${operationId}: unexpected documented statuses ${statuses.join(", ")}`);
  }
  return statuses.join(", ");
};
/** An operation with a second warning example, found in the spec. */
const withWarning2 = (): Operation => {
  const op = listOperations().find((o) => o.responseExamples.warning2 !== undefined && o.secured);
  if (!op) throw new Error("no operation of the spec has a warning2 example");
  return op;
};

const DELAY = 200;
/** Timers may fire a little early relative to a client's clock. */
const DELAY_TOLERANCE = 5;

export function scenarioCases(): ScenarioCase[] {
  const w2 = withWarning2().operationId;
  return [
    // Normal answers and plain examples.
    { name: "no Prefer: the action's answer", operationId: PLAN_LIST, token: true, expect: { status: 200, success: true } },
    { name: "example=ok", operationId: PLAN_LIST, prefer: "example=ok", token: true, expect: { status: 200, body: example(PLAN_LIST, "ok") } },
    { name: "example=warning", operationId: PLAN_ADD, prefer: "example=warning", token: true, expect: { status: 200, body: example(PLAN_ADD, "warning") } },
    { name: "example=warning2", operationId: w2, prefer: "example=warning2", token: true, expect: { status: 200, body: example(w2, "warning2") } },
    { name: "example=error: HTTP 200 Success:false", operationId: PLAN_LIST, prefer: "example=error", token: true, expect: { status: 200, body: example(PLAN_LIST, "error") } },
    { name: "a reference-server warning by name", operationId: PLAN_ADD, prefer: "example=warningReferenceServerDescripcion", token: true, expect: { status: 200, body: example(PLAN_ADD, "warningReferenceServerDescripcion") } },
    { name: "Login needs no token: example=warning", operationId: LOGIN, prefer: "example=warning", token: false, expect: { status: 200, body: example(LOGIN, "warning") } },
    {
      name: "unknown example: 400 listing the operation's examples",
      operationId: PLAN_ADD,
      prefer: "example=nope",
      token: true,
      expect: { status: 400, message: /^Solicitud inválida: la operación CVN_PLAN_SEGURO_Add no tiene el ejemplo 'nope'; ejemplos: /, messageIncludes: exampleNames(PLAN_ADD) },
    },
    {
      name: "example names are case-sensitive",
      operationId: PLAN_ADD,
      prefer: "example=Warning",
      token: true,
      expect: { status: 400, message: /no tiene el ejemplo 'Warning'/ },
    },
    // Status codes.
    { name: "code=200: the ok example", operationId: PLAN_ADD, prefer: "code=200", token: true, expect: { status: 200, body: example(PLAN_ADD, "ok") } },
    { name: "code=400: the first 400 example", operationId: PLAN_ADD, prefer: "code=400", token: true, expect: { status: 400, body: example(PLAN_ADD, exampleNames(PLAN_ADD, "400")[0]!, "400") } },
    { name: "code=401: the first 401 example", operationId: PLAN_LIST, prefer: "code=401", token: true, expect: { status: 401, body: example(PLAN_LIST, exampleNames(PLAN_LIST, "401")[0]!, "401") } },
    { name: "code=401, example=expired", operationId: PLAN_LIST, prefer: "code=401, example=expired", token: true, expect: { status: 401, body: example(PLAN_LIST, "expired", "401") } },
    { name: "code=400, example=malformed on Login", operationId: LOGIN, prefer: "example=malformed,code=400", token: false, expect: { status: 400, body: example(LOGIN, "malformed", "400") } },
    {
      name: "code=401 on Login (undocumented): 400 listing the documented statuses",
      operationId: LOGIN,
      prefer: "code=401",
      token: false,
      expect: { status: 400, body: { Message: `Solicitud inválida: la operación Account_Login no documenta el estado 401; estados documentados: ${documentedStatuses(LOGIN)}.`, Success: false, Warning: false, Data: null } },
    },
    {
      name: "code=500: 400 listing the documented statuses",
      operationId: PLAN_LIST,
      prefer: "code=500",
      token: true,
      expect: { status: 400, message: new RegExp(`no documenta el estado 500; estados documentados: ${documentedStatuses(PLAN_LIST)}\\.$`) },
    },
    {
      name: "code=401 with an unknown example: 400 listing that status's examples",
      operationId: PLAN_LIST,
      prefer: "code=401, example=nope",
      token: true,
      expect: { status: 400, message: /no tiene el ejemplo 'nope' para el estado 401; ejemplos para el estado 401: /, messageIncludes: exampleNames(PLAN_LIST, "401") },
    },
    { name: "code=abc: 400 naming it", operationId: PLAN_LIST, prefer: "code=abc", token: true, expect: { status: 400, message: /'code=abc'.*código de estado HTTP/ } },
    // Delays.
    { name: `delay=${DELAY} alone: the action's answer, late`, operationId: PLAN_LIST, prefer: `delay=${DELAY}`, token: true, expect: { status: 200, success: true, minDelayMs: DELAY } },
    { name: `example=error, delay=${DELAY}`, operationId: PLAN_LIST, prefer: `example=error, delay=${DELAY}`, token: true, expect: { status: 200, body: example(PLAN_LIST, "error"), minDelayMs: DELAY } },
    { name: "delay=0", operationId: PLAN_LIST, prefer: "delay=0, example=ok", token: true, expect: { status: 200, body: example(PLAN_LIST, "ok") } },
    { name: "delay=30001: 400 naming it", operationId: PLAN_LIST, prefer: "delay=30001", token: true, expect: { status: 400, message: /'delay=30001'.*entre 0 y 30000/ } },
    { name: "delay=-1: 400 naming it", operationId: PLAN_LIST, prefer: "delay=-1", token: true, expect: { status: 400, message: /'delay=-1'/ } },
    { name: "delay=1.5: 400 naming it", operationId: PLAN_LIST, prefer: "delay=1.5", token: true, expect: { status: 400, message: /'delay=1\.5'/ } },
    // Syntax.
    { name: "whitespace, name case and an empty element are tolerated", operationId: PLAN_ADD, prefer: "  Example = warning ,, DELAY=0 ,", token: true, expect: { status: 200, body: example(PLAN_ADD, "warning") } },
    { name: "a quoted value", operationId: PLAN_ADD, prefer: 'example="warning"', token: true, expect: { status: 200, body: example(PLAN_ADD, "warning") } },
    { name: "another preference: 400 naming it", operationId: PLAN_LIST, prefer: "example=ok, foo=bar", token: true, expect: { status: 400, message: /^Solicitud inválida: la preferencia 'foo=bar' de la cabecera Prefer no está admitida/ } },
    { name: "an RFC 7240 preference we do not speak: 400 naming it", operationId: PLAN_LIST, prefer: "respond-async", token: true, expect: { status: 400, message: /'respond-async'/ } },
    { name: "a parameter after ';': 400 naming it", operationId: PLAN_LIST, prefer: "example=ok; x=1", token: true, expect: { status: 400, message: /'example=ok; x=1'/ } },
    { name: "a repeated preference: 400 naming it", operationId: PLAN_LIST, prefer: "example=ok, example=error", token: true, expect: { status: 400, message: /'example' aparece más de una vez/ } },
    { name: "a preference without value: 400 naming it", operationId: PLAN_LIST, prefer: "example=", token: true, expect: { status: 400, message: /'example' de la cabecera Prefer necesita un valor/ } },
    { name: "a refused header is answered at once, without its delay", operationId: PLAN_LIST, prefer: "delay=10000, example=nope", token: true, expect: { status: 400, message: /'nope'/, maxDelayMs: 5_000 } },
    // Order: the scenario replaces the action only.
    {
      name: "no token on a secured operation: 401 before the scenario",
      operationId: PLAN_LIST,
      prefer: "example=ok",
      token: false,
      expect: { status: 401, body: example(PLAN_LIST, "missing", "401") },
    },
    { name: "no token and a refused Prefer: still 401", operationId: PLAN_LIST, prefer: "foo=bar", token: false, expect: { status: 401, message: /^No autorizado: falta el token/ } },
    {
      name: "a body the spec refuses: its 400 before the scenario",
      operationId: PLAN_ADD,
      prefer: "example=ok",
      token: true,
      body: {},
      expect: { status: 400, message: /^Solicitud inválida: falta el campo obligatorio 'd_fecha_i_vigencia'\.$/ },
    },
  ];
}

/** The request body a case sends. */
export function bodyOf(c: ScenarioCase): unknown {
  if ("body" in c) return c.body;
  const first = Object.values(getOperation(c.operationId).requestExamples)[0];
  return first ? first.value : {};
}

/** Sends one case and checks the answer; throws (an assertion) on any difference. */
export async function checkScenarioCase(send: Send, token: string, c: ScenarioCase): Promise<void> {
  const headers: Record<string, string> = {};
  if (c.prefer !== undefined) headers.Prefer = c.prefer;
  if (c.token) headers.Authorization = `Bearer ${token}`;
  const started = performance.now();
  const answer = await send(c.operationId, bodyOf(c), headers);
  const elapsed = performance.now() - started;
  const { expect: want } = c;
  expect(answer.status, `${c.name}: status`).toBe(want.status);
  if (want.body !== undefined) expect(answer.body, `${c.name}: body`).toStrictEqual(want.body);
  const envelope = answer.body as { Message?: unknown; Success?: unknown; Warning?: unknown; Data?: unknown };
  expect(Object.keys(envelope ?? {}), `${c.name}: the envelope`).toStrictEqual(["Message", "Success", "Warning", "Data"]);
  if (want.success !== undefined) expect(envelope.Success, `${c.name}: Success`).toBe(want.success);
  if (want.message) expect(String(envelope.Message), `${c.name}: Message`).toMatch(want.message);
  for (const text of want.messageIncludes ?? []) expect(String(envelope.Message), `${c.name}: Message lists ${text}`).toContain(text);
  if (want.minDelayMs !== undefined) expect(elapsed, `${c.name}: delay`).toBeGreaterThanOrEqual(want.minDelayMs - DELAY_TOLERANCE);
  if (want.maxDelayMs !== undefined) expect(elapsed, `${c.name}: answered without the delay`).toBeLessThan(want.maxDelayMs);
}

/**
 * Registers one vitest test per case of the table. `context()` is called when a test runs (after the
 * implementation's beforeAll started it) and gives the implementation's `send` and a token it accepts.
 */
export function runScenarioTable(context: () => { send: Send; token: string }): void {
  for (const c of scenarioCases()) {
    it(`Prefer ${c.prefer === undefined ? "(none)" : JSON.stringify(c.prefer)} on ${c.operationId}${c.token ? "" : " without token"}: ${c.name}`, async () => {
      const { send, token } = context();
      await checkScenarioCase(send, token, c);
    });
  }
}
