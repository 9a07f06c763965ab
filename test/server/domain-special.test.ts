// The special actions: prices, pending charges and vouchers, the patient + attendance search, SITEDS
// authorizations, a professional's specialty, the DNI lookup, and the generic error envelope.
import { afterAll, describe, expect, it } from "vitest";
import { DniProviderError } from "../../server/context.js";
import { createHttpDniProvider, createLocalDniProvider } from "../../server/dni/provider.js";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const d = createDomain();
afterAll(() => d.db.close());
const count = (table: string) => d.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe("CVN_TARIFARIO_SEGUS/GetPrice", () => {
  it("prices from the category's price list, in the requested language", async () => {
    const rows = dataOf<Rows>(await d.call("CVN_TARIFARIO_SEGUS_GetPrice", { id_categoria_pago: 1, valor: "50.01.01", c_idioma: "EN" }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id_tarifario_segus: 1,
      c_codigo: "50.01.01",
      t_descripcion: "Office or other outpatient visit, new patient",
      Precio: 80,
      cantidad: 1,
      estado: "A",
    });
  });

  it("without a price-list row: units times the service or procedure factor", async () => {
    dataOf(await d.call("CVN_TARIFARIO_SEGUS_Add", { c_codigo: "77.01", t_descripcion_esp: "Consulta de prueba", id_clasificacion_segus: 1, n_unidad: 1.5 }));
    dataOf(await d.call("CVN_TARIFARIO_SEGUS_Add", { c_codigo: "77.02", t_descripcion_esp: "Procedimiento de prueba", id_clasificacion_segus: 4, n_unidad: 10 }));
    const rows = dataOf<Rows>(await d.call("CVN_TARIFARIO_SEGUS_GetPrice", { id_categoria_pago: 1, valor: "77.0" }));
    // PARTICULAR: n_factor_servicio 80, n_factor_procedimiento 5.
    expect(rows.map((r) => [r.c_codigo, r.Precio, r.t_descripcion])).toEqual([
      ["77.01", 120, "Consulta de prueba"],
      ["77.02", 50, "Procedimiento de prueba"],
    ]);
  });

  it("needs an existing payment category", async () => {
    expect(await d.call("CVN_TARIFARIO_SEGUS_GetPrice", { valor: "50" })).toMatchObject({
      Warning: true,
      Message: "El campo id_categoria_pago es obligatorio.",
    });
    expect(await d.call("CVN_TARIFARIO_SEGUS_GetPrice", { id_categoria_pago: 999 })).toMatchObject({ Warning: true });
  });
});

describe("pending charges and vouchers", () => {
  const voucher = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
    id_documento_pago: 2,
    id_atencion: 2,
    id_tipo_documento: 1,
    c_numero_de_documento: null,
    t_paciente: "Quispe Mamani, Juan Carlos",
    d_fecha_emis: "2021-09-07T10:00:00",
    id_moneda: 1,
    n_total_neto: 94.4,
    DetalleComprobante: lines,
    ...extra,
  });

  it("lists the charges of an open attendance with IGV, and a voucher bills them in one transaction", async () => {
    // Replace the seeded charges of attendance 2 with one known charge.
    d.db.prepare("DELETE FROM ADM_ATENCION_CARGO WHERE id_atencion = 2").run();
    d.db.prepare("INSERT INTO ADM_ATENCION_CARGO (id_atencion, id_tarifario_segus, n_cantidad) VALUES (2, 1, 2)").run();
    const pending = dataOf<Rows>(await d.call("ADM_ATENCION_GetAtencionPendingAllFilters", { id_atencion: 2, c_idioma: "ES" }));
    expect(pending).toHaveLength(1);
    const line = pending[0]!;
    // Attendance 2 is billed with payment category 2; the price comes from its price list.
    const price = d.db
      .prepare("SELECT n_precio_sol FROM CVN_CATEGORIA_PAGO_PRECIO WHERE id_tarifario_segus = 1 AND id_categoria_pago = 2")
      .pluck()
      .get() as number;
    expect(line).toMatchObject({
      id_atencion: 2,
      id_tarifario_segus: 1,
      c_codigo_segus: "50.01.01",
      t_descripcion_segus: "Consulta ambulatoria - paciente nuevo",
      n_precio: price,
      n_cantidad: 2,
      n_subtotal: price * 2,
      n_total: price * 2,
      n_gravado: price * 2,
      n_impuesto: Math.round(price * 2 * 18) / 100,
      id_documento_pago: 2,
      t_adquiriente: "Quispe Mamani, Juan Carlos",
    });
    // Closed attendances have nothing pending.
    expect(dataOf<Rows>(await d.call("ADM_ATENCION_GetAtencionPendingAllFilters", { id_atencion: 1 }))).toEqual([]);

    const before = count("FAC_COMPROBANTE");
    const res = await d.call("FAC_DOCUMENTO_PAGO_addComprobante", voucher([{ id_tarifario_segus: 1, n_precio: price, n_cantidad: 2, n_total: price * 2 }]));
    expect(res).toEqual({ Message: "Se registró satisfactoriamente.", Success: true, Warning: false, Data: null });
    expect(count("FAC_COMPROBANTE")).toBe(before + 1);
    const header = d.db.prepare("SELECT * FROM FAC_COMPROBANTE ORDER BY id_comprobante DESC LIMIT 1").get() as Record<string, unknown>;
    expect(header).toMatchObject({ id_atencion: 2, id_documento_pago: 2, n_total_neto: 94.4, d_fecha_emis: "2021-09-07T10:00:00" });
    expect(header.c_numero_de_documento).toBe(`03-${String(header.id_comprobante).padStart(8, "0")}`);
    expect(d.db.prepare("SELECT n_item, id_tarifario_segus, n_cantidad FROM FAC_COMPROBANTE_DET WHERE id_comprobante = ?").all(header.id_comprobante)).toEqual([
      { n_item: 1, id_tarifario_segus: 1, n_cantidad: 2 },
    ]);
    expect(dataOf<Rows>(await d.call("ADM_ATENCION_GetAtencionPendingAllFilters", { id_atencion: 2 }))).toEqual([]);

    // The same number cannot be used twice for a document type.
    expect(await d.call("FAC_DOCUMENTO_PAGO_addComprobante", voucher([{ id_tarifario_segus: 3 }], { c_numero_de_documento: header.c_numero_de_documento }))).toMatchObject({
      Warning: true,
      Message: "El registro ya existe.",
    });
  });

  it("refuses vouchers for unknown attendances or document types, or without lines", async () => {
    expect(await d.call("FAC_DOCUMENTO_PAGO_addComprobante", voucher([{}], { id_atencion: 9999 }))).toMatchObject({
      Warning: true,
      Message: expect.stringContaining("id_atencion"),
    });
    expect(await d.call("FAC_DOCUMENTO_PAGO_addComprobante", voucher([{}], { id_documento_pago: 9999 }))).toMatchObject({
      Warning: true,
      Message: expect.stringContaining("id_documento_pago"),
    });
    expect(await d.call("FAC_DOCUMENTO_PAGO_addComprobante", voucher([]))).toMatchObject({
      Warning: true,
      Message: "El campo DetalleComprobante es obligatorio.",
    });
  });

  it("an unexpected failure half-way answers the error envelope, is logged, and writes nothing", async () => {
    const headers = count("FAC_COMPROBANTE");
    const lines = count("FAC_COMPROBANTE_DET");
    const errorsBefore = d.log.entries.filter((e) => e.level === "error").length;
    // The second line cannot be stored (an object where a number goes): the header and first line roll back.
    const res = await d.call(
      "FAC_DOCUMENTO_PAGO_addComprobante",
      voucher([{ id_tarifario_segus: 1, n_precio: 1 }, { id_tarifario_segus: 2, n_precio: { secreto: "no-log" } }], { t_observacion: "observación privada" }),
    );
    expect(res).toEqual({ Message: "Hubo un error, inténtelo más tarde.", Success: false, Warning: false, Data: null });
    expect(count("FAC_COMPROBANTE")).toBe(headers);
    expect(count("FAC_COMPROBANTE_DET")).toBe(lines);
    const errors = d.log.entries.filter((e) => e.level === "error");
    expect(errors).toHaveLength(errorsBefore + 1);
    const logged = JSON.stringify(errors.at(-1));
    expect(logged).toContain("FAC_DOCUMENTO_PAGO_addComprobante");
    expect(logged).not.toContain("no-log");
    expect(logged).not.toContain("observación privada");
  });
});

describe("ADM_PACIENTE/GetAllPacienteAtencionFilters", () => {
  const search = (t_dato: string, tipo_dato: string) => d.call("ADM_PACIENTE_GetAllPacienteAtencionFilters", { t_dato, tipo_dato });

  it("finds a patient with its attendances by DNI, clinical record, name or date", async () => {
    const byDni = dataOf<Rows>(await search("45678901", "DNI"));
    expect(byDni.length).toBeGreaterThan(0);
    expect(byDni[0]).toMatchObject({ c_documento_identidad: "45678901", id_paciente: 1, n_historia_clinica: 10001, id_atencion: 1 });
    expect(byDni[0]!.plan_seguro).toBeTypeOf("string");
    expect(byDni[0]!.diagnostico).toBeTypeOf("string");
    expect(dataOf<Rows>(await search("10001", "h")).map((r) => r.id_paciente)).toEqual(byDni.map((r) => r.id_paciente));
    expect(dataOf<Rows>(await search("garcia maria", "P")).map((r) => r.id_paciente)).toContain(1);
    expect(dataOf<Rows>(await search("06/09/2021", "F")).map((r) => r.id_atencion)).toEqual(expect.arrayContaining([1, 2]));
  });

  it("answers the backend's literal message for an empty result and warnings for bad input", async () => {
    expect(await search("00000000", "DNI")).toEqual({
      Message: "No existe información con los datos enviados.",
      Success: true,
      Warning: false,
      Data: [],
    });
    expect(await search("1", "Z")).toMatchObject({ Warning: true, Message: expect.stringContaining("tipo_dato") });
    expect(await d.call("ADM_PACIENTE_GetAllPacienteAtencionFilters", { tipo_dato: "H" })).toMatchObject({
      Warning: true,
      Message: "El campo t_dato es obligatorio.",
    });
  });
});

describe("ADM_DOCUMENTO_AUTORIZACION", () => {
  const lista = {
    COD_AUTORIZACION: "0007-2021-000999",
    COD_IAFA: "20002",
    COD_PRODUCTO: "PAC-BASE",
    COD_MONEDA: "PEN",
    COD_TIPO_FILIACION: "T",
    DES_TIPO_AFILIACION: "REGULAR",
    COD_ASEGURADO: "PAC-0001245678-01",
    TITULAR: "Garcia Lopez, Maria Elena",
    NUM_COPAGO_FIJO: 30,
    NUM_COPAGO_VARIABLE: 10,
    FEC_AUTORIZACION: "2021-09-06T10:12:05",
  };

  it("Add stores the authorization (implemented, unlike the legacy backend) and refuses a repeated code", async () => {
    expect(await d.call("ADM_DOCUMENTO_AUTORIZACION_Add", { idUser: 2, listaAutoriza: lista })).toEqual({
      Message: "Se registró satisfactoriamente.",
      Success: true,
      Warning: false,
      Data: null,
    });
    const found = dataOf<Rows>(await d.call("ADM_DOCUMENTO_AUTORIZACION_GetAllFilters", { COD_AUTORIZACION: lista.COD_AUTORIZACION }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ COD_IAFA: "20002", NUM_COPAGO_FIJO: 30, id_user_registro: 2, f_estado: 1 });
    expect(await d.call("ADM_DOCUMENTO_AUTORIZACION_Add", { idUser: 2, listaAutoriza: lista })).toMatchObject({
      Warning: true,
      Message: "El registro ya existe.",
    });
    expect(await d.call("ADM_DOCUMENTO_AUTORIZACION_Add", {})).toMatchObject({ Warning: true, Message: "El campo listaAutoriza es obligatorio." });
    // A quote in the code is just data.
    expect(dataOf<Rows>(await d.call("ADM_DOCUMENTO_AUTORIZACION_GetAllFilters", { COD_AUTORIZACION: "x' OR '1'='1" }))).toEqual([]);
  });

  it("GetAddAtencionAll gets or adds, and maps the authorization to the clinic's ids", async () => {
    const before = count("ADM_DOCUMENTO_AUTORIZACION");
    const again = await d.call("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", { idUser: 3, listaAutoriza: { ...lista, NUM_POLIZA: "POL-1" } });
    expect(again).toMatchObject({ Success: true, Warning: false, Message: "Se registró satisfactoriamente." });
    const [res] = again.Data as Rows;
    expect(count("ADM_DOCUMENTO_AUTORIZACION")).toBe(before);
    expect(d.db.prepare("SELECT NUM_POLIZA, id_user_registro, id_user_modifica FROM ADM_DOCUMENTO_AUTORIZACION WHERE COD_AUTORIZACION = ?").get(lista.COD_AUTORIZACION)).toEqual({
      NUM_POLIZA: "POL-1",
      id_user_registro: 2,
      id_user_modifica: 3,
    });
    const plan = d.db.prepare("SELECT id_plan_seguro, id_categoria_pago FROM CVN_PLAN_SEGURO WHERE c_codigo_iafa = '20002' AND f_estado = 1 ORDER BY id_plan_seguro LIMIT 1").get() as Record<string, number>;
    expect(res).toMatchObject({
      c_cod_autorizacion: lista.COD_AUTORIZACION,
      codigo_asegurado: lista.COD_ASEGURADO,
      id_plan_seguro: plan.id_plan_seguro,
      id_categoria_pago: plan.id_categoria_pago,
      id_moneda: 1,
      id_tipo_filiacion: 1,
      id_tipo_afiliacion: 1,
      c_num_copago_fijo: 30,
      t_nombre_titular: lista.TITULAR,
      d_fecha_autorizacion: lista.FEC_AUTORIZACION,
      numero_contrato: "POL-1",
    });
    const fresh = await d.call("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", { idUser: 2, listaAutoriza: { COD_AUTORIZACION: "NUEVA-1" } });
    expect(fresh).toMatchObject({ Success: true, Warning: false, Message: "Se registró satisfactoriamente." });
    expect(count("ADM_DOCUMENTO_AUTORIZACION")).toBe(before + 1);
  });
});

describe("small reads", () => {
  it("a professional's specialty (0..1 rows)", async () => {
    const especialidad = d.db.prepare("SELECT id_especialidad FROM ADM_PROFESIONAL WHERE id_profesional = 1").pluck().get();
    const rows = dataOf<Rows>(await d.call("ADM_ESPECIALIDAD_GetEspecialidadProfesionalById", { id_profesional: 1 }));
    expect(rows.map((r) => r.id_especialidad)).toEqual([especialidad]);
    expect(dataOf<Rows>(await d.call("ADM_ESPECIALIDAD_GetEspecialidadProfesionalById", { id_profesional: 999 }))).toEqual([]);
  });

  it("state labels of one table", async () => {
    const rows = dataOf<Rows>(await d.call("TIPO_ESTADO_GetAllFilters", { tabla: "adm_atencion" }));
    expect(rows.map((r) => [r.id_estado, r.estado])).toEqual([
      [0, "Anulada"],
      [1, "Activa"],
    ]);
  });

  it("catalog searches ignore case and accents", async () => {
    const rows = dataOf<Rows>(await d.call("ADM_CIE10_GetAllFilters", { valorReq: "COLERA" }));
    expect(rows.some((r) => r.t_descripcion === "Cólera, no especificado")).toBe(true);
    const all = dataOf<Rows>(await d.call("ADM_UBIGEO_GetAllFilters", { ValorBusqueda: null }));
    expect(all.length).toBe(count("ADM_UBIGEO"));
  });
});

describe("DNI lookup", () => {
  it("answers from the local registry; unknown and malformed DNIs are warnings", async () => {
    expect(dataOf(await d.call("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", { dni: "45678901" }))).toMatchObject({
      dni: "45678901",
      paterno: expect.any(String),
      nombres: expect.any(String),
    });
    expect(await d.call("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", { dni: "11111111" })).toMatchObject({
      Warning: true,
      Message: "No existe información para el DNI enviado.",
    });
    expect(await d.call("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", { dni: "1234" })).toMatchObject({
      Warning: true,
      Message: "El campo dni debe tener 8 dígitos.",
    });
    expect(await createLocalDniProvider(d.db).lookup("00000000")).toBeNull();
  });

  it("turns a failing remote provider into a warning", async () => {
    const failing = createDomain({ dni: { lookup: () => Promise.reject(new DniProviderError("identity service timed out")) } });
    try {
      expect(await failing.call("ADM_PACIENTECONSULTADNI_GetPacienteConsultaDNI", { dni: "45678901" })).toEqual({
        Message: "El servicio de consulta de DNI no está disponible; inténtelo más tarde.",
        Success: true,
        Warning: true,
        Data: null,
      });
    } finally {
      failing.db.close();
    }
  });

  it("HTTP provider: URL template, token in a header, 404 = unknown, failures throw DniProviderError", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const answer = (status: number, body: unknown) => async (url: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(url), auth: new Headers(init?.headers).get("authorization") });
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    };
    const make = (fetchImpl: unknown, url = "http://127.0.0.1:9/dni/{dni}?fmt=json") =>
      createHttpDniProvider({ url, token: "t0k", timeoutMs: 200, fetch: fetchImpl as typeof fetch });

    const person = await make(answer(200, { dni: "45678901", apellidoPaterno: "GARCIA", apellidoMaterno: "LOPEZ", nombres: "MARIA", direccion: "AV. X" })).lookup("45678901");
    expect(person).toEqual({ dni: "45678901", paterno: "GARCIA", materno: "LOPEZ", nombres: "MARIA", domicilio: "AV. X" });
    expect(seen[0]).toEqual({ url: "http://127.0.0.1:9/dni/45678901?fmt=json", auth: "Bearer t0k" });

    await make(answer(200, { nombres: "ANA" }), "http://127.0.0.1:9/api/").lookup("12345678");
    expect(seen[1]!.url).toBe("http://127.0.0.1:9/api/12345678");

    expect(await make(answer(404, { error: "not found" })).lookup("45678901")).toBeNull();
    expect(await make(answer(200, { error: "sin datos" })).lookup("45678901")).toBeNull();
    await expect(make(answer(500, {})).lookup("45678901")).rejects.toThrow(DniProviderError);
    await expect(make(answer(200, "<html>")).lookup("45678901")).rejects.toThrow(/not JSON/);
    await expect(make(answer(200, [1, 2])).lookup("45678901")).rejects.toThrow(DniProviderError);
    const never = (_u: unknown, init?: RequestInit) =>
      new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    await expect(make(never).lookup("45678901")).rejects.toThrow(/timed out/);
    const refused = () => Promise.reject(new TypeError("fetch failed"));
    await expect(make(refused).lookup("45678901")).rejects.toThrow(/unreachable/);
  });
});

describe("unexpected errors", () => {
  it("answer the backend's error envelope and are logged", async () => {
    const broken = createDomain();
    try {
      broken.db.exec("DROP TABLE ADM_GENERO");
      expect(await broken.call("ADM_GENERO_GetAllActives")).toEqual({
        Message: "Hubo un error, inténtelo más tarde.",
        Success: false,
        Warning: false,
        Data: null,
      });
      expect(broken.log.entries.filter((e) => e.level === "error")).toHaveLength(1);
    } finally {
      broken.db.close();
    }
  });
});
