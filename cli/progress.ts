// Progress while the checks run: a live bar (cli-progress) on a terminal, one plain line per finished task
// otherwise (CI logs, pipes). Both go to stderr so that stdout carries only the summary. Either way the
// progress output ends with a newline, so nothing written after it lands on the bar's line.
import cliProgress from "cli-progress";

export interface Progress {
  /** `headline` says what the tasks are (operations vs tasks: Login runs first, write sequences span several operations). */
  start(total: number, headline: string): void;
  /** One unit of work finished. `failed`: it produced findings at or above --fail-on. */
  tick(label: string, outcome: "ok" | "failed" | "skipped"): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream, tty: boolean): Progress {
  const counts = { ok: 0, failed: 0, skipped: 0 };
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "task [{bar}] {value}/{total} | {duration_formatted} | {label}",
        hideCursor: true,
        // The finished bar stays on screen and cli-progress ends its line.
        clearOnComplete: false,
        barsize: 30,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total, headline) => {
        stream.write(`${headline}\n`);
        bar.start(total, 0, { label: "" });
      },
      tick: (label, outcome) => {
        counts[outcome]++;
        bar.increment(1, { label });
      },
      stop: () => {
        bar.update({ label: `${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} skipped` });
        bar.stop();
      },
    };
  }
  let total = 0;
  let done = 0;
  return {
    start(t, headline) {
      total = t;
      stream.write(`${headline}\n`);
    },
    tick(label, outcome) {
      done++;
      counts[outcome]++;
      const width = String(total).length;
      stream.write(`[${String(done).padStart(width)}/${total}] ${outcome === "ok" ? "ok  " : outcome === "failed" ? "FAIL" : "skip"} ${label}\n`);
    },
    stop() {
      stream.write(`tasks done: ${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    },
  };
}
