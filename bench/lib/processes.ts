// Child processes of the benchmark: every target runs in its own process on loopback, started from a
// node_modules binary (never npx) and stopped by its PID — also when the run fails or is interrupted.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";

export interface ChildOptions {
  /** Short name for messages. */
  name: string;
  /** Executable (usually process.execPath) and its arguments. */
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** performance.now() right before spawn. */
  readonly spawnedAt: number;
  /** Last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  exitCode(): number | null;
  /** Stops the process by its PID: SIGTERM, then SIGKILL after graceMs. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<Child>();
const OUTPUT_LINES = 40;

export function startChild(opts: ChildOptions): Child {
  const spawnedAt = performance.now();
  const proc = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (proc.pid === undefined) throw new Error(`${opts.name}: could not start ${opts.command}`);
  const pid = proc.pid;
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      lines.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (lines.length > OUTPUT_LINES) lines.shift();
    }
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  let done = false;
  let code: number | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    proc.on("exit", (c, signal) => {
      done = true;
      code = c ?? (signal ? 128 : null);
      resolve();
    });
    proc.on("error", (err) => {
      lines.push(String(err));
      done = true;
      resolve();
    });
  });

  const child: Child = {
    name: opts.name,
    pid,
    process: proc,
    spawnedAt,
    output: () => lines.join("\n"),
    exited: () => done,
    exitCode: () => code,
    async stop(graceMs = 5000) {
      if (!done) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          /* already gone */
        }
        const timer = setTimeout(() => {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            /* already gone */
          }
        }, graceMs);
        await exitPromise;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
  running.add(child);
  return child;
}

/** Stops every child still running (in parallel). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop(2000)));
}

/** Last resort on exit: SIGKILL by PID whatever is still running. Synchronous. */
function killAllSync(): void {
  for (const c of running) {
    if (c.exited()) continue;
    try {
      process.kill(c.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  running.clear();
}

let installed = false;
/** Makes sure children die with the benchmark: on exit, SIGINT, SIGTERM and uncaught errors. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${running.size} child process(es)\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export interface Memory {
  /** Current resident set size, MiB. */
  rssMB: number;
  /** Peak resident set size over the process lifetime (VmHWM), MiB. */
  peakMB: number;
}

/** Resident memory of a process: /proc/<pid>/status (VmRSS, VmHWM), or `ps` where /proc is missing. */
export function memoryOf(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, "m").exec(status);
      return m ? Number(m[1]) : NaN;
    };
    const rss = kb("VmRSS");
    const hwm = kb("VmHWM");
    if (Number.isFinite(rss)) return { rssMB: rss / 1024, peakMB: (Number.isFinite(hwm) ? hwm : rss) / 1024 };
  } catch {
    /* no /proc: fall through */
  }
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const kb = Number(out);
    return Number.isFinite(kb) && kb > 0 ? { rssMB: kb / 1024, peakMB: kb / 1024 } : null;
  } catch {
    return null;
  }
}

/**
 * Samples the RSS of a process every intervalMs while something runs. stop() returns the highest RSS seen
 * meanwhile (the memory under that load) and the lifetime peak (VmHWM: includes start-up and earlier work).
 */
export function sampleMemory(pid: number, intervalMs = 100): { stop(): { maxRssMB: number; lifetimePeakMB: number } } {
  let max = memoryOf(pid)?.rssMB ?? 0;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m && m.rssMB > max) max = m.rssMB;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const m = memoryOf(pid);
      if (m && m.rssMB > max) max = m.rssMB;
      return { maxRssMB: max, lifetimePeakMB: Math.max(max, m?.peakMB ?? 0) };
    },
  };
}
