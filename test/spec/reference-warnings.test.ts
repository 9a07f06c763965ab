// The business warnings the spec documents as the reference server's own (200 examples named
// `warningReferenceServer...`) are really answered by the server, word for word, and the server answers no fixed
// warning text the spec does not document: the docs cannot drift from the code in either direction. The result
// caps the docs state are the server's constants.
//
// Each documented example has one trigger below: the request (and the setup calls, if any) that makes the reference
// server answer it. A new example without a trigger, or a trigger whose example is gone, fails the first test.
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRomsoftClient, type CallArgs, type OperationId, type RomsoftClient } from "@romsoft-contract/client";
import { listOperations, loadSpec, type JsonObject } from "../../contract/spec.js";
import { createHttpDniProvider } from "../../server/dni/provider.js";
import { LIST_CAP, SEARCH_CAP } from "../../server/domain/kernel/table.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { isReferenceServerWarning, repoRoot, specOperation } from "../support/backend-facts.js";

interface Envelope {
  Message: string | null;
  Success: boolean;
  Warning: boolean;
  Data: unknown;
}

type Step = (api: RomsoftClient) => Promise<{ status: number; envelope: unknown }>;

interface Trigger {
  operationId: OperationId;
  example: string;
  run: Step;
  /** Calls that must succeed first (Success:true, Warning:false). */
  setup: Step[];
  /** "dniDown": the server whose remote DNI lookup service fails. */
  server: "main" | "dniDown";
}

function call<K extends OperationId>(operationId: K, ...args: CallArgs<K>): Step {
  return (api) => api.call(operationId, ...args);
}

function on<K extends OperationId>(
  operationId: K,
  example: string,
  args: CallArgs<K>,
  opts: { setup?: Step[]; server?: Trigger["server"] } = {},
): Trigger {
  return {
    operationId,
    example: `warningReferenceServer${example}`,
    run: call(operationId, ...args),
    setup: opts.setup ?? [],
    server: opts.server ?? "main",
  };
}

const UNSET = "0001-01-01T00:00:00";
const ATENCION_DATES = {
  d_fecha_registro: UNSET,
  d_fecha_autorizacion1: UNSET,
  d_fecha_autorizacion2: UNSET,
  d_fecha_cierre: UNSET,
  d_fecha_hospitalizacion: UNSET,
};
const LINE = {
  id_tarifario_segus: 1,
  t_tarifario_segus: "Consulta ambulatoria - paciente nuevo",
  c_codigo_segus: "50.01.01",
  t_clasificacion_segus: "Consultas médicas",
  n_precio: 80,
  n_cantidad: 1,
  n_subtotal: 80,
  n_descuento: 0,
  n_total: 80,
};
const VOUCHER = { id_atencion: 1, id_documento_pago: 2, d_fecha_emis: "2021-09-06T11:10:00", DetalleComprobante: [LINE] };
const SITEDS = { COD_IAFA: "20002", COD_DOCUMENTO: "1", COD_TIPOPLAN: "2" };
const NO_ID = 999_999;

/** In the order they run: the last-active-user cases deactivate the other users first, so they come last. */
const triggers: Trigger[] = [
  on("ADM_ATENCION_Add", "Paciente", [{ ...ATENCION_DATES, id_paciente: NO_ID }]),
  on("ADM_ATENCION_Update", "UnknownId", [{ ...ATENCION_DATES, id_atencion: NO_ID }]),
  on("ADM_ATENCION_Update", "Paciente", [{ ...ATENCION_DATES, id_atencion: 1, id_paciente: NO_ID }]),
  on("ADM_DOCUMENTO_AUTORIZACION_Add", "ListaAutoriza", [{ idUser: 2 }]),
  on("ADM_DOCUMENTO_AUTORIZACION_Add", "CodAutorizacion", [{ listaAutoriza: { ...SITEDS, COD_AUTORIZACION: "  " } }]),
  on("ADM_DOCUMENTO_AUTORIZACION_Add", "Duplicate", [{ listaAutoriza: { ...SITEDS, COD_AUTORIZACION: "2099010100000001" } }], {
    setup: [call("ADM_DOCUMENTO_AUTORIZACION_Add", { listaAutoriza: { ...SITEDS, COD_AUTORIZACION: "2099010100000001" } })],
  }),
  on("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", "CodAutorizacion", [{ listaAutoriza: { ...SITEDS, COD_AUTORIZACION: null } }]),
  on("ADM_OCUPACION_Add", "Descripcion", [{ c_codigo: "090", t_descripcion: " " }]),
  on("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", "NoDni", [{ dni: null }]),
  on("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", "DniFormat", [{ dni: "4567890" }]),
  on("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", "UnknownDni", [{ dni: "99999999" }]),
  on("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", "ServiceDown", [{ dni: "45678901" }], { server: "dniDown" }),
  on("ADM_PACIENTE_Add", "ApellidoPaterno", [{ d_fecha_nacimiento: "1990-01-01T00:00:00", t_apellido_paterno: "", t_nombres: "Ana" }]),
  on("ADM_PACIENTE_Add", "Nombres", [{ d_fecha_nacimiento: "1990-01-01T00:00:00", t_apellido_paterno: "Quispe", t_nombres: null }]),
  on("ADM_PACIENTE_GetAllPacienteAtencionFilters", "NoDato", [{ t_dato: " ", tipo_dato: "P" }]),
  on("ADM_PACIENTE_GetAllPacienteAtencionFilters", "NoTipo", [{ t_dato: "Garcia", tipo_dato: null }]),
  on("ADM_PACIENTE_GetAllPacienteAtencionFilters", "TipoDato", [{ t_dato: "Garcia", tipo_dato: "X" }]),
  on("ADM_PACIENTE_GetAllPacienteAtencionFilters", "HistoriaClinica", [{ t_dato: "HC-12", tipo_dato: "H" }]),
  on("ADM_PACIENTE_GetAllPacienteAtencionFilters", "Fecha", [{ t_dato: "ayer", tipo_dato: "F" }]),
  on("CON_CONTACTO_Add", "RazonSocial", [{ c_codigo: "C-090", t_razon_social: null }]),
  on("CVN_CATEGORIA_PAGO_Add", "Descripcion", [{ c_codigo: "CAT-90" }]),
  on("CVN_CATEGORIA_PAGO_PRECIO_Add", "Tarifario", [{ id_tarifario_segus: NO_ID, id_categoria_pago: 1, UsuarioCreacion: "2" }]),
  on("CVN_CATEGORIA_PAGO_PRECIO_Add", "Categoria", [{ id_tarifario_segus: 1, id_categoria_pago: NO_ID, UsuarioCreacion: "2" }]),
  on("CVN_PLAN_SEGURO_Add", "Descripcion", [{ c_codigo: "PL-90", t_descripcion: "", d_fecha_i_vigencia: UNSET, d_fecha_f_vigencia: UNSET }]),
  on("CVN_PLAN_SEGURO_DETALLE_Add", "Plan", [{ id_plan_seguro: NO_ID, id_beneficio: 1 }]),
  on("CVN_TARIFARIO_SEGUS_Add", "Codigo", [{ c_codigo: "", t_descripcion_esp: "Consulta de prueba" }]),
  on("CVN_TARIFARIO_SEGUS_Add", "Descripcion", [{ c_codigo: "99.99.99", t_descripcion_esp: null }]),
  on("CVN_TARIFARIO_SEGUS_GetPrice", "NoCategoria", [{ valor: "consulta" }]),
  on("CVN_TARIFARIO_SEGUS_GetPrice", "Categoria", [{ id_categoria_pago: NO_ID, valor: "consulta" }]),
  on("CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add", "Tarifario", [{ id_tarifario_segus: NO_ID, id_tarifario_segus_referencia: 1 }]),
  on("CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add", "Referencia", [{ id_tarifario_segus: 1, id_tarifario_segus_referencia: NO_ID }]),
  on("FAC_DOCUMENTO_PAGO_addComprobante", "Atencion", [{ ...VOUCHER, id_atencion: NO_ID }]),
  on("FAC_DOCUMENTO_PAGO_addComprobante", "Documento", [{ ...VOUCHER, id_documento_pago: NO_ID }]),
  on("FAC_DOCUMENTO_PAGO_addComprobante", "Detalle", [{ ...VOUCHER, DetalleComprobante: [] }]),
  on("FAC_DOCUMENTO_PAGO_addComprobante", "Duplicate", [{ ...VOUCHER, c_numero_de_documento: "B001-09990001" }], {
    setup: [call("FAC_DOCUMENTO_PAGO_addComprobante", { ...VOUCHER, c_numero_de_documento: "B001-09990001" })],
  }),
  on("FAR_PRODUCTO_Add", "Descripcion", [{ t_codigo: "P-TEST", t_descripcion: "   ", d_fecha_registro: UNSET }]),
  on("FAR_PRODUCTO_Update", "UnknownId", [{ id_producto: NO_ID, t_descripcion: "Paracetamol 500 mg", d_fecha_registro: UNSET }]),
  on("SEG_USUARIO_Add", "Usuario", [{ usuario: " ", clave: "Clave#2021", id_rol: 1 }]),
  on("SEG_USUARIO_Add", "Estado", [{ usuario: "nuevo.usuario", clave: "Clave#2021", id_rol: 1, estado: "Suspendido" }]),
  on("SEG_USUARIO_Add", "Rol", [{ usuario: "nuevo.usuario", clave: "Clave#2021", id_rol: NO_ID }]),
  on("SEG_USUARIO_Add", "Clave", [{ usuario: "nuevo.usuario", clave: "***", id_rol: 1 }]),
  on("SEG_USUARIO_Update", "Usuario", [{ id_usuario: 2, usuario: "" }]),
  on("SEG_USUARIO_Update", "Estado", [{ id_usuario: 2, estado: "Bloqueado" }]),
  on("SEG_USUARIO_Update", "Rol", [{ id_usuario: 2, id_rol: NO_ID }]),
  on("SEG_USUARIO_Update", "Duplicate", [{ id_usuario: 2, usuario: "ADMIN" }]),
  on("SEG_USUARIO_GetAllPaging", "Columna", [{ WhereFilter: "WHERE U.clave = 'x'", Start: 1, AmountRows: 10 }]),
  on("SEG_USUARIO_GetAllPaging", "Operador", [{ WhereFilter: "WHERE U.usuario LIKE 'a%'", Start: 1, AmountRows: 10 }]),
  on("SEG_USUARIO_GetAllPaging", "Or", [{ WhereFilter: "WHERE U.estado = 'Activo' OR 1 = 1", Start: 1, AmountRows: 10 }]),
  on("SEG_USUARIO_GetAllPaging", "Orden", [{ OrderBy: "ORDER BY clave", Start: 1, AmountRows: 10 }]),
  on("SEG_USUARIO_Delete", "LastActiveUser", [{ id_usuario: 1 }], {
    // the seed has three active users: admin (1), 2 and 3
    setup: [call("SEG_USUARIO_Delete", { id_usuario: 2 }), call("SEG_USUARIO_Delete", { id_usuario: 3 })],
  }),
  on("SEG_USUARIO_Update", "LastActiveUser", [{ id_usuario: 1, estado: "Inactivo" }]),
];

/** Every `warningReferenceServer...` example of the spec: `operationId/example` -> its envelope. */
function documented(): Map<string, Envelope> {
  const out = new Map<string, Envelope>();
  for (const op of listOperations()) {
    for (const [name, ex] of Object.entries(op.responseExamples)) {
      if (isReferenceServerWarning(name)) out.set(`${op.operationId}/${name}`, ex.value as Envelope);
    }
  }
  return out;
}

const examples = documented();

describe("the reference server's documented warnings", () => {
  let main: TestServer;
  let dniDown: TestServer;
  let failingDni: Server;
  const apis: Partial<Record<Trigger["server"], RomsoftClient>> = {};

  beforeAll(async () => {
    // A remote DNI lookup service that is down (answers 503 to everything).
    failingDni = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => failingDni.listen(0, "127.0.0.1", resolve));
    const { port } = failingDni.address() as AddressInfo;
    [main, dniDown] = await Promise.all([
      startTestServer(),
      startTestServer({ dni: createHttpDniProvider({ url: `http://127.0.0.1:${port}/dni/{dni}`, timeoutMs: 2000 }) }),
    ]);
    apis.main = createRomsoftClient({ baseUrl: main.baseUrl, token: main.token });
    apis.dniDown = createRomsoftClient({ baseUrl: dniDown.baseUrl, token: dniDown.token });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([main?.close(), dniDown?.close()]);
    await new Promise<void>((resolve) => (failingDni ? failingDni.close(() => resolve()) : resolve()));
  });

  it("has exactly one trigger per documented example (and at least one example per checked operation)", () => {
    const keys = triggers.map((t) => `${t.operationId}/${t.example}`);
    expect(new Set(keys).size, "duplicate triggers").toBe(keys.length);
    expect([...keys].sort()).toEqual([...examples.keys()].sort());
    expect(examples.size).toBeGreaterThan(40);
  });

  it.each(triggers.map((t) => [`${t.operationId} ${t.example}`, t] as const))("%s", async (_name, t) => {
    const api = apis[t.server]!;
    for (const step of t.setup) {
      const r = await step(api);
      expect(r.status, "setup call").toBe(200);
      expect(r.envelope, "setup call").toMatchObject({ Success: true, Warning: false });
    }
    const expected = examples.get(`${t.operationId}/${t.example}`);
    expect(expected, "documented example").toBeDefined();
    const reply = await t.run(api);
    expect(reply.status, JSON.stringify(reply.envelope)).toBe(200);
    expect(reply.envelope).toEqual(expected);
  });
});

/** The texts the handlers' source code can answer as a warning, fixed ones only (no `${...}` inside). */
function fixedWarningTexts(): { text: string; file: string }[] {
  const dir = join(repoRoot, "server", "domain");
  const out: { text: string; file: string }[] = [];
  const messagesFile = join("kernel", "messages.ts");
  const messages = readFileSync(join(dir, messagesFile), "utf8");
  const campo = /return `([^`$]*)\$\{field\}([^`$]*)`/.exec(messages);
  if (!campo) throw new Error("campoObligatorio's template not found in messages.ts");
  const required = (field: string) => `${campo[1]}${field}${campo[2]}`;
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && f !== messagesFile)) {
    // comments dropped: only code counts
    const src = readFileSync(join(dir, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    // a Spanish sentence in a string literal: "El ... ." or `La ... .` (warning texts, never SQL or ids)
    for (const m of src.matchAll(/(["`])((?:El|La|No|Filtro|Orden) [^"`$\n]*\.)\1/g)) out.push({ text: m[2]!, file });
    for (const m of src.matchAll(/campoObligatorio\("([^"]+)"\)/g)) out.push({ text: required(m[1]!), file });
    // requireText(values, body, "field", ...): each field is a campoObligatorio
    for (const m of src.matchAll(/requireText\(\s*\w+,\s*\w+,\s*((?:"[^"]+"\s*,?\s*)+)\)/g)) {
      for (const f of m[1]!.matchAll(/"([^"]+)"/g)) out.push({ text: required(f[1]!), file });
    }
  }
  return out;
}

describe("every fixed warning text of the handlers is documented", () => {
  const texts = fixedWarningTexts();
  const messages = new Set<string>();
  for (const op of listOperations()) {
    for (const ex of Object.values(op.responseExamples)) {
      const m = (ex.value as Envelope).Message;
      if (typeof m === "string") messages.add(m);
    }
  }

  it("finds the handlers' warning texts", () => {
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.map((t) => t.text)).toContain("No existe información para el DNI enviado.");
    expect(texts.map((t) => t.text)).toContain("El campo t_descripcion es obligatorio.");
  });

  it("each is the Message of a 200 example (the paging grammar's refusals by their prefix)", () => {
    const paging = String((specOperation("/api/SEG_USUARIO/GetAllPaging") as JsonObject).description);
    const missing = texts.filter(({ text }) => {
      if (messages.has(text)) return false;
      // GetAllPaging's filter and order refusals say what was refused: documented by prefix and examples
      const prefix = /^(Filtro|Orden) no permitido: /.exec(text)?.[0];
      return !(prefix && [...messages].some((m) => m.startsWith(prefix)) && paging.includes(prefix.trim()));
    });
    expect(missing).toEqual([]);
  });
});

describe("the documented result caps are the server's", () => {
  const words = (text: unknown) => String(text).replace(/\s+/g, " ");
  const rows = (n: number) => `at most ${n.toLocaleString("en-US")} rows`;

  it("the introduction states both caps", () => {
    const intro = words(loadSpec().info.description).replaceAll("**", "");
    expect(intro).toContain(rows(SEARCH_CAP));
    expect(intro).toContain(rows(LIST_CAP));
  });

  it("every operation that states a cap uses one of them, GetAllActives lists the larger", () => {
    let stated = 0;
    for (const op of listOperations()) {
      const description = words(specOperation(op.path).description);
      const caps = [...description.matchAll(/at most ([\d,]+) rows/g)].map((m) => m[1]);
      for (const cap of caps) expect([SEARCH_CAP, LIST_CAP].map((n) => n.toLocaleString("en-US")), op.operationId).toContain(cap);
      if (op.action === "GetAllActives") expect(description, op.operationId).toContain(rows(LIST_CAP));
      if (/Filters$|^GetPrice$|^GetAllPaciente$/.test(op.action)) expect(description, op.operationId).toContain(rows(SEARCH_CAP));
      if (op.action === "GetAllPaging") expect(description).toContain(`\`AmountRows\` is capped at ${SEARCH_CAP}`);
      stated += caps.length;
    }
    expect(stated).toBeGreaterThan(50);
  });
});
