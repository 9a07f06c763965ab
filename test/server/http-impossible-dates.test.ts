// Dates that do not exist (30 February, month 0) match the NetDateTime pattern but are refused, by the server
// (400 naming the field) and the shared validator alike, through the spec's `net-date-time` format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NET_DATE_PATTERN, isNetDateTime } from "../../contract/net-date.js";
import { getOperation, loadSpec } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const IMPOSSIBLE = ["2021-02-30", "0000-00-00", "2021-02-29T10:00:00", "2021-13-01T00:00:00", "2021-04-31", "2021-09-06T24:00:00", "2021-09-06T10:60:00", "2021-09-06T10:12:61", "2021-09-06T10:12:05+15:00"];
const VALID = ["0001-01-01T00:00:00", "2020-02-29T00:00:00", "2000-02-29", "2021-09-06T10:12:05.1234567-05:00", "2021-09-06T10:12", "2021-12-31T23:59:59Z", "9999-12-31T23:59:59"];

async function patientAdd(fecha: string) {
  const res = await fetch(`${server.baseUrl}/api/ADM_PACIENTE/Add`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ t_apellido_paterno: "Quispe", t_nombres: "Rosa", d_fecha_nacimiento: fecha }),
  });
  return { status: res.status, body: (await res.json()) as { Message: string; Success: boolean } };
}

describe("impossible dates", () => {
  it("the calendar check", () => {
    for (const d of IMPOSSIBLE) expect(isNetDateTime(d), d).toBe(false);
    for (const d of VALID) expect(isNetDateTime(d), d).toBe(true);
    expect(isNetDateTime("1900-02-29")).toBe(false);
  });

  it("the spec's NetDateTime carries the format, and its pattern is the same calendar", () => {
    expect(loadSpec().components.schemas.NetDateTime).toMatchObject({ type: "string", format: "net-date-time", pattern: NET_DATE_PATTERN });
    const pattern = new RegExp(NET_DATE_PATTERN);
    for (const d of [...IMPOSSIBLE, ...VALID]) expect(pattern.test(d), d).toBe(isNetDateTime(d));
    // Every day (and impossible day 00/29–32, month 00/13) of years 1–2500 and around 9999, both ways.
    let checked = 0;
    const two = (n: number) => String(n).padStart(2, "0");
    for (const y of [...Array.from({ length: 2500 }, (_, i) => i + 1), 0, 9996, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          const s = `${String(y).padStart(4, "0")}-${two(m)}-${two(d)}`;
          const exists = m >= 1 && m <= 12 && d >= 1 && new Date(Date.UTC(2000, m - 1, 1)).getUTCMonth() === m - 1 && d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0) && y >= 1;
          expect(isNetDateTime(s), s).toBe(exists);
          expect(pattern.test(s), s).toBe(exists);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200_000);
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
