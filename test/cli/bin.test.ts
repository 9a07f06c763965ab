// The installed command: bin/romsoft-contract.js as a real process (tsx loads the TypeScript).
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeServer, type FakeServer } from "../support/fake-deployment.js";
import { CREDENTIALS } from "../support/run-verify.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "bin", "romsoft-contract.js");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : err ? -1 : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ ADM_GENERO_GetAllActives: { noAuth: true } });
});
afterAll(async () => {
  await server?.close();
});

describe("bin/romsoft-contract.js", () => {
  it("verify: exit 0 on a conforming deployment, plain progress lines when not on a terminal", async () => {
    const r = await runBin(["verify", "--base-url", server.baseUrl, "--operations", "ADM_ESTADO_CIVIL_*"], CREDENTIALS);
    expect(r.stderr).toContain("[1/1] ok   ADM_ESTADO_CIVIL_GetAllActives");
    expect(r.stdout).toContain("1 operation(s): 1 passed, 0 failed, 0 skipped");
    expect(r.code).toBe(0);
  });

  it("verify: exit 1 when something breaks the contract", async () => {
    const r = await runBin(["verify", "--base-url", server.baseUrl, "--operations", "ADM_GENERO_GetAllActives"], CREDENTIALS);
    expect(r.stdout).toContain("operation accepts unauthenticated requests");
    expect(r.code).toBe(1);
  });

  it("exit 2 on a usage error, before any request", async () => {
    server.hits.clear();
    const r = await runBin(["verify", "--base-url", "nope"], CREDENTIALS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base-url is not a valid URL: "nope"');
    expect(server.hits.size).toBe(0);
  });
});
