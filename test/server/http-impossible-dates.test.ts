// Dates that do not exist (30 February, month 0) match the NetDateTime pattern but are refused, by the server
// (400 naming the field) and the shared validator alike, through the spec's `net-date-time` format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NET_DATE_PATTERN } from "../../contract/net-date.js";
import { getOperation, loadSpec } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startTestServer, type TestServer } from "../support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function patientAdd(fecha: string) {
  const res = await fetch(`${server.baseUrl}/api/ADM_PACIENTE/Add`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ t_apellido_paterno: "Quispe", t_nombres: "Rosa", d_fecha_nacimiento: fecha }),
  });
  return { status: res.status, body: (await res.json()) as { Message: string; Success: boolean } };
}

describe("impossible dates", () => {
  it("the spec's NetDateTime carries the format and the calendar pattern", () => {
    expect(loadSpec().components.schemas.NetDateTime).toMatchObject({ type: "string", format: "net-date-time", pattern: NET_DATE_PATTERN });
  });

  it.each(["2021-02-30", "0000-00-00"])("the server refuses %s with 400 naming the field", async (fecha) => {
    const r = await patientAdd(fecha);
    expect(r.status).toBe(400);
    expect(r.body.Message).toContain("'d_fecha_nacimiento'");
    expect(r.body.Message).toMatch(/fecha/);
  });

  it("the server accepts 0001-01-01T00:00:00 and a 29 February of a leap year", async () => {
    expect((await patientAdd("2020-02-29T00:00:00")).body.Success).toBe(true);
    const unset = await fetch(`${server.baseUrl}/api/ADM_OCUPACION/Add`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ c_codigo: "OC099", t_descripcion: "PRUEBA", f_estado: 1, FechaCreacion: "0001-01-01T00:00:00" }),
    });
    expect(unset.status).toBe(200);
  });

  it("the shared validator refuses them too", () => {
    const validator = new ContractValidator();
    const op = getOperation("ADM_PACIENTE_Add");
    for (const d of ["2021-02-30", "0000-00-00"]) {
      const r = validator.validateRequest(op, { d_fecha_nacimiento: d });
      expect(r.valid, d).toBe(false);
      expect(r.issues.map((i) => i.pointer)).toContain("/d_fecha_nacimiento");
    }
    expect(validator.validateRequest(op, { d_fecha_nacimiento: "0001-01-01T00:00:00" }).valid).toBe(true);
  });
});
