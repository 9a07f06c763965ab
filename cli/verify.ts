// The `verify` command: pre-flight (URL, reachability, credentials: exit 2 before any check), then the
// checks with bounded concurrency, then the report in every requested format.
import { listOperations, type Operation } from "../contract/spec.js";
import { ContractValidator } from "../contract/validate.js";
import { checkAuth } from "./checks/auth.js";
import { crudPlans, runCrud, uncoveredWrites } from "./checks/crud.js";
import { login, LoginRefused } from "./checks/login.js";
import { checkRead } from "./checks/read.js";
import { Collector } from "./collector.js";
import type { RunContext } from "./context.js";
import { matchesAny } from "./glob.js";
import { HttpClient } from "./http.js";
import { decodeJwt } from "./jwt.js";
import type { CheckName, Report, SkippedCheck, TokenInfo } from "./model.js";
import { UsageError, type VerifyOptions } from "./options.js";
import { runPool } from "./pool.js";
import { createProgress } from "./progress.js";
import { Redactor } from "./redact.js";
import { assembleReport, exitCodeOf, TOOL_NAME, TOOL_VERSION, writeReports } from "./report/assemble.js";
import { renderSummary } from "./report/console.js";

export { TOOL_NAME, TOOL_VERSION };

const AUTH_PROBES = ["auth:no-token", "auth:garbage-token", "auth:bad-signature", "auth:alg-none"] as const satisfies readonly CheckName[];

/** The checks a live run can perform that --skip left out, for the report's `skipped` list. */
function skippedList(excluded: ReadonlyMap<CheckName, string>, applicable: readonly CheckName[]): SkippedCheck[] {
  return applicable.filter((c) => excluded.has(c)).map((check) => ({ check, reason: excluded.get(check)! }));
}

/** The run cannot start: unreachable host, refused credentials or token. Exit code 2. */
export class ConnectionError extends Error {
  override readonly name = "ConnectionError";
}

export interface VerifyIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Draw a live progress bar (stderr is a terminal). */
  tty: boolean;
}

export interface VerifyResult {
  report: Report;
  exitCode: 0 | 1;
}

function selectOperations(all: Operation[], patterns: string[] | null): Operation[] {
  if (!patterns) return all;
  const selected = all.filter((op) => matchesAny(op.operationId, patterns));
  if (!selected.length) throw new UsageError(`--operations ${patterns.join(",")} matches no operationId of the contract`);
  return selected;
}

/** A cheap protected read used to check a --token before the run. */
function probeOperation(all: Operation[]): Operation | undefined {
  return (
    all.find((o) => o.operationId === "SEG_ROL_GetAllActives") ??
    all.find((o) => o.secured && !o.writes && !o.bodyRequired && !o.queryParameters.length)
  );
}

export async function verify(options: VerifyOptions, io: VerifyIo): Promise<VerifyResult> {
  const client = new HttpClient({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    redactor: new Redactor(),
    userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
  });
  try {
    return await run(options, io, client);
  } finally {
    client.close();
  }
}

async function run(options: VerifyOptions, io: VerifyIo, client: HttpClient): Promise<VerifyResult> {
  const started = Date.now();
  const allOperations = listOperations();
  const selected = selectOperations(allOperations, options.operations);
  const redactor = client.redactor;
  redactor.add(options.password);
  redactor.add(options.token);
  const excluded = options.skip.checks;
  const collector = new Collector(redactor, excluded);
  const ctx: RunContext = {
    client,
    validator: new ContractValidator({ strictResponses: true }),
    collector,
    redactor,
    options,
    session: { token: null, payload: null, header: null },
    allOperations,
    runId: `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase(),
  };

  // Pre-flight: is anything listening there?
  const ping = await client.call({ path: "/", method: "GET" });
  if (ping.error === "network") throw new ConnectionError(`cannot reach ${options.baseUrl.origin}: ${ping.errorDetail ?? "network error"}`);
  if (ping.error === "timeout") throw new ConnectionError(`${options.baseUrl.origin} did not answer within ${options.timeoutMs} ms`);

  const loginOp = allOperations.find((o) => o.operationId === "Account_Login");
  if (!loginOp) throw new Error("the contract has no Account_Login operation");
  const loginSelected = selected.includes(loginOp);
  let tokenInfo: TokenInfo | null = null;
  if (options.token) {
    const jwt = decodeJwt(options.token);
    ctx.session = { token: options.token, payload: jwt?.payload ?? null, header: jwt?.header ?? null };
    const probe = probeOperation(allOperations);
    if (probe) {
      const res = await client.call({ path: probe.path, body: {}, token: options.token });
      if (res.error === "network") throw new ConnectionError(`cannot reach ${options.baseUrl.origin}: ${res.errorDetail ?? "network error"}`);
      if (res.status === 401 || res.status === 403) throw new ConnectionError(`the token was refused (HTTP ${res.status} from ${probe.path})`);
    }
    if (loginSelected) collector.skip(loginOp, "login", "a token was given (--token): Login was not called");
  } else {
    try {
      // --skip login leaves Login's findings out; Login is still called for the token the other checks need.
      const outcome = await login(ctx, loginOp, loginSelected);
      tokenInfo = outcome.info;
      const jwt = outcome.token ? decodeJwt(outcome.token) : null;
      ctx.session = { token: outcome.token, payload: jwt?.payload ?? null, header: jwt?.header ?? null };
    } catch (err) {
      if (err instanceof LoginRefused) throw new ConnectionError(err.message);
      throw err;
    }
  }

  // The work: one task per selected operation (auth probes + read), one per controller's write sequence.
  type Task = { label: string; ops: Operation[]; run: () => Promise<void> };
  const tasks: Task[] = [];
  for (const op of selected) {
    collector.register(op);
    if (op === loginOp) continue;
    tasks.push({
      label: op.operationId,
      ops: [op],
      run: async () => {
        if (op.secured) {
          if (AUTH_PROBES.every((c) => excluded.has(c))) for (const c of AUTH_PROBES) collector.skip(op, c, excluded.get(c)!);
          else if (!op.writes || options.allowWrites) await checkAuth(ctx, op);
          else for (const c of AUTH_PROBES) collector.skip(op, c, "write operation: probed only with --allow-writes");
        }
        if (!op.writes) {
          if (excluded.has("response")) collector.skip(op, "response", excluded.get("response")!);
          else await checkRead(ctx, op);
        } else if (!options.allowWrites) collector.skip(op, "crud", "write operation: run only with --allow-writes");
      },
    });
  }
  const leftovers: string[] = [];
  const operationTasks = tasks.length;
  if (options.allowWrites && excluded.has("crud")) {
    for (const op of selected) if (op.writes) collector.skip(op, "crud", excluded.get("crud")!);
  } else if (options.allowWrites) {
    for (const plan of crudPlans(allOperations, selected)) {
      tasks.push({ label: `${plan.controller} write sequence`, ops: plan.operations, run: () => runCrud(ctx, plan, leftovers) });
    }
    const uncovered = new Set(uncoveredWrites(allOperations));
    for (const op of selected) if (uncovered.has(op.operationId)) collector.skip(op, "crud", "no write sequence covers this operation");
  }
  const progress = createProgress(io.stderr, io.tty);
  const sequences = tasks.length - operationTasks;
  progress.start(
    tasks.length,
    `verifying ${selected.length} operation(s)${loginSelected ? ": Login first, then" : " in"} ${tasks.length} task(s) ` +
      `(${operationTasks} operation check(s)${sequences ? `, ${sequences} write sequence(s)` : ""})`,
  );
  try {
    await runPool(tasks, options.concurrency, async (task) => {
      const before = task.ops.reduce((n, op) => n + collector.findingsCount(op), 0);
      try {
        await task.run();
      } catch (err) {
        // A bug or an unexpected answer shape must not stop the run: report it on the task's operation.
        collector.add(task.ops[0]!, task.ops[0]!.writes ? "crud" : "response", [
          { severity: "error", category: "schema", pointer: null, message: `the check could not complete: ${err instanceof Error ? err.message : String(err)}` },
        ]);
      }
      const after = task.ops.reduce((n, op) => n + collector.findingsCount(op), 0);
      const outcome = after > before || task.ops.some((op) => collector.hasTimeout(op)) ? "failed" : task.ops.some((op) => collector.ranAny(op)) ? "ok" : "skipped";
      progress.tick(task.label, outcome);
    });
  } finally {
    progress.stop();
  }

  const { operations, findings } = collector.build(options.failOn, client.timings, options.timeoutMs);
  const report = assembleReport(
    {
      started,
      finished: Date.now(),
      source: { kind: "verify" },
      baseUrl: options.baseUrl.toString(),
      options: {
        operations: options.operations,
        allowWrites: options.allowWrites,
        timeoutMs: options.timeoutMs,
        concurrency: options.concurrency,
        failOn: options.failOn,
        auth: options.token ? "token" : "credentials",
        skip: options.skip.names,
      },
      login: { checked: loginSelected && !options.token && !excluded.has("login"), token: tokenInfo },
      requests: client.requestCount,
      leftovers,
      operations,
      findings,
      skipped: skippedList(excluded, ["login", ...AUTH_PROBES, "response", "crud", "duplicate", "latency"]),
    },
    redactor,
  );
  const written = writeReports(report, options.reports);
  io.stdout.write(renderSummary(report, written));
  return { report, exitCode: exitCodeOf(report, options.failOn) };
}
