// 500 concurrent Adds over real HTTP (keep-alive, 48 sockets) against the server as a child process on a WAL
// file database, while another connection (a second process from SQLite's point of view) keeps taking the
// write lock: every acknowledged Add is in the database exactly once, ids are unique, and no lock error
// (SQLITE_BUSY) or internal error reaches a client.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildServer, type ChildServer } from "../support/server-process.js";
import { parseEnvelope } from "../support/answer-checks.js";
import { keepAliveAgent, post } from "../support/http.js";
import { MARKED_ADDS, markedRowCount, rowsWithMarker } from "../support/marked-writes.js";

const TOTAL = 500;
const PASSWORD = "Concurrency-Adm1n!";
const SECRET = "concurrency-test-signing-key-0123456789abcdef";

let dir: string;
let dbPath: string;
let server: ChildServer | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "romsoft-concurrency-"));
  dbPath = join(dir, "clinic.db");
  server = await startChildServer({ ROMSOFT_DB: dbPath, ROMSOFT_ADMIN_PASSWORD: PASSWORD, ROMSOFT_JWT_SECRET: SECRET, LOG_LEVEL: "warn" });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("concurrent writes", () => {
  it(`${TOTAL} concurrent Adds on ${MARKED_ADDS.length} controllers: each acknowledged row present exactly once`, async () => {
    const s = server!;
    const login = await post(s.baseUrl, "/api/Account/Login", { Username: "admin", Password: PASSWORD });
    const token = (JSON.parse(login.body) as { Data: { token: string } }).Data.token;
    const run = `CC${Date.now().toString(36)}`;

    // A competing writer: short write transactions from another connection, so the server's writes meet a
    // held lock (and must wait for it, not fail) for the whole run.
    const other = new Database(dbPath);
    other.pragma("busy_timeout = 5000");
    const touch = other.prepare("UPDATE SEG_ROL SET rol = rol WHERE id_rol = (SELECT min(id_rol) FROM SEG_ROL)");
    let contended = 0;
    const holdLock = other.transaction(() => {
      touch.run();
      const until = performance.now() + 3;
      while (performance.now() < until) {
        // Hold the write lock for ~3 ms.
      }
    });
    const competitor = setInterval(() => {
      holdLock();
      contended++;
    }, 7);

    const agent = keepAliveAgent(48);
    let results: { i: number; status: number; body: string }[];
    try {
      results = await Promise.all(
        Array.from({ length: TOTAL }, async (_, i) => {
          const w = MARKED_ADDS[i % MARKED_ADDS.length]!;
          const res = await post(s.baseUrl, w.op.path, w.body(`${run}-${i}`, i), { agent, token, timeoutMs: 60_000 });
          return { i, status: res.status, body: res.body };
        }),
      );
    } finally {
      clearInterval(competitor);
      agent.destroy();
      other.close();
    }
    expect(contended, "the competing writer never ran").toBeGreaterThan(5);

    // Every answer: 200, the envelope, success — never a lock error or "Hubo un error".
    const failures = results.filter((r) => {
      const env = parseEnvelope(r.body);
      return r.status !== 200 || !env.ok || !env.envelope.Success || env.envelope.Warning;
    });
    expect(failures.slice(0, 5).map((f) => `#${f.i}: ${f.status} ${f.body.slice(0, 200)}`), s.output().slice(-3000)).toEqual([]);
    expect(results.map((r) => r.body).join("\n")).not.toMatch(/SQLITE_BUSY|database is locked/i);

    // Stop the server (clean shutdown) and look at the file.
    await s.stop();
    const db = new Database(dbPath, { readonly: true });
    try {
      const returnedIds = new Map<string, number[]>();
      for (const r of results) {
        const w = MARKED_ADDS[r.i % MARKED_ADDS.length]!;
        const ids = rowsWithMarker(db, w, `${run}-${r.i}`);
        expect(ids, `${w.op.operationId} #${r.i}: rows with its marker`).toHaveLength(1);
        const data = (JSON.parse(r.body) as { Data: unknown }).Data;
        if (w.op.dataKind === "integer") {
          expect(data, `${w.op.operationId} #${r.i}: the id it answered`).toBe(ids[0]);
          returnedIds.set(w.op.operationId, [...(returnedIds.get(w.op.operationId) ?? []), data as number]);
        }
      }
      for (const [id, ids] of returnedIds) expect(new Set(ids).size, `${id}: duplicate ids answered`).toBe(ids.length);
      // No extra rows either (a retried or doubled insert would show up here).
      for (const [k, w] of MARKED_ADDS.entries()) {
        const expected = results.filter((r) => r.i % MARKED_ADDS.length === k).length;
        expect(markedRowCount(db, w, `${run}-`), w.table).toBe(expected);
      }
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  }, 120_000);
});
