// Measurements: autocannon against one target and one request, bounded in time and in count, with the target's
// memory sampled meanwhile. A measurement can be split into rounds so that several targets are measured
// alternately (round 1: A B C, round 2: B C A, ...): whatever else runs on the machine then weighs on every target
// alike, and the ratios between them stay meaningful. Rounds are merged exactly (latency histograms added).
import autocannon from "autocannon";
import { sampleMemory } from "./processes.js";

export interface LoadRequest {
  /** Short label, e.g. "CVN_PLAN_SEGURO_GetAllActives". */
  label: string;
  path: string;
  headers: Record<string, string>;
  /** Fixed JSON body... */
  body: unknown;
  /** ...or a new one per request (e.g. a unique n_historia_clinica for Add). */
  makeBody?: () => unknown;
  /** Answers whose body fails this are counted as mismatches (cheap text checks only: it runs per response). */
  verify?: (text: string) => boolean;
}

export interface MeasureOptions {
  /** Seconds of measurement per target and request (split over the rounds). */
  durationSec: number;
  warmupSec: number;
  connections: number;
  /** Upper bound on requests per round, whatever the duration. */
  maxRequests: number;
  /** Rounds the duration is split into (1 = one continuous measurement). */
  rounds: number;
}

export interface Measurement {
  reqPerSec: number;
  /** req/s of each round: their spread shows how steady the machine was. */
  roundsReqPerSec: number[];
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  durationSec: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** Highest RSS of the target sampled during this measurement (every 100 ms), MiB. */
  maxRssMB: number;
  /** Lifetime peak RSS of the target when this measurement ended (VmHWM: includes start-up and log-in), MiB. */
  peakRssMB: number;
  /** True when every answer was 2xx, verified and on time. */
  clean: boolean;
}

export interface Round {
  raw: autocannon.RawResult;
  maxRssMB: number;
  lifetimePeakMB: number;
}

function options(baseUrl: string, req: LoadRequest, durationSec: number, opts: MeasureOptions): autocannon.Options {
  const make = req.makeBody;
  const request: autocannon.Request = {
    method: "POST",
    path: req.path,
    headers: { "content-type": "application/json", ...req.headers },
    body: JSON.stringify(req.body),
  };
  if (make) request.setupRequest = (r) => ({ ...r, body: JSON.stringify(make()) });
  return {
    url: baseUrl,
    connections: opts.connections,
    duration: durationSec,
    maxOverallRequests: opts.maxRequests,
    timeout: 10,
    requests: [request],
    skipAggregateResult: true,
    ...(req.verify ? { verifyBody: req.verify } : {}),
  };
}

async function run(baseUrl: string, req: LoadRequest, durationSec: number, opts: MeasureOptions): Promise<autocannon.RawResult> {
  const raw: unknown = await autocannon(options(baseUrl, req, durationSec, opts));
  return raw as autocannon.RawResult;
}

export async function warmUp(baseUrl: string, req: LoadRequest, opts: MeasureOptions): Promise<void> {
  if (opts.warmupSec > 0) await run(baseUrl, req, opts.warmupSec, opts);
}

/** One round of durationSec / rounds seconds, with the target's memory sampled meanwhile. */
export async function measureRound(baseUrl: string, pid: number, req: LoadRequest, opts: MeasureOptions): Promise<Round> {
  const memory = sampleMemory(pid);
  let mem = { maxRssMB: 0, lifetimePeakMB: 0 };
  let raw: autocannon.RawResult;
  try {
    raw = await run(baseUrl, req, opts.durationSec / Math.max(1, opts.rounds), opts);
  } finally {
    // Also ends the sampling timer when autocannon fails.
    mem = memory.stop();
  }
  return { raw, maxRssMB: mem.maxRssMB, lifetimePeakMB: mem.lifetimePeakMB };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Merges the rounds of one target and request: summed counts, added latency histograms. */
export function combine(baseUrl: string, rounds: Round[], opts: MeasureOptions): Measurement {
  if (rounds.length === 0) throw new Error("no rounds to combine");
  const perRound = rounds.map((r) => round(r.raw.totalCompletedRequests / Math.max(r.raw.duration, 0.001), 0));
  const sum = (f: (r: autocannon.RawResult) => number) => rounds.reduce((a, r) => a + f(r.raw), 0);
  const requests = sum((r) => r.totalCompletedRequests);
  const duration = sum((r) => r.duration);
  // aggregateResult adds the histograms into the first raw result: hand it copies.
  const merged = autocannon.aggregateResult(
    rounds.map((r) => ({ ...r.raw })),
    { url: baseUrl, connections: opts.connections },
  );
  const counts = { non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), mismatches: sum((r) => r.mismatches) };
  return {
    reqPerSec: round(requests / Math.max(duration, 0.001), 0),
    roundsReqPerSec: perRound,
    latencyP50Ms: merged.latency.p50,
    latencyP99Ms: merged.latency.p99,
    latencyMaxMs: merged.latency.max,
    requests,
    durationSec: round(duration),
    ...counts,
    maxRssMB: round(Math.max(...rounds.map((r) => r.maxRssMB)), 1),
    peakRssMB: round(Math.max(...rounds.map((r) => r.lifetimePeakMB)), 1),
    clean: counts.non2xx === 0 && counts.errors === 0 && counts.timeouts === 0 && counts.mismatches === 0 && requests > 0,
  };
}

/** Warm-up, then the rounds back to back: one target on its own. */
export async function measure(baseUrl: string, pid: number, req: LoadRequest, opts: MeasureOptions): Promise<Measurement> {
  await warmUp(baseUrl, req, opts);
  const rounds: Round[] = [];
  for (let i = 0; i < Math.max(1, opts.rounds); i++) rounds.push(await measureRound(baseUrl, pid, req, opts));
  return combine(baseUrl, rounds, opts);
}
