// Round trips for every writable controller (Add -> found by its filter -> Update -> GetById shows the change ->
// Delete -> gone from the lists but still in the table), the backend's duplicate checks, and the warnings for
// updates/deletes of rows that do not exist.
import { afterAll, describe, expect, it } from "vitest";
import type { OperationId } from "../../server/domain/kernel/definition.js";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const d = createDomain();
afterAll(() => d.db.close());

const ids = (rows: Rows, key: string) => rows.map((r) => r[key]);
const row = (sql: string, ...params: unknown[]) => d.db.prepare(sql).get(...params) as Record<string, unknown> | undefined;

async function list(op: OperationId, body: unknown = {}, query: Record<string, unknown> = {}): Promise<Rows> {
  return dataOf<Rows>(await d.call(op, body, query));
}

interface Trip {
  controller: string;
  table: string;
  id: string;
  add: Record<string, unknown>;
  /** Finds the new row: the filter operation and its body. */
  find: [OperationId, Record<string, unknown>];
  update: Record<string, unknown>;
  /** GetById operation and the request field holding the id. */
  getById: [OperationId, string];
  activeList?: OperationId;
  state: [column: string, inactive: unknown];
}

const TRIPS: Trip[] = [
  {
    controller: "ADM_OCUPACION",
    table: "ADM_OCUPACION",
    id: "id_ocupacion",
    add: { c_codigo: "OC-T1", t_descripcion: "Técnico en óptica", f_estado: 1, IdUsuarioActual: 1 },
    find: ["ADM_OCUPACION_GetAllFilters", { t_descripcion: "TECNICO EN OPTICA" }],
    update: { c_codigo: "OC-T1", t_descripcion: "Técnico óptico", t_observacion: "Renombrada" },
    getById: ["ADM_OCUPACION_GetById", "id_ocupacion"],
    activeList: "ADM_OCUPACION_GetAllActives",
    state: ["f_estado", 0],
  },
  {
    controller: "ADM_PACIENTE",
    table: "ADM_PACIENTE",
    id: "id_paciente",
    add: {
      n_historia_clinica: 99001,
      t_apellido_paterno: "Ñañez",
      t_apellido_materno: "Cóndor",
      t_nombres: "Rosa Elvira",
      d_fecha_nacimiento: "1990-02-03",
      id_genero: 2,
      id_documento_identidad: 1,
      c_documento_identidad: "70112233",
      f_estado: 1,
    },
    find: ["ADM_PACIENTE_GetAllFilters", { valorRequest: "nanez condor" }],
    update: { t_direccion: "Jr. Huallaga 120, Lima", c_p_fono_personal: "999111222" },
    getById: ["ADM_PACIENTE_GetById", "id_paciente"],
    state: ["f_estado", 0],
  },
  {
    controller: "CON_CONTACTO",
    table: "CON_CONTACTO",
    id: "id_contacto",
    add: { c_codigo: "20999888777", t_razon_social: "Clínica de Prueba S.A.C.", id_tipo_contacto: 1, f_estado: 1 },
    find: ["CON_CONTACTO_GetAllFilters", { valor: "clinica de prueba" }],
    update: { t_razon_comercial: "Prueba Salud", n_dias_credito: 30 },
    getById: ["CON_CONTACTO_GetById", "id_contacto"],
    activeList: "CON_CONTACTO_GetAllActives",
    state: ["f_estado", 0],
  },
  {
    controller: "CVN_CATEGORIA_PAGO",
    table: "CVN_CATEGORIA_PAGO",
    id: "id_categoria_pago",
    add: {
      c_codigo: "CP-T",
      t_descripcion: "Convenio de prueba",
      d_fecha_i_vigencia: "2021-01-01T00:00:00",
      d_fecha_f_vigencia: null,
      n_factor_servicio: 50,
      n_factor_procedimiento: 3.5,
    },
    find: ["CVN_CATEGORIA_PAGO_GetAllFilters", { valorConsulta: "CONVENIO DE PRUEBA" }],
    update: { n_factor_servicio: 55.5, d_fecha_f_vigencia: "2030-12-31" },
    getById: ["CVN_CATEGORIA_PAGO_GetById", "id_categoria_pago"],
    activeList: "CVN_CATEGORIA_PAGO_GetAllActives",
    state: ["f_estado", 0],
  },
  {
    controller: "CVN_TARIFARIO_SEGUS",
    table: "CVN_TARIFARIO_SEGUS",
    id: "id_tarifario_segus",
    add: { c_codigo: "99.99.01", t_descripcion_esp: "Procedimiento de prueba", id_clasificacion_segus: 4, n_unidad: 2 },
    find: ["CVN_TARIFARIO_SEGUS_GetAllFilters", { valorRequest: "99.99.01" }],
    update: { t_descripcion_eng: "Test procedure", n_unidad: 2.5 },
    getById: ["CVN_TARIFARIO_SEGUS_GetById", "id_tarifario_segus"],
    activeList: "CVN_TARIFARIO_SEGUS_GetAllActives",
    state: ["f_estado", 0],
  },
  {
    controller: "SEG_USUARIO",
    table: "SEG_USUARIO",
    id: "id_usuario",
    add: { usuario: "tprueba", clave: "Cl4ve!Prueba", id_rol: 2, apellidos: "Prueba Torres", nombres: "Tomás", estado: "A" },
    find: ["SEG_USUARIO_GetAllFilters", { usuario: "TPRUEBA" }],
    update: { email: "tprueba@example.com", celular: "987000099" },
    getById: ["SEG_USUARIO_GetById", "id_usuario"],
    state: ["estado", "Inactivo"],
  },
];

describe("round trips of controllers with Add, filter, Update, GetById and Delete", () => {
  for (const t of TRIPS) {
    it(t.controller, async () => {
      const added = await d.call(`${t.controller}_Add` as OperationId, t.add);
      expect(added).toMatchObject({ Success: true, Warning: false, Message: "Se registró satisfactoriamente.", Data: null });

      const found = await list(t.find[0], t.find[1]);
      expect(found).toHaveLength(1);
      const id = found[0]![t.id] as number;
      expect(id).toBeGreaterThan(0);

      const updated = await d.call(`${t.controller}_Update` as OperationId, { [t.id]: id, ...t.update });
      expect(updated).toMatchObject({ Success: true, Warning: false, Message: "Se actualizó satisfactoriamente.", Data: null });

      const [byId] = await list(t.getById[0], { [t.getById[1]]: id });
      expect(byId).toMatchObject(normalizedDates(t.update));
      // Fields the update did not send keep their values.
      for (const [k, v] of Object.entries(t.add)) {
        if (k in t.update || k === "clave" || k === "estado" || typeof v !== "string" || /^\d{4}-/.test(v)) continue;
        expect(byId![k]).toBe(v);
      }

      if (t.activeList) expect(ids(await list(t.activeList), t.id)).toContain(id);
      const deleted = await d.call(`${t.controller}_Delete` as OperationId, { [t.id]: id });
      expect(deleted).toMatchObject({ Success: true, Warning: false, Message: "Se eliminó satisfactoriamente.", Data: null });
      expect(await list(t.find[0], t.find[1])).toEqual([]);
      if (t.activeList) expect(ids(await list(t.activeList), t.id)).not.toContain(id);
      // Soft delete: the row is still there, inactive.
      expect(row(`SELECT ${t.state[0]} AS state FROM ${t.table} WHERE ${t.id} = ?`, id)).toEqual({ state: t.state[1] });
      // Deleting again changes nothing.
      expect(await d.call(`${t.controller}_Delete` as OperationId, { [t.id]: id })).toMatchObject({
        Success: true,
        Warning: true,
        Message: "No se pudo realizar la eliminación.",
      });
    });
  }
});

function normalizedDates(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00` : v]),
  );
}

describe("child rows listed by their parent id (Add returns the new id)", () => {
  const cases: { controller: string; table: string; id: string; parent: string; add: Record<string, unknown> }[] = [
    {
      controller: "CVN_PLAN_SEGURO_DETALLE",
      table: "CVN_PLAN_SEGURO_DETALLE",
      id: "id_plan_seguro_detalle",
      parent: "id_plan_seguro",
      add: { id_plan_seguro: 2, id_beneficio: 3, id_moneda: 1, n_copago_fijo: 15, n_copago_variable: 10 },
    },
    {
      controller: "CVN_CATEGORIA_PAGO_PRECIO",
      table: "CVN_CATEGORIA_PAGO_PRECIO",
      id: "id_categoria_pago_precio",
      parent: "id_tarifario_segus",
      add: { id_tarifario_segus: 2, id_categoria_pago: 1, n_precio_sol: 123.45, n_precio_usd: 30.11, UsuarioCreacion: "1" },
    },
    {
      controller: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
      table: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
      id: "id_tarifario_segus_participante",
      parent: "id_tarifario_segus",
      add: { id_tarifario_segus: 3, id_tarifario_segus_referencia: 4, id_usuarioCreacion: 1 },
    },
  ];
  for (const c of cases) {
    it(c.controller, async () => {
      const filter = `${c.controller}_GetAllActivesFilters` as OperationId;
      const res = await d.call(`${c.controller}_Add` as OperationId, c.add);
      expect(res).toMatchObject({ Success: true, Warning: false, Message: "Se registró satisfactoriamente." });
      const id = res.Data as number;
      expect(Number.isInteger(id) && id > 0).toBe(true);
      const rows = await list(filter, { [c.parent]: c.add[c.parent] });
      expect(ids(rows, c.id)).toContain(id);
      expect(rows.every((r) => r[c.parent] === c.add[c.parent])).toBe(true);
      expect(dataOf(await d.call(`${c.controller}_Delete` as OperationId, { [c.id]: id }))).toBeNull();
      expect(ids(await list(filter, { [c.parent]: c.add[c.parent] }), c.id)).not.toContain(id);
      expect(row(`SELECT f_estado FROM ${c.table} WHERE ${c.id} = ?`, id)).toEqual({ f_estado: 0 });
    });
  }

  it("refuses a child of a parent that does not exist", async () => {
    expect(await d.call("CVN_PLAN_SEGURO_DETALLE_Add", { id_plan_seguro: 9999, id_beneficio: 1 })).toMatchObject({
      Success: true,
      Warning: true,
      Data: null,
      Message: expect.stringContaining("id_plan_seguro"),
    });
  });
});

describe("controllers without Delete in the API", () => {
  it("CVN_PLAN_SEGURO: Add, filter, Update, GetById, deactivate through Update", async () => {
    const add = { c_codigo: "PLAN-T", t_descripcion: "Plan de prueba Ñandú", id_contacto_garante: 3, id_producto_plan: 4, d_fecha_i_vigencia: "2021-01-01T00:00:00", d_fecha_f_vigencia: "2030-12-31T00:00:00" };
    expect(dataOf(await d.call("CVN_PLAN_SEGURO_Add", add))).toBeNull();
    const [found] = await list("CVN_PLAN_SEGURO_GetAllFilters", { valorRequest: "nandu" });
    const id = found!.id_plan_seguro as number;
    expect(found!.garante).toBeTypeOf("string");
    expect(found!.producto).toBeTypeOf("string");
    expect(await d.call("CVN_PLAN_SEGURO_Update", { id_plan_seguro: id, c_contrato: "CT-1" })).toMatchObject({
      Message: "Se actualizó satisfactoriamente.",
      Warning: false,
    });
    expect((await list("CVN_PLAN_SEGURO_GetById", { id_plan_seguro: id }))[0]).toMatchObject({ c_contrato: "CT-1", estado: "A" });
    expect(ids(await list("CVN_PLAN_SEGURO_GetAllActives"), "id_plan_seguro")).toContain(id);
    await d.call("CVN_PLAN_SEGURO_Update", { id_plan_seguro: id, f_estado: 0 });
    expect(ids(await list("CVN_PLAN_SEGURO_GetAllActives"), "id_plan_seguro")).not.toContain(id);
    expect((await list("CVN_PLAN_SEGURO_GetById", { id_plan_seguro: id }))[0]).toMatchObject({ f_estado: 0, estado: "I" });
  });

  it("ADM_ATENCION: Add returns the id, Update answers the registration message, the patient must exist", async () => {
    const base = { id_paciente: 3, id_tipo_paciente: 1, id_tipo_atencion: 1, id_plan_seguro: 1, d_fecha_registro: "2021-10-01T09:30:00" };
    const res = await d.call("ADM_ATENCION_Add", base);
    expect(res).toMatchObject({ Success: true, Warning: false, Message: "Se registró satisfactoriamente." });
    const id = res.Data as number;
    expect(ids(await list("ADM_ATENCION_GetAllPaciente", {}, { idPaciente: 3 }), "id_atencion")).toContain(id);
    expect(ids(await list("ADM_ATENCION_GetAllPaciente", {}, { idPaciente: "3" }), "id_atencion")).toContain(id);
    expect(ids(await list("ADM_ATENCION_GetAtencionAllFilters", { id_paciente: 3 }), "id_atencion")).toContain(id);
    const inRange = await list("ADM_ATENCION_GetAllFilters", { id_paciente: 3, d_fecha_registro_1: "2021-10-01", d_fecha_registro_2: "2021-10-01T00:00:00" });
    expect(ids(inRange, "id_atencion")).toContain(id);
    const outOfRange = await list("ADM_ATENCION_GetAllFilters", { id_paciente: 3, d_fecha_registro_1: "2021-10-02T00:00:00" });
    expect(ids(outOfRange, "id_atencion")).not.toContain(id);

    expect(await d.call("ADM_ATENCION_Update", { id_atencion: id, t_observacion_general: "Control en 7 días" })).toMatchObject({
      Success: true,
      Warning: false,
      Message: "Se registró satisfactoriamente.",
      Data: null,
    });
    const [byId] = await list("ADM_ATENCION_GetById", { IdAtencion: id });
    expect(byId).toMatchObject({ id_atencion: id, id_paciente: 3, t_observacion_general: "Control en 7 días", c_hora_registro: "09:30" });
    expect(byId!.id_nro_interno).toBe(211000001);

    expect(await d.call("ADM_ATENCION_Add", { ...base, id_paciente: 424242 })).toMatchObject({
      Success: true,
      Warning: true,
      Data: null,
      Message: "El paciente indicado no existe o está inactivo.",
    });
    expect(await d.call("ADM_ATENCION_Update", { id_atencion: 999999, id_paciente: 3 })).toMatchObject({
      Warning: true,
      Message: "No se pudo realizar la actualización.",
    });
  });

  it("FAR_PRODUCTO: Add returns the id and a code, GetById reads the query string, Update answers the registration message", async () => {
    const res = await d.call("FAR_PRODUCTO_Add", { t_descripcion: "IBUPROFENO 400 MG TABLETA", c_unspsc: "51142100", n_pvf: 0.35, f_estado: 1 });
    const id = dataOf<number>(res);
    const [p] = await list("FAR_PRODUCTO_GetById", {}, { idProducto: String(id) });
    expect(p).toMatchObject({ id_producto: id, t_descripcion: "IBUPROFENO 400 MG TABLETA", c_unspsc: 51142100, n_pvf: 0.35 });
    expect(row("SELECT t_codigo FROM FAR_PRODUCTO WHERE id_producto = ?", id)).toEqual({ t_codigo: `P${String(id).padStart(6, "0")}` });
    expect(await d.call("FAR_PRODUCTO_Update", { id_producto: id, n_pvf: 0.4 })).toMatchObject({
      Warning: false,
      Message: "Se registró satisfactoriamente.",
    });
    expect((await list("FAR_PRODUCTO_GetById", {}, { idProducto: id }))[0]).toMatchObject({ n_pvf: 0.4 });
    expect(await list("FAR_PRODUCTO_GetById", {}, { idProducto: 987654 })).toEqual([]);
  });
});

describe("duplicate checks the backend really has", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["ADM_OCUPACION", { c_codigo: "OC-DUP", t_descripcion: "Ocupación duplicada" }, { c_codigo: "oc-dup ", t_descripcion: "OCUPACION DUPLICADA" }],
    ["ADM_PACIENTE", { n_historia_clinica: 88001, t_apellido_paterno: "Uno", t_nombres: "Paciente" }, { n_historia_clinica: 88001, t_apellido_paterno: "Otro", t_nombres: "Paciente" }],
    ["CON_CONTACTO", { c_codigo: "20111111111", t_razon_social: "Duplicada S.A." }, { c_codigo: "20111111111", t_razon_social: "duplicada s.a." }],
    ["CVN_CATEGORIA_PAGO", { c_codigo: "DUP", t_descripcion: "Categoría duplicada" }, { c_codigo: "DUP", t_descripcion: "Categoria duplicada" }],
    ["CVN_TARIFARIO_SEGUS", { c_codigo: "88.88.88", t_descripcion_esp: "Uno" }, { c_codigo: "88.88.88", t_descripcion_esp: "Otro" }],
    ["SEG_USUARIO", { usuario: "dupuser", clave: "x1", id_rol: 2 }, { usuario: "DupUser", clave: "x2", id_rol: 3 }],
  ];
  for (const [controller, first, second] of cases) {
    it(controller, async () => {
      const op = `${controller}_Add` as OperationId;
      expect(await d.call(op, first)).toMatchObject({ Success: true, Warning: false });
      expect(await d.call(op, second)).toEqual({ Message: "El registro ya existe.", Success: true, Warning: true, Data: null });
    });
  }

  it("does not apply to controllers whose backend check is a no-op", async () => {
    const plan = { c_codigo: "SAME", t_descripcion: "Mismo plan" };
    expect(dataOf(await d.call("CVN_PLAN_SEGURO_Add", plan))).toBeNull();
    expect(dataOf(await d.call("CVN_PLAN_SEGURO_Add", plan))).toBeNull();
  });
});

describe("updates and deletes of rows that do not exist", () => {
  const controllers = ["ADM_OCUPACION", "ADM_PACIENTE", "CON_CONTACTO", "CVN_CATEGORIA_PAGO", "CVN_TARIFARIO_SEGUS", "SEG_USUARIO"];
  const idField: Record<string, string> = {
    ADM_OCUPACION: "id_ocupacion",
    ADM_PACIENTE: "id_paciente",
    CON_CONTACTO: "id_contacto",
    CVN_CATEGORIA_PAGO: "id_categoria_pago",
    CVN_TARIFARIO_SEGUS: "id_tarifario_segus",
    SEG_USUARIO: "id_usuario",
  };
  for (const c of controllers) {
    it(c, async () => {
      for (const id of [987654, 0, undefined]) {
        expect(await d.call(`${c}_Update` as OperationId, { [idField[c]!]: id, t_descripcion: "x" })).toEqual({
          Message: "No se pudo realizar la actualización.",
          Success: true,
          Warning: true,
          Data: null,
        });
        expect(await d.call(`${c}_Delete` as OperationId, { [idField[c]!]: id })).toEqual({
          Message: "No se pudo realizar la eliminación.",
          Success: true,
          Warning: true,
          Data: null,
        });
      }
    });
  }
});

describe("required fields", () => {
  it("names the missing field", async () => {
    expect(await d.call("ADM_OCUPACION_Add", { c_codigo: "X" })).toMatchObject({ Warning: true, Message: "El campo t_descripcion es obligatorio." });
    expect(await d.call("ADM_PACIENTE_Add", { t_nombres: "Solo nombre" })).toMatchObject({ Warning: true, Message: "El campo t_apellido_paterno es obligatorio." });
    expect(await d.call("SEG_USUARIO_Add", { usuario: "sinclave", id_rol: 2 })).toMatchObject({ Warning: true, Message: "El campo clave es obligatorio." });
  });

  it("a patient without clinical-record number gets the next one", async () => {
    const max = (row("SELECT max(n_historia_clinica) AS m FROM ADM_PACIENTE")!.m as number) ?? 0;
    expect(dataOf(await d.call("ADM_PACIENTE_Add", { t_apellido_paterno: "Auto", t_nombres: "Numerado" }))).toBeNull();
    expect(row("SELECT n_historia_clinica, t_paciente FROM ADM_PACIENTE WHERE t_nombres = 'Numerado'")).toEqual({
      n_historia_clinica: max + 1,
      t_paciente: "Auto, Numerado",
    });
  });
});

describe("values of the wrong type (normally refused by the HTTP layer)", () => {
  it("are treated as not sent instead of being stored in a column of another type", async () => {
    expect(dataOf(await d.call("ADM_OCUPACION_Add", { c_codigo: "TYPE", t_descripcion: "Tipos" }))).toBeNull();
    const id = row("SELECT id_ocupacion FROM ADM_OCUPACION WHERE c_codigo = 'TYPE'")!.id_ocupacion as number;
    expect(dataOf(await d.call("ADM_OCUPACION_Update", { id_ocupacion: id, f_estado: "0", t_observacion: { x: 1 }, t_descripcion: 42 }))).toBeNull();
    expect(row("SELECT f_estado, t_observacion, t_descripcion FROM ADM_OCUPACION WHERE id_ocupacion = ?", id)).toEqual({
      f_estado: 1,
      t_observacion: null,
      t_descripcion: "42",
    });
  });
});
