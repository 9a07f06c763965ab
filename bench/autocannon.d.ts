// The part of autocannon 9's API the benchmark uses (the package ships no type declarations).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request | null | undefined;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      maxOverallRequests?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
      verifyBody?: (body: string) => boolean;
      bailout?: number;
      title?: string;
      /** Resolve with the raw result (encoded histograms), to be merged later with aggregateResult. */
      skipAggregateResult?: boolean;
    }

    /** What an instance run with skipAggregateResult resolves with. */
    interface RawResult {
      latencies: string;
      totalCompletedRequests: number;
      totalRequests: number;
      totalBytes: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      /** Seconds. */
      duration: number;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      sent: number;
      p2_5: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    interface Result {
      title?: string;
      url: string;
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      "2xx": number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  namespace autocannon {
    function aggregateResult(results: RawResult[], opts: { url: string; connections?: number; title?: string }): Result;
  }
  export default autocannon;
}
