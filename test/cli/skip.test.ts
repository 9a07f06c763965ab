// `verify --skip`: the checks named are not run, are listed in the report (top level and per operation) and on
// the console per operation with the reason; the console says what its tasks are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeServer, type FakeServer } from "../support/fake-deployment.js";
import { runCli } from "../support/run-cli.js";
import { CREDENTIALS, runVerify } from "../support/run-verify.js";

let server: FakeServer;
beforeAll(async () => {
  // A deployment that does not enforce tokens on one operation: the auth probes would fail it.
  server = await startFakeServer({ ADM_GENERO_GetAllActives: { noAuth: true } });
});
afterAll(async () => {
  await server?.close();
});

describe("verify --skip", () => {
  it("auth: no probe is sent, the operation's data is still checked, and the skip is listed everywhere", async () => {
    server.hits.clear();
    const run = await runVerify(["--base-url", server.baseUrl, "--operations", "ADM_GENERO_*", "--skip", "auth", "--skip", "latency"]);
    expect(run.code).toBe(0);
    expect(server.hits.get("ADM_GENERO_GetAllActives")).toBe(1);
    expect(run.report.options.skip).toEqual(["auth", "latency"]);
    expect(run.report.skipped).toEqual([
      { check: "auth:no-token", reason: "left out with --skip auth" },
      { check: "auth:garbage-token", reason: "left out with --skip auth" },
      { check: "auth:bad-signature", reason: "left out with --skip auth" },
      { check: "auth:alg-none", reason: "left out with --skip auth" },
      { check: "latency", reason: "left out with --skip latency" },
    ]);
    const op = run.report.operations.find((o) => o.operationId === "ADM_GENERO_GetAllActives")!;
    expect(op.status).toBe("passed");
    expect(op.checks).toEqual([
      { name: "auth:no-token", status: "skipped", reason: "left out with --skip auth" },
      { name: "auth:garbage-token", status: "skipped", reason: "left out with --skip auth" },
      { name: "auth:bad-signature", status: "skipped", reason: "left out with --skip auth" },
      { name: "auth:alg-none", status: "skipped", reason: "left out with --skip auth" },
      { name: "response", status: "passed" },
      { name: "latency", status: "skipped", reason: "left out with --skip latency" },
    ]);
    expect(run.stdout).toContain("left out of the whole run with --skip: auth:no-token, auth:garbage-token, auth:bad-signature, auth:alg-none, latency");
    expect(run.stdout).toContain(
      "  ADM_GENERO_GetAllActives: auth:no-token, auth:garbage-token, auth:bad-signature, auth:alg-none (left out with --skip auth); latency (left out with --skip latency)",
    );
  });

  it("without --skip the same deployment fails the auth probe, and skips that are not asked for say why on the console", async () => {
    const run = await runVerify(["--base-url", server.baseUrl, "--operations", "ADM_GENERO_*,ADM_OCUPACION_Add"]);
    expect(run.code).toBe(1);
    expect(run.report.findings.map((f) => `${f.operationId} ${f.check} ${f.category}`)).toEqual(["ADM_GENERO_GetAllActives auth:no-token security"]);
    expect(run.stdout).toContain("  ADM_GENERO_GetAllActives: auth:garbage-token, auth:bad-signature, auth:alg-none (not sent: the operation already accepts requests without a token)");
    expect(run.stdout).toContain("  ADM_OCUPACION_Add: auth:no-token, auth:garbage-token, auth:bad-signature, auth:alg-none (write operation: probed only with --allow-writes); crud (write operation: run only with --allow-writes)");
  });

  it("the progress output names operations and tasks and ends with a newline", async () => {
    const r = await runCli(["verify", "--base-url", server.baseUrl, "--operations", "Account_Login,SEG_ROL_*"], CREDENTIALS);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^verifying 2 operation\(s\): Login first, then 1 task\(s\) \(1 operation check\(s\)\)\n/);
    expect(r.stderr).toContain("tasks done: 1 ok, 0 failed, 0 skipped\n");
    expect(r.stderr.endsWith("\n")).toBe(true);
    expect(r.stdout).toContain("2 operation(s): 2 passed, 0 failed, 0 skipped");
  });

  it("--help documents --skip, --har and the proxy", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const text of ["--skip <check>", "--har <file>", "romsoft-contract proxy --target <url>", "romsoft-contract proxy --help"]) expect(r.stdout).toContain(text);
    const proxy = await runCli(["proxy", "--help"]);
    expect(proxy.code).toBe(0);
    for (const text of ["Usage: romsoft-contract proxy --target <url>", "--host <address>", "--port <n>", "--skip <check>", "MiB"]) expect(proxy.stdout).toContain(text);
  });

  it("an unknown check name is a usage error naming the known ones", async () => {
    const r = await runCli(["verify", "--base-url", server.baseUrl, "--skip", "auth,speed"], CREDENTIALS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--skip: unknown check "speed" (known: login, auth, auth:no-token');
  });
});
