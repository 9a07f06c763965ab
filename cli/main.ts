// Entry point of the `romsoft-contract` command. `main` takes its arguments, environment and streams as
// parameters so tests can run it in-process; bin/romsoft-contract.js passes the real ones.
import { HarError, verifyHar } from "./har.js";
import { HELP, parseCommand, UsageError } from "./options.js";
import { runProxy } from "./proxy/command.js";
import { ConnectionError, verify } from "./verify.js";

export interface MainIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (live progress bar). */
  tty: boolean;
  /** When the proxy stops (default: the process's first SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
}

/** Resolves on the first SIGINT or SIGTERM; the handlers are removed then (a second Ctrl-C kills as usual). */
function processSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

/** Runs the command; resolves to the exit code (0 ok, 1 findings, 2 usage or connection error). */
export async function main(argv: string[], io: Partial<MainIo> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const tty = io.tty ?? Boolean((stderr as { isTTY?: boolean }).isTTY);
  try {
    const command = parseCommand(argv, env);
    if (command.kind === "help") {
      stdout.write(command.text ?? HELP);
      return 0;
    }
    if (command.kind === "diff") {
      // Loaded on demand: the bundler it uses is not needed by verify.
      const { runDiff } = await import("./diff/command.js");
      return await runDiff(command.options, { stdout, stderr });
    }
    if (command.kind === "har") return (await verifyHar(command.options, { stdout, stderr })).exitCode;
    if (command.kind === "proxy") return (await runProxy(command.options, { stdout, stderr }, () => io.stopSignal ?? processSignal())).exitCode;
    const result = await verify(command.options, { stdout, stderr, tty });
    return result.exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`romsoft-contract: ${err.message}\nRun "romsoft-contract --help" for the options.\n`);
      return 2;
    }
    if (err instanceof HarError) {
      stderr.write(`romsoft-contract: ${err.message}\nNo check was run.\n`);
      return 2;
    }
    if (err instanceof ConnectionError) {
      stderr.write(`romsoft-contract: ${err.message}\nNo check was run.\n`);
      return 2;
    }
    stderr.write(`romsoft-contract: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
