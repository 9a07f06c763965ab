// Real-client compatibility: bodies shaped as the .NET desktop client sends them validate against the request
// schemas, and the schemas still refuse what they must (so they are not vacuous).
import { describe, expect, it } from "vitest";
import { getOperation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { backend, dtoFact } from "../support/backend-facts.js";
import { dotnetClientBodies } from "../support/dotnet-client-bodies.js";

const bodies = dotnetClientBodies;
const validator = new ContractValidator();
const factOf = (id: string) => backend.operations.find((f) => `${f.controller}_${f.action}` === id)!;
type Body = Record<string, unknown>;

describe("the .NET client bodies fixture", () => {
  it("covers at least 20 operations that take a DTO, plus parameterless and ignored-body actions", () => {
    const kinds = bodies.map((b) => factOf(b.operationId)?.request.kind);
    expect(kinds.filter((k) => k === "dto").length).toBeGreaterThanOrEqual(20);
    expect(kinds).toContain("none");
    expect(kinds).toContain("ignored");
    expect(kinds).toContain("query");
    // An operation may appear twice, with another shape the client sends (a list left null).
    expect(new Set(bodies.map((b) => `${b.operationId} ${b.note}`)).size).toBe(bodies.length);
  });

  it("shapes DTO bodies as the client does: every property present, plus reference ids / unknown fields", () => {
    let withDollarId = 0;
    let withExtra = 0;
    let withUnsetDate = 0;
    for (const { operationId, body } of bodies) {
      const req = factOf(operationId).request;
      if (req.kind !== "dto" || body === null || typeof body !== "object") continue;
      const names = dtoFact(req.dto).properties.map((p) => p.name);
      expect(Object.keys(body).filter((k) => !names.includes(k) && k !== "$id" && k !== "ExtraField"), operationId).toEqual([]);
      expect(names.filter((n) => !(n in body)), operationId).toEqual([]);
      if ("$id" in body) withDollarId++;
      if ("ExtraField" in body) withExtra++;
      if (Object.values(body).includes("0001-01-01T00:00:00")) withUnsetDate++;
    }
    expect(withDollarId).toBeGreaterThan(10);
    expect(withExtra).toBeGreaterThan(0);
    expect(withUnsetDate).toBeGreaterThanOrEqual(3);
  });
});

describe.each(bodies.map((b) => [b.operationId, b] as const))("%s", (id, { body, note }) => {
  it(`accepts the client's body (${note})`, () => {
    expect(validator.validateRequest(getOperation(id), body).issues).toEqual([]);
  });
});

describe("request schemas are not vacuous", () => {
  const bodyOf = (id: string): Body => structuredClone(bodies.find((b) => b.operationId === id)!.body) as Body;
  const check = (id: string, body: unknown) => validator.validateRequest(getOperation(id), body);

  it("refuses a property of the wrong type, naming it", () => {
    const b = bodyOf("ADM_OCUPACION_Add");
    b.id_ocupacion = "15";
    const r = check("ADM_OCUPACION_Add", b);
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.pointer)).toContain("/id_ocupacion");
    const c = bodyOf("CVN_PLAN_SEGURO_DETALLE_Add");
    c.n_copago_fijo = "35.00";
    expect(check("CVN_PLAN_SEGURO_DETALLE_Add", c).valid).toBe(false);
    const d = bodyOf("ADM_PACIENTE_Add");
    d.id_genero = null;
    expect(check("ADM_PACIENTE_Add", d).valid).toBe(false);
  });

  it("refuses a date that is not ISO 8601 (06/09/2021)", () => {
    const b = bodyOf("ADM_PACIENTE_Add");
    b.d_fecha_nacimiento = "06/09/2021";
    const r = check("ADM_PACIENTE_Add", b);
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.pointer)).toContain("/d_fecha_nacimiento");
    const c = bodyOf("ADM_OCUPACION_Add");
    c.FechaCreacion = "2024-13-45 9:00";
    expect(check("ADM_OCUPACION_Add", c).valid).toBe(false);
  });

  it("refuses a body without an effectively required field", () => {
    for (const fact of backend.operations) {
      const id = `${fact.controller}_${fact.action}`;
      const top = fact.effectivelyRequired.map((r) => r.field).filter((f) => /^\w+$/.test(f));
      const sample = bodies.find((b) => b.operationId === id);
      if (!sample || top.length === 0) continue;
      for (const field of top) {
        const b = bodyOf(id);
        delete b[field];
        const r = check(id, b);
        expect(r.valid, `${id} without ${field}`).toBe(false);
        expect(r.issues.some((i) => i.keyword === "required" && i.property === field), `${id} ${field}`).toBe(true);
      }
    }
    const login = bodyOf("Account_Login");
    delete login.Username;
    expect(check("Account_Login", login).valid).toBe(false);
  });

  it("refuses a nested effectively required field (listaAutoriza.COD_IAFA, DetalleComprobante[].c_codigo_segus)", () => {
    const a = bodyOf("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll");
    delete (a.listaAutoriza as Body).COD_IAFA;
    expect(check("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", a).valid).toBe(false);
    // Present but null is what the desktop client sends when it is unset: accepted (the action's caught error).
    const n = bodyOf("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll");
    delete n.listaAutoriza;
    expect(check("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", n).valid).toBe(false);
    n.listaAutoriza = null;
    expect(check("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", n).valid).toBe(true);
    const f = bodyOf("FAC_DOCUMENTO_PAGO_addComprobante");
    delete ((f.DetalleComprobante as Body[])[0] as Body).c_codigo_segus;
    expect(check("FAC_DOCUMENTO_PAGO_addComprobante", f).valid).toBe(false);
  });

  it("refuses an empty or null body where the action needs its DTO", () => {
    expect(check("ADM_OCUPACION_Add", "").valid).toBe(false);
    expect(check("ADM_OCUPACION_Add", null).valid).toBe(false);
    expect(check("SEG_USUARIO_GetAllPaging", []).valid).toBe(false);
  });
});
