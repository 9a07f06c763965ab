// GetAllActives lists keep their rows between requests while the data is unchanged: every kind of write must
// show in the next list (a write to the table, to a table its view looks up, SQL outside the engine, another
// connection to the same file), and the kept rows cannot be altered by whoever receives them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepJson, serializeAnswer } from "../../server/serialize.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const plans = async (d: ReturnType<typeof createDomain>) => dataOf<Rows>(await d.call("CVN_PLAN_SEGURO_GetAllActives"));
const plan = (rows: Rows, id: unknown) => rows.find((r) => r.id_plan_seguro === id);

describe("GetAllActives after writes", () => {
  const d = createDomain();
  afterAll(() => d.db.close());

  it("an Update through the API shows in the next list, and a deactivation removes the row", async () => {
    const before = await plans(d);
    const first = before[0]!;
    expect(await plans(d)).toEqual(before);
    const res = await d.call("CVN_PLAN_SEGURO_Update", { id_plan_seguro: first.id_plan_seguro, c_contrato: "CT-CACHE-1" });
    expect(res).toMatchObject({ Success: true, Warning: false });
    expect(plan(await plans(d), first.id_plan_seguro)).toMatchObject({ c_contrato: "CT-CACHE-1" });
    await d.call("CVN_PLAN_SEGURO_Update", { id_plan_seguro: first.id_plan_seguro, f_estado: 0 });
    expect(plan(await plans(d), first.id_plan_seguro)).toBeUndefined();
    await d.call("CVN_PLAN_SEGURO_Update", { id_plan_seguro: first.id_plan_seguro, f_estado: 1 });
    expect(plan(await plans(d), first.id_plan_seguro)).toBeDefined();
  });

  it("a change to a looked-up table (the garante's name) shows in the next list", async () => {
    const first = (await plans(d))[0]!;
    const garante = d.db.prepare("SELECT id_contacto_garante FROM CVN_PLAN_SEGURO WHERE id_plan_seguro = ?").pluck().get(first.id_plan_seguro);
    const res = await d.call("CON_CONTACTO_Update", { id_contacto: garante, t_razon_social: "GARANTE RENOMBRADO SAC" });
    expect(res).toMatchObject({ Success: true, Warning: false });
    expect(plan(await plans(d), first.id_plan_seguro)).toMatchObject({ garante: "GARANTE RENOMBRADO SAC" });
  });

  it("SQL run on the connection outside the handlers shows in the next list", async () => {
    const first = (await plans(d))[0]!;
    d.db.prepare("UPDATE CVN_PLAN_SEGURO SET t_descripcion = 'PLAN CAMBIADO POR SQL' WHERE id_plan_seguro = ?").run(first.id_plan_seguro);
    expect(plan(await plans(d), first.id_plan_seguro)).toMatchObject({ t_descripcion: "PLAN CAMBIADO POR SQL" });
  });

  it("the rows handed out cannot be changed by the receiver", async () => {
    const rows = await plans(d);
    expect(Object.isFrozen(rows)).toBe(true);
    expect(() => {
      (rows[0] as Record<string, unknown>).t_descripcion = "mutated";
    }).toThrow(TypeError);
    expect((await plans(d))[0]!.t_descripcion).not.toBe("mutated");
  });
});

describe("GetAllActives on a file another connection writes to", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-list-cache-"));
  const d = createDomain({ path: join(dir, "db.sqlite") });
  const other = new Database(join(dir, "db.sqlite"));
  afterAll(() => {
    other.close();
    d.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a commit of the other connection shows in the lists of the next event-loop turn", async () => {
    const first = (await plans(d))[0]!;
    other.prepare("UPDATE CVN_PLAN_SEGURO SET c_contrato = 'CT-OTRA-CONEXION' WHERE id_plan_seguro = ?").run(first.id_plan_seguro);
    // Other connections' commits are looked for once per turn (db/version.ts); requests arrive in later turns.
    await new Promise((resolve) => setImmediate(resolve));
    expect(plan(await plans(d), first.id_plan_seguro)).toMatchObject({ c_contrato: "CT-OTRA-CONEXION" });
  });
});

describe("over HTTP, on a file another process writes to", () => {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-list-cache-http-"));
  const file = join(dir, "db.sqlite");
  let server: TestServer;
  let other: Database.Database;
  beforeAll(async () => {
    server = await startTestServer({ dbPath: file });
    other = new Database(file);
  });
  afterAll(async () => {
    other.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown, token = server.token) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as { Data: Rows } };
  };

  it("the next request after the other connection's commit sees it, however soon it is sent", async () => {
    const first = (await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).json.Data[0]!;
    for (let i = 1; i <= 20; i++) {
      other.prepare("UPDATE CVN_PLAN_SEGURO SET c_contrato = ? WHERE id_plan_seguro = ?").run(`CT-EXT-${i}`, first.id_plan_seguro);
      const rows = (await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).json.Data;
      expect(plan(rows, first.id_plan_seguro)).toMatchObject({ c_contrato: `CT-EXT-${i}` });
    }
  });

  it("a user deactivated by the other connection is refused on the next request, and accepted once reactivated", async () => {
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).status).toBe(200);
    other.prepare("UPDATE SEG_USUARIO SET estado = 'Inactivo' WHERE usuario = 'admin'").run();
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).status).toBe(401);
    other.prepare("UPDATE SEG_USUARIO SET estado = 'Activo' WHERE usuario = 'admin'").run();
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).status).toBe(200);
  });
});

describe("answers written from kept JSON", () => {
  it("serializeAnswer writes exactly what JSON.stringify writes, kept or not", () => {
    const rows = keepJson([{ a: 1, b: "ñandú \"x\"", c: null }]);
    for (const envelope of [
      { Message: null, Success: true, Warning: false, Data: rows },
      { Message: "Sin registros \u0000", Success: true, Warning: true, Data: rows },
      { Success: true, Message: null, Warning: false, Data: rows },
      { Message: null, Success: true, Warning: false, Data: rows, Extra: 1 },
      { Message: null, Success: true, Warning: false, Data: [{ a: 1 }] },
      { Message: null, Success: false, Warning: false, Data: null },
    ]) {
      const text = serializeAnswer(envelope);
      expect(typeof text === "string" ? text : text.toString("utf8")).toBe(JSON.stringify(envelope));
    }
  });

  it("a clean success around kept rows is encoded once and the same bytes are sent every time", () => {
    const rows = keepJson([{ a: "ñ" }]);
    const first = serializeAnswer({ Message: null, Success: true, Warning: false, Data: rows });
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(serializeAnswer({ Message: null, Success: true, Warning: false, Data: rows })).toBe(first);
    expect(typeof serializeAnswer({ Message: "Sin registros", Success: true, Warning: false, Data: rows })).toBe("string");
  });

  describe("over HTTP", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, type: res.headers.get("content-type"), length: res.headers.get("content-length"), text: await res.text() };
    };

    it("a list served twice is the same text, envelope in the backend's order, and a write shows in the next one", async () => {
      const first = await post("/api/CVN_PLAN_SEGURO/GetAllActives", "");
      const second = await post("/api/CVN_PLAN_SEGURO/GetAllActives", "");
      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.type).toBe("application/json; charset=utf-8");
      expect(Number(second.length)).toBe(Buffer.byteLength(second.text));
      const parsed = JSON.parse(first.text) as { Data: Rows };
      expect(Object.keys(parsed)).toEqual(["Message", "Success", "Warning", "Data"]);
      expect(JSON.stringify(parsed)).toBe(first.text);
      const id = parsed.Data[0]!.id_plan_seguro;
      const update = await post("/api/CVN_PLAN_SEGURO/Update", { ...parsed.Data[0], c_contrato: "CT-HTTP-CACHE" });
      expect(JSON.parse(update.text)).toMatchObject({ Success: true, Warning: false });
      const third = JSON.parse((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).text) as { Data: Rows };
      expect(plan(third.Data, id)).toMatchObject({ c_contrato: "CT-HTTP-CACHE" });
    });
  });
});
