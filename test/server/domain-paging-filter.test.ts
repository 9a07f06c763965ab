// The safe subset of SQL that SEG_USUARIO/GetAllPaging accepts in WhereFilter/OrderBy: parsed into whitelisted
// column expressions and bound parameters; anything else refused with a clear message.
import { afterAll, describe, expect, it } from "vitest";
import { FilterError, parseOrderBy, parseWhere } from "../../server/domain/kernel/paging-filter.js";
import { USUARIO_GRAMMAR } from "../../server/domain/seg/usuario.js";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const where = (s: string | null | undefined) => parseWhere(s, USUARIO_GRAMMAR);
const order = (s: string | null | undefined) => parseOrderBy(s, USUARIO_GRAMMAR);

describe("WhereFilter parser", () => {
  it("accepts the desktop client's filter and binds its values", () => {
    expect(where("WHERE U.estado IN ('Activo','Inactivo')")).toEqual({
      sql: "rs_norm(trim(t.estado)) IN (?, ?)",
      params: ["activo", "inactivo"],
    });
  });

  it("accepts = and IN joined by AND, with or without WHERE and aliases, any keyword case", () => {
    expect(where("id_rol = 2 and U.usuario = 'ADMIN'")).toEqual({
      sql: "t.id_rol = ? AND rs_norm(trim(t.usuario)) = ?",
      params: [2, "admin"],
    });
    expect(where("  where   R.rol   in ( 'Médico' )  ")).toMatchObject({ params: ["medico"] });
    expect(where("U.id_usuario IN (1, 2, '3')")).toMatchObject({ sql: "t.id_usuario IN (?, ?, ?)", params: [1, 2, 3] });
  });

  it("reads '' inside a literal as a quote and maps estado A/I to the stored labels", () => {
    expect(where("U.apellidos = 'D''Angelo'")).toMatchObject({ params: ["d'angelo"] });
    expect(where("U.estado = 'A'")).toMatchObject({ params: ["activo"] });
  });

  it("treats empty input as no filter", () => {
    for (const s of [null, undefined, "", "   ", "WHERE"]) expect(where(s)).toBeNull();
  });

  const refused: [string, RegExp][] = [
    ["1=1; DROP TABLE SEG_USUARIO", /columna|carácter/],
    ["U.estado = 'Activo'; DROP TABLE SEG_USUARIO", /carácter ';'/],
    ["U.estado = 'Activo' OR 1=1", /AND/],
    ["U.estado = 'x' -- comentario", /carácter '-'/],
    ["U.estado = 'x' /* c */", /carácter '\/'/],
    ["U.id_usuario IN (SELECT id_usuario FROM SEG_USUARIO)", /valor literal/],
    ["U.clave = 'x'", /columna desconocida 'U.clave'/],
    ["X.estado = 'Activo'", /alias desconocido 'X'/],
    ["U.estado LIKE 'A%'", /solo se aceptan '=' e 'IN'/],
    ["U.id_usuario > 1", /carácter '>'/],
    ["U.estado = 'sin cerrar", /texto sin cerrar/],
    ["U.id_usuario = 'uno'", /numérico/],
    ["(U.estado = 'Activo')", /columna/],
    ["lower(U.usuario) = 'admin'", /columna desconocida 'lower'/],
    ["U.estado = U.usuario", /valor literal/],
    ["U.estado = 'Activo' AND", /falta una columna/],
    ["U.estado IN ('a' 'b')", /',' o '\)'/],
    ["sqlite_master = 1", /columna desconocida/],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(() => where(input)).toThrow(FilterError);
      expect(() => where(input)).toThrow(message);
      expect(() => where(input)).toThrow(/^Filtro no permitido: /);
    });
  }

  it("refuses absurd sizes", () => {
    expect(() => where(`U.id_usuario IN (${Array.from({ length: 101 }, (_, i) => i).join(",")})`)).toThrow(/demasiados valores/);
    expect(() => where(Array.from({ length: 21 }, () => "U.id_rol = 1").join(" AND "))).toThrow(/demasiadas condiciones/);
    expect(() => where(`U.usuario = '${"x".repeat(3000)}'`)).toThrow(/demasiado largo/);
  });
});

describe("OrderBy parser", () => {
  it("accepts whitelisted columns with ASC/DESC", () => {
    expect(order("U.apellidos ASC")).toBe("t.apellidos ASC");
    expect(order("ORDER BY nombres desc, U.id_usuario")).toBe("t.nombres DESC, t.id_usuario ASC");
    expect(order("")).toBeNull();
  });
  for (const bad of ["U.apellidos; DROP TABLE x", "U.clave", "1", "U.apellidos ASC NULLS FIRST", "(SELECT 1)", "U.apellidos, "]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      expect(() => order(bad)).toThrow(/^Orden no permitido: /);
    });
  }
});

describe("SEG_USUARIO/GetAllPaging", () => {
  const d = createDomain();
  afterAll(() => d.db.close());
  const page = async (body: Record<string, unknown>) => dataOf<Rows>(await d.call("SEG_USUARIO_GetAllPaging", body));

  it("filters, orders, pages and counts", async () => {
    const all = await page({ WhereFilter: "WHERE U.estado IN ('Activo','Inactivo')", OrderBy: "U.apellidos ASC", Start: 1, AmountRows: 100 });
    const total = d.db.prepare("SELECT count(*) FROM SEG_USUARIO").pluck().get() as number;
    expect(all).toHaveLength(total);
    expect(all.every((r) => r.Cantidad === total)).toBe(true);
    const surnames = all.map((r) => String(r.apellidos));
    expect(surnames).toEqual([...surnames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const active = await page({ WhereFilter: "WHERE U.estado = 'Activo'", OrderBy: "U.apellidos ASC", Start: 0, AmountRows: 10 });
    expect(active.every((r) => r.estado === "Activo")).toBe(true);
    expect(active.length).toBeLessThan(total);

    const second = await page({ WhereFilter: "", OrderBy: "U.id_usuario DESC", Start: 2, AmountRows: 2 });
    const ordered = (await page({ OrderBy: "U.id_usuario DESC" })).map((r) => r.id_usuario);
    expect(second.map((r) => r.id_usuario)).toEqual(ordered.slice(1, 3));
    expect(second[0]!.clave).toBeNull();
  });

  it("answers a warning for a refused filter and leaves the table alone", async () => {
    const before = d.db.prepare("SELECT count(*) FROM SEG_USUARIO").pluck().get();
    const res = await d.call("SEG_USUARIO_GetAllPaging", { WhereFilter: "1=1; DROP TABLE SEG_USUARIO", Start: 1, AmountRows: 10 });
    expect(res).toMatchObject({ Success: true, Warning: true, Data: null, Message: expect.stringMatching(/^Filtro no permitido: /) });
    const res2 = await d.call("SEG_USUARIO_GetAllPaging", { OrderBy: "(SELECT clave FROM SEG_USUARIO)" });
    expect(res2).toMatchObject({ Warning: true, Message: expect.stringMatching(/^Orden no permitido: /) });
    expect(d.db.prepare("SELECT count(*) FROM SEG_USUARIO").pluck().get()).toBe(before);
  });
});
