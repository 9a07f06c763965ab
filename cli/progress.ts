// Progress while the checks run: a live bar (cli-progress) on a terminal, one plain line per finished
// operation otherwise (CI logs, pipes). Both go to stderr so that stdout carries only the summary.
import cliProgress from "cli-progress";

export interface Progress {
  start(total: number): void;
  /** One unit of work finished. `failed`: it produced findings at or above --fail-on. */
  tick(label: string, outcome: "ok" | "failed" | "skipped"): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream, tty: boolean): Progress {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "verifying [{bar}] {value}/{total} | {duration_formatted} | {label}",
        hideCursor: true,
        clearOnComplete: true,
        barsize: 30,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { label: "" }),
      tick: (label) => bar.increment(1, { label }),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  return {
    start(t) {
      total = t;
      stream.write(`verifying ${t} task(s)\n`);
    },
    tick(label, outcome) {
      done++;
      const width = String(total).length;
      stream.write(`[${String(done).padStart(width)}/${total}] ${outcome === "ok" ? "ok  " : outcome === "failed" ? "FAIL" : "skip"} ${label}\n`);
    },
    stop() {},
  };
}
