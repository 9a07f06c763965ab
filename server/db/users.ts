// User state queries the HTTP shell needs outside the handlers.
import type { Db } from "../context.js";
import { dataVersionOf } from "./version.js";

/** Users whose state is kept at most; past it the kept answers are dropped and read again. */
const KEPT_USERS = 10_000;

/**
 * Returns a check used on every authenticated request: true when the user exists and is active
 * (SEG_USUARIO.estado = 'Activo'). A deactivated or deleted user's tokens stop working immediately.
 *
 * The answers are kept while the data version of the connection is unchanged (db/version.ts): any write, by a
 * handler, by SQL on the connection or by another connection, makes the next check read the table again.
 */
export function createUserStatus(db: Db): (id_usuario: number) => boolean {
  const stmt = db.prepare("SELECT estado FROM SEG_USUARIO WHERE id_usuario = ?").pluck();
  const version = dataVersionOf(db);
  const kept = new Map<number, boolean>();
  let keptAt = "";
  return (id_usuario: number) => {
    if (!Number.isSafeInteger(id_usuario)) return false;
    const now = version();
    if (now !== keptAt || kept.size >= KEPT_USERS) {
      kept.clear();
      keptAt = now;
    }
    let active = kept.get(id_usuario);
    if (active === undefined) {
      active = stmt.get(id_usuario) === "Activo";
      kept.set(id_usuario, active);
    }
    return active;
  };
}
