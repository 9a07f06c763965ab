// The "Sandbox" section of `npm run bench`: `npm run sandbox` next to `npm start`, over the same database.
//   - a new session's first answer: one GetAllActives with a new X-Sandbox-Session (the copy of the seed is made
//     by that request), one session after another; median and worst;
//   - memory with 100 active sessions: each session gets a write (an Add) and a read, then the sandbox's RSS;
//   - default-session throughput: the same GetAllActives on both, measured alternately in rounds.
import { combine, measureRound, warmUp, type LoadRequest, type MeasureOptions, type Round } from "./lib/measure.js";
import { memoryOf } from "./lib/processes.js";
import { postJson } from "./lib/http.js";
import type { Target } from "./lib/targets.js";

export interface SandboxResult {
  /** First answer of a new session, ms: median and highest over `sessionsTimed` new sessions. */
  newSession: { medianMs: number; maxMs: number; sessionsTimed: number };
  /** RSS of the sandbox with `activeSessions` sessions alive (each written to), and right after start-up, MiB. */
  memory: { activeSessions: number; rssMB: number | null; rssAtStartMB: number | null };
  /** GetAllActives req/s in the sandbox's default session and on `npm start`, and their ratio. */
  throughput: { sandboxReqPerSec: number; serverReqPerSec: number; ratio: number; sandboxRounds: number[]; serverRounds: number[] };
  notes: string[];
}

export interface SandboxBenchOptions {
  /** `npm start` and `npm run sandbox`, both over the same database file and secret. */
  server: Target;
  sandbox: Target;
  measure: MeasureOptions;
  /** New sessions timed one by one (default 30). */
  sessionsTimed: number;
  /** Sessions alive when memory is read (default 100). */
  activeSessions: number;
  /** A body for ADM_OCUPACION_Add with a code of its own. */
  addBody: (i: number) => unknown;
  log: (message: string) => void;
}

const LIST = "/api/CVN_PLAN_SEGURO/GetAllActives";
const ADD = "/api/ADM_OCUPACION/Add";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

async function post(target: Target, path: string, body: unknown, session?: string) {
  const headers: Record<string, string> = { authorization: target.authorization };
  if (session !== undefined) headers["x-sandbox-session"] = session;
  const answer = await postJson(target.baseUrl + path, body, headers);
  const envelope = answer.json as { Success?: unknown } | undefined;
  if (answer.status !== 200 || envelope?.Success !== true) {
    throw new Error(`${path} in session ${session ?? "(default)"}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  return answer;
}

export async function sandboxSection(o: SandboxBenchOptions): Promise<SandboxResult> {
  const rssAtStartMB = memoryOf(o.sandbox.child.pid)?.rssMB ?? null;

  // New sessions, one after another (the first request of each makes its copy of the database).
  const times: number[] = [];
  for (let i = 0; i < o.sessionsTimed; i++) {
    const started = performance.now();
    await post(o.sandbox, LIST, {}, `bench-first-${i}`);
    times.push(performance.now() - started);
  }
  o.log(`  new session first answer: median ${round1(median(times))} ms over ${times.length}`);

  // Active sessions (the timed ones among them): each written to (its own rows) and read.
  for (let i = 0; i < o.activeSessions; i++) {
    const session = i < o.sessionsTimed ? `bench-first-${i}` : `bench-active-${i}`;
    await post(o.sandbox, ADD, o.addBody(i), session);
    await post(o.sandbox, LIST, {}, session);
  }
  const rssMB = memoryOf(o.sandbox.child.pid)?.rssMB ?? null;
  o.log(`  RSS with ${Math.max(o.activeSessions, o.sessionsTimed)} active sessions: ${rssMB === null ? "n/a" : round1(rssMB)} MB`);

  // Default-session throughput against npm start, alternately.
  const request = (t: Target): LoadRequest => ({
    label: "CVN_PLAN_SEGURO_GetAllActives",
    path: LIST,
    headers: { authorization: t.authorization },
    body: {},
    verify: (text) => text.includes('"Success":true'),
  });
  const pair = [o.server, o.sandbox];
  for (const t of pair) await warmUp(t.baseUrl, request(t), o.measure);
  const rounds = new Map<Target, Round[]>(pair.map((t) => [t, []]));
  for (let r = 0; r < o.measure.rounds; r++) {
    const order = r % 2 === 0 ? pair : [...pair].reverse();
    for (const t of order) rounds.get(t)!.push(await measureRound(t.baseUrl, t.child.pid, request(t), o.measure));
  }
  const server = combine(o.server.baseUrl, rounds.get(o.server)!, o.measure);
  const sandbox = combine(o.sandbox.baseUrl, rounds.get(o.sandbox)!, o.measure);
  o.log(`  default session ${sandbox.reqPerSec} req/s, npm start ${server.reqPerSec} req/s`);

  return {
    newSession: { medianMs: round1(median(times)), maxMs: round1(Math.max(...times)), sessionsTimed: times.length },
    memory: { activeSessions: Math.max(o.activeSessions, o.sessionsTimed), rssMB: rssMB === null ? null : round1(rssMB), rssAtStartMB: rssAtStartMB === null ? null : round1(rssAtStartMB) },
    throughput: {
      sandboxReqPerSec: sandbox.reqPerSec,
      serverReqPerSec: server.reqPerSec,
      ratio: server.reqPerSec > 0 ? Math.round((sandbox.reqPerSec / server.reqPerSec) * 1000) / 1000 : 0,
      sandboxRounds: sandbox.roundsReqPerSec,
      serverRounds: server.roundsReqPerSec,
    },
    notes: [
      "Both started as users start them (`npm start`, `npm run sandbox`) over the same database file, which the " +
        "sandbox copies into memory. A new session's time is the whole first request (copy of the database, " +
        "handler set, query) seen by the client, sessions made one after another. Memory is read with every " +
        "session alive and written to. Throughput: GetAllActives in the default session (no X-Sandbox-Session) " +
        "against the same request on `npm start`, measured alternately; the sandbox's database is in memory, " +
        "`npm start`'s a WAL file, which matters little for this read.",
    ],
  };
}
