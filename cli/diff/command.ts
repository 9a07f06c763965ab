// `romsoft-contract diff`: loads both sides, compares them, prints the result and decides the exit code.
import { diffContracts } from "../../contract/diff/compare.js";
import { ContractSourceError, loadContract } from "../../contract/diff/load.js";
import { atOrAbove, type Severity } from "../../contract/diff/model.js";
import { formatJson, formatMarkdown, formatText } from "./format.js";
import type { DiffFailOn, DiffOptions } from "./options.js";

const THRESHOLD: Record<DiffFailOn, Severity | null> = { breaking: "breaking", any: "info", none: null };

export interface DiffIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Folder relative file names are read from (default the current directory). */
  cwd?: string;
}

/**
 * Resolves to the exit code: 1 when a change at or above --fail-on was found, 0 otherwise, 2 when a side
 * cannot be read (nothing is printed on stdout then).
 */
export async function runDiff(options: DiffOptions, io: DiffIo): Promise<number> {
  let base, revision;
  try {
    [base, revision] = await Promise.all([loadContract(options.base, io.cwd), loadContract(options.revision, io.cwd)]);
  } catch (err) {
    if (!(err instanceof ContractSourceError)) throw err;
    io.stderr.write(`romsoft-contract diff: ${err.message}\n`);
    return 2;
  }
  const result = diffContracts(base, revision, { base: options.base, revision: options.revision });
  const render = options.format === "json" ? formatJson : options.format === "markdown" ? formatMarkdown : formatText;
  io.stdout.write(render(result));
  const threshold = THRESHOLD[options.failOn];
  return threshold !== null && result.changes.some((c) => atOrAbove(c.severity, threshold)) ? 1 : 0;
}
