// `npm run mock:dynamic` as a user runs it: the mocks/prism.ts CLI starts Prism in dynamic mode, every
// operation answers generated data that is strictly valid (no invented properties), and stopping the CLI by its
// PID stops Prism too.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const validator = new ContractValidator({ strictResponses: true });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run mock:dynamic (mocks/prism.ts --dynamic)", () => {
  let cli: ChildProcess;
  let url = "";
  let prismPid = 0;
  let output = "";

  beforeAll(async () => {
    cli = spawn(process.execPath, ["--import", "tsx", "mocks/prism.ts", "--dynamic", "--port", "0", "--quiet", "--seed", "romsoft"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    cli.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    cli.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 50_000;
    for (;;) {
      const m = /on (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+)\)/.exec(output);
      if (m && !url) {
        url = m[1]!;
        prismPid = Number(m[2]);
      }
      if (url) {
        try {
          await fetch(`${url}/`);
          break;
        } catch {
          // not listening yet
        }
      }
      if (cli.exitCode !== null || Date.now() > deadline) throw new Error(`mock did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    if (cli.pid !== undefined && cli.exitCode === null) process.kill(cli.pid, "SIGKILL");
    if (prismPid && alive(prismPid)) process.kill(prismPid, "SIGKILL");
  });

  it("answers every operation with generated data valid under strict validation", async () => {
    const ops = listOperations();
    const bad: Record<string, string> = {};
    let arrays = 0;
    for (const op of ops) {
      const query = op.queryParameters.map((p) => `${p.name}=${String(p.example)}`).join("&");
      const res = await fetch(`${url}${op.path}${query ? `?${query}` : ""}`, {
        method: "POST",
        headers: { Authorization: "Bearer x", "Content-Type": "application/json" },
        body: JSON.stringify(Object.values(op.requestExamples)[0]?.value ?? {}),
      });
      const body = (await res.json()) as { Data?: unknown };
      const r = validator.validateResponse(op, body);
      if (res.status !== 200 || !r.valid) bad[op.operationId] = `HTTP ${res.status} ${JSON.stringify(r.issues.slice(0, 3))}`;
      if (Array.isArray(body.Data)) arrays++;
    }
    expect(bad).toEqual({});
    // Generated, not the examples: at least some list operations answer rows.
    expect(arrays).toBeGreaterThan(0);
  }, 120_000);

  it("stopping the CLI by its PID (SIGTERM) stops Prism", async () => {
    expect(prismPid).toBeGreaterThan(0);
    expect(alive(prismPid)).toBe(true);
    const exited = new Promise<number | null>((done) => cli.once("exit", (code) => done(code)));
    process.kill(cli.pid!, "SIGTERM");
    await exited;
    const deadline = Date.now() + 10_000;
    while (alive(prismPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(prismPid)).toBe(false);
  }, 30_000);
});
