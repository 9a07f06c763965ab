// `npm run bench`: the reference server side by side with the Prism mock, `npm run mock` (Prism behind the envelope
// front) and bare fastify, how search cost grows with the patients table, start-up times, the deployment
// validator's wall time, the validation proxy's cost, and the mixed load last.
//
//   npm run bench                         full run (10 s per measurement), writes bench/results/latest.json
//   npm run bench -- --quick              smoke run (short measurements), writes bench/results/quick.json
//   npm run bench -- --duration 20 --connections 20 --sizes 1000,100000 --only throughput,scaling
//   npm run bench -- --profile            V8 CPU profiles of the server children (see bench/profile.ts)
//
// Progress goes to stderr; the markdown tables go to stdout. Every target is a child process on 127.0.0.1 with a
// free port, stopped by its PID when its section ends, when the run fails and on Ctrl-C.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { getOperation } from "../contract/spec.js";
import { ContractValidator } from "../contract/validate.js";
import { openDatabase } from "../server/db/database.js";
import { postJson } from "./lib/http.js";
import { combine, measure, measureRound, warmUp, type LoadRequest, type MeasureOptions, type Round } from "./lib/measure.js";
import { seedPatients } from "./lib/patients.js";
import { PROXY_BIN, proxySection as measureProxy } from "./lib/proxy.js";
import { sandboxSection as measureSandbox } from "./sandbox.js";
import { installCleanup, memoryOf, startChild, stopAll } from "./lib/processes.js";
import {
  machine,
  toMarkdown,
  type Ratio,
  type Results,
  type ScalingRow,
  type ScalingSize,
  type StartupResult,
  type TargetCheck,
  type TargetKind,
  type ThroughputRow,
  type ValidatorResult,
} from "./lib/report.js";
import {
  ROOT,
  newJwtSecret,
  serverAvailable,
  startBare,
  startMockFront,
  startPrism,
  startServer,
  type ServerStart,
  type Target,
} from "./lib/targets.js";

// ---------------------------------------------------------------------------------------------------- options

const SECTIONS = ["throughput", "scaling", "startup", "validator", "proxy", "sandbox", "load"] as const;
type Section = (typeof SECTIONS)[number];

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    "max-requests": { type: "string" },
    rounds: { type: "string" },
    sizes: { type: "string" },
    only: { type: "string" },
    targets: { type: "string" },
    requests: { type: "string" },
    "startup-runs": { type: "string" },
    "sandbox-sessions": { type: "string" },
    "load-duration": { type: "string" },
    out: { type: "string" },
    profile: { type: "boolean", default: false },
    "update-readme": { type: "boolean", default: false },
    render: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (flags.help) {
  process.stdout.write(`npm run bench -- [options]
  --quick               short smoke run (2 s measurements, 1 s warm-up); writes bench/results/quick.json
  --duration <s>        seconds per measurement (default 10; quick 2)
  --warmup <s>          warm-up seconds before each measurement (default 2; quick 1)
  --connections <n>     autocannon connections (default 10)
  --max-requests <n>    upper bound on requests per round (default 1000000)
  --rounds <n>          throughput: rounds each measurement is split into, targets alternating (default 5; quick 1)
  --sizes <a,b,c>       patients table sizes for the scaling section (default 1000,10000,100000)
  --startup-runs <n>    start-ups timed per target (default 3; quick 1)
  --load-duration <s>   seconds of the mixed load (default 60; quick 10)
  --sandbox-sessions <n> sandbox: sessions alive when its memory is read (default 100; quick 20)
  --targets <list>      targets of the throughput section: server,prism,mock,bare (default all)
  --requests <list>     only these throughput requests (operationIds, e.g. CVN_PLAN_SEGURO_GetAllActives)
  --only <list>         sections to run: ${SECTIONS.join(",")} (default all)
  --out <file>          results file (default bench/results/latest.json, or quick.json with --quick)
  --profile             write V8 CPU profiles of the server children (folder printed at the end)
  --update-readme       also replace the latest figures in README.md (between the bench:results markers)
  --render <file>       measure nothing: print the tables of a results file (with --update-readme: into README.md)
`);
  process.exit(0);
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

const quick = flags.quick ?? false;
const opts: MeasureOptions = {
  durationSec: positive("duration", flags.duration, quick ? 2 : 10),
  warmupSec: flags.warmup === "0" ? 0 : positive("warmup", flags.warmup, quick ? 1 : 2),
  connections: Math.round(positive("connections", flags.connections, 10)),
  maxRequests: Math.round(positive("max-requests", flags["max-requests"], 1_000_000)),
  rounds: 1,
};
opts.rounds = Math.round(positive("rounds", flags.rounds, Math.max(1, Math.min(5, Math.floor(opts.durationSec / 2)))));
/** Scaling and start-up measure one target at a time: one continuous measurement. */
const singleOpts: MeasureOptions = { ...opts, rounds: 1 };
const sizes = (flags.sizes ?? "1000,10000,100000").split(",").map((s) => Math.round(positive("sizes", s.trim(), 1)));
const startupRuns = Math.round(positive("startup-runs", flags["startup-runs"], quick ? 1 : 3));
const loadDurationSec = positive("load-duration", flags["load-duration"], quick ? 10 : 60);
const sandboxSessions = Math.round(positive("sandbox-sessions", flags["sandbox-sessions"], quick ? 20 : 100));
const only = new Set<Section>();
for (const s of (flags.only ?? SECTIONS.join(",")).split(",")) {
  const name = s.trim() as Section;
  if (!SECTIONS.includes(name)) {
    process.stderr.write(`--only: unknown section "${s}" (known: ${SECTIONS.join(", ")})\n`);
    process.exit(2);
  }
  only.add(name);
}
const TARGET_KINDS: readonly TargetKind[] = ["server", "prism", "mock", "bare"];
const targetKinds = new Set<TargetKind>();
for (const s of (flags.targets ?? TARGET_KINDS.join(",")).split(",")) {
  const kind = s.trim() as TargetKind;
  if (!TARGET_KINDS.includes(kind)) {
    process.stderr.write(`--targets: unknown target "${s}" (known: ${TARGET_KINDS.join(", ")})\n`);
    process.exit(2);
  }
  targetKinds.add(kind);
}
const outFile = flags.out ?? join(ROOT, "bench", "results", quick ? "quick.json" : "latest.json");

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

if (flags.render) {
  const rendered = JSON.parse(readFileSync(flags.render, "utf8")) as Results;
  process.stdout.write(`${toMarkdown(rendered)}\n`);
  if (flags["update-readme"]) updateReadme(rendered);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------- set-up

if ((loadavg()[0] ?? 0) > cpus().length / 2) {
  log(`warning: load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores — other work will skew the figures`);
}

installCleanup();
const work = mkdtempSync(join(tmpdir(), "romsoft-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), "romsoft-bench-profiles-")) : undefined;

const ADMIN_PASSWORD = `bench-${newJwtSecret().slice(0, 12)}`;
const validator = new ContractValidator();

const results: Results = {
  generatedAt: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  quick,
  machine: machine(),
  settings: { ...opts, sizes },
  throughput: null,
  scaling: null,
  startup: null,
  validator: null,
  proxy: null,
  load: null,
  sandbox: null,
  targets: [],
  errors: [],
};

interface PreparedDb {
  path: string;
  admin: { id_usuario: number; id_rol: number };
  patients: number;
  seedMs: number;
  terms: { dni: string; rareSurname: string };
}

/** A new database file, created by the domain's openDatabase (schema + seed), with generated patients added. */
function prepareDb(name: string, patients?: number): PreparedDb {
  const path = join(work, `${name}.db`);
  const db = openDatabase({ path, adminPassword: ADMIN_PASSWORD, onNotice: () => undefined });
  try {
    let seedMs = 0;
    let terms = { dni: "", rareSurname: "" };
    if (patients !== undefined) {
      const seeded = seedPatients(db, patients);
      seedMs = seeded.ms;
      terms = seeded.terms;
    } else {
      const dni = db
        .prepare("SELECT c_documento_identidad FROM ADM_PACIENTE WHERE c_documento_identidad IS NOT NULL ORDER BY id_paciente LIMIT 1")
        .pluck()
        .get() as string | undefined;
      terms = { dni: dni ?? "00000000", rareSurname: "" };
    }
    const admin = db.prepare("SELECT id_usuario, id_rol FROM SEG_USUARIO WHERE usuario = 'admin'").get() as
      | { id_usuario: number; id_rol: number }
      | undefined;
    if (!admin) throw new Error("the prepared database has no admin user");
    const count = db.prepare("SELECT COUNT(*) FROM ADM_PACIENTE").pluck().get() as number;
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { path, admin, patients: count, seedMs, terms };
  } finally {
    db.close();
  }
}

function serverStart(db: PreparedDb, extra: Partial<ServerStart> = {}): ServerStart {
  return {
    dbPath: db.path,
    adminPassword: ADMIN_PASSWORD,
    jwtSecret: newJwtSecret(),
    admin: db.admin,
    ...(profileDir ? { cpuProfDir: profileDir } : {}),
    ...extra,
  };
}

const successText = (text: string) => text.includes('"Success":true');
const cleanSuccessText = (text: string) => text.includes('"Success":true') && text.includes('"Warning":false');

const PATHS = {
  GetAllActives: "/api/CVN_PLAN_SEGURO/GetAllActives",
  GetAllFilters: "/api/ADM_PACIENTE/GetAllFilters",
  Add: "/api/ADM_PACIENTE/Add",
} as const;

/** Each Add gets its own n_historia_clinica and DNI (the server refuses a repeated historia clínica). */
function addBodies(): () => unknown {
  const example = getOperation("ADM_PACIENTE_Add").requestExamples.request?.value as Record<string, unknown>;
  let next = 900_000;
  return () => {
    next += 1;
    return { ...example, n_historia_clinica: next, c_documento_identidad: String(80_000_000 + next) };
  };
}

const requestFilter = flags.requests ? new Set(flags.requests.split(",").map((s) => s.trim())) : null;

function throughputRequests(authorization: string, dni: string, nextAdd: () => unknown): LoadRequest[] {
  const headers = { authorization };
  const all: LoadRequest[] = [
    { label: "CVN_PLAN_SEGURO_GetAllActives", path: PATHS.GetAllActives, headers, body: {}, verify: successText },
    { label: "ADM_PACIENTE_GetAllFilters", path: PATHS.GetAllFilters, headers, body: { valorRequest: dni }, verify: successText },
    { label: "ADM_PACIENTE_Add", path: PATHS.Add, headers, body: {}, makeBody: nextAdd, verify: cleanSuccessText },
  ];
  return requestFilter ? all.filter((r) => requestFilter.has(r.label)) : all;
}

/** One request outside the load: checks the answer against the contract and returns its text. */
async function probe(target: Target, req: LoadRequest): Promise<{ text: string; valid: boolean; rows: number }> {
  const body = req.makeBody ? req.makeBody() : req.body;
  const answer = await postJson(target.baseUrl + req.path, body, req.headers);
  if (answer.status !== 200) {
    throw new Error(`${target.kind} ${req.label}: probe answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  const op = getOperation(req.path.split("/").slice(2).join("_"));
  const check = validator.validateResponse(op, answer.json);
  if (!check.valid) {
    log(`  ${target.kind} ${req.label}: answer is off-contract: ${JSON.stringify(check.issues.slice(0, 3))}`);
  }
  if (req.verify && !req.verify(answer.text)) {
    log(`  ${target.kind} ${req.label}: answer is not a clean success: ${answer.text.slice(0, 200)}`);
  }
  const data = (answer.json as { Data?: unknown } | undefined)?.Data;
  return { text: answer.text, valid: check.valid, rows: Array.isArray(data) ? data.length : 0 };
}

async function withTarget<T>(start: () => Promise<Target>, use: (t: Target) => Promise<T>): Promise<T> {
  const target = await start();
  try {
    return await use(target);
  } finally {
    await target.stop();
  }
}

// ---------------------------------------------------------------------------------------------------- sections

async function throughputSection(): Promise<void> {
  const rows: ThroughputRow[] = [];
  const notes: string[] = [];
  const nextAdd = addBodies();
  const captured: Record<string, string> = {};
  let dni = "45678901";
  const running: Target[] = [];
  const probes = new Map<string, { text: string; valid: boolean }>();
  const requestsOf = (t: Target) => throughputRequests(t.authorization, dni, nextAdd);

  const ready = async (target: Target) => {
    running.push(target);
    log(`${target.kind} ready in ${Math.round(target.startupMs)} ms at ${target.baseUrl}`);
    for (const req of requestsOf(target)) {
      const p = await probe(target, req);
      probes.set(`${target.kind} ${req.label}`, p);
      if (target.kind === "server" || (target.kind === "prism" && !(req.path in captured))) captured[req.path] = p.text;
    }
  };

  try {
    // All targets run at once (an idle target costs nothing) so that they can be measured alternately.
    if (!targetKinds.has("server")) {
      notes.push("The reference server was left out of this run (--targets).");
    } else if (serverAvailable()) {
      const db = prepareDb("throughput");
      dni = db.terms.dni;
      await ready(await startServer(serverStart(db)));
    } else {
      notes.push("server/main.ts does not exist yet: the reference server was not measured.");
      log("server/main.ts not found: skipping the reference server");
    }
    if (targetKinds.has("prism")) await ready(await startPrism());
    if (targetKinds.has("mock")) await ready(await startMockFront());
    if (targetKinds.has("bare")) {
      // Bare fastify answers exactly what the reference server answered (Prism's examples when there is no server).
      if (Object.keys(captured).length === 0) throw new Error("bare fastify needs the answers of the server or Prism (--targets)");
      const responsesFile = join(work, "bare-responses.json");
      writeFileSync(responsesFile, JSON.stringify(captured));
      await ready(await startBare(responsesFile));
    }

    const labels = running.length ? requestsOf(running[0]!).map((r) => r.label) : [];
    for (const label of labels) {
      const reqOf = (t: Target) => requestsOf(t).find((r) => r.label === label)!;
      for (const t of running) await warmUp(t.baseUrl, reqOf(t), opts);
      const rounds = new Map<Target, Round[]>(running.map((t) => [t, []]));
      log(`  ${label}: ${opts.rounds} round(s) of ${running.map((t) => t.kind).join(", ")}, ${opts.durationSec} s each in all…`);
      for (let r = 0; r < opts.rounds; r++) {
        // Rotate the order every round so no target always follows the same one.
        const order = running.map((_, i) => running[(i + r) % running.length]!);
        for (const t of order) rounds.get(t)!.push(await measureRound(t.baseUrl, t.child.pid, reqOf(t), opts));
      }
      for (const t of running) {
        const m = combine(t.baseUrl, rounds.get(t)!, opts);
        const p = probes.get(`${t.kind} ${label}`)!;
        log(`  ${t.kind} ${label}: ${m.reqPerSec} req/s (rounds ${m.roundsReqPerSec.join(", ")}), p50 ${m.latencyP50Ms} ms, p99 ${m.latencyP99Ms} ms`);
        rows.push({ target: t.kind, request: label, ...m, responseBytes: Buffer.byteLength(p.text), contractValid: p.valid });
      }
    }
  } finally {
    await Promise.all(running.map((t) => t.stop()));
  }

  const ratios: Ratio[] = [];
  for (const label of [...new Set(rows.map((r) => r.request))]) {
    const get = (kind: TargetKind) => rows.find((r) => r.request === label && r.target === kind)?.reqPerSec ?? null;
    const s = get("server");
    const p = get("prism");
    const b = get("bare");
    const m = get("mock");
    ratios.push({
      request: label,
      serverReqPerSec: s,
      prismReqPerSec: p,
      bareReqPerSec: b,
      serverOverPrism: s !== null && p ? Math.round((s / p) * 100) / 100 : null,
      serverOverBare: s !== null && b ? Math.round((s / b) * 1000) / 1000 : null,
      mockReqPerSec: m,
      mockOverPrism: m !== null && p ? Math.round((m / p) * 1000) / 1000 : null,
    });
  }
  notes.push(
    "Requests are identical for every target (same path, body and Authorization header); the bare fastify " +
      "route answers the exact bytes the reference server answered. GetAllFilters searches one DNI; every Add " +
      `carries a new n_historia_clinica. The targets run side by side and are measured alternately, ` +
      `${opts.rounds} rounds each (order rotated every round), so other work on the machine weighs on all alike. ` +
      "The mock row is `npm run mock`: the envelope front and the Prism child it forwards to (its RSS is the front's alone).",
  );
  results.throughput = { rows, ratios, notes };
}

async function scalingSection(): Promise<PreparedDb | undefined> {
  if (!serverAvailable()) {
    results.scaling = { rows: [], sizes: [], notes: ["server/main.ts does not exist yet: not measured."] };
    return undefined;
  }
  const rows: ScalingRow[] = [];
  const sizeRows: ScalingSize[] = [];
  const notes: string[] = [];
  let largest: PreparedDb | undefined;
  for (const n of [...sizes].sort((a, b) => a - b)) {
    log(`scaling: seeding ${n.toLocaleString("en-US")} patients…`);
    const db = prepareDb(`patients-${n}`, n);
    log(`  seeded in ${db.seedMs} ms (${db.patients} rows)`);
    largest = db;
    await withTarget(
      () => startServer(serverStart(db)),
      async (target) => {
        const searches: { search: ScalingRow["search"]; term: string }[] = [
          { search: "dni", term: db.terms.dni },
          { search: "rareSurname", term: db.terms.rareSurname },
          { search: "commonSurname", term: "GARCIA" },
          { search: "broad", term: "a" },
          { search: "shortNoMatch", term: "zq" },
        ];
        for (const s of searches) {
          const req: LoadRequest = {
            label: `ADM_PACIENTE_GetAllFilters ${s.search}`,
            path: PATHS.GetAllFilters,
            headers: { authorization: target.authorization },
            body: { valorRequest: s.term },
            verify: successText,
          };
          try {
            const p = await probe(target, req);
            const m = await measure(target.baseUrl, target.child.pid, req, singleOpts);
            log(`  ${n} ${s.search} "${s.term}": ${p.rows} rows, p50 ${m.latencyP50Ms} ms, p99 ${m.latencyP99Ms} ms, ${m.reqPerSec} req/s`);
            rows.push({ patients: db.patients, search: s.search, term: s.term, rows: p.rows, responseBytes: Buffer.byteLength(p.text), ...m });
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            log(`  ${n} ${s.search} "${s.term}" failed: ${message}`);
            results.errors.push({ section: `scaling ${n} ${s.search}`, message });
          }
        }
        const mem = memoryOf(target.child.pid);
        const own = rows.filter((r) => r.patients === db.patients);
        const file = statSync(db.path).size + (existsSync(`${db.path}-wal`) ? statSync(`${db.path}-wal`).size : 0);
        sizeRows.push({
          patients: db.patients,
          seedMs: db.seedMs,
          maxRssMB: Math.max(0, ...own.map((r) => r.maxRssMB)),
          rssMB: Math.round((mem?.rssMB ?? NaN) * 10) / 10,
          peakRssMB: Math.round((mem?.peakMB ?? NaN) * 10) / 10,
          fileMB: Math.round((file / 1024 ** 2) * 10) / 10,
        });
      },
    );
  }
  notes.push(
    "dni: one patient's DNI (one match). rareSurname: a surname carried by one patient in 25,000. commonSurname: " +
      "GARCIA (about 6 % of patients). broad: the single letter `a`, which nearly every patient matches — the rows " +
      "column shows the cap. shortNoMatch: two letters no patient has (`zq`): too short for the trigram index and " +
      "without early stop, the worst case.",
  );
  results.scaling = { rows, sizes: sizeRows, notes };
  return largest;
}

async function startupSection(largest: PreparedDb | undefined): Promise<void> {
  const out: StartupResult[] = [];
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  if (serverAvailable()) {
    const want = Math.max(...sizes, 100_000);
    const db = largest && largest.patients >= 100_000 ? largest : prepareDb(`startup-${want}`, want);
    const runs: number[] = [];
    for (let i = 0; i < startupRuns; i++) {
      const t = await startServer(serverStart(db, { login: false }));
      runs.push(Math.round(t.startupMs));
      await t.stop();
    }
    log(`startup: server ${runs.join(", ")} ms`);
    out.push({ target: "server", patients: db.patients, runsMs: runs, medianMs: median(runs) });
  }
  const runs: number[] = [];
  for (let i = 0; i < startupRuns; i++) {
    const t = await startPrism();
    runs.push(Math.round(t.startupMs));
    await t.stop();
  }
  log(`startup: prism ${runs.join(", ")} ms`);
  out.push({ target: "prism", patients: null, runsMs: runs, medianMs: median(runs) });
  results.startup = out;
}

interface VerifySummary {
  operations: { total: number; passed: number; failed: number; skipped: number };
  findings: { error: number; warning: number; info: number };
  requests: number;
}

async function validatorSection(): Promise<void> {
  const bin = join(ROOT, "bin", "romsoft-contract.js");
  if (!existsSync(bin)) {
    results.validator = { status: "n/a", wallMs: null, exitCode: null, operations: null, note: "bin/romsoft-contract.js does not exist yet." };
    return;
  }
  if (!serverAvailable()) {
    results.validator = { status: "n/a", wallMs: null, exitCode: null, operations: null, note: "no reference server to verify." };
    return;
  }
  const db = prepareDb("validator");
  const result = await withTarget(
    () => startServer(serverStart(db, { login: false })),
    async (target): Promise<ValidatorResult> => {
      const reportFile = join(work, "verify-report.json");
      // Every operation: reads, auth enforcement and (on this throwaway database) the write sequences too.
      const child = startChild({
        name: "romsoft-contract verify",
        command: process.execPath,
        args: [bin, "verify", "--base-url", target.baseUrl, "--username", "admin", "--allow-writes", "--report", reportFile],
        cwd: ROOT,
        env: { ...process.env, ROMSOFT_PASSWORD: ADMIN_PASSWORD },
      });
      const timeout = setTimeout(() => void child.stop(), 120_000);
      await new Promise<void>((resolve) => {
        if (child.exited()) resolve();
        else child.process.on("exit", () => resolve());
      });
      clearTimeout(timeout);
      const wallMs = Math.round(performance.now() - child.spawnedAt);
      let summary: VerifySummary | undefined;
      try {
        summary = (JSON.parse(readFileSync(reportFile, "utf8")) as { summary: VerifySummary }).summary;
      } catch {
        summary = undefined;
      }
      const lastLine = child.output().split("\n").filter((l) => l.trim()).at(-1) ?? "";
      const o = summary?.operations;
      const f = summary?.findings;
      return {
        status: "ran",
        wallMs,
        exitCode: child.exitCode(),
        operations: o?.total ?? null,
        note: summary
          ? `${o?.passed} passed, ${o?.failed} failed, ${o?.skipped} skipped; findings: ${f?.error} errors, ` +
            `${f?.warning} warnings; ${summary.requests} requests (read + write checks, --allow-writes).`
          : `No report written. Last line: \`${lastLine.replaceAll("`", "'").slice(0, 200)}\``,
        ...(summary ? { summary } : {}),
      };
    },
  );
  log(`validator: ${result.wallMs} ms, exit ${result.exitCode}`);
  results.validator = result;
}

async function proxySection(): Promise<void> {
  if (!serverAvailable() || !existsSync(PROXY_BIN(ROOT))) return;
  const db = prepareDb("proxy");
  const req = throughputRequests("", db.terms.dni, addBodies()).find((r) => r.label === "CVN_PLAN_SEGURO_GetAllActives");
  if (!req) return;
  results.proxy = await withTarget(
    () => startServer(serverStart(db)),
    (target) => measureProxy(PROXY_BIN(ROOT), ROOT, join(work, "proxy-report.json"), target, { ...req, headers: { authorization: target.authorization } }, opts, quick ? 500 : 3000),
  );
  const p = results.proxy;
  log(`proxy: p50 ${p.directP50Ms} → ${p.proxiedP50Ms} ms (+${p.overheadP50Ms}), ${p.directReqPerSec} → ${p.proxiedReqPerSec} req/s, ${p.checked} checked, ${p.findings} finding(s)`);
}

async function loadSection(): Promise<void> {
  const file = join(ROOT, "bench", "load.ts");
  if (!existsSync(file)) {
    results.load = { status: "n/a", note: "bench/load.ts does not exist yet (hook: its exported runLoad(options) runs here)." };
    return;
  }
  const mod = (await import(pathToFileURL(file).href)) as { runLoad?: (options: Record<string, unknown>) => Promise<unknown> };
  if (typeof mod.runLoad !== "function") {
    results.load = { status: "n/a", note: "bench/load.ts does not export runLoad." };
    return;
  }
  const db = serverAvailable() ? prepareDb("load") : undefined;
  const options: Record<string, unknown> = {
    durationSec: loadDurationSec,
    connections: opts.connections,
    username: "admin",
    password: ADMIN_PASSWORD,
  };
  const result = db
    ? await withTarget(
        () => startServer(serverStart(db)),
        (target) => mod.runLoad!({ ...options, baseUrl: target.baseUrl, token: target.authorization.slice("Bearer ".length), pid: target.child.pid }),
      )
    : await mod.runLoad(options);
  results.load = { status: "ran", note: "See `load.result` in the results file.", result };
  log("load: done");
}

async function sandboxSection(): Promise<void> {
  if (!serverAvailable()) {
    log("server/main.ts not found: skipping the sandbox");
    return;
  }
  const db = prepareDb("sandbox");
  const secret = newJwtSecret();
  const server = await startServer(serverStart(db, { jwtSecret: secret }));
  try {
    const sandbox = await startServer(serverStart(db, { jwtSecret: secret, sandbox: true }));
    try {
      const example = getOperation("ADM_OCUPACION_Add").requestExamples.request?.value as Record<string, unknown>;
      results.sandbox = await measureSandbox({
        server,
        sandbox,
        measure: opts,
        sessionsTimed: Math.min(30, sandboxSessions),
        activeSessions: sandboxSessions,
        addBody: (i) => ({ ...example, c_codigo: `B${i}` }),
        log,
      });
    } finally {
      await sandbox.stop();
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------- targets

function evaluateTargets(): TargetCheck[] {
  const t = results.throughput;
  const ratio = t?.ratios.find((r) => r.request === "CVN_PLAN_SEGURO_GetAllActives");
  const big = results.scaling?.rows.filter((r) => r.patients >= 100_000) ?? [];
  const selective = big.filter((r) => r.search === "dni" || r.search === "rareSurname");
  const broad = big.find((r) => r.search === "broad");
  const bigSize = results.scaling?.sizes.find((s) => s.patients >= 100_000);
  const serverStartup = results.startup?.find((s) => s.target === "server");
  const v = results.validator;
  const check = (measured: number | null | undefined, ok: (x: number) => boolean) => ({
    measured: measured ?? null,
    pass: measured === null || measured === undefined ? null : ok(measured),
  });
  const selectiveP99 = selective.length ? Math.max(...selective.map((r) => r.latencyP99Ms)) : null;
  return [
    {
      id: "throughput-vs-prism",
      description: "Server req/s ÷ Prism req/s, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≥ 5×",
      unit: "×",
      ...check(ratio?.serverOverPrism, (x) => x >= 5),
    },
    {
      id: "mock-front-vs-prism",
      description: "`npm run mock` (envelope front + Prism) req/s ÷ Prism req/s, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≥ 85 %",
      unit: "ratio",
      ...check(ratio?.mockOverPrism, (x) => x >= 0.85),
    },
    {
      id: "throughput-vs-bare",
      description: "Server req/s ÷ bare fastify req/s, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≥ 50 %",
      unit: "ratio",
      ...check(ratio?.serverOverBare, (x) => x >= 0.5),
    },
    {
      id: "search-selective-p99-100k",
      description: "`ADM_PACIENTE_GetAllFilters` p99, selective search (DNI and rare surname, worst), 100k patients",
      threshold: "< 20 ms",
      unit: "ms",
      ...check(selectiveP99, (x) => x < 20),
    },
    {
      id: "search-broad-capped-100k",
      description: "Rows returned by a broad search (`a`) at 100k patients (must be capped)",
      threshold: `< ${bigSize?.patients.toLocaleString("en-US") ?? "table size"}`,
      unit: "rows",
      ...check(broad?.rows, (x) => x < (bigSize?.patients ?? Infinity)),
    },
    {
      id: "rss-100k",
      description: "Server RSS under search load with 100k patients (highest sample)",
      threshold: "< 150 MB",
      unit: "MB",
      ...check(bigSize?.maxRssMB, (x) => x < 150),
    },
    {
      id: "startup-100k",
      description: "Server start-up to first successful answer, 100k patients (median)",
      threshold: "< 1000 ms",
      unit: "ms",
      ...check(serverStartup?.medianMs, (x) => x < 1000),
    },
    {
      id: "proxy-latency-overhead",
      description: "`romsoft-contract proxy`: added median latency, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≤ 2 ms",
      unit: "ms",
      ...check(results.proxy?.overheadP50Ms, (x) => x <= 2),
    },
    {
      id: "proxy-throughput",
      description: "`romsoft-contract proxy`: req/s through it ÷ the server's own, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≥ 50 %",
      unit: "ratio",
      ...check(results.proxy && results.proxy.proxiedClean ? results.proxy.throughputRatio : null, (x) => x >= 0.5),
    },
    {
      id: "validator-wall",
      description: "`romsoft-contract verify` wall time, all 110 operations",
      threshold: "< 10000 ms",
      unit: "ms",
      ...check(v?.status === "ran" && v.exitCode === 0 ? v.wallMs : null, (x) => x < 10_000),
    },
    {
      id: "sandbox-new-session",
      description: "Sandbox: a new session's first answer (median)",
      threshold: "< 50 ms",
      unit: "ms",
      ...check(results.sandbox?.newSession.medianMs, (x) => x < 50),
    },
    {
      id: "sandbox-rss-100-sessions",
      description: `Sandbox RSS with ${results.sandbox?.memory.activeSessions ?? 100} active sessions (target for 100)`,
      threshold: "< 400 MB",
      unit: "MB",
      ...check(results.sandbox && results.sandbox.memory.activeSessions >= 100 ? results.sandbox.memory.rssMB : null, (x) => x < 400),
    },
    {
      id: "sandbox-default-throughput",
      description: "Sandbox default-session req/s ÷ `npm start` req/s, `CVN_PLAN_SEGURO_GetAllActives`",
      threshold: "≥ 90 %",
      unit: "ratio",
      ...check(results.sandbox?.throughput.ratio, (x) => x >= 0.9),
    },
  ];
}

/** Replaces the text between the bench:results markers of README.md (re-read right before writing). */
function updateReadme(r: Results): void {
  const markdown = toMarkdown(r).replaceAll(/^### /gm, "#### ");
  const file = join(ROOT, "README.md");
  const start = "<!-- bench:results:start -->";
  const end = "<!-- bench:results:end -->";
  const text = readFileSync(file, "utf8");
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) {
    log("README.md has no bench:results markers: not updated");
    return;
  }
  const note = `_Measured ${r.generatedAt.slice(0, 10)} with \`${r.command}\`; every figure is in bench/results/latest.json._`;
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${note}\n\n${markdown}\n${text.slice(j)}`);
  log("README.md: latest figures replaced");
}

// ---------------------------------------------------------------------------------------------------- main

async function section(name: Section, fn: () => Promise<void>): Promise<void> {
  if (!only.has(name)) return;
  log(`— ${name}`);
  try {
    await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${name} failed: ${message}`);
    results.errors.push({ section: name, message });
    await stopAll();
  }
}

let largest: PreparedDb | undefined;
try {
  await section("throughput", throughputSection);
  await section("scaling", async () => {
    largest = await scalingSection();
  });
  await section("startup", () => startupSection(largest));
  await section("validator", validatorSection);
  await section("proxy", proxySection);
  await section("sandbox", sandboxSection);
  await section("load", loadSection);
} finally {
  await stopAll();
}

results.targets = evaluateTargets();
results.machine.loadAverage.end = Math.round((loadavg()[0] ?? 0) * 100) / 100;
mkdirSync(join(outFile, ".."), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${toMarkdown(results)}\n`);
log(`results written to ${relative(process.cwd(), outFile) || outFile}`);
if (flags["update-readme"]) updateReadme(results);
if (profileDir) log(`CPU profiles: ${profileDir} (summarize with: node --import tsx bench/profile.ts <file>)`);
process.exit(results.errors.length ? 1 : 0);
