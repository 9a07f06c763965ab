// One measurement = autocannon against one target and one request, bounded in time and in count, with the
// target's memory sampled meanwhile.
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
  durationSec: number;
  warmupSec: number;
  connections: number;
  /** Upper bound on requests per measurement, whatever the duration. */
  maxRequests: number;
}

export interface Measurement {
  reqPerSec: number;
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

function run(baseUrl: string, req: LoadRequest, durationSec: number, opts: MeasureOptions): Promise<autocannon.Result> {
  const make = req.makeBody;
  const request: autocannon.Request = {
    method: "POST",
    path: req.path,
    headers: { "content-type": "application/json", ...req.headers },
    body: JSON.stringify(req.body),
  };
  if (make) request.setupRequest = (r) => ({ ...r, body: JSON.stringify(make()) });
  const instance = autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: durationSec,
    maxOverallRequests: opts.maxRequests,
    timeout: 10,
    requests: [request],
    ...(req.verify ? { verifyBody: req.verify } : {}),
  });
  return Promise.resolve(instance);
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function measure(baseUrl: string, pid: number, req: LoadRequest, opts: MeasureOptions): Promise<Measurement> {
  if (opts.warmupSec > 0) await run(baseUrl, req, opts.warmupSec, opts);
  const memory = sampleMemory(pid);
  let result: autocannon.Result;
  let mem = { maxRssMB: 0, lifetimePeakMB: 0 };
  try {
    result = await run(baseUrl, req, opts.durationSec, opts);
  } finally {
    // Also ends the sampling timer when autocannon fails.
    mem = memory.stop();
  }
  const total = result.requests.total;
  return {
    reqPerSec: round(total / Math.max(result.duration, 0.001), 0),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: total,
    durationSec: round(result.duration),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    maxRssMB: round(mem.maxRssMB, 1),
    peakRssMB: round(mem.lifetimePeakMB, 1),
    clean: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && result.mismatches === 0 && total > 0,
  };
}
