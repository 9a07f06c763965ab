// ADM_DOCUMENTO_AUTORIZACION: insurer authorizations (SITEDS documents).
//
// Add: the legacy backend ALWAYS fails here (its business layer throws NotImplementedException, so every call
// answers Success:false). The reference server implements what the action's contract describes instead: it
// stores `listaAutoriza` (COD_AUTORIZACION required, one row per authorization code: a repeated code answers
// El registro ya existe.) and answers Se registró satisfactoriamente. with Data null.
// GetAllFilters: exact COD_AUTORIZACION (no SQL text is ever built from it); empty = every stored row.
// GetAddAtencionAll: "get or add": stores listaAutoriza (or, when its COD_AUTORIZACION is already stored,
// updates that row with the fields sent), then answers the authorization mapped to the clinic's ids (plan by
// IAFA code, product, benefit, currency, filiation and affiliation type, each 0 when no catalog row matches)
// with the backend's message Se registró satisfactoriamente.
import { NET_MIN_DATE } from "../../db/values.js";
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { toDto } from "../kernel/dto.js";
import { ok, warning } from "../kernel/envelope.js";
import { Mensajes, campoObligatorio } from "../kernel/messages.js";
import { textEquals } from "../kernel/search.js";
import { F_ESTADO, intOr0, view, type Row, type Tables } from "../kernel/table.js";

export const documentoAutorizacionTable = {
  table: "ADM_DOCUMENTO_AUTORIZACION",
  id: "id_documento_autorizacion",
  active: F_ESTADO,
  requestSchema: "ADM_DOCUMENTO_AUTORIZACIONDTO",
} as const;

export const documentoAutorizacionView = view("ADM_DOCUMENTO_AUTORIZACIONDTO_Full");

const AUTORIZACION_COLUMNS = [
  "COD_DOCUMENTO",
  "COD_AUTORIZACION",
  "COD_ASEGURADO",
  "FEC_AUTORIZACION",
  "FEC_NACIMIENTO",
  "NOMBRES",
  "AP_PATERNO",
  "AP_MATERNO",
  "PACIENTE",
  "TITULAR",
  "RUC_IPRESS",
  "COD_IAFA",
  "NUM_COPAGO_FIJO",
  "NUM_COPAGO_VARIABLE",
  "COD_IPRESS",
  "SEXO",
  "NUM_DOCUMENTO",
  "NUM_EDAD",
  "COD_ASEGURADO_TITULAR",
  "COD_DOCUMENTO_TITULAR",
  "NUM_DOCUMENTO_TITULAR",
  "COD_TIPO_FILIACION",
  "DES_TIPO_FILIACION",
  "COD_COBERTURA",
  "COD_SUBCOBERTURA",
  "DES_BENEFICIO",
  "COD_PRODUCTO",
  "DES_PRODUCTO",
  "COD_TIPOPLAN",
  "DES_TIPOPLAN",
  "COD_TIPO_AFILIACION",
  "DES_TIPO_AFILIACION",
  "NUM_POLIZA",
  "NUM_PLAN",
  "COD_CONTRATANTE",
  "COD_CONTRATANTE_ABR",
  "NUM_CONTRATANTE",
  "DES_CONTRATANTE",
  "FEC_INICIO_VIGENCIA",
  "FEC_FIN_VIGENCIA",
  "FE_INCLDATE",
  "COD_MONEDA",
  "COD_SERVICIO",
  "NUM_IP",
  "f_estado",
] as const;

function codeOf(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function documentoAutorizacionDefinitions(tables: Tables): AnyDefinition[] {
  const db = tables.db;
  const docs = tables.get(documentoAutorizacionTable);
  const byCode = db.prepare(
    "SELECT * FROM ADM_DOCUMENTO_AUTORIZACION WHERE COD_AUTORIZACION = ? ORDER BY id_documento_autorizacion LIMIT 1",
  );
  const idBy = (sql: string) => {
    const stmt = db.prepare(sql).pluck();
    return (...params: unknown[]) => (params.some((p) => p === "" || p == null) ? 0 : intOr0(stmt.get(...params)));
  };
  const planByIafa = db.prepare(
    "SELECT id_plan_seguro, id_categoria_pago FROM CVN_PLAN_SEGURO WHERE c_codigo_iafa = ? AND f_estado = 1 ORDER BY id_plan_seguro LIMIT 1",
  );
  const productoId = idBy("SELECT id_producto_plan FROM CVN_PRODUCTO_PLAN WHERE c_codigo = ? AND f_estado = 1 LIMIT 1");
  const beneficioId = idBy("SELECT id_beneficio FROM CVN_BENEFICIO WHERE c_codigo = ? AND f_estado = 1 LIMIT 1");
  const monedaId = idBy("SELECT id_moneda FROM CVN_MONEDA WHERE c_codigo = ? AND f_estado = 1 LIMIT 1");
  const filiacionBy = idBy(
    "SELECT id_tipo_filiacion FROM ADM_TIPO_FILIACION WHERE (c_codigo = ? OR c_codigo_susalud = ?) AND f_estado = 1 LIMIT 1",
  );
  const filiacionId = (code: string) => filiacionBy(code, code);

  /**
   * Stores listaAutoriza; a warning when it is missing or has no authorization code. An already stored code is a
   * duplicate for Add; for GetAddAtencionAll the stored row is updated with the fields sent and reused.
   */
  function store(body: Row, requireNew: boolean): { row: Row } | { warning: string } {
    const lista = body.listaAutoriza;
    if (lista === null || typeof lista !== "object" || Array.isArray(lista)) return { warning: campoObligatorio("listaAutoriza") };
    const l = lista as Row;
    const code = codeOf(l.COD_AUTORIZACION);
    if (!code) return { warning: campoObligatorio("listaAutoriza.COD_AUTORIZACION") };
    const existing = byCode.get(code) as Row | undefined;
    if (existing && requireNew) return { warning: Mensajes.YaExisteRegistro };
    const values = docs.values({ ...l, COD_AUTORIZACION: code }, AUTORIZACION_COLUMNS);
    const user = intOr0(body.idUser);
    if (existing) {
      if (user) values.id_user_modifica = user;
      docs.update(existing.id_documento_autorizacion as number, values, { ...l, IdUsuarioActual: user });
    } else {
      if (user) values.id_user_registro = user;
      docs.insert(values, { ...l, IdUsuarioActual: user });
    }
    return { row: byCode.get(code) as Row };
  }

  return [
    define("ADM_DOCUMENTO_AUTORIZACION_Add", ({ body }) => {
      const r = store(body as Row, true);
      return "warning" in r ? warning(r.warning) : ok(null, Mensajes.RegistroSatisfactorio);
    }),

    define(
      "ADM_DOCUMENTO_AUTORIZACION_GetAllFilters",
      crudController(tables, { table: documentoAutorizacionTable, view: documentoAutorizacionView }).filter({
        fields: [{ equals: "COD_AUTORIZACION" }],
      }),
    ),

    define("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll", ({ body }) => {
      const r = store(body as Row, false);
      if ("warning" in r) return warning(r.warning);
      const a = r.row;
      const plan = planByIafa.get(codeOf(a.COD_IAFA)) as { id_plan_seguro: number; id_categoria_pago: number } | undefined;
      const afiliacion = textEquals("t.t_descripcion", a.DES_TIPO_AFILIACION);
      const idAfiliacion = afiliacion
        ? intOr0(
            docs
              .stmt(`SELECT t.id_tipo_afiliacion FROM ADM_TIPO_AFILIACION t WHERE t.f_estado = 1 AND ${afiliacion.sql} LIMIT 1`)
              .pluck()
              .get(...afiliacion.params),
          )
        : 0;
      const res = toDto("ADM_DOCUMENTO_AUTORIZACION_RESDTO_Full", {
        id_documento_autorizacion: a.id_documento_autorizacion,
        id_plan_seguro: plan?.id_plan_seguro ?? 0,
        id_categoria_pago: plan?.id_categoria_pago ?? 0,
        codigo_asegurado: a.COD_ASEGURADO,
        numero_contrato: a.NUM_POLIZA ?? a.NUM_CONTRATANTE ?? null,
        id_beneficio: beneficioId(codeOf(a.COD_COBERTURA)),
        id_atecion_autoriza: a.id_documento_autorizacion,
        c_cod_autorizacion: a.COD_AUTORIZACION,
        d_fecha_autorizacion: a.FEC_AUTORIZACION ?? NET_MIN_DATE,
        id_tipo_filiacion: filiacionId(codeOf(a.COD_TIPO_FILIACION)),
        t_nombre_titular: a.TITULAR,
        id_tipo_afiliacion: idAfiliacion,
        id_moneda: monedaId(codeOf(a.COD_MONEDA)),
        c_num_copago_fijo: a.NUM_COPAGO_FIJO,
        c_num_copago_variable: a.NUM_COPAGO_VARIABLE,
        id_producto_plan: productoId(codeOf(a.COD_PRODUCTO)),
      });
      return ok([res], Mensajes.RegistroSatisfactorio);
    }),
  ];
}
