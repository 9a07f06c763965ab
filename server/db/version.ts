// The data version of a connection: a value that changes whenever the data it reads may have changed. Caches
// of reads (GetAllActives lists, the "is this user active" check) keep their answer while it is equal.
import type { Statement } from "better-sqlite3";
import type { Db } from "../context.js";

/**
 * `<changes>:<external>`:
 * - changes: rows this connection's INSERT/UPDATE/DELETE statements touched (SQLite's total_changes(), triggers
 *   and rolled-back statements included). Read on every call: it costs no lock, so every write of this process
 *   shows at once, whichever code path made it.
 * - external: PRAGMA data_version, which moves when another connection to the file commits. Reading it takes
 *   the database's shared lock, so it is read once per event-loop turn and kept until the next one
 *   (setImmediate). A commit of another process is therefore seen by every request that arrives after it:
 *   requests are read from the sockets after the turn began.
 */
export type DataVersion = () => string;

const versions = new WeakMap<Db, DataVersion>();

/** The data version function of a connection (one per connection, shared by every cache). */
export function dataVersionOf(db: Db): DataVersion {
  let version = versions.get(db);
  if (!version) {
    version = createDataVersion(db);
    versions.set(db, version);
  }
  return version;
}

function createDataVersion(db: Db): DataVersion {
  let changes: Statement | undefined;
  let external: Statement | undefined;
  let externalThisTurn: number | undefined;
  const forget = () => {
    externalThisTurn = undefined;
  };
  // The last value, reused while both parts are equal (no new string per call).
  let last = { changes: -1, external: -1, text: "" };
  return () => {
    if (externalThisTurn === undefined) {
      externalThisTurn = (external ??= db.prepare("PRAGMA data_version").pluck()).get() as number;
      setImmediate(forget).unref();
    }
    const now = (changes ??= db.prepare("SELECT total_changes()").pluck()).get() as number;
    if (now !== last.changes || externalThisTurn !== last.external) {
      last = { changes: now, external: externalThisTurn, text: `${now}:${externalThisTurn}` };
    }
    return last.text;
  };
}
