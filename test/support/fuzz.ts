// The fuzz suite, split in shards so that both cores work: every operation of the spec gets FUZZ_RUNS
// generated requests (schema-valid bodies and mutations, see fuzz-cases.ts) through app.inject(), then a few
// heavy cases (1-2 MB strings, 10 000 levels of nesting), then raw bytes over real HTTP.
//
// Reproducible: the seed of the run is printed when something fails; `FUZZ_SEED=<seed> npx vitest run
// test/reliability` replays it (each operation's seed is derived from it and the operationId).
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations, type Operation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startApp, type TestApp } from "./app-with-db.js";
import { changedTables, schemaVersion, snapshot, tableNames, totalChanges } from "./db-observations.js";
import { parseEnvelope, responseProblems } from "./answer-checks.js";
import { caseFactory, heavyCases, parseLikeServer, type FuzzCase } from "./fuzz-cases.js";
import { keepAliveAgent, post } from "./http.js";
import { textFields } from "./schema-arbitraries.js";

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const BODY_LIMIT = 1024 * 1024;

function baseSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== "") {
    const n = Number(fromEnv);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnv}`);
    return n;
  }
  return Math.floor(Math.random() * 0x7fffffff);
}

function opSeed(seed: number, operationId: string): number {
  return (seed ^ createHash("sha256").update(operationId).digest().readInt32LE(0)) | 0;
}

/** Kinds whose refusal must name the mutated field (the rest may fail on the body as a whole). */
const NAMES_FIELD = new Set(["wrongType", "missingRequired", "nestedWrongType", "query", "outOfRange"]);

function describeCase(c: FuzzCase): string {
  const payload = c.payload === undefined ? "(no body)" : c.payload.length > 300 ? `${c.payload.slice(0, 300)}… (${c.payload.length} chars)` : c.payload;
  return `${c.kind} expect=${c.expect} content-type=${c.contentType ?? "(none)"} query=${c.query || "(none)"} body=${payload}`;
}

export interface Outcome {
  status: number;
  body: string;
}

/** Every invariant a single answer must satisfy. Returns the problems found (empty = fine). */
export function checkAnswer(op: Operation, c: FuzzCase, res: Outcome & { contentType: string | undefined }, validator: ContractValidator): string[] {
  const problems = responseProblems(res.status, res.contentType, res.body);
  if (problems.length > 0) return problems;
  const env = parseEnvelope(res.body);
  if (!env.ok) return [env.problem];
  const size = c.payload === undefined ? 0 : Buffer.byteLength(c.payload);
  if (c.expect === "accept") {
    if (size > BODY_LIMIT) {
      if (res.status !== 413) problems.push(`expected 413 for a ${size}-byte body, got ${res.status}`);
    } else if (res.status !== 200) {
      problems.push(`schema-valid request refused with ${res.status}: ${env.envelope.Message ?? ""}`);
    } else {
      const v = validator.validateResponse(op, JSON.parse(res.body));
      if (!v.valid) problems.push(`200 answer breaks the response schema: ${JSON.stringify(v.issues.slice(0, 3))}`);
      // "Hubo un error" is the catch-all of an unexpected exception: a schema-valid request must not cause one.
      if (!env.envelope.Success) problems.push(`schema-valid request answered Success:false (${env.envelope.Message ?? "null"}): an exception in the action`);
    }
  } else if (c.expect === "reject") {
    if (![400, 413, 415].includes(res.status)) {
      problems.push(`invalid request answered ${res.status} (${env.envelope.Message ?? "null"}), expected 400/413`);
    } else if (c.field && res.status === 400 && NAMES_FIELD.has(c.kind.split(":")[0]!) && parseLikeServer(c.payload).ok) {
      if (!(env.envelope.Message ?? "").includes(`'${c.field}`)) {
        problems.push(`400 message does not name the field '${c.field}': ${env.envelope.Message ?? "null"}`);
      }
    }
  }
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined) problems.push("Object.prototype was polluted");
  return problems;
}

/** V8 heap in use after a full garbage collection, MiB (gc exposed at run time for this measurement). */
function heapAfterGcMb(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Runs a property and, on failure, throws one readable error: the replay line, fast-check's own seed and
 * path, and the (shrunk) failing request as send() described it — not fast-check's dump of a 2 MB body.
 */
async function checkProperty<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>, params: { seed: number; numRuns: number }, replay: string): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arb, run), params);
  if (!details.failed) return;
  const inner = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`${replay} (fast-check seed ${details.seed}, path "${details.counterexamplePath ?? ""}", shrunk ${details.numShrinks} times)\n${inner}`);
}

interface Stats {
  requests: number;
  byStatus: Map<number, number>;
}

/** Operations that only read but check a password (their fuzz runs in concurrent batches of BATCH). */
const PASSWORD_READS = new Set(["Account_Login", "SEG_USUARIO_GetByUsername"]);
const BATCH = 4;

/**
 * The operations of one shard. Operations that hash or check a password (scrypt, ~0.1 s of CPU each) cost far
 * more than the rest: they are dealt out first, alternately, so that each shard gets its share.
 */
export function shardOf(shard: number, shards: number): Operation[] {
  const costly = ["Account_Login", "SEG_USUARIO_GetByUsername", "SEG_USUARIO_Add", "SEG_USUARIO_Update"];
  const all = listOperations();
  const ordered = [...costly.map((id) => all.find((op) => op.operationId === id)!), ...all.filter((op) => !costly.includes(op.operationId))];
  return ordered.filter((_, i) => i % shards === shard);
}

/** Declares the fuzz suite for the operations whose index % shards === shard. */
export function defineFuzzShard(shard: number, shards: number): void {
  const seed = baseSeed();
  const ops = shardOf(shard, shards);
  const validator = new ContractValidator();
  const stats: Stats = { requests: 0, byStatus: new Map() };
  let t: TestApp;
  let rssBefore = 0;
  let heapBefore = 0;
  let tables: string[] = [];

  const replay = `FUZZ_SEED=${seed} (shard ${shard + 1}/${shards}) replays this run`;

  beforeAll(async () => {
    // Fuzzed SEG_USUARIO writes may deactivate the admin: the token check is not what is fuzzed here.
    t = await startApp({ userIsActive: () => true });
    tables = tableNames(t.db);
    heapBefore = heapAfterGcMb();
    rssBefore = process.memoryUsage().rss;
  });

  afterAll(async () => {
    const byStatus = [...stats.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(" ");
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    const heapGrownMb = heapAfterGcMb() - heapBefore;
    console.info(`fuzz shard ${shard + 1}/${shards}: seed ${seed}, ${stats.requests} requests (${byStatus}), RSS grew ${grownMb.toFixed(0)} MB, heap after GC ${heapGrownMb.toFixed(0)} MB`);
    await t?.close();
  });

  async function send(op: Operation, c: FuzzCase): Promise<void> {
    const before = totalChanges(t.db);
    const headers: Record<string, string> = {};
    if (op.secured) headers.authorization = `Bearer ${t.token}`;
    if (c.contentType !== null) headers["content-type"] = c.contentType;
    const res = await t.app.inject({
      method: "POST",
      url: c.query ? `${op.path}?${c.query}` : op.path,
      headers,
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });
    stats.requests++;
    stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
    const problems = checkAnswer(op, c, { status: res.statusCode, body: res.body, contentType: res.headers["content-type"] as string | undefined }, validator);
    if (res.statusCode !== 200 && totalChanges(t.db) !== before) problems.push(`refused request (${res.statusCode}) changed ${totalChanges(t.db) - before} rows`);
    if (problems.length > 0) {
      throw new Error(`${op.operationId}: ${problems.join("; ")}\n  request: ${describeCase(c)}\n  answer: ${res.statusCode} ${res.body.slice(0, 400)}`);
    }
  }

  describe(`fuzz shard ${shard + 1} of ${shards} (${ops.length} operations, ${FUZZ_RUNS} requests each)`, () => {
    for (const op of ops) {
      it(`${op.operationId}: never a 5xx, always the envelope, refusals change nothing`, async () => {
        const factory = caseFactory(op, validator);
        const before = snapshot(t.db);
        const changesBefore = totalChanges(t.db);
        const schemaBefore = schemaVersion(t.db);
        const params = { seed: opSeed(seed, op.operationId), numRuns: FUZZ_RUNS };
        if (PASSWORD_READS.has(op.operationId)) {
          // Reads that verify a password spend ~0.1 s of scrypt on the thread pool each: send them four at a
          // time (no row may change, so the per-request change count stays meaningful).
          const batch = fc.array(factory.cases, { minLength: BATCH, maxLength: BATCH });
          await checkProperty(batch, async (cs) => void (await Promise.all(cs.map((c) => send(op, c)))), { ...params, numRuns: Math.ceil(FUZZ_RUNS / BATCH) }, replay);
        } else {
          await checkProperty(factory.cases, (c) => send(op, c), params, replay);
        }
        expect(schemaVersion(t.db), "the schema changed").toBe(schemaBefore);
        expect(tableNames(t.db)).toEqual(tables);
        if (!op.writes) {
          // Reads (Login included) never change a row.
          expect(totalChanges(t.db) - changesBefore, `${op.operationId} changed rows`).toBe(0);
          expect(changedTables(before, snapshot(t.db)), `${op.operationId} changed tables`).toEqual([]);
        }
      }, 120_000);
    }

    it("heavy bodies: 1 MB and 2 MB strings, 10 000 levels of nesting, for every operation", { timeout: 120_000 }, async () => {
      for (const op of ops) {
        const factory = caseFactory(op, validator);
        const [body] = fc.sample(factory.body, { seed: opSeed(seed, op.operationId), numRuns: 1 });
        const query = op.queryParameters.length ? op.queryParameters.map((p) => `${p.name}=1`).join("&") : "";
        for (const c of heavyCases(factory, body, query)) {
          try {
            await send(op, c);
          } catch (err) {
            throw new Error(`${replay}\n${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    });

    it("raw bytes over real HTTP: invalid UTF-8 and random bytes get an envelope, never a 5xx", { timeout: 120_000 }, async () => {
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (t.app.server.address() as AddressInfo).port;
      const baseUrl = `http://127.0.0.1:${port}`;
      const agent = keepAliveAgent(4);
      const invalidUtf8 = [
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xe2, 0x82]),
        Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
        Buffer.from([0xc0, 0xaf]), // overlong "/"
        Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
        Buffer.from([0x00]),
      ];
      try {
        // Invalid UTF-8 inside a string value of each operation's body, and as the whole body.
        for (const op of ops) {
          const factory = caseFactory(op, validator);
          const field = factory.shape ? (textFields(factory.shape)[0] ?? "t") : "t";
          for (const bad of invalidUtf8) {
            const inString = Buffer.concat([Buffer.from(`{"${field}":"a`), bad, Buffer.from('z"}')]);
            const whole = Buffer.concat([Buffer.from("{"), bad, Buffer.from("}")]);
            for (const payload of [inString, whole]) {
              const before = totalChanges(t.db);
              const res = await post(baseUrl, op.queryParameters.length ? `${op.path}?${op.queryParameters[0]!.name}=1` : op.path, payload, {
                agent,
                ...(op.secured ? { token: t.token } : {}),
              });
              stats.requests++;
              const problems = responseProblems(res.status, res.headers["content-type"], res.body);
              if (res.status !== 200 && totalChanges(t.db) !== before) problems.push("refused request changed rows");
              if (payload === whole && res.status !== 400) problems.push(`bytes outside a string must be a 400, got ${res.status}`);
              expect(problems, `${op.operationId} with bytes ${payload.toString("hex")}: ${res.status} ${res.body.slice(0, 300)}`).toEqual([]);
            }
          }
        }
        // Random bytes, and random bytes spliced into valid bodies, to random operations of this shard.
        const arb = fc.tuple(
          fc.integer({ min: 0, max: ops.length - 1 }),
          fc.oneof(
            fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
            fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.nat()).map(([b, at]) => {
              const json = Buffer.from('{"t_descripcion":"abc","c_codigo":"x","id":1}');
              const i = at % json.length;
              return Buffer.concat([json.subarray(0, i), Buffer.from(b), json.subarray(i)]);
            }),
          ),
        );
        await checkProperty(
          arb,
          async ([i, bytes]) => {
            const op = ops[i]!;
            const before = totalChanges(t.db);
            const res = await post(baseUrl, op.queryParameters.length ? `${op.path}?${op.queryParameters[0]!.name}=1` : op.path, bytes, {
              agent,
              ...(op.secured ? { token: t.token } : {}),
            });
            stats.requests++;
            const problems = responseProblems(res.status, res.headers["content-type"], res.body);
            if (res.status !== 200 && totalChanges(t.db) !== before) problems.push("refused request changed rows");
            if (problems.length) throw new Error(`${op.operationId} with bytes ${bytes.toString("hex")}: ${problems.join("; ")}: ${res.status} ${res.body.slice(0, 300)}`);
          },
          { seed, numRuns: FUZZ_RUNS },
          replay,
        );
      } finally {
        agent.destroy();
      }
    });

    it("the server is still up and memory stayed bounded", async () => {
      const res = await t.app.inject({ method: "POST", url: "/api/Account/Login", payload: { Username: "admin", Password: "wrong" } });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ Warning: boolean }>().Warning).toBe(true);
      // The heavy cases keep ~1 MB per write operation in the in-memory database, and the 1-2 MB bodies grow
      // the heap the allocator then keeps (~270 MB seen in all): a generous bound on the process as a whole...
      const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
      expect(grownMb, `RSS grew by ${grownMb.toFixed(0)} MB`).toBeLessThan(512);
      // ...and a tight one on what stays reachable in the JS heap after a full GC (~20 MB seen): a leak per
      // request would show here (the in-memory database lives outside the heap, in SQLite's allocations).
      const heapGrownMb = heapAfterGcMb() - heapBefore;
      expect(heapGrownMb, `heap after GC grew by ${heapGrownMb.toFixed(0)} MB`).toBeLessThan(64);
    });
  });
}
