// Durability across a crash: the server (child process, WAL file database) takes a stream of Adds from
// several clients and is killed with SIGKILL mid-stream, twice. After each restart every Add acknowledged
// before the kill (HTTP 200, Success true) is in the database exactly once, the file passes
// `PRAGMA integrity_check`, the restarted server serves those rows and accepts tokens issued before the crash.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startChildServer, type ChildServer } from "../support/server-process.js";
import { parseEnvelope } from "../support/answer-checks.js";
import { keepAliveAgent, post } from "../support/http.js";
import { MARKED_ADDS, rowsWithMarker } from "../support/marked-writes.js";

const PASSWORD = "Crash-Adm1n-Secret!";
const SECRET = "crash-test-signing-key-0123456789abcdef-xyz";
const CLIENTS = 8;

const dir = mkdtempSync(join(tmpdir(), "romsoft-crash-"));
const dbPath = join(dir, "clinic.db");
const env = { ROMSOFT_DB: dbPath, ROMSOFT_ADMIN_PASSWORD: PASSWORD, ROMSOFT_JWT_SECRET: SECRET, LOG_LEVEL: "warn" };
let server: ChildServer | undefined;
const outputs: string[] = [];

afterAll(async () => {
  if (server) {
    await server.kill();
    outputs.push(server.output());
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Acked {
  marker: string;
  n: number;
  data: unknown;
}

async function loginToken(s: ChildServer): Promise<string> {
  const res = await post(s.baseUrl, "/api/Account/Login", { Username: "admin", Password: PASSWORD });
  const token = (JSON.parse(res.body) as { Data?: { token?: string } }).Data?.token;
  if (!token) throw new Error(`login failed: ${res.status} ${res.body}`);
  return token;
}

/**
 * CLIENTS clients send Adds back to back; once `killAfter` have been acknowledged the server is killed
 * (SIGKILL, by PID) while requests are in flight. Returns what was acknowledged before the kill.
 */
async function streamAndKill(s: ChildServer, token: string, prefix: string, start: number, killAfter: number): Promise<{ acked: Acked[]; sentAtKill: number }> {
  const acked: Acked[] = [];
  // Requests sent and not yet answered to their client when the kill is sent. Counted on the client's side:
  // whether the server had already written some of those answers depends on the machine's load (a busy test
  // process may find every answer waiting in its sockets), so "cut off by the kill" is not a stable count.
  let outstanding = 0;
  let sentAtKill = 0;
  let next = start;
  let killed = false;
  const agent = keepAliveAgent(CLIENTS);
  const client = async () => {
    while (!killed) {
      const n = next++;
      const w = MARKED_ADDS[n % MARKED_ADDS.length]!;
      const marker = `${prefix}-${n}`;
      outstanding++;
      try {
        const res = await post(s.baseUrl, w.op.path, w.body(marker, n), { agent, token, timeoutMs: 20_000 });
        const env = parseEnvelope(res.body);
        // Acknowledged = the client was told it is saved. Anything else must not be counted.
        if (!killed && res.status === 200 && env.ok && env.envelope.Success && !env.envelope.Warning) {
          acked.push({ marker, n, data: env.envelope.Data });
        } else if (!killed) {
          throw new Error(`unexpected answer before the kill: ${res.status} ${res.body.slice(0, 200)}`);
        }
      } catch (err) {
        if (!killed) throw err;
      } finally {
        outstanding--;
      }
      if (!killed && acked.length >= killAfter) {
        killed = true;
        sentAtKill = outstanding;
        process.kill(s.pid, "SIGKILL");
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, client));
  } finally {
    agent.destroy();
  }
  await s.exited;
  return { acked, sentAtKill };
}

function checkFile(acked: Acked[]): void {
  const db = new Database(dbPath, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const missing: string[] = [];
    for (const a of acked) {
      const w = MARKED_ADDS[a.n % MARKED_ADDS.length]!;
      const ids = rowsWithMarker(db, w, a.marker);
      if (ids.length !== 1) missing.push(`${w.op.operationId} ${a.marker}: ${ids.length} rows`);
      else if (w.op.dataKind === "integer") expect(a.data, `${a.marker}: answered id`).toBe(ids[0]);
    }
    expect(missing, "acknowledged Adds lost (or doubled) by the crash").toEqual([]);
  } finally {
    db.close();
  }
}

describe("crash durability", () => {
  it("every Add acknowledged before a SIGKILL survives the restart (two crashes)", async () => {
    server = await startChildServer(env);
    const tokenBefore = await loginToken(server);
    const all: Acked[] = [];

    for (const [round, killAfter] of [[1, 120], [2, 80]] as const) {
      const { acked, sentAtKill } = await streamAndKill(server, round === 1 ? tokenBefore : await loginToken(server), `CR${round}-${Date.now().toString(36)}`, round * 100_000, killAfter);
      outputs.push(server.output());
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      all.push(...acked);
      // The kill happened mid-stream: other clients had requests out when it was sent.
      expect(sentAtKill, "no request was in flight at the kill").toBeGreaterThan(0);

      server = await startChildServer(env);
      // The file is checked while the restarted server runs (WAL allows readers next to it).
      checkFile(all);
    }

    // The restarted server serves the rows, and a token from before both crashes is still valid.
    const s = server;
    const sample = all.filter((a) => MARKED_ADDS[a.n % MARKED_ADDS.length]!.op.operationId === "FAR_PRODUCTO_Add").slice(0, 5);
    expect(sample.length).toBeGreaterThan(0);
    for (const a of sample) {
      const res = await post(s.baseUrl, `/api/FAR_PRODUCTO/GetById?idProducto=${String(a.data)}`, {}, { token: tokenBefore });
      expect(res.status).toBe(200);
      expect(res.body).toContain(a.marker);
    }
  }, 180_000);

  it("the server's output (logs) never carried the admin password or a token", () => {
    const text = outputs.join("\n");
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/);
  });
});
