// `romsoft-contract proxy --target <url>`: listens, forwards, judges every exchange of the API after it has been
// forwarded, prints each distinct break once as it is first seen, and on SIGINT/SIGTERM (or `stop`) writes the
// reports and prints the summary. Exit code as verify's: 1 when findings reach --fail-on.
import http from "node:http";
import https from "node:https";
import { DEFAULT_CHECK_COPY_BYTES, type ProxyOptions } from "./options.js";
import { exitCodeOf, writeReports } from "../report/assemble.js";
import { renderSummary } from "../report/console.js";
import { checkExchange, createTrafficCheckContext } from "../traffic/check.js";
import { operationForPath } from "../traffic/exchange.js";
import { TrafficRecorder } from "../traffic/recorder.js";
import { trafficReport } from "../traffic/report.js";
import { ConnectionError, type VerifyResult } from "../verify.js";
import { startForwarder, type Forwarder } from "./forward.js";

export interface ProxyIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface RunningProxy {
  /** `http://host:port` clients should call instead of the deployment. */
  url: string;
  recorder: TrafficRecorder;
  /** Stops the proxy, writes the reports, prints the summary. */
  stop(): Promise<VerifyResult>;
}

/** Starts the proxy (exit-2 errors: the target cannot be reached, the address cannot be listened on). */
export async function startProxy(options: ProxyOptions & { checkCopyBytes?: number }, io: ProxyIo): Promise<RunningProxy> {
  const started = Date.now();
  const ctx = createTrafficCheckContext(options.skip.checks);
  const { redactor } = ctx;
  const recorder = new TrafficRecorder(redactor, options.skip.checks, (line) => io.stdout.write(`${line}\n`));
  await preflight(options.target);
  let forwarder: Forwarder;
  try {
    forwarder = await startForwarder({
      target: options.target,
      host: options.host,
      port: options.port,
      checkCopyBytes: options.checkCopyBytes ?? DEFAULT_CHECK_COPY_BYTES,
      onExchange: (x, startedAt) => {
        const op = operationForPath(x.url.pathname);
        if (!op || x.method.toUpperCase() === "OPTIONS") recorder.outside();
        else recorder.record(op, checkExchange(ctx, op, x, startedAt));
      },
      onUncheckable: (x, why) => recorder.unchecked(operationForPath(x.url.pathname), `an exchange was forwarded unchecked: ${why}`),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConnectionError(`cannot listen on ${options.host}:${options.port}: ${e.code === "EADDRINUSE" ? "the address is in use" : (e.code ?? e.message)}`);
  }
  io.stderr.write(
    `romsoft-contract proxy: ${forwarder.url} → ${redactor.text(options.target.toString())}\n` +
      `Every exchange is forwarded unchanged and checked; findings are printed as they are first seen. ` +
      `Ctrl-C (SIGINT) or SIGTERM writes the reports and stops.\n`,
  );
  let stopping: Promise<VerifyResult> | undefined;
  return {
    url: forwarder.url,
    recorder,
    stop: () =>
      (stopping ??= (async () => {
        await forwarder.close();
        const report = trafficReport(
          recorder,
          { kind: "proxy", baseUrl: options.target.toString(), started, failOn: options.failOn, skip: options.skip, operations: null },
          redactor,
        );
        const written = writeReports(report, options.reports);
        io.stdout.write(renderSummary(report, written));
        return { report, exitCode: exitCodeOf(report, options.failOn) };
      })()),
  };
}

/** Something must answer at the target (any HTTP answer will do): a typo in --target is exit 2, not a silent 502 per request. */
async function preflight(target: URL): Promise<void> {
  const lib = target.protocol === "https:" ? https : http;
  await new Promise<void>((resolve, reject) => {
    const req = lib.request(target, { method: "GET", agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      resolve();
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
    req.on("error", (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      reject(new ConnectionError(`cannot reach ${target.origin}: ${code ?? err.message}`));
    });
    req.end();
  });
}

/** Runs the proxy until the promise `waitForStop` returns once it listens resolves (the process's SIGINT/SIGTERM in the command). */
export async function runProxy(options: ProxyOptions, io: ProxyIo, waitForStop: () => Promise<unknown>): Promise<VerifyResult> {
  const proxy = await startProxy(options, io);
  await waitForStop();
  io.stderr.write("\nstopping: writing the reports\n");
  return proxy.stop();
}
