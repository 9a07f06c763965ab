// The session store alone, on a fake clock: copies of the template, LRU order, idle eviction, the cap, reset.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SessionCapError, SessionStore } from "../../server/sandbox/sessions.js";

function template(): Buffer {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('seed');");
  const buffer = db.serialize();
  db.close();
  return buffer;
}

const rows = (db: Database.Database) => db.prepare("SELECT v FROM t ORDER BY rowid").pluck().all();

describe("SessionStore", () => {
  let clock = 0;
  let store: SessionStore<{ builtFor: Database.Database }>;
  const built: Database.Database[] = [];
  const make = (limits: { maxSessions: number; idleMs: number; evictableAfterMs: number }) =>
    (store = new SessionStore({
      template: template(),
      build: (db) => {
        built.push(db);
        return { handlers: { builtFor: db }, userIsActive: () => true };
      },
      limits,
      now: () => clock,
    }));
  afterEach(() => {
    store.close();
    built.length = 0;
    clock = 0;
  });

  it("gives each session its own copy of the template, with handlers built over that copy", () => {
    make({ maxSessions: 10, idleMs: 1000, evictableAfterMs: 100 });
    const a = store.get("a");
    const b = store.get("b");
    a.db.prepare("INSERT INTO t VALUES ('a')").run();
    expect(rows(a.db)).toEqual(["seed", "a"]);
    expect(rows(b.db)).toEqual(["seed"]);
    expect(rows(store.get(undefined).db)).toEqual(["seed"]);
    expect(store.get("a")).toBe(a);
    expect(a.handlers.builtFor).toBe(a.db);
    expect(b.handlers.builtFor).toBe(b.db);
    // the SQL function every connection of the server needs is there
    expect(a.db.prepare("SELECT rs_norm('Ñandú')").pluck().get()).toBe("nandu");
  });

  it("copies the image of a database file in WAL mode (what npm run sandbox gets with ROMSOFT_DB)", () => {
    const dir = mkdtempSync(join(tmpdir(), "romsoft-sandbox-wal-"));
    try {
      const file = new Database(join(dir, "seed.db"));
      file.pragma("journal_mode = WAL");
      file.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('from file');");
      const image = file.serialize();
      file.close();
      store = new SessionStore({ template: image, build: (db) => ({ handlers: { builtFor: db }, userIsActive: () => true }), now: () => clock });
      const a = store.get("a");
      a.db.prepare("INSERT INTO t VALUES ('a')").run();
      expect(rows(a.db)).toEqual(["from file", "a"]);
      expect(rows(store.get(undefined).db)).toEqual(["from file"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reset gives the same session object a fresh copy and new handlers, and closes the old database", () => {
    make({ maxSessions: 10, idleMs: 1000, evictableAfterMs: 100 });
    const a = store.get("a");
    const old = a.db;
    a.db.prepare("INSERT INTO t VALUES ('a')").run();
    store.reset(a);
    expect(store.get("a")).toBe(a);
    expect(rows(a.db)).toEqual(["seed"]);
    expect(a.handlers.builtFor).toBe(a.db);
    expect(old.open).toBe(false);
  });

  it("drops sessions idle for idleMs, least recently used first, but never the default session", () => {
    make({ maxSessions: 10, idleMs: 1000, evictableAfterMs: 100 });
    const a = store.get("a");
    clock = 500;
    store.get("b");
    clock = 900;
    store.get("a"); // a used again
    clock = 1600; // b idle 1100 ms, a idle 700 ms
    store.sweep();
    expect([store.has("a"), store.has("b")]).toEqual([true, false]);
    clock = 5000;
    store.sweep();
    expect(store.size).toBe(0);
    expect(a.db.open).toBe(false);
    expect(store.get(undefined).db.open).toBe(true);
  });

  it("at the cap replaces the least recently used session if it is evictable, else refuses with SessionCapError", () => {
    make({ maxSessions: 2, idleMs: 60_000, evictableAfterMs: 1000 });
    store.get("a");
    clock = 100;
    const b = store.get("b");
    clock = 200;
    store.get("a"); // b is now the least recently used
    clock = 600;
    let refusal: unknown;
    try {
      store.get("c");
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(SessionCapError);
    expect((refusal as SessionCapError).retryAfterSeconds).toBe(1); // b becomes evictable at 1100
    expect(store.size).toBe(2);
    clock = 1100;
    store.get("c");
    expect([store.has("a"), store.has("b"), store.has("c")]).toEqual([true, false, true]);
    expect(b.db.open).toBe(false);
  });
});
