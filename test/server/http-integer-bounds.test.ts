// Integers: a C# long (int64) is bounded to ±(2^53−1) in the spec, since JSON numbers beyond that lose precision
// in JavaScript; the server refuses beyond it naming the field and creates nothing. That the client's validation
// and verify draw the same int32/int64 bounds as the server is checked in test/contract/number-bounds.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractValidator } from "../../contract/validate.js";
import { openDatabase } from "../../server/db/database.js";
import type { Db } from "../../server/context.js";
import { startTestServer, type TestServer } from "../support/server.js";

const ADD = '{"id_plan_seguro":3,"id_beneficio":5,"id_moneda":1,"n_copago_fijo":0,"n_copago_variable":10,"f_estado":1,"id_plan_seguro_detalle":ID}';
let db: Db;
let server: TestServer;

beforeAll(async () => {
  db = openDatabase({ path: ":memory:" });
  server = await startTestServer({ db });
});
afterAll(async () => {
  await server?.close();
  db?.close();
});

const rows = () => db.prepare("SELECT count(*) FROM CVN_PLAN_SEGURO_DETALLE").pluck().get() as number;

async function post(path: string, body: string) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
    body,
  });
  return { status: res.status, body: (await res.json()) as { Message: string; Success: boolean } };
}

describe("int64 bounds", () => {
  it.each(["1e20", "9007199254740992", "-9007199254740992", "9223372036854775807"])("the server refuses %s as id_plan_seguro_detalle, naming it, and creates no row", async (id) => {
    const before = rows();
    const r = await post("/api/CVN_PLAN_SEGURO_DETALLE/Add", ADD.replace("ID", id));
    expect(r.status).toBe(400);
    expect(r.body.Message).toContain("'id_plan_seguro_detalle'");
    expect(rows()).toBe(before);
    const del = await post("/api/CVN_PLAN_SEGURO_DETALLE/Delete", `{"id_plan_seguro_detalle":${id}}`);
    expect(del.status).toBe(400);
    expect(del.body.Message).toContain("'id_plan_seguro_detalle'");
  });

  it("the server accepts ±(2^53−1)", async () => {
    for (const id of ["9007199254740991", "-9007199254740991"]) {
      const r = await post("/api/CVN_PLAN_SEGURO_DETALLE/Add", ADD.replace("ID", id));
      expect(r.status).toBe(200);
      expect(r.body.Success).toBe(true);
    }
  });

  it("the spec declares the bounds and says why", () => {
    const validator = new ContractValidator();
    const schema = validator.doc.components.schemas.CVN_PLAN_SEGURO_DETALLEDTO!.properties as Record<string, Record<string, unknown>>;
    expect(schema.id_plan_seguro_detalle).toMatchObject({ format: "int64", minimum: -9007199254740991, maximum: 9007199254740991 });
    expect(String(schema.id_plan_seguro_detalle!.description)).toMatch(/precision/);
  });

});
