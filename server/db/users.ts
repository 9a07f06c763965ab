// User state queries the HTTP shell needs outside the handlers.
import type { Db } from "../context.js";

/**
 * Returns a check used on every authenticated request: true when the user exists and is active
 * (SEG_USUARIO.estado = 'Activo'). A deactivated or deleted user's tokens stop working immediately.
 */
export function createUserStatus(db: Db): (id_usuario: number) => boolean {
  const stmt = db.prepare("SELECT estado FROM SEG_USUARIO WHERE id_usuario = ?").pluck();
  return (id_usuario: number) => {
    if (!Number.isSafeInteger(id_usuario)) return false;
    return stmt.get(id_usuario) === "Activo";
  };
}
