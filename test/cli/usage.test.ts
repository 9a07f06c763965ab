// Usage and connection errors: exit code 2 with a clear message, before any check runs.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeServer, type FakeServer } from "../support/fake-deployment.js";
import { runCli } from "../support/run-cli.js";
import { CREDENTIALS } from "../support/run-verify.js";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server?.close();
});

const checksSent = () => [...server.hits.entries()].filter(([id]) => id !== "Account_Login").reduce((n, [, c]) => n + c, 0);

describe("usage errors (exit 2)", () => {
  it.each([
    ["no command", [], /missing command/],
    ["an unknown command", ["check"], /unknown command "check"/],
    ["an unknown option", ["verify", "--base-url", "http://127.0.0.1:9", "--bogus"], /Unknown option '--bogus'/],
    ["no --base-url", ["verify"], /--base-url is required/],
    ["a base URL that is not a URL", ["verify", "--base-url", "not a url"], /--base-url is not a valid URL: "not a url"/],
    ["a base URL that is not http(s)", ["verify", "--base-url", "ftp://example.invalid"], /must be an http:\/\/ or https:\/\/ URL/],
    ["credentials inside the URL", ["verify", "--base-url", "http://user:pw@127.0.0.1:9"], /must not contain credentials/],
    ["a bad --timeout", ["verify", "--base-url", "http://127.0.0.1:9", "--timeout", "soon"], /--timeout must be a whole number/],
    ["a zero --concurrency", ["verify", "--base-url", "http://127.0.0.1:9", "--concurrency", "0"], /--concurrency must be between 1 and 64/],
    ["a bad --fail-on", ["verify", "--base-url", "http://127.0.0.1:9", "--fail-on", "info"], /--fail-on must be "error" or "warning"/],
    ["a report with an unknown extension", ["verify", "--base-url", "http://127.0.0.1:9", "--report", "out.txt"], /extension must be \.json, \.xml \(JUnit\) or \.html/],
    ["a report in a missing directory", ["verify", "--base-url", "http://127.0.0.1:9", "--report", "no/such/dir/r.json"], /does not exist/],
    ["--operations matching nothing", ["verify", "--base-url", "http://127.0.0.1:9", "--operations", "NOPE_*"], /matches no operationId/],
  ])("%s", async (_name, args, message) => {
    const r = await runCli(args, CREDENTIALS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("missing credentials", async () => {
    const r = await runCli(["verify", "--base-url", server.baseUrl], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/credentials are required: --username and --password \(or ROMSOFT_USERNAME \/ ROMSOFT_PASSWORD\), or --token/);
    expect(server.hits.size).toBe(0);
  });

  it("--help prints the options and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const opt of ["--base-url", "--username", "--password", "--token", "--operations", "--allow-writes", "--timeout", "--concurrency", "--report", "--fail-on"]) {
      expect(r.stdout).toContain(opt);
    }
  });
});

describe("connection errors (exit 2, nothing checked)", () => {
  it("an unreachable host", async () => {
    const port = await closedPort();
    const r = await runCli(["verify", "--base-url", `http://127.0.0.1:${port}`], CREDENTIALS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    expect(r.stderr).toContain("No check was run.");
  });

  it("refused credentials", async () => {
    server.hits.clear();
    const r = await runCli(["verify", "--base-url", server.baseUrl], { ROMSOFT_USERNAME: "verifier", ROMSOFT_PASSWORD: "wrong-password" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("credentials refused: El usuario no pertenece al sistema.");
    expect(r.stderr).not.toContain("wrong-password");
    expect(server.hits.get("Account_Login")).toBe(1);
    expect(checksSent()).toBe(0);
  });

  it("a refused --token", async () => {
    server.hits.clear();
    const r = await runCli(["verify", "--base-url", server.baseUrl, "--token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the token was refused \(HTTP 401/);
    expect(r.stderr).not.toContain("c2lnbmF0dXJl");
    expect(checksSent()).toBe(1);
  });

  it("credentials go to Login only, and never in the clear to any other operation", async () => {
    server.seen.length = 0;
    const r = await runCli(["verify", "--base-url", server.baseUrl, "--operations", "ADM_GENERO_*,SEG_USUARIO_GetByUsername"], CREDENTIALS);
    expect(r.code).toBe(0);
    const withPassword = server.seen.filter((s) => JSON.stringify(s.body ?? null).includes(CREDENTIALS.ROMSOFT_PASSWORD));
    expect(withPassword.map((s) => s.path)).toEqual(["/api/Account/Login"]);
  });
});
