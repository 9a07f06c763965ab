// Runs `verify` in-process with a JSON report in a temporary directory and returns the parsed report.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding, Report } from "../../cli/model.js";
import { FAKE_PASSWORD, FAKE_USER } from "./fake-deployment.js";
import { runCli, type CliRun } from "./run-cli.js";

export interface VerifyRun extends CliRun {
  report: Report;
}

export const CREDENTIALS = { ROMSOFT_USERNAME: FAKE_USER, ROMSOFT_PASSWORD: FAKE_PASSWORD };

export async function runVerify(args: string[], env: Record<string, string | undefined> = CREDENTIALS): Promise<VerifyRun> {
  const dir = mkdtempSync(join(tmpdir(), "romsoft-verify-"));
  try {
    const file = join(dir, "report.json");
    const run = await runCli(["verify", ...args, "--report", file], env);
    if (run.code === 2) throw new Error(`verify exited 2: ${run.stderr}`);
    return { ...run, report: JSON.parse(readFileSync(file, "utf8")) as Report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function findingsOf(report: Report, operationId: string): Finding[] {
  return report.findings.filter((f) => f.operationId === operationId);
}
