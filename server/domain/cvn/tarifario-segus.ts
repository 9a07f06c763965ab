// CVN_TARIFARIO_SEGUS: the SEGUS tariff (CRUD and GetPrice, priced for a payment category) and
// CVN_TARIFARIO_SEGUS_PARTICIPANTE, the items that take part in another.
import { crudController } from "../kernel/crud-controller.js";
import { define, type AnyDefinition } from "../kernel/definition.js";
import { toDto } from "../kernel/dto.js";
import { ok, warning } from "../kernel/envelope.js";
import { campoObligatorio } from "../kernel/messages.js";
import { round2 } from "../kernel/money.js";
import { requireText } from "../kernel/required-fields.js";
import { textSearch } from "../kernel/search.js";
import { ESTADO_AI, F_ESTADO, SEARCH_CAP, intOr0, lookup, view, type Row, type Tables } from "../kernel/table.js";

export const tarifarioTable = {
  table: "CVN_TARIFARIO_SEGUS",
  id: "id_tarifario_segus",
  active: F_ESTADO,
  requestSchema: "CVN_TARIFARIO_SEGUSDTO",
} as const;

const participanteTable = {
  table: "CVN_TARIFARIO_SEGUS_PARTICIPANTE",
  id: "id_tarifario_segus_participante",
  active: F_ESTADO,
  requestSchema: "CVN_TARIFARIO_SEGUS_PARTICIPANTEDTO",
} as const;

export const tarifarioView = view("CVN_TARIFARIO_SEGUSDTO_Full", {
  estado: ESTADO_AI,
  Id_estado: "t.f_estado",
  t_clasificacion: lookup("CVN_CLASIFICACION_SEGUS", "t_descripcion", "id_clasificacion_segus", "t.id_clasificacion_segus"),
});

export const tarifarioListaView = view("CVN_TARIFARIO_LISTADTO_Full", {
  t_clasificacion: lookup("CVN_CLASIFICACION_SEGUS", "t_descripcion", "id_clasificacion_segus", "t.id_clasificacion_segus"),
  estado: ESTADO_AI,
});

export const participanteView = view("CVN_TARIFARIO_SEGUS_PARTICIPANTEDTO_Full", {
  c_codigo: lookup("CVN_TARIFARIO_SEGUS", "c_codigo", "id_tarifario_segus", "t.id_tarifario_segus_referencia"),
  t_descripcion_esp: lookup("CVN_TARIFARIO_SEGUS", "t_descripcion_esp", "id_tarifario_segus", "t.id_tarifario_segus_referencia"),
});

const TARIFARIO_COLUMNS = [
  "c_codigo",
  "c_codigo_susalud",
  "t_descripcion_esp",
  "t_descripcion_eng",
  "t_observacion",
  "id_clasificacion_segus",
  "id_clasificacion_susalud",
  "id_clasificacion_susalud_od",
  "id_centro_costo",
  "id_cuenta_contable",
  "id_tipo_precio",
  "n_unidad",
  "n_ayudante",
  "n_instrumentista",
  "n_dias",
  "n_porcentaje",
  "f_estado",
] as const;

/** SEGUS classifications priced with the category's service factor (consultations, emergency, hospital
 *  visits); every other classification uses the procedure factor. */
const SERVICE_CLASSIFICATIONS = new Set([1, 2, 3]);

const PRICE_SQL = (where: string) => `
SELECT t.id_tarifario_segus, t.c_codigo, t.t_descripcion_esp, t.t_descripcion_eng, t.t_observacion, t.n_unidad,
       t.id_clasificacion_segus, cs.t_descripcion AS t_clasificacion_segus,
       CASE t.f_estado WHEN 1 THEN 'A' ELSE 'I' END AS estado,
       (SELECT pp.n_precio_sol FROM CVN_CATEGORIA_PAGO_PRECIO pp
         WHERE pp.id_tarifario_segus = t.id_tarifario_segus AND pp.id_categoria_pago = ? AND pp.f_estado = 1
         ORDER BY pp.id_categoria_pago_precio DESC LIMIT 1) AS precio_lista
  FROM CVN_TARIFARIO_SEGUS t
  LEFT JOIN CVN_CLASIFICACION_SEGUS cs ON cs.id_clasificacion_segus = t.id_clasificacion_segus
 WHERE t.f_estado = 1${where}
 ORDER BY t.c_codigo, t.id_tarifario_segus
 LIMIT ${SEARCH_CAP}`;

export function tarifarioDefinitions(tables: Tables): AnyDefinition[] {
  const crud = crudController(tables, { table: tarifarioTable, view: tarifarioView, columns: TARIFARIO_COLUMNS });
  const participantes = crudController(tables, {
    table: participanteTable,
    view: participanteView,
    columns: ["id_tarifario_segus", "id_tarifario_segus_referencia"],
  });
  const tarifarioExists = (id: unknown) => {
    const n = intOr0(id);
    return n > 0 && tables.get(tarifarioTable).isActive(n);
  };
  const categoria = tables.db.prepare(
    "SELECT n_factor_servicio, n_factor_procedimiento FROM CVN_CATEGORIA_PAGO WHERE id_categoria_pago = ? AND f_estado = 1",
  );

  return [
    define("CVN_TARIFARIO_SEGUS_GetAllActives", crudController(tables, { table: tarifarioTable, view: tarifarioListaView }).listActives()),
    define(
      "CVN_TARIFARIO_SEGUS_GetAllFilters",
      crud.filter({ fields: [{ text: "valorRequest", columns: ["t.c_codigo", "t.c_codigo_susalud", "t.t_descripcion_esp", "t.t_descripcion_eng"] }] }),
    ),
    define("CVN_TARIFARIO_SEGUS_GetById", crud.getById()),
    define(
      "CVN_TARIFARIO_SEGUS_Add",
      crud.add({ duplicate: ["c_codigo"], validate: (v, b) => requireText(v, b, "c_codigo", "t_descripcion_esp") }),
    ),
    define("CVN_TARIFARIO_SEGUS_Update", crud.update()),
    define("CVN_TARIFARIO_SEGUS_Delete", crud.delete()),

    define("CVN_TARIFARIO_SEGUS_PARTICIPANTE_GetAllActivesFilters", participantes.filter({ fields: [{ int: "id_tarifario_segus" }] })),
    define(
      "CVN_TARIFARIO_SEGUS_PARTICIPANTE_Add",
      participantes.addReturningId({
        validate: (v) =>
          !tarifarioExists(v.id_tarifario_segus)
            ? "El tarifario indicado (id_tarifario_segus) no existe o está inactivo."
            : !tarifarioExists(v.id_tarifario_segus_referencia)
              ? "El tarifario de referencia (id_tarifario_segus_referencia) no existe o está inactivo."
              : null,
      }),
    ),
    define("CVN_TARIFARIO_SEGUS_PARTICIPANTE_Delete", participantes.delete()),

    /**
     * GetPrice: active tariff items matching `valor` (code, SUSALUD code or description; empty = all, at most
     * SEARCH_CAP), priced for the payment category: its price-list row when there is one, otherwise the tariff's
     * units times the category's service or procedure factor. c_idioma EN answers the English description.
     */
    define("CVN_TARIFARIO_SEGUS_GetPrice", ({ body }) => {
      const idCategoria = intOr0(body.id_categoria_pago);
      if (idCategoria <= 0) return warning(campoObligatorio("id_categoria_pago"));
      const factors = categoria.get(idCategoria) as { n_factor_servicio: number; n_factor_procedimiento: number } | undefined;
      if (!factors) return warning("La categoría de pago indicada (id_categoria_pago) no existe o está inactiva.");
      const search = textSearch(["t.c_codigo", "t.c_codigo_susalud", "t.t_descripcion_esp", "t.t_descripcion_eng"], body.valor);
      const sql = PRICE_SQL(search ? ` AND (${search.sql})` : "");
      const english = typeof body.c_idioma === "string" && /^(EN|ENG|I|INGLES|INGLÉS)$/i.test(body.c_idioma.trim());
      const found = tables.get(tarifarioTable).stmt(sql).all(idCategoria, ...(search?.params ?? [])) as Row[];
      const rows = found.map((r) => {
        const factor = SERVICE_CLASSIFICATIONS.has(Number(r.id_clasificacion_segus))
          ? factors.n_factor_servicio
          : factors.n_factor_procedimiento;
        const precio = typeof r.precio_lista === "number" ? r.precio_lista : round2((Number(r.n_unidad) || 0) * factor);
        return toDto("CVN_TARIFARIO_SEGUS_PRICEDTO_Full", {
          ...r,
          t_descripcion: (english && r.t_descripcion_eng) || r.t_descripcion_esp,
          Precio: precio,
          cantidad: 1,
        });
      });
      return ok(rows);
    }),

  ];
}
