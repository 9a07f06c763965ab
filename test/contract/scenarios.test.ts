// The Prefer scenario vocabulary (contract/scenarios.ts): parsing and resolution against the bundled spec.
import { describe, expect, it } from "vitest";
import { getOperation, listOperations } from "../../contract/spec.js";
import { MAX_DELAY_MS, parsePrefer, resolvePreferences, resolveScenario } from "../../contract/scenarios.js";
import { documentedStatuses, scenarioCases } from "../support/scenario-table.js";

const refusedMessage = (header: string) => {
  const parsed = parsePrefer(header);
  if (parsed.ok) throw new Error(`${header} was accepted`);
  return parsed.message;
};

describe("parsePrefer", () => {
  it("no header, an empty one or only separators mean no preferences", () => {
    for (const header of [undefined, null, "", "  ", ",", " , ,"]) expect(parsePrefer(header)).toStrictEqual({ ok: true, preferences: {} });
  });

  it("reads the three preferences, comma-combined in any order", () => {
    expect(parsePrefer("example=error, delay=800")).toStrictEqual({ ok: true, preferences: { example: "error", delayMs: 800 } });
    expect(parsePrefer("delay=0,code=401,example=expired")).toStrictEqual({ ok: true, preferences: { delayMs: 0, code: 401, example: "expired" } });
  });

  it("joins several Prefer headers into one list", () => {
    expect(parsePrefer(["example=warning", "delay=5"])).toStrictEqual({ ok: true, preferences: { example: "warning", delayMs: 5 } });
    expect(refusedMessage(["example=ok", "example=error"] as never)).toMatch(/'example' aparece más de una vez/);
  });

  it("ignores whitespace around elements and '=', names in any case, keeps values exact", () => {
    expect(parsePrefer("\tEXAMPLE = Warning2 ,  Delay= 7")).toStrictEqual({ ok: true, preferences: { example: "Warning2", delayMs: 7 } });
  });

  it("accepts a quoted value", () => {
    expect(parsePrefer('example="ok", delay="10"')).toStrictEqual({ ok: true, preferences: { example: "ok", delayMs: 10 } });
  });

  it("accepts delays from 0 to 30000 and nothing else", () => {
    expect(parsePrefer(`delay=${MAX_DELAY_MS}`)).toStrictEqual({ ok: true, preferences: { delayMs: 30_000 } });
    expect(parsePrefer("delay=000")).toStrictEqual({ ok: true, preferences: { delayMs: 0 } });
    for (const bad of ["30001", "-1", "1.5", "1e3", "abc", "0x10", "9999999", "1 2"]) {
      expect(refusedMessage(`delay=${bad}`)).toBe(
        `Solicitud inválida: la preferencia 'delay=${bad}' de la cabecera Prefer debe ser un número entero de milisegundos entre 0 y 30000.`,
      );
    }
  });

  it("accepts three-digit status codes only", () => {
    expect(parsePrefer("code=404")).toStrictEqual({ ok: true, preferences: { code: 404 } });
    for (const bad of ["abc", "40", "4000", "099", "600", "40a"]) {
      expect(refusedMessage(`code=${bad}`)).toBe(
        `Solicitud inválida: la preferencia 'code=${bad}' de la cabecera Prefer debe ser un código de estado HTTP (tres cifras, de 100 a 599).`,
      );
    }
  });

  it("refuses any other preference, naming it as sent", () => {
    for (const other of ["foo=bar", "return=minimal", "respond-async", "dynamic=true", "wait=10", "examples=ok", "example=ok; q=1"]) {
      expect(refusedMessage(`delay=1, ${other}`)).toBe(
        `Solicitud inválida: la preferencia '${other}' de la cabecera Prefer no está admitida (se admiten example=<nombre>, code=<estado> y delay=<ms>).`,
      );
    }
  });

  it("refuses a repeated preference, even with the same value", () => {
    expect(refusedMessage("example=ok, example=ok")).toBe("Solicitud inválida: la preferencia 'example' aparece más de una vez en la cabecera Prefer.");
    expect(refusedMessage("delay=1,DELAY=2")).toMatch(/'delay' aparece más de una vez/);
  });

  it("refuses a preference without a value", () => {
    expect(refusedMessage("example")).toBe("Solicitud inválida: la preferencia 'example' de la cabecera Prefer necesita un valor (example=<nombre>).");
    expect(refusedMessage("code=")).toMatch(/'code' de la cabecera Prefer necesita un valor \(code=<estado>\)/);
    expect(refusedMessage('delay=""')).toMatch(/'delay' de la cabecera Prefer necesita un valor \(delay=<ms>\)/);
  });

  it("bounds what a message quotes back", () => {
    expect(refusedMessage(`x=${"a".repeat(5000)}`).length).toBeLessThan(300);
  });
});

describe("resolveScenario against the bundled spec", () => {
  const add = getOperation("CVN_PLAN_SEGURO_Add");
  const login = getOperation("Account_Login");

  it("no example or code: the action answers, after the delay", () => {
    expect(resolveScenario(add, undefined)).toStrictEqual({ kind: "action", delayMs: 0 });
    expect(resolveScenario(add, "delay=250")).toStrictEqual({ kind: "action", delayMs: 250 });
  });

  it("every named 200 example of every operation is served verbatim", () => {
    const ops = listOperations();
    let served = 0;
    for (const op of ops) {
      for (const [name, example] of Object.entries(op.responseExamples)) {
        const s = resolveScenario(op, `example=${name}`);
        expect(s, `${op.operationId} ${name}`).toStrictEqual({ kind: "example", status: 200, exampleName: name, body: example.value, delayMs: 0 });
        served++;
      }
      // Every operation has ok and error.
      expect(Object.keys(op.responseExamples)).toEqual(expect.arrayContaining(["ok", "error"]));
    }
    expect(served).toBeGreaterThanOrEqual(ops.length * 2);
  });

  it("code=<status> answers the documented example of that status", () => {
    expect(resolveScenario(add, "code=200")).toMatchObject({ kind: "example", status: 200, exampleName: "ok" });
    const first400 = Object.entries(add.statusExamples["400"]!)[0]!;
    expect(resolveScenario(add, "code=400")).toStrictEqual({ kind: "example", status: 400, exampleName: first400[0], body: first400[1].value, delayMs: 0 });
    expect(resolveScenario(add, "code=401, delay=3")).toMatchObject({ kind: "example", status: 401, delayMs: 3, body: { Success: false, Data: null } });
    expect(resolveScenario(add, "code=401,example=expired")).toMatchObject({ kind: "example", status: 401, exampleName: "expired", body: add.statusExamples["401"]!.expired!.value });
  });

  it("an undocumented status or unknown example is refused with the list to choose from", () => {
    expect(resolveScenario(login, "code=401")).toStrictEqual({
      kind: "refused",
      status: 400,
      delayMs: 0,
      body: { Message: `Solicitud inválida: la operación Account_Login no documenta el estado 401; estados documentados: ${documentedStatuses("Account_Login")}.`, Success: false, Warning: false, Data: null },
    });
    expect(resolveScenario(add, "example=nope, delay=900")).toStrictEqual({
      kind: "refused",
      status: 400,
      delayMs: 0,
      body: {
        Message: `Solicitud inválida: la operación CVN_PLAN_SEGURO_Add no tiene el ejemplo 'nope'; ejemplos: ${Object.keys(add.responseExamples).join(", ")}.`,
        Success: false,
        Warning: false,
        Data: null,
      },
    });
    expect(resolveScenario(add, "code=400, example=ok")).toMatchObject({
      kind: "refused",
      body: { Message: `Solicitud inválida: la operación CVN_PLAN_SEGURO_Add no tiene el ejemplo 'ok' para el estado 400; ejemplos para el estado 400: ${Object.keys(add.statusExamples["400"]!).join(", ")}.` },
    });
  });

  it("does not find inherited names", () => {
    expect(resolvePreferences(add, { example: "constructor" })).toMatchObject({ kind: "refused" });
    expect(resolvePreferences(add, { example: "__proto__" })).toMatchObject({ kind: "refused" });
  });

  it("a parse error is refused as the envelope", () => {
    expect(resolveScenario(add, "foo")).toMatchObject({ kind: "refused", status: 400, delayMs: 0, body: { Success: false, Warning: false, Data: null } });
  });
});

describe("the shared scenario table", () => {
  it("is built from the spec and covers every form and error", () => {
    const cases = scenarioCases();
    const prefers = cases.map((c) => c.prefer ?? "");
    for (const form of ["example=", "code=", "delay=", "foo=", ", example="]) expect(prefers.some((p) => p.includes(form)), form).toBe(true);
    expect(cases.filter((c) => c.expect.status === 400).length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});
