// Account/Login and SEG_USUARIO: users, passwords (scrypt hashes only) and the paged user list. Login lives
// here because it is the users' credential check.
//
// Password policy of the reference server:
// - SEG_USUARIO.clave holds only `scrypt$...` hashes (Add and Update hash the given password).
// - No response carries a stored password or hash: SEG_USUARIO reads (GetById, GetAllFilters, GetAllPaging,
//   GetByUsername) answer `clave: null`; Login answers `clave: "***"` (as the published quick start shows).
// - Update keeps the current password when `clave` is absent, null, "" or "***" (what a client that read the
//   user back sends).
// - Login and GetByUsername spend the same time for unknown users (verification against a dummy hash) and
//   answer the same warning for unknown user, wrong password and inactive user.
import { hashPasswordAsync, verifyPasswordOrDummy } from "../../auth/password.js";
import type { HandlerContext } from "../../context.js";
import { crudController } from "../kernel/crud-controller.js";
import { define, defineAsync, type AnyDefinition, type Schemas } from "../kernel/definition.js";
import { ok, warning, type Envelope } from "../kernel/envelope.js";
import { Mensajes, campoObligatorio } from "../kernel/messages.js";
import { FilterError, parseOrderBy, parseWhere, type FilterGrammar } from "../kernel/paging-filter.js";
import { idFrom } from "../kernel/table-actions.js";
import { SEARCH_CAP, intOr0, lookup, view, type Row, type Tables } from "../kernel/table.js";

export const usuarioTable = {
  table: "SEG_USUARIO",
  id: "id_usuario",
  active: { column: "estado", on: "Activo", off: "Inactivo" },
  requestSchema: "SEG_USUARIODTO",
  hidden: ["clave"],
} as const;

/** clave is never read: the column holds a hash and responses carry null. */
export const usuarioView = view("SEG_USUARIODTO_Full", {
  clave: "NULL",
  RolNombre: lookup("SEG_ROL", "rol", "id_rol", "t.id_rol"),
});

const ACTIVO = "Activo";
const INACTIVO = "Inactivo";

/** Accepts the stored labels and the one-letter forms clients also send: A/Activo, I/Inactivo. */
export function estadoUsuario(value: string): string {
  const v = value.trim().toUpperCase();
  if (v === "A" || v === "ACTIVO") return ACTIVO;
  if (v === "I" || v === "INACTIVO") return INACTIVO;
  return value.trim();
}

/** What GetAllPaging's WhereFilter/OrderBy may name (U = the user, R = its role, as in the legacy query). */
export const USUARIO_GRAMMAR: FilterGrammar = {
  aliases: ["U", "R", "SEG_USUARIO", "SEG_ROL"],
  columns: {
    id_usuario: { sql: "t.id_usuario", kind: "int" },
    id_rol: { sql: "t.id_rol", kind: "int" },
    usuario: { sql: "t.usuario", kind: "text" },
    apellidos: { sql: "t.apellidos", kind: "text" },
    nombres: { sql: "t.nombres", kind: "text" },
    nro_documento: { sql: "t.nro_documento", kind: "text" },
    sexo: { sql: "t.sexo", kind: "text" },
    email: { sql: "t.email", kind: "text" },
    celular: { sql: "t.celular", kind: "text" },
    estado: { sql: "t.estado", kind: "text", map: estadoUsuario },
    rol: { sql: lookup("SEG_ROL", "rol", "id_rol", "t.id_rol"), kind: "text" },
    RolNombre: { sql: lookup("SEG_ROL", "rol", "id_rol", "t.id_rol"), kind: "text" },
    FechaCreacion: { sql: "t.FechaCreacion", kind: "text" },
    FechaModificacion: { sql: "t.FechaModificacion", kind: "text" },
  },
};

/** The paged view adds Cantidad = number of rows matching the filter (before paging). */
const pagedView = view("SEG_USUARIODTO_Full", { ...usuarioView.derived, Cantidad: "count(*) OVER ()" });

const USUARIO_COLUMNS = ["id_rol", "usuario", "apellidos", "nombres", "nro_documento", "sexo", "email", "celular", "estado"] as const;

/** A password the request wants to set, or null to keep the current one. */
function newPassword(v: unknown): string | null {
  return typeof v === "string" && v !== "" && v !== "***" ? v : null;
}

interface UserRow {
  id_usuario: number;
  id_rol: number;
  usuario: string;
  clave: string;
  apellidos: string | null;
  nombres: string | null;
  estado: string;
}

export function usuarioDefinitions(tables: Tables, ctx: HandlerContext): AnyDefinition[] {
  const users = tables.get(usuarioTable);
  const crud = crudController(tables, { table: usuarioTable, view: usuarioView });
  const byName = ctx.db.prepare(
    "SELECT id_usuario, id_rol, usuario, clave, apellidos, nombres, estado FROM SEG_USUARIO WHERE usuario = ? COLLATE NOCASE",
  );
  const rolExists = ctx.db.prepare("SELECT 1 FROM SEG_ROL WHERE id_rol = ?").pluck();

  /** Checks credentials; null for unknown user, wrong password or inactive user (same time for all). */
  async function authenticate(usuario: unknown, clave: unknown): Promise<UserRow | null> {
    const name = typeof usuario === "string" ? usuario.trim() : "";
    const password = typeof clave === "string" ? clave : "";
    const row = name ? (byName.get(name) as UserRow | undefined) : undefined;
    const valid = await verifyPasswordOrDummy(password, row?.clave);
    if (!row || !valid || password === "" || row.estado !== ACTIVO) return null;
    return row;
  }

  /** Validates the writable fields; returns a warning or the values to store. */
  function prepare(b: Row, adding: boolean): { warning: string } | { values: Row } {
    const values = users.values(b, USUARIO_COLUMNS);
    if (typeof values.usuario === "string") values.usuario = values.usuario.trim();
    if (adding || "usuario" in values) {
      if (!values.usuario) return { warning: campoObligatorio("usuario") };
    }
    if (typeof values.estado === "string") {
      const e = estadoUsuario(values.estado);
      if (e !== ACTIVO && e !== INACTIVO) return { warning: "El campo estado debe ser Activo o Inactivo." };
      values.estado = e;
    } else if (adding) {
      values.estado = ACTIVO;
    }
    if ((adding || "id_rol" in values) && rolExists.get(intOr0(values.id_rol)) === undefined) {
      return { warning: "El rol no pertenece al sistema." };
    }
    return { values };
  }

  /** True when `id` is the only active user (deactivating it would lock everybody out). */
  const lastActive = (id: number) => users.isActive(id) && users.count([users.activeCondition()]) <= 1;

  const selectUser = (id: number) =>
    users.select(usuarioView, [{ sql: "t.id_usuario = ?", params: [id] }], { limit: 1 })[0];

  return [
    defineAsync("Account_Login", async ({ body }) => {
      const user = await authenticate(body.Username, body.Password);
      if (!user) return warning(Mensajes.UsuarioNoExiste);
      const token = ctx.tokens.issue({ id_usuario: user.id_usuario, usuario: user.usuario, id_rol: user.id_rol });
      return ok({
        id_usuario: user.id_usuario,
        id_rol: user.id_rol,
        usuario: user.usuario,
        clave: "***",
        apellidos: user.apellidos,
        nombres: user.nombres,
        estado: user.estado,
        token,
      });
    }),

    defineAsync("SEG_USUARIO_GetByUsername", async ({ body }) => {
      const user = await authenticate(body.usuario, body.clave);
      const dto = user ? selectUser(user.id_usuario) : undefined;
      return dto ? ok(dto) : warning(Mensajes.UsuarioNoExiste);
    }),

    defineAsync("SEG_USUARIO_Add", async ({ body }) => {
      const b = body as Row;
      const p = prepare(b, true);
      if ("warning" in p) return warning(p.warning);
      const password = newPassword(b.clave);
      if (password === null) return warning(campoObligatorio("clave"));
      if (users.duplicate(["usuario"], p.values)) return warning(Mensajes.YaExisteRegistro);
      const hash = await hashPasswordAsync(password);
      // Checked again inside the transaction: another request may have taken the name while hashing.
      return ctx.db.transaction((): Envelope<null> => {
        if (users.duplicate(["usuario"], p.values)) return warning(Mensajes.YaExisteRegistro);
        users.insert({ ...p.values, clave: hash }, b);
        return ok(null, Mensajes.RegistroSatisfactorio);
      }).immediate();
    }),

    defineAsync("SEG_USUARIO_Update", async ({ body }) => {
      const b = body as Row;
      const id = idFrom(b.id_usuario);
      if (id === null || !users.exists(id)) return warning(Mensajes.ActualizacionFallida);
      const p = prepare(b, false);
      if ("warning" in p) return warning(p.warning);
      if (p.values.estado === INACTIVO && lastActive(id)) {
        return warning("No se pudo realizar la actualización: es el único usuario activo.");
      }
      if ("usuario" in p.values && users.duplicate(["usuario"], p.values, id)) return warning(Mensajes.YaExisteRegistro);
      const password = newPassword(b.clave);
      const hash = password === null ? null : await hashPasswordAsync(password);
      return ctx.db.transaction((): Envelope<null> => {
        if (!users.exists(id)) return warning(Mensajes.ActualizacionFallida);
        if ("usuario" in p.values && users.duplicate(["usuario"], p.values, id)) return warning(Mensajes.YaExisteRegistro);
        users.update(id, hash === null ? p.values : { ...p.values, clave: hash }, b);
        return ok(null, Mensajes.ActualizacionSatisfactoria);
      }).immediate();
    }),

    define(
      "SEG_USUARIO_Delete",
      crud.delete({
        // Never lock everybody out: the last active user cannot be deleted.
        validate: (id) => (lastActive(id) ? "No se pudo realizar la eliminación: es el único usuario activo." : null),
      }),
    ),

    define("SEG_USUARIO_GetById", crud.getById()),

    define(
      "SEG_USUARIO_GetAllFilters",
      crud.filter({
        fields: [
          { int: "id_rol" },
          { text: "apellidos", columns: ["t.apellidos"] },
          { text: "usuario", columns: ["t.usuario"] },
          { text: "nro_documento", columns: ["t.nro_documento"] },
        ],
        state: { field: "estado", kind: "text", map: estadoUsuario },
        orderBy: "t.apellidos, t.nombres, t.id_usuario",
      }),
    ),

    define("SEG_USUARIO_GetAllPaging", ({ body }) => {
      let where;
      let order;
      try {
        where = parseWhere(body.WhereFilter, USUARIO_GRAMMAR);
        order = parseOrderBy(body.OrderBy, USUARIO_GRAMMAR);
      } catch (err) {
        if (err instanceof FilterError) return warning(err.message);
        throw err;
      }
      // Start is the 1-based number of the first row (0 or less = the first); AmountRows is capped.
      const start = Math.max(intOr0(body.Start), 1);
      const amount = Math.min(intOr0(body.AmountRows) > 0 ? intOr0(body.AmountRows) : SEARCH_CAP, SEARCH_CAP);
      const rows: Schemas["SEG_USUARIODTO_Full"][] = users.select(pagedView, [where], {
        limit: amount,
        offset: start - 1,
        orderBy: order ? `${order}, t.id_usuario` : "t.id_usuario",
      });
      return ok(rows);
    }),
  ];
}
