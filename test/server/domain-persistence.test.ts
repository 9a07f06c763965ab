// A file database survives close and reopen: data kept, migrations and seed not applied twice.
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database.js";
import { migrations } from "../../server/db/migrations/index.js";
import { verifyPassword } from "../../server/auth/password.js";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const dir = mkdtempSync(join(tmpdir(), "romsoft-domain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("file database", () => {
  const path = join(dir, "nested", "folder", "romsoft.db");

  it("is created with its folders, in WAL mode, seeded once, and keeps writes across a reopen", async () => {
    const notices: string[] = [];
    const first = createDomain({ path, adminPassword: "Primera#1" });
    expect(existsSync(path)).toBe(true);
    expect(first.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(first.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(first.db.pragma("user_version", { simple: true })).toBe(migrations.at(-1)!.version);
    const counts = (db: typeof first.db) =>
      Object.fromEntries(
        ["ADM_GENERO", "ADM_CIE10", "ADM_PACIENTE", "SEG_USUARIO", "CVN_CATEGORIA_PAGO_PRECIO"].map((t) => [
          t,
          db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
        ]),
      );
    const seeded = counts(first.db);
    expect(seeded.ADM_CIE10).toBeGreaterThan(100);
    expect(dataOf(await first.call("ADM_OCUPACION_Add", { c_codigo: "PERS", t_descripcion: "Persistente" }))).toBeNull();
    first.db.close();

    const db = openDatabase({ path, adminPassword: "Segunda#2", onNotice: (m) => notices.push(m) });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(migrations.at(-1)!.version);
      expect(counts(db)).toEqual(seeded);
      expect(db.prepare("SELECT t_descripcion FROM ADM_OCUPACION WHERE c_codigo = 'PERS'").pluck().all()).toEqual(["Persistente"]);
      // The admin password is set only when the database is created.
      const hash = db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as string;
      expect(verifyPassword("Primera#1", hash)).toBe(true);
      expect(notices).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("refuses a database written by a newer version of the server", () => {
    const p = join(dir, "newer.db");
    const db = openDatabase({ path: p, seedDir: null, adminPassword: "x" });
    db.pragma(`user_version = ${migrations.at(-1)!.version + 1}`);
    db.close();
    expect(() => openDatabase({ path: p })).toThrow(/newer than this server/);
  });
});

describe("new database options", () => {
  it("warns through onNotice when the default admin password is used", () => {
    const notices: string[] = [];
    const db = openDatabase({ path: ":memory:", onNotice: (m) => notices.push(m) });
    try {
      expect(notices.some((m) => m.includes("default password"))).toBe(true);
      const hash = db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as string;
      expect(verifyPassword("yourpassword", hash)).toBe(true);
    } finally {
      db.close();
    }
  });

  it("without seed files: empty catalogs, an admin user, Data [] with Warning false", async () => {
    const db = openDatabase({ path: ":memory:", seedDir: null, adminPassword: "x" });
    try {
      expect(db.prepare("SELECT usuario, estado FROM SEG_USUARIO").all()).toEqual([{ usuario: "admin", estado: "Activo" }]);
      expect(db.prepare("SELECT count(*) FROM ADM_GENERO").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it("empty lists are Data [] (with the literal message only where the backend has one)", async () => {
    const d = createDomain();
    try {
      d.db.exec("UPDATE ADM_GENERO SET f_estado = 0; UPDATE ADM_FORMA_PAGO SET f_estado = 0");
      expect(await d.call("ADM_GENERO_GetAllActives", "")).toEqual({ Message: null, Success: true, Warning: false, Data: [] });
      expect(await d.call("ADM_FORMA_PAGO_GetAllFormaPagoActives", null)).toEqual({
        Message: "No existe información de forma de pagos.",
        Success: true,
        Warning: false,
        Data: [],
      });
      expect(dataOf<Rows>(await d.call("ADM_CIE10_GetAllFilters", { valorReq: "zzzz-no-existe" }))).toEqual([]);
    } finally {
      d.db.close();
    }
  });
});
