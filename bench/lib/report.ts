// The results document (bench/results/*.json) and its markdown rendering.
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import type { SandboxResult } from "../sandbox.js";
import type { Measurement } from "./measure.js";

import type { ProxyResult } from "./proxy.js";

export interface Machine {
  cpuModel: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews figures. */
  loadAverage: { start: number; end: number | null };
  cores: number;
  memoryGB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    loadAverage: { start: Math.round((loadavg()[0] ?? 0) * 100) / 100, end: null },
    cores: list.length,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export type TargetKind = "server" | "prism" | "mock" | "bare";

export interface ThroughputRow extends Measurement {
  target: TargetKind;
  request: string;
  /** Bytes of one answer body. */
  responseBytes: number;
  /** The probe answer of this target validated against the operation's 200 schema. */
  contractValid: boolean;
}

export interface Ratio {
  request: string;
  serverReqPerSec: number | null;
  prismReqPerSec: number | null;
  bareReqPerSec: number | null;
  serverOverPrism: number | null;
  serverOverBare: number | null;
  /** `npm run mock` (front + Prism) req/s; absent in results written before the front existed. */
  mockReqPerSec?: number | null;
  /** mock ÷ Prism: what the envelope front costs (1 = nothing). */
  mockOverPrism?: number | null;
}

export interface ScalingRow extends Measurement {
  patients: number;
  search: "dni" | "rareSurname" | "commonSurname" | "broad" | "shortNoMatch";
  term: string;
  /** Rows in Data for this search. */
  rows: number;
  responseBytes: number;
}

export interface ScalingSize {
  patients: number;
  seedMs: number;
  /** Highest server RSS sampled during the searches at this size, MiB. */
  maxRssMB: number;
  /** Server RSS right after the searches, MiB. */
  rssMB: number;
  /** Lifetime peak (VmHWM: start-up, log-in and searches), MiB. */
  peakRssMB: number;
  fileMB: number;
}

export interface StartupResult {
  target: "server" | "prism";
  patients: number | null;
  runsMs: number[];
  medianMs: number;
}

export interface ValidatorResult {
  status: "ran" | "n/a";
  wallMs: number | null;
  exitCode: number | null;
  operations: number | null;
  note: string;
  /** The validator's own summary (its JSON report). */
  summary?: unknown;
}

/** The fields of bench/load.ts's LoadResult shown in the table (the whole result is kept in the JSON). */
interface LoadSummary {
  durationSec: number;
  targetReqPerSec: number;
  achievedReqPerSec: number;
  requests: number;
  writes: number;
  latencyMs: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  rss: { firstMeanMB: number; lastMeanMB: number } | null;
  clean: boolean;
}

export interface TargetCheck {
  id: string;
  description: string;
  threshold: string;
  measured: number | null;
  unit: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

export interface Results {
  generatedAt: string;
  command: string;
  quick: boolean;
  machine: Machine;
  settings: { durationSec: number; warmupSec: number; connections: number; maxRequests: number; rounds: number; sizes: number[] };
  throughput: { rows: ThroughputRow[]; ratios: Ratio[]; notes: string[] } | null;
  scaling: { rows: ScalingRow[]; sizes: ScalingSize[]; notes: string[] } | null;
  startup: StartupResult[] | null;
  validator: ValidatorResult | null;
  /** The validation proxy in front of the server (bench/lib/proxy.ts). Absent in results of older runs. */
  proxy?: ProxyResult | null;
  load: { status: "ran" | "n/a"; note: string; result?: unknown } | null;
  /** Absent in results written before the sandbox existed. */
  sandbox?: SandboxResult | null;
  targets: TargetCheck[];
  errors: { section: string; message: string }[];
}

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? "n/a" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Latency in ms; autocannon's histogram has 1 ms resolution, so 0 means under a millisecond. */
const ms = (n: number | null | undefined): string => (n === 0 ? "<1" : fmt(n));

const TARGET_NAMES: Record<TargetKind, string> = { server: "reference server", prism: "Prism 5.14.2 mock", mock: "`npm run mock` (front + Prism)", bare: "bare fastify" };

export function toMarkdown(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${fmt(m.memoryGB, 1)} GB, Node ${m.node} (${m.os}). ` +
      `autocannon: ${r.settings.connections} connections, ${r.settings.durationSec} s per measurement after ${r.settings.warmupSec} s warm-up` +
      `${r.settings.rounds > 1 ? ` (throughput: ${r.settings.rounds} rounds, targets alternating)` : ""}` +
      `${r.quick ? " (quick run: figures are indicative only)" : ""}. ` +
      `Load average (1 min) at start ${fmt(m.loadAverage.start, 2)}, at end ${fmt(m.loadAverage.end, 2)}` +
      `${m.loadAverage.start > m.cores / 2 ? " — the machine was busy with other work: figures are pessimistic" : ""}.`,
  );

  out.push("", "### Targets", "");
  out.push(
    table(
      ["target", "threshold", "measured", "result"],
      r.targets.map((t) => [
        t.description,
        t.threshold,
        t.measured === null
          ? "n/a"
          : t.unit === "ratio"
            ? `${fmt(t.measured * 100, 0)} %`
            : `${fmt(t.measured, t.unit === "×" ? 2 : t.unit === "ms" && t.measured < 100 ? 1 : 0)} ${t.unit}`,
        t.pass === null ? "not measured" : t.pass ? "PASS" : "FAIL",
      ]),
    ),
  );

  if (r.throughput) {
    out.push("", "### Throughput and latency", "");
    out.push(
      table(
        ["target", "request", "req/s", "rounds min–max", "p50 ms", "p99 ms", "RSS under load MB", "lifetime peak RSS MB", "answer bytes", "clean"],
        r.throughput.rows.map((row) => [
          TARGET_NAMES[row.target],
          `\`${row.request}\``,
          fmt(row.reqPerSec),
          row.roundsReqPerSec.length > 1 ? `${fmt(Math.min(...row.roundsReqPerSec))}–${fmt(Math.max(...row.roundsReqPerSec))}` : "—",
          ms(row.latencyP50Ms),
          ms(row.latencyP99Ms),
          fmt(row.maxRssMB, 1),
          fmt(row.peakRssMB, 1),
          fmt(row.responseBytes),
          row.clean && row.contractValid ? "yes" : `NO (${row.non2xx} non-2xx, ${row.errors} errors, ${row.mismatches} bad bodies${row.contractValid ? "" : ", answer off-contract"})`,
        ]),
      ),
    );
    out.push("", "Ratios (same run):", "");
    out.push(
      table(
        ["request", "server/Prism", "server/bare", "mock front/Prism"],
        r.throughput.ratios.map((x) => [
          `\`${x.request}\``,
          x.serverOverPrism === null ? "n/a" : `${fmt(x.serverOverPrism, 2)}×`,
          x.serverOverBare === null ? "n/a" : `${fmt(x.serverOverBare * 100, 0)} %`,
          x.mockOverPrism === null || x.mockOverPrism === undefined ? "n/a" : `${fmt(x.mockOverPrism * 100, 0)} %`,
        ]),
      ),
    );
    for (const note of r.throughput.notes) out.push("", `- ${note}`);
  }

  if (r.scaling) {
    out.push("", "### Scaling: `ADM_PACIENTE_GetAllFilters` by table size", "");
    out.push(
      table(
        ["patients", "search", "term", "rows", "answer bytes", "req/s", "p50 ms", "p99 ms"],
        r.scaling.rows.map((row) => [
          fmt(row.patients),
          row.search,
          `\`${row.term}\``,
          fmt(row.rows),
          fmt(row.responseBytes),
          fmt(row.reqPerSec),
          ms(row.latencyP50Ms),
          ms(row.latencyP99Ms),
        ]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["patients", "seed (bulk insert) ms", "DB file MB", "server RSS under search load MB", "server lifetime peak RSS MB"],
        r.scaling.sizes.map((s) => [fmt(s.patients), fmt(s.seedMs), fmt(s.fileMB, 1), fmt(s.maxRssMB, 1), fmt(s.peakRssMB, 1)]),
      ),
    );
    for (const note of r.scaling.notes) out.push("", `- ${note}`);
  }

  if (r.startup) {
    out.push("", "### Start-up to first successful answer", "");
    out.push(
      table(
        ["target", "database", "median ms", "runs ms"],
        r.startup.map((s) => [
          TARGET_NAMES[s.target],
          s.patients === null ? "—" : `${fmt(s.patients)} patients (file)`,
          fmt(s.medianMs),
          s.runsMs.map((x) => fmt(x)).join(", "),
        ]),
      ),
    );
  }

  if (r.validator) {
    out.push("", "### Deployment validator", "");
    const v = r.validator;
    out.push(
      v.status === "n/a"
        ? `n/a — ${v.note}`
        : `\`romsoft-contract verify --allow-writes\` against the local server: ${fmt(v.wallMs)} ms wall, exit code ` +
            `${v.exitCode}${v.operations !== null ? `, ${v.operations} operations` : ""}. ${v.note}`,
    );
  }

  if (r.proxy) {
    const p = r.proxy;
    out.push("", "### Validation proxy", "");
    out.push(
      table(
        ["request", "", "p50 ms", "p99 ms", "req/s"],
        [
          [`\`${p.request}\``, "direct", fmt(p.directP50Ms, 2), fmt(p.directP99Ms, 2), fmt(p.directReqPerSec)],
          [`\`${p.request}\``, "through the proxy", fmt(p.proxiedP50Ms, 2), fmt(p.proxiedP99Ms, 2), fmt(p.proxiedReqPerSec)],
        ],
      ),
    );
    out.push(
      "",
      `Median overhead ${fmt(p.overheadP50Ms, 2)} ms; throughput through the proxy ${fmt(p.throughputRatio * 100, 0)} % of the server's` +
        `${p.proxiedClean ? "" : " (NOT clean: some proxied answers were not 2xx or not verified)"}; the proxy judged ` +
        `${p.checked === null ? "an unknown number of" : fmt(p.checked)} exchange(s) and found ${p.findings === null ? "?" : fmt(p.findings)} break(s).`,
    );
    for (const note of p.notes) out.push("", `- ${note}`);
  }

  if (r.load) {
    out.push("", "### Mixed load (bench/load.ts)", "");
    const l = r.load.result as Partial<LoadSummary> | undefined;
    if (r.load.status === "n/a" || !l) {
      out.push(r.load.status === "n/a" ? `n/a — ${r.load.note}` : r.load.note);
    } else {
      out.push(
        table(
          ["duration s", "target req/s", "achieved req/s", "requests (writes)", "p50 ms", "p99 ms", "errors", "RSS first → last 10 s MB", "clean"],
          [
            [
              fmt(l.durationSec),
              fmt(l.targetReqPerSec),
              fmt(l.achievedReqPerSec),
              `${fmt(l.requests)} (${fmt(l.writes)})`,
              ms(l.latencyMs?.p50),
              ms(l.latencyMs?.p99),
              fmt((l.errors ?? 0) + (l.timeouts ?? 0) + (l.non2xx ?? 0) + (l.mismatches ?? 0)),
              l.rss ? `${fmt(l.rss.firstMeanMB, 1)} → ${fmt(l.rss.lastMeanMB, 1)}` : "n/a",
              l.clean ? "yes" : "NO",
            ],
          ],
        ),
      );
    }
  }

  if (r.sandbox) {
    const s = r.sandbox;
    out.push("", "### Sandbox (`npm run sandbox`)", "");
    out.push(
      table(
        ["new session, first answer (median / max)", "RSS: start → sessions alive", "default session req/s", "npm start req/s", "ratio"],
        [
          [
            `${fmt(s.newSession.medianMs, 1)} / ${fmt(s.newSession.maxMs, 1)} ms (${s.newSession.sessionsTimed} sessions)`,
            `${fmt(s.memory.rssAtStartMB, 1)} → ${fmt(s.memory.rssMB, 1)} MB (${s.memory.activeSessions})`,
            fmt(s.throughput.sandboxReqPerSec),
            fmt(s.throughput.serverReqPerSec),
            `${fmt(s.throughput.ratio * 100, 0)} %`,
          ],
        ],
      ),
    );
    for (const note of s.notes) out.push("", `- ${note}`);
  }

  if (r.errors.length) {
    out.push("", "### Errors", "");
    for (const e of r.errors) out.push(`- ${e.section}: ${e.message.split("\n")[0]}`);
  }
  return out.join("\n");
}
