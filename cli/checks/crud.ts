// Write sequences (only with --allow-writes). Per writable controller: Add with unique values → find the
// row through the controller's filter → Update → GetById shows the change → Delete → the filter no longer
// lists it; for the six controllers whose backend checks duplicates, a second identical Add must answer the
// "El registro ya existe." warning. Every answer is also checked against the contract. The rows are made
// unique per run (a timestamp-based marker) so reruns never collide; what a sequence creates it deletes,
// except for the actions the API offers no Delete for (those rows are deactivated when possible and listed).
import type { Operation } from "../../contract/spec.js";
import type { JsonResponse } from "../../contract/envelope.js";
import { evaluateAnswer, type Draft } from "../analyze.js";
import type { RunContext } from "../context.js";
import type { CheckName, Exchange } from "../model.js";

type Row = Record<string, unknown>;

export interface CrudPlan {
  controller: string;
  /** The operations the sequence is about (the task's progress and crash reports go to them). */
  operations: Operation[];
  run: (seq: Sequence) => Promise<void>;
}

/** A .NET DateTime string for "now", as the desktop client sends it. */
export function nowNet(date = new Date()): string {
  return date.toISOString().slice(0, 19);
}

function example(op: Operation): Row {
  const v = op.requestExamples.request?.value;
  return v && typeof v === "object" && !Array.isArray(v) ? (structuredClone(v) as Row) : {};
}

const rowsOf = (env: JsonResponse | null): Row[] =>
  env && Array.isArray(env.Data) ? env.Data.filter((r): r is Row => !!r && typeof r === "object") : [];
const contains = (row: Row, marker: string) => JSON.stringify(row).includes(marker);
const positiveInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

interface CallOutcome {
  env: JsonResponse | null;
  ok: boolean;
  warning: boolean;
  exchange: Exchange;
}

/** One controller's sequence: calls, expectations, findings, clean-up bookkeeping. */
export class Sequence {
  /** Unique token of this run, safe in codes and free-text searches (letters and digits). */
  readonly marker: string;
  private readonly byId: Map<string, Operation>;

  constructor(
    readonly ctx: RunContext,
    private readonly leftovers: string[],
  ) {
    this.marker = `VRF${ctx.runId}`;
    this.byId = new Map(ctx.allOperations.map((o) => [o.operationId, o]));
  }

  op(id: string): Operation {
    const op = this.byId.get(id);
    if (!op) throw new Error(`the contract has no operation ${id}`);
    return op;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  example(id: string): Row {
    return example(this.op(id));
  }

  /** Calls an operation as part of the sequence and checks the answer; findings go to `check`. */
  async call(
    id: string,
    body: unknown,
    opts: { query?: Record<string, string>; expectWarning?: boolean; check?: CheckName } = {},
  ): Promise<CallOutcome> {
    const op = this.op(id);
    const check = opts.check ?? "crud";
    const res = await this.ctx.client.call({ path: op.path, body, query: opts.query, token: this.ctx.session.token, operationId: op.operationId });
    const okExample = op.responseExamples.ok?.value as JsonResponse | undefined;
    // Unexpected business warnings are reported below, once, as a failed step of the sequence.
    const evaluation = evaluateAnswer(this.ctx.validator, op, res, {
      warningAllowed: true,
      ...(op.writes && !opts.expectWarning && okExample ? { okMessage: okExample.Message } : {}),
    });
    const drafts = [...evaluation.drafts];
    const env = evaluation.envelope;
    if (env && env.Success && env.Warning && !opts.expectWarning) {
      drafts.push({
        severity: "error",
        category: "crud",
        pointer: "/Warning",
        message: `${op.action} refused the sequence's request with a business warning: ${env.Message ?? "(no message)"}`,
        expected: false,
        actual: true,
      });
    }
    this.ctx.collector.add(op, check, drafts, res.exchange);
    return { env, ok: evaluation.ok && !(env?.Warning ?? false), warning: env?.Warning === true, exchange: res.exchange };
  }

  /** A read whose answer is only used (parent ids): not reported, the read check covers it. */
  async peek(id: string, body: unknown = {}): Promise<Row[]> {
    const op = this.op(id);
    const res = await this.ctx.client.call({ path: op.path, body, token: this.ctx.session.token, operationId: op.operationId });
    const env = res.json as JsonResponse | undefined;
    return env && Array.isArray(env.Data) ? env.Data.filter((r): r is Row => !!r && typeof r === "object") : [];
  }

  fail(id: string, message: string, exchange: Exchange | undefined, extra: Partial<Draft> = {}, check: CheckName = "crud"): void {
    this.ctx.collector.add(this.op(id), check, [{ severity: "error", category: "crud", pointer: null, message, ...extra }], exchange);
  }

  skip(ids: string[], reason: string): void {
    for (const id of ids) if (this.has(id)) this.ctx.collector.skip(this.op(id), "crud", reason);
  }

  leftover(text: string): void {
    this.leftovers.push(text);
  }

  /** First positive value of `field` among the rows of a list operation, else `fallback`. */
  async parentId(listOp: string, field: string, fallback: unknown, body: unknown = {}): Promise<number> {
    const rows = await this.peek(listOp, body);
    const found = rows.map((r) => r[field]).find(positiveInt);
    return found ?? (positiveInt(fallback) ? fallback : 1);
  }
}

interface StandardCrud {
  controller: string;
  idField: string;
  addBody: Row;
  duplicate: boolean;
  /** The filter that must find the new row (by the marker). */
  find: { op: string; body: Row };
  update?: (id: number) => Row;
  /** Text the updated row must show. */
  updateMarker?: string;
  getById?: { op: string; body?: (id: number) => Row; query?: (id: number) => Record<string, string> };
  delete?: (id: number) => Row;
  /** When there is no Delete: an Update that deactivates the row (f_estado 0). */
  deactivate?: (id: number) => Row;
  describe: (id: number) => string;
}

async function standardCrud(seq: Sequence, c: StandardCrud): Promise<void> {
  const addId = `${c.controller}_Add`;
  const ops = [addId, c.find.op, `${c.controller}_Update`, c.getById?.op ?? "", `${c.controller}_Delete`].filter((id) => id && seq.has(id));
  const add = await seq.call(addId, c.addBody);
  if (!add.ok) {
    seq.skip(ops.filter((o) => o !== addId), "not run: Add did not succeed");
    if (c.duplicate) seq.ctx.collector.skip(seq.op(addId), "duplicate", "not run: Add did not succeed");
    return;
  }
  let id: number | null = positiveInt(add.env?.Data) ? add.env.Data : null;
  let extraRows = 0;
  if (c.duplicate) {
    const again = await seq.call(addId, c.addBody, { expectWarning: true, check: "duplicate" });
    const expected = (seq.op(addId).responseExamples.warning?.value as JsonResponse | undefined)?.Message ?? null;
    if (again.env?.Success && !again.env.Warning) {
      extraRows = 1;
      seq.fail(addId, "a second identical Add was accepted: the backend's duplicate check is missing", again.exchange, { expected: `Warning:true, ${JSON.stringify(expected)}`, actual: "Warning:false" }, "duplicate");
    } else if (again.warning && expected !== null && again.env?.Message !== expected) {
      seq.ctx.collector.add(seq.op(addId), "duplicate", [
        { severity: "warning", category: "message", pointer: "/Message", message: `the duplicate was refused with another message: ${JSON.stringify(again.env?.Message)}`, expected, actual: again.env?.Message },
      ], again.exchange);
    }
  }
  const found = await seq.call(c.find.op, c.find.body);
  const matches = rowsOf(found.env).filter((r) => contains(r, seq.marker));
  if (id === null) {
    const candidate = matches.map((r) => r[c.idField]).find(positiveInt);
    id = candidate ?? null;
  }
  if (found.env && matches.length === 0) {
    seq.fail(c.find.op, `the row just added is not returned by ${c.find.op.split("_").pop()} (searched with ${JSON.stringify(c.find.body)})`, found.exchange, { expected: `a row containing ${seq.marker}`, actual: `${rowsOf(found.env).length} row(s) without it` });
  }
  if (id === null) {
    seq.skip(ops.filter((o) => o !== addId && o !== c.find.op), `not run: the id of the added row is unknown (${c.idField})`);
    seq.leftover(`${c.controller}: a row containing ${seq.marker} (id unknown)`);
    return;
  }
  const extraIds = matches.map((r) => r[c.idField]).filter((v): v is number => positiveInt(v) && v !== id);
  let removed = false;
  try {
    if (c.update) {
      await seq.call(`${c.controller}_Update`, c.update(id));
    }
    if (c.getById) {
      const g = c.getById;
      const got = await seq.call(g.op, g.body ? g.body(id) : {}, g.query ? { query: g.query(id) } : {});
      const rows = rowsOf(got.env);
      if (got.env?.Success && !got.env.Warning) {
        if (rows.length !== 1) {
          seq.fail(g.op, `GetById of the row just added answered ${rows.length} rows`, got.exchange, { expected: 1, actual: rows.length, pointer: "/Data" });
        } else if (c.updateMarker && !contains(rows[0]!, c.updateMarker)) {
          seq.ctx.collector.add(seq.op(g.op), "crud", [
            { severity: "warning", category: "crud", pointer: "/Data/0", message: `the Update is not visible in ${g.op.split("_").pop()} (${c.updateMarker} not found in the row)`, expected: c.updateMarker, actual: "absent" },
          ], got.exchange);
        }
      }
    }
    if (c.delete) {
      const del = await seq.call(`${c.controller}_Delete`, c.delete(id));
      removed = del.ok;
      if (removed) {
        const after = await seq.call(c.find.op, c.find.body);
        const still = rowsOf(after.env).filter((r) => r[c.idField] === id);
        if (after.env?.Success && still.length) {
          seq.ctx.collector.add(seq.op(c.find.op), "crud", [
            { severity: "warning", category: "crud", pointer: null, message: `the deleted row is still listed by ${c.find.op.split("_").pop()}`, expected: "absent", actual: "listed" },
          ], after.exchange);
        }
      }
    } else if (c.deactivate) {
      await seq.call(`${c.controller}_Update`, c.deactivate(id));
      seq.leftover(`${c.describe(id)} (deactivated; the API has no Delete for it)`);
      removed = true;
    } else {
      seq.leftover(`${c.describe(id)} (the API has no Delete for it)`);
      removed = true;
    }
  } finally {
    if (!removed && c.delete) {
      const del = await seq.call(`${c.controller}_Delete`, c.delete(id));
      if (!del.ok) seq.leftover(`${c.describe(id)} (Delete failed)`);
    } else if (!removed) {
      seq.leftover(c.describe(id));
    }
    for (const extra of extraIds.slice(0, extraRows + 1)) {
      if (c.delete) {
        const del = await seq.call(`${c.controller}_Delete`, c.delete(extra));
        if (!del.ok) seq.leftover(`${c.describe(extra)} (duplicate row; Delete failed)`);
      } else seq.leftover(`${c.describe(extra)} (duplicate row)`);
    }
  }
}

/** A write with no way to find or remove what it creates: called once, its answer checked, listed. */
async function singleWrite(seq: Sequence, id: string, body: Row, what: string): Promise<void> {
  const r = await seq.call(id, body);
  if (r.ok) seq.leftover(`${id}: ${what}${positiveInt(r.env?.Data) ? ` (id ${r.env.Data})` : ""}`);
}

function definePlans(): { controller: string; writes: string[]; calls: string[]; run: (seq: Sequence) => Promise<void> }[] {
  return [
    {
      controller: "ADM_OCUPACION",
      writes: ["ADM_OCUPACION_Add", "ADM_OCUPACION_Update", "ADM_OCUPACION_Delete"],
      calls: ["ADM_OCUPACION_GetAllFilters", "ADM_OCUPACION_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const base = { c_codigo: m.slice(0, 12), t_descripcion: `VERIFICACION ${m}`, t_observacion: null, f_estado: 1, IdUsuarioActual: 1 };
        return standardCrud(seq, {
          controller: "ADM_OCUPACION",
          idField: "id_ocupacion",
          addBody: { ...seq.example("ADM_OCUPACION_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: true,
          find: { op: "ADM_OCUPACION_GetAllFilters", body: { c_codigo: base.c_codigo, t_descripcion: base.t_descripcion } },
          update: (id) => ({ ...seq.example("ADM_OCUPACION_Update"), ...base, id_ocupacion: id, t_observacion: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "ADM_OCUPACION_GetById", body: (id) => ({ id_ocupacion: id }) },
          delete: (id) => ({ id_ocupacion: id }),
          describe: (id) => `ADM_OCUPACION id_ocupacion ${id}`,
        });
      },
    },
    {
      controller: "ADM_PACIENTE",
      writes: ["ADM_PACIENTE_Add", "ADM_PACIENTE_Update", "ADM_PACIENTE_Delete"],
      calls: ["ADM_PACIENTE_GetAllFilters", "ADM_PACIENTE_GetById"],
      run: (seq) => {
        const m = seq.marker;
        // The duplicate key of a patient: a clinical-record number no real patient has (10 digits, int32).
        const historia = 1_000_000_000 + ((Date.now() * 7 + Math.floor(Math.random() * 1_000_000)) % 1_000_000_000);
        const base = {
          n_historia_clinica: historia,
          t_apellido_paterno: "VERIFICACION",
          t_apellido_materno: "CONTRATO",
          t_nombres: m,
          t_paciente: `VERIFICACION CONTRATO, ${m}`,
          f_estado: 1,
        };
        return standardCrud(seq, {
          controller: "ADM_PACIENTE",
          idField: "id_paciente",
          addBody: { ...seq.example("ADM_PACIENTE_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: true,
          find: { op: "ADM_PACIENTE_GetAllFilters", body: { valorRequest: m } },
          update: (id) => ({ ...seq.example("ADM_PACIENTE_Update"), ...base, id_paciente: id, t_referencia: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "ADM_PACIENTE_GetById", body: (id) => ({ id_paciente: id }) },
          delete: (id) => ({ id_paciente: id }),
          describe: (id) => `ADM_PACIENTE id_paciente ${id}`,
        });
      },
    },
    {
      controller: "CON_CONTACTO",
      writes: ["CON_CONTACTO_Add", "CON_CONTACTO_Update", "CON_CONTACTO_Delete"],
      calls: ["CON_CONTACTO_GetAllFilters", "CON_CONTACTO_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const base = { c_codigo: m.slice(0, 11), t_razon_social: `VERIFICACION ${m}`, f_estado: 1 };
        return standardCrud(seq, {
          controller: "CON_CONTACTO",
          idField: "id_contacto",
          addBody: { ...seq.example("CON_CONTACTO_Add"), ...base },
          duplicate: true,
          find: { op: "CON_CONTACTO_GetAllFilters", body: { valor: m } },
          update: (id) => ({ ...seq.example("CON_CONTACTO_Update"), ...base, id_contacto: id, t_observacion: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "CON_CONTACTO_GetById", body: (id) => ({ id_contacto: id }) },
          delete: (id) => ({ id_contacto: id }),
          describe: (id) => `CON_CONTACTO id_contacto ${id}`,
        });
      },
    },
    {
      controller: "CVN_CATEGORIA_PAGO",
      writes: ["CVN_CATEGORIA_PAGO_Add", "CVN_CATEGORIA_PAGO_Update", "CVN_CATEGORIA_PAGO_Delete"],
      calls: ["CVN_CATEGORIA_PAGO_GetAllFilters", "CVN_CATEGORIA_PAGO_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const base = { c_codigo: m.slice(0, 12), t_descripcion: `VERIFICACION ${m}`, f_estado: 1 };
        return standardCrud(seq, {
          controller: "CVN_CATEGORIA_PAGO",
          idField: "id_categoria_pago",
          addBody: { ...seq.example("CVN_CATEGORIA_PAGO_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: true,
          find: { op: "CVN_CATEGORIA_PAGO_GetAllFilters", body: { valorConsulta: m } },
          update: (id) => ({ ...seq.example("CVN_CATEGORIA_PAGO_Update"), ...base, id_categoria_pago: id, t_observacion: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "CVN_CATEGORIA_PAGO_GetById", body: (id) => ({ id_categoria_pago: id }) },
          delete: (id) => ({ id_categoria_pago: id }),
          describe: (id) => `CVN_CATEGORIA_PAGO id_categoria_pago ${id}`,
        });
      },
    },
    {
      controller: "CVN_TARIFARIO_SEGUS",
      writes: ["CVN_TARIFARIO_SEGUS_Add", "CVN_TARIFARIO_SEGUS_Update", "CVN_TARIFARIO_SEGUS_Delete"],
      calls: ["CVN_TARIFARIO_SEGUS_GetAllFilters", "CVN_TARIFARIO_SEGUS_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const base = { c_codigo: m.slice(0, 12), t_descripcion_esp: `VERIFICACION ${m}`, f_estado: 1 };
        return standardCrud(seq, {
          controller: "CVN_TARIFARIO_SEGUS",
          idField: "id_tarifario_segus",
          addBody: { ...seq.example("CVN_TARIFARIO_SEGUS_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: true,
          find: { op: "CVN_TARIFARIO_SEGUS_GetAllFilters", body: { valorRequest: m } },
          update: (id) => ({ ...seq.example("CVN_TARIFARIO_SEGUS_Update"), ...base, id_tarifario_segus: id, t_observacion: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "CVN_TARIFARIO_SEGUS_GetById", body: (id) => ({ id_tarifario_segus: id }) },
          delete: (id) => ({ id_tarifario_segus: id }),
          describe: (id) => `CVN_TARIFARIO_SEGUS id_tarifario_segus ${id}`,
        });
      },
    },
    {
      controller: "SEG_USUARIO",
      writes: ["SEG_USUARIO_Add", "SEG_USUARIO_Update", "SEG_USUARIO_Delete"],
      calls: ["SEG_USUARIO_GetAllFilters", "SEG_USUARIO_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const usuario = m.toLowerCase();
        // A throw-away password for the throw-away user; registered so no output shows it.
        const clave = `Vx!${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
        seq.ctx.redactor.add(clave);
        const base = { usuario, clave, apellidos: "VERIFICACION", nombres: m, estado: "A" };
        return standardCrud(seq, {
          controller: "SEG_USUARIO",
          idField: "id_usuario",
          addBody: { ...seq.example("SEG_USUARIO_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: true,
          find: { op: "SEG_USUARIO_GetAllFilters", body: { usuario } },
          update: (id) => ({ ...seq.example("SEG_USUARIO_Update"), ...base, id_usuario: id, nombres: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "SEG_USUARIO_GetById", body: (id) => ({ id_usuario: id }) },
          delete: (id) => ({ ...seq.example("SEG_USUARIO_Delete"), id_usuario: id, FechaModificacion: nowNet() }),
          describe: (id) => `SEG_USUARIO id_usuario ${id} (${usuario})`,
        });
      },
    },
    {
      controller: "CVN_PLAN_SEGURO",
      writes: ["CVN_PLAN_SEGURO_Add", "CVN_PLAN_SEGURO_Update"],
      calls: ["CVN_PLAN_SEGURO_GetAllFilters", "CVN_PLAN_SEGURO_GetById"],
      run: (seq) => {
        const m = seq.marker;
        const base = { c_codigo: m.slice(0, 12), t_descripcion: `VERIFICACION ${m}`, f_estado: 1 };
        return standardCrud(seq, {
          controller: "CVN_PLAN_SEGURO",
          idField: "id_plan_seguro",
          addBody: { ...seq.example("CVN_PLAN_SEGURO_Add"), ...base, FechaCreacion: nowNet() },
          duplicate: false,
          find: { op: "CVN_PLAN_SEGURO_GetAllFilters", body: { valorRequest: m } },
          update: (id) => ({ ...seq.example("CVN_PLAN_SEGURO_Update"), ...base, id_plan_seguro: id, t_observacion: `${m}X`, FechaModificacion: nowNet() }),
          updateMarker: `${m}X`,
          getById: { op: "CVN_PLAN_SEGURO_GetById", body: (id) => ({ id_plan_seguro: id }) },
          deactivate: (id) => ({ ...seq.example("CVN_PLAN_SEGURO_Update"), ...base, id_plan_seguro: id, t_observacion: `${m}X`, f_estado: 0, FechaModificacion: nowNet() }),
          describe: (id) => `CVN_PLAN_SEGURO id_plan_seguro ${id} (${m})`,
        });
      },
    },
    {
      controller: "CVN_PLAN_SEGURO_DETALLE",
      writes: ["CVN_PLAN_SEGURO_DETALLE_Add", "CVN_PLAN_SEGURO_DETALLE_Delete"],
      calls: ["CVN_PLAN_SEGURO_DETALLE_GetAllActivesFilters"],
      run: async (seq) => {
        const ex = seq.example("CVN_PLAN_SEGURO_DETALLE_Add");
        const plan = await seq.parentId("CVN_PLAN_SEGURO_GetAllActives", "id_plan_seguro", ex.id_plan_seguro);
        return childCrud(seq, {
          controller: "CVN_PLAN_SEGURO_DETALLE",
          idField: "id_plan_seguro_detalle",
          addBody: { ...ex, id_plan_seguro: plan, FechaCreacion: nowNet() },
          find: { op: "CVN_PLAN_SEGURO_DETALLE_GetAllActivesFilters", body: { id_plan_seguro: plan } },
        });
      },
    },
    {
      controller: "CVN_CATEGORIA_PAGO_PRECIO",
      writes: ["CVN_CATEGORIA_PAGO_PRECIO_Add", "CVN_CATEGORIA_PAGO_PRECIO_Delete"],
      calls: ["CVN_CATEGORIA_PAGO_PRECIO_GetAllActivesFilters"],
      run: async (seq) => {
        const ex = seq.example("CVN_CATEGORIA_PAGO_PRECIO_Add");
        const tarifario = await seq.parentId("CVN_TARIFARIO_SEGUS_GetAllActives", "id_tarifario_segus", ex.id_tarifario_segus);
        const categoria = await seq.parentId("CVN_CATEGORIA_PAGO_GetAllActives", "id_categoria_pago", ex.id_categoria_pago);
        return childCrud(seq, {
          controller: "CVN_CATEGORIA_PAGO_PRECIO",
          idField: "id_categoria_pago_precio",
          addBody: { ...ex, id_tarifario_segus: tarifario, id_categoria_pago: categoria },
          find: { op: "CVN_CATEGORIA_PAGO_PRECIO_GetAllActivesFilters", body: { id_tarifario_segus: tarifario } },
        });
      },
    },
    {
      controller: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
      writes: ["CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add", "CVN_TARIFARIO_SEGUS_PARTICIPANTE_Delete"],
      calls: ["CVN_TARIFARIO_SEGUS_PARTICIPANTE_GetAllActivesFilters"],
      run: async (seq) => {
        const ex = seq.example("CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add");
        const rows = await seq.peek("CVN_TARIFARIO_SEGUS_GetAllActives");
        const ids = rows.map((r) => r.id_tarifario_segus).filter(positiveInt);
        const main = ids[0] ?? (positiveInt(ex.id_tarifario_segus) ? ex.id_tarifario_segus : 1);
        const ref = ids[1] ?? main;
        return childCrud(seq, {
          controller: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
          idField: "id_tarifario_segus_participante",
          addBody: { ...ex, id_tarifario_segus: main, id_tarifario_segus_referencia: ref },
          find: { op: "CVN_TARIFARIO_SEGUS_PARTICIPANTE_GetAllActivesFilters", body: { id_tarifario_segus: main } },
        });
      },
    },
    {
      controller: "ADM_ATENCION",
      writes: ["ADM_ATENCION_Add", "ADM_ATENCION_Update"],
      calls: ["ADM_ATENCION_GetById"],
      run: async (seq) => {
        const m = seq.marker;
        const ex = seq.example("ADM_ATENCION_Add");
        const paciente = await seq.parentId("ADM_PACIENTE_GetAllFilters", "id_paciente", ex.id_paciente, seq.example("ADM_PACIENTE_GetAllFilters"));
        const now = nowNet();
        const base = { ...ex, id_paciente: paciente, d_fecha_registro: now, FechaCreacion: now, t_observacion_general: m };
        const add = await seq.call("ADM_ATENCION_Add", base);
        const id = positiveInt(add.env?.Data) ? add.env.Data : null;
        if (!add.ok || id === null) {
          if (add.ok) seq.fail("ADM_ATENCION_Add", "Add answered no id in Data", add.exchange, { pointer: "/Data", expected: "a positive integer", actual: add.env?.Data });
          seq.skip(["ADM_ATENCION_Update", "ADM_ATENCION_GetById"], "not run: Add did not succeed");
          return;
        }
        await seq.call("ADM_ATENCION_Update", { ...seq.example("ADM_ATENCION_Update"), ...base, id_atencion: id, t_observacion_general: `${m}X` });
        const got = await seq.call("ADM_ATENCION_GetById", { IdAtencion: id });
        const rows = rowsOf(got.env);
        if (got.env?.Success && (rows.length !== 1 || !contains(rows[0]!, `${m}X`))) {
          seq.fail("ADM_ATENCION_GetById", `GetById of the attention just added did not show the update (${rows.length} row(s))`, got.exchange, { severity: "warning", expected: `${m}X`, actual: "absent" });
        }
        await seq.call("ADM_ATENCION_Update", { ...seq.example("ADM_ATENCION_Update"), ...base, id_atencion: id, t_observacion_general: `${m}X`, f_estado: 0 });
        seq.leftover(`ADM_ATENCION id_atencion ${id} (deactivated; the API has no Delete for it)`);
      },
    },
    {
      controller: "FAR_PRODUCTO",
      writes: ["FAR_PRODUCTO_Add", "FAR_PRODUCTO_Update"],
      calls: ["FAR_PRODUCTO_GetById"],
      run: async (seq) => {
        const m = seq.marker;
        const base = { ...seq.example("FAR_PRODUCTO_Add"), t_descripcion: `VERIFICACION ${m}`, d_fecha_registro: nowNet() };
        const add = await seq.call("FAR_PRODUCTO_Add", base);
        const id = positiveInt(add.env?.Data) ? add.env.Data : null;
        if (!add.ok || id === null) {
          if (add.ok) seq.fail("FAR_PRODUCTO_Add", "Add answered no id in Data", add.exchange, { pointer: "/Data", expected: "a positive integer", actual: add.env?.Data });
          seq.skip(["FAR_PRODUCTO_Update", "FAR_PRODUCTO_GetById"], "not run: Add did not succeed");
          return;
        }
        // t_codigo is left out so the code the server generated on Add stays.
        const update: Row = { ...seq.example("FAR_PRODUCTO_Update"), ...base, id_producto: id, t_descripcion: `VERIFICACION ${m}X` };
        delete update.t_codigo;
        await seq.call("FAR_PRODUCTO_Update", update);
        const got = await seq.call("FAR_PRODUCTO_GetById", {}, { query: { idProducto: String(id) } });
        const rows = rowsOf(got.env);
        if (got.env?.Success && (rows.length !== 1 || !contains(rows[0]!, `${m}X`))) {
          seq.fail("FAR_PRODUCTO_GetById", `GetById of the product just added did not show the update (${rows.length} row(s))`, got.exchange, { severity: "warning", expected: `${m}X`, actual: "absent" });
        }
        await seq.call("FAR_PRODUCTO_Update", { ...update, f_estado: 0 });
        seq.leftover(`FAR_PRODUCTO id_producto ${id} (deactivated; the API has no Delete for it)`);
      },
    },
    {
      controller: "FAC_DOCUMENTO_PAGO",
      writes: ["FAC_DOCUMENTO_PAGO_addComprobante"],
      calls: [],
      run: (seq) =>
        singleWrite(
          seq,
          "FAC_DOCUMENTO_PAGO_addComprobante",
          // A voucher number of its own: the backend refuses a number already used for the document type.
          { ...seq.example("FAC_DOCUMENTO_PAGO_addComprobante"), c_numero_de_documento: `V-${seq.marker}`, t_observacion: seq.marker, d_fecha_emis: nowNet() },
          `a payment document numbered V-${seq.marker}`,
        ),
    },
    {
      controller: "ADM_DOCUMENTO_AUTORIZACION",
      writes: ["ADM_DOCUMENTO_AUTORIZACION_Add", "ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll"],
      calls: [],
      run: async (seq) => {
        // Authorization codes of their own: a code already stored is refused (Add) or returned (GetAddAtencionAll).
        const withCode = (id: string, code: string): Row => {
          const ex = seq.example(id);
          const lista = (ex.listaAutoriza && typeof ex.listaAutoriza === "object" ? ex.listaAutoriza : {}) as Row;
          return { ...ex, listaAutoriza: { ...lista, COD_AUTORIZACION: code, FEC_AUTORIZACION: nowNet() } };
        };
        const addCode = `${seq.marker}A`;
        await singleWrite(seq, "ADM_DOCUMENTO_AUTORIZACION_Add", withCode("ADM_DOCUMENTO_AUTORIZACION_Add", addCode), `an authorization with COD_AUTORIZACION ${addCode}`);
        const getCode = `${seq.marker}G`;
        await singleWrite(
          seq,
          "ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll",
          withCode("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", getCode),
          `an authorization with COD_AUTORIZACION ${getCode}`,
        );
      },
    },
  ];
}

interface ChildCrud {
  controller: string;
  idField: string;
  addBody: Row;
  find: { op: string; body: Row };
}

/** Add (answers the new id) → the parent's filter lists it → Delete → no longer listed. */
async function childCrud(seq: Sequence, c: ChildCrud): Promise<void> {
  const addId = `${c.controller}_Add`;
  const delId = `${c.controller}_Delete`;
  const add = await seq.call(addId, c.addBody);
  const id = positiveInt(add.env?.Data) ? add.env.Data : null;
  if (!add.ok || id === null) {
    if (add.ok) seq.fail(addId, "Add answered no id in Data", add.exchange, { pointer: "/Data", expected: "a positive integer", actual: add.env?.Data });
    seq.skip([c.find.op, delId], "not run: Add did not succeed");
    return;
  }
  try {
    const found = await seq.call(c.find.op, c.find.body);
    if (found.env?.Success && !rowsOf(found.env).some((r) => r[c.idField] === id)) {
      seq.fail(c.find.op, `the row just added (${c.idField} ${id}) is not returned by ${c.find.op.split("_").pop()}`, found.exchange, { expected: id, actual: "absent" });
    }
  } finally {
    const del = await seq.call(delId, { [c.idField]: id });
    if (!del.ok) seq.leftover(`${c.controller} ${c.idField} ${id} (Delete failed)`);
    else {
      const after = await seq.call(c.find.op, c.find.body);
      if (after.env?.Success && rowsOf(after.env).some((r) => r[c.idField] === id)) {
        seq.ctx.collector.add(seq.op(c.find.op), "crud", [
          { severity: "warning", category: "crud", pointer: null, message: `the deleted row (${c.idField} ${id}) is still listed by ${c.find.op.split("_").pop()}`, expected: "absent", actual: "listed" },
        ], after.exchange);
      }
    }
  }
}

/** The sequences to run: those of controllers with at least one selected write operation. */
export function crudPlans(all: Operation[], selected: Operation[]): CrudPlan[] {
  const byId = new Map(all.map((o) => [o.operationId, o]));
  const chosen = new Set(selected.filter((o) => o.writes).map((o) => o.operationId));
  return definePlans()
    .filter((p) => p.writes.some((w) => chosen.has(w)))
    .map((p) => ({
      controller: p.controller,
      operations: [...p.writes, ...p.calls].map((id) => byId.get(id)).filter((o): o is Operation => o !== undefined),
      run: p.run,
    }));
}

/** Write operations no sequence covers (reported as skipped). */
export function uncoveredWrites(all: Operation[]): string[] {
  const covered = new Set(definePlans().flatMap((p) => p.writes));
  return all.filter((o) => o.writes && !covered.has(o.operationId)).map((o) => o.operationId);
}

export async function runCrud(ctx: RunContext, plan: CrudPlan, leftovers: string[]): Promise<void> {
  const seq = new Sequence(ctx, leftovers);
  await plan.run(seq);
}
