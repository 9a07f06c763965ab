// The 60-second mixed load: reads and writes of several controllers, through autocannon, against the reference
// server as a child process on a SQLite file, at the server's sustainable rate (70% of the throughput measured
// by a short unthrottled calibration, unless a rate is given). Reports errors (must be zero), latency
// percentiles (p99 included) and the server's RSS sampled every second, with its trend (mean of the first
// 10 s vs the last 10 s, and a least-squares slope).
//
//   node --import tsx bench/load.ts [--duration 60] [--connections 10] [--rate <req/s>] [--out <file.json>]
//
// bench/run.ts calls runLoad() with the server it started (baseUrl, token, pid). Standalone, this file starts
// its own server on a fresh database in a temporary folder and stops it by its PID, also on Ctrl-C. Exit code:
// 0 when the run was clean (no errors, RSS flat), 1 otherwise, 2 on bad arguments.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { getOperation } from "../contract/spec.js";
import { memoryOf, installCleanup } from "./lib/processes.js";
import { login, newJwtSecret, startServer } from "./lib/targets.js";

export interface LoadOptions {
  /** Seconds of load (default 60). */
  durationSec?: number;
  /** Concurrent connections (default 10). */
  connections?: number;
  /** Requests per second to send; default: 70% of what a calibration run measures. */
  rate?: number;
  /** Seconds of the unthrottled calibration run (default 5; only without `rate`). */
  calibrationSec?: number;
  /** An already running server: its URL, a token (or username/password to log in) and its PID for RSS. */
  baseUrl?: string;
  token?: string;
  pid?: number;
  username?: string;
  password?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface RssTrend {
  /** RSS of the server, MiB, one sample per second. */
  samplesMB: number[];
  firstMeanMB: number;
  lastMeanMB: number;
  /** Least-squares slope over the whole run, MiB per minute. */
  slopeMBPerMin: number;
  /** lastMean / firstMean - 1, in percent. */
  growthPct: number;
  /** No sustained growth: the last 10 s within 15% (and 25 MiB) of the first 10 s. */
  flat: boolean;
}

export interface LoadResult {
  durationSec: number;
  connections: number;
  /** What the calibration measured unthrottled (null when a rate was given). */
  calibratedMaxReqPerSec: number | null;
  targetReqPerSec: number;
  achievedReqPerSec: number;
  requests: number;
  writes: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers that were not a clean `Success:true, Warning:false` envelope. */
  mismatches: number;
  /** Those answers per request, with the first one seen. */
  notSuccess: { label: string; count: number; sample: string }[];
  rss: RssTrend | null;
  /** Zero errors of every kind and flat memory. */
  clean: boolean;
  mix: { label: string; share: string }[];
}

interface MixEntry {
  label: string;
  path: string;
  write: boolean;
  body: (n: number) => unknown;
}

function example(operationId: string): Record<string, unknown> {
  const op = getOperation(operationId);
  return structuredClone((op.requestExamples.request ?? op.requestExamples.empty)?.value ?? {}) as Record<string, unknown>;
}

/** One round of the mix: 7 reads and 3 writes; writes carry unique values so no duplicate check refuses them. */
function mix(run: string): MixEntry[] {
  const read = (id: string): MixEntry => {
    const body = example(id);
    return { label: id, path: getOperation(id).path, write: false, body: () => body };
  };
  const write = (id: string, unique: (n: number) => Record<string, unknown>): MixEntry => {
    const body = example(id);
    return { label: id, path: getOperation(id).path, write: true, body: (n) => ({ ...body, ...unique(n) }) };
  };
  return [
    read("CVN_PLAN_SEGURO_GetAllActives"),
    read("ADM_PACIENTE_GetAllFilters"),
    write("ADM_OCUPACION_Add", (n) => ({ c_codigo: `${run}-${n}`, t_descripcion: `Ocupación de carga ${run}-${n}` })),
    read("ADM_CIE10_GetAllFilters"),
    read("CVN_TARIFARIO_SEGUS_GetAllFilters"),
    write("ADM_PACIENTE_Add", (n) => ({ n_historia_clinica: 2_000_000 + n, c_documento_identidad: String(80_000_000 + n) })),
    read("SEG_USUARIO_GetAllFilters"),
    read("ADM_ATENCION_GetAtencionAllFilters"),
    write("FAR_PRODUCTO_Add", (n) => ({ t_descripcion: `PRODUCTO DE CARGA ${run}-${n}` })),
    read("CVN_CATEGORIA_PAGO_GetAllActives"),
  ];
}

/** A clean success: the envelope with `Success:true, Warning:false` (cheap text test, runs per answer). */
const cleanSuccess = (body: string) => body.startsWith('{"Message":') && body.includes('"Success":true,"Warning":false');

function round(n: number, digits = 1): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export function rssTrend(samplesMB: number[]): RssTrend {
  const head = samplesMB.slice(0, 10);
  const tail = samplesMB.slice(-10);
  const firstMeanMB = mean(head);
  const lastMeanMB = mean(tail);
  const xs = samplesMB.map((_, i) => i);
  const mx = mean(xs);
  const my = mean(samplesMB);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slopePerSample = den === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (samplesMB[i]! - my), 0) / den;
  const growthPct = firstMeanMB > 0 ? (lastMeanMB / firstMeanMB - 1) * 100 : 0;
  return {
    samplesMB: samplesMB.map((x) => round(x)),
    firstMeanMB: round(firstMeanMB),
    lastMeanMB: round(lastMeanMB),
    slopeMBPerMin: round(slopePerSample * 60, 2),
    growthPct: round(growthPct),
    flat: lastMeanMB <= firstMeanMB * 1.15 || lastMeanMB - firstMeanMB <= 25,
  };
}

/** Answers that were not a clean success, per request label, with the first message seen. */
type Refusals = Map<string, { count: number; sample: string }>;

function fire(
  baseUrl: string,
  token: string,
  entries: MixEntry[],
  opts: { durationSec: number; connections: number; rate?: number; counter: { n: number }; refusals?: Refusals },
): autocannon.Instance {
  const { counter, refusals } = opts;
  const requests: autocannon.Request[] = entries.map((e) => ({
    method: "POST",
    path: e.path,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(e.body(0)),
    ...(e.write ? { setupRequest: (r: autocannon.Request) => ({ ...r, body: JSON.stringify(e.body(++counter.n)) }) } : {}),
    ...(refusals
      ? {
          onResponse: (status: number, body: string) => {
            if (status === 200 && cleanSuccess(body)) return;
            const seen = refusals.get(e.label) ?? { count: 0, sample: `${status} ${body.slice(0, 160)}` };
            seen.count++;
            refusals.set(e.label, seen);
          },
        }
      : {}),
  }));
  const options: autocannon.Options & { overallRate?: number } = {
    url: baseUrl,
    connections: opts.connections,
    duration: opts.durationSec,
    timeout: 10,
    requests,
    verifyBody: cleanSuccess,
    ...(opts.rate ? { overallRate: Math.max(1, Math.round(opts.rate)) } : {}),
  };
  return autocannon(options);
}

/** Runs the mixed load against a server (the given one, or one started here) and reports on it. */
export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[load] ${line}\n`));
  const durationSec = options.durationSec ?? 60;
  const connections = options.connections ?? 10;
  let own: { stop(): Promise<void>; dir: string } | undefined;
  let baseUrl = options.baseUrl;
  let token = options.token;
  let pid = options.pid;

  try {
    if (!baseUrl) {
      installCleanup();
      const dir = mkdtempSync(join(tmpdir(), "romsoft-load-"));
      const dbPath = join(dir, "load.db");
      const password = `load-${newJwtSecret().slice(0, 12)}`;
      const { openDatabase } = await import("../server/db/database.js");
      const db = openDatabase({ path: dbPath, adminPassword: password, onNotice: () => undefined });
      const admin = db.prepare("SELECT id_usuario, id_rol FROM SEG_USUARIO WHERE usuario = 'admin'").get() as { id_usuario: number; id_rol: number };
      db.close();
      const target = await startServer({ dbPath, adminPassword: password, jwtSecret: newJwtSecret(), admin });
      own = { stop: () => target.stop(), dir };
      baseUrl = target.baseUrl;
      token = target.authorization.slice("Bearer ".length);
      pid = target.child.pid;
      log(`server started (pid ${pid}) on ${baseUrl}`);
    }
    if (!token) {
      if (!options.username || !options.password) throw new Error("runLoad needs a token or a username and password");
      token = await login(baseUrl, options.username, options.password);
    }

    const run = `L${Date.now().toString(36)}`;
    const entries = mix(run);
    // One sequence for every write of the run (calibration included): unique values never repeat.
    const counter = { n: 0 };
    const refusals: Refusals = new Map();

    let calibrated: number | null = null;
    let rate = options.rate;
    if (!rate) {
      const calibrationSec = options.calibrationSec ?? 5;
      log(`calibrating: ${calibrationSec} s unthrottled with ${connections} connections`);
      const probe = await fire(baseUrl, token, entries, { durationSec: calibrationSec, connections, counter });
      calibrated = probe.requests.total / Math.max(probe.duration, 0.001);
      rate = calibrated * 0.7;
      log(`calibration: ${Math.round(calibrated)} req/s; load at 70% = ${Math.round(rate)} req/s`);
    }

    const samples: number[] = [];
    const sampler = pid
      ? setInterval(() => {
          const m = memoryOf(pid!);
          if (m) samples.push(m.rssMB);
        }, 1000)
      : undefined;
    let result: autocannon.Result;
    log(`load: ${durationSec} s at ${Math.round(rate)} req/s, ${connections} connections, ${entries.length} requests per round (${entries.filter((e) => e.write).length} writes)`);
    try {
      result = await fire(baseUrl, token, entries, { durationSec, connections, rate, counter, refusals });
    } finally {
      if (sampler) clearInterval(sampler);
    }

    const rss = samples.length >= 20 ? rssTrend(samples) : null;
    const requests = result.requests.total;
    const writes = Math.round((requests * entries.filter((e) => e.write).length) / entries.length);
    const out: LoadResult = {
      durationSec: round(result.duration),
      connections,
      calibratedMaxReqPerSec: calibrated === null ? null : Math.round(calibrated),
      targetReqPerSec: Math.round(rate),
      achievedReqPerSec: Math.round(requests / Math.max(result.duration, 0.001)),
      requests,
      writes,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
      notSuccess: [...refusals].map(([label, r]) => ({ label, ...r })),
      rss,
      clean: result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && result.mismatches === 0 && requests > 0 && (rss?.flat ?? true),
      mix: entries.map((e) => ({ label: e.label, share: `1/${entries.length}${e.write ? " (write)" : ""}` })),
    };
    log(
      `done: ${requests} requests (${out.achievedReqPerSec} req/s), p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms, ` +
        `errors ${out.errors}, timeouts ${out.timeouts}, non-2xx ${out.non2xx}, not-success ${out.mismatches}` +
        (rss ? `; RSS ${rss.firstMeanMB} → ${rss.lastMeanMB} MiB (${rss.growthPct >= 0 ? "+" : ""}${rss.growthPct}%, ${rss.slopeMBPerMin} MiB/min): ${rss.flat ? "flat" : "GROWING"}` : ""),
    );
    return out;
  } finally {
    if (own) {
      await own.stop();
      rmSync(own.dir, { recursive: true, force: true });
      log("server stopped");
    }
  }
}

// ------------------------------------------------------------------------------------------------ standalone

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      rate: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write("node --import tsx bench/load.ts [--duration 60] [--connections 10] [--rate <req/s>] [--out <file.json>]\n");
    process.exit(0);
  }
  const num = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      process.stderr.write(`--${name} must be a positive number, got "${raw}"\n`);
      process.exit(2);
    }
    return n;
  };
  const durationSec = num("duration", values.duration) ?? 60;
  const connections = num("connections", values.connections);
  const rate = num("rate", values.rate);
  // Bounded in time whatever happens: start-up, calibration and load, plus a margin.
  const deadline = setTimeout(() => {
    process.stderr.write("[load] over time: stopping\n");
    process.exit(1);
  }, (durationSec + 120) * 1000);
  deadline.unref();
  runLoad({ durationSec, ...(connections ? { connections } : {}), ...(rate ? { rate } : {}) }).then(
    (result) => {
      const text = JSON.stringify(result, null, 2);
      if (values.out) writeFileSync(values.out, `${text}\n`);
      process.stdout.write(`${text}\n`);
      process.exit(result.clean ? 0 : 1);
    },
    (err: unknown) => {
      process.stderr.write(`[load] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
