// The reference server as a child process (`node --import tsx server/main.ts` unless told otherwise), for tests
// that kill it or run it as `npm start` does.
// It listens on an ephemeral port (PORT=0); the port is read from its "listening" log line.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ChildServer {
  pid: number;
  port: number;
  baseUrl: string;
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code/signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; waits for the exit. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /listening (?:at|on) https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|[\d.]+):(\d+)/i;

/** node arguments running the server from its sources. */
export const SOURCE_COMMAND = ["--import", "tsx", join(PROJECT_ROOT, "server", "main.ts")];

export async function startChildServer(
  env: Record<string, string>,
  startTimeoutMs = 30_000,
  command: readonly string[] = SOURCE_COMMAND,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...command], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not start the server process");
  const pid = child.pid;
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not report its port within ${startTimeoutMs} ms:\n${out.slice(-2000)}`));
    }, startTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString("utf8");
      const m = LISTENING.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out.slice(-2000)}`));
    });
  }).catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, "SIGKILL");
      await exited;
    }
    throw err;
  });

  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => out,
    exited,
    async kill() {
      if (alive()) process.kill(pid, "SIGKILL");
      await exited;
    },
    async stop(graceMs = 5000) {
      if (!alive()) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => {
        if (alive()) process.kill(pid, "SIGKILL");
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
