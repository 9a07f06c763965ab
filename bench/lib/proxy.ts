// The validation proxy's cost: `romsoft-contract proxy` (started as users start it) in front of the reference
// server. Median latency is timed per request with a keep-alive client, direct and proxied requests interleaved
// (autocannon's histogram has 1 ms steps, too coarse for a 2 ms budget); throughput is autocannon against both,
// measured alternately in rounds like the throughput section. The proxy checks every exchange meanwhile; its JSON
// report (written when it is stopped) says how many it checked and what it found.
import http from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { combine, measureRound, warmUp, type LoadRequest, type MeasureOptions, type Round } from "./measure.js";
import { freePort, startChild } from "./processes.js";
import { waitReady } from "./http.js";
import type { Target } from "./targets.js";

export interface ProxyResult {
  request: string;
  sequentialRequests: number;
  directP50Ms: number;
  proxiedP50Ms: number;
  overheadP50Ms: number;
  directP99Ms: number;
  proxiedP99Ms: number;
  directReqPerSec: number;
  proxiedReqPerSec: number;
  /** proxied ÷ direct req/s. */
  throughputRatio: number;
  proxiedClean: boolean;
  /** From the proxy's report: exchanges it judged, and its findings. */
  checked: number | null;
  findings: number | null;
  notes: string[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One POST on a keep-alive agent; resolves with its duration in ms. */
function timedPost(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`HTTP ${res.statusCode} from ${url.host}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function proxySection(bin: string, root: string, reportFile: string, server: Target, req: LoadRequest, opts: MeasureOptions, sequential: number): Promise<ProxyResult> {
  const port = await freePort();
  const child = startChild({
    name: "romsoft-contract proxy",
    command: process.execPath,
    args: [bin, "proxy", "--target", server.baseUrl, "--host", "127.0.0.1", "--port", String(port), "--report", reportFile],
    cwd: root,
  });
  const proxyUrl = `http://127.0.0.1:${port}`;
  const notes: string[] = [];
  try {
    await waitReady(child, { url: proxyUrl + req.path, body: req.body, headers: { authorization: server.authorization } });
    const body = JSON.stringify(req.body);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const direct: number[] = [];
    const proxied: number[] = [];
    try {
      // Warm both paths, then interleave so that machine noise weighs on both alike.
      for (let i = 0; i < 200; i++) {
        await timedPost(agent, new URL(req.path, server.baseUrl), body, req.headers);
        await timedPost(agent, new URL(req.path, proxyUrl), body, req.headers);
      }
      for (let i = 0; i < sequential; i++) {
        direct.push(await timedPost(agent, new URL(req.path, server.baseUrl), body, req.headers));
        proxied.push(await timedPost(agent, new URL(req.path, proxyUrl), body, req.headers));
      }
    } finally {
      agent.destroy();
    }
    direct.sort((a, b) => a - b);
    proxied.sort((a, b) => a - b);
    const round2 = (n: number) => Math.round(n * 100) / 100;

    await warmUp(server.baseUrl, req, opts);
    await warmUp(proxyUrl, req, opts);
    const rounds = { direct: [] as Round[], proxied: [] as Round[] };
    for (let r = 0; r < opts.rounds; r++) {
      const order = r % 2 === 0 ? (["direct", "proxied"] as const) : (["proxied", "direct"] as const);
      for (const which of order) {
        rounds[which].push(await measureRound(which === "direct" ? server.baseUrl : proxyUrl, which === "direct" ? server.child.pid : child.pid, req, opts));
      }
    }
    const d = combine(server.baseUrl, rounds.direct, opts);
    const p = combine(proxyUrl, rounds.proxied, opts);
    await child.stop(30_000);
    let checked: number | null = null;
    let findings: number | null = null;
    try {
      const report = JSON.parse(readFileSync(reportFile, "utf8")) as { source: { checked: number }; findings: unknown[] };
      checked = report.source.checked;
      findings = report.findings.length;
    } catch {
      notes.push(`The proxy wrote no report (last output: ${child.output().split("\n").at(-1) ?? ""}).`);
    }
    notes.push(
      `Latency: ${sequential} sequential requests each way on one keep-alive connection, direct and proxied interleaved; ` +
        `throughput: autocannon, ${opts.connections} connections, ${opts.rounds} round(s) each, alternating. ` +
        "The proxy runs as users run it (bin/romsoft-contract.js, TypeScript loaded by tsx) and judged every exchange meanwhile.",
    );
    return {
      request: req.label,
      sequentialRequests: sequential,
      directP50Ms: round2(percentile(direct, 50)),
      proxiedP50Ms: round2(percentile(proxied, 50)),
      overheadP50Ms: round2(percentile(proxied, 50) - percentile(direct, 50)),
      directP99Ms: round2(percentile(direct, 99)),
      proxiedP99Ms: round2(percentile(proxied, 99)),
      directReqPerSec: d.reqPerSec,
      proxiedReqPerSec: p.reqPerSec,
      throughputRatio: Math.round((p.reqPerSec / Math.max(1, d.reqPerSec)) * 1000) / 1000,
      proxiedClean: p.clean,
      checked,
      findings,
      notes,
    };
  } finally {
    await child.stop();
  }
}

export const PROXY_BIN = (root: string) => join(root, "bin", "romsoft-contract.js");
