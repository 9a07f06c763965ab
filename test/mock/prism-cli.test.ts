// `npm run mock:dynamic` as a user runs it: the mocks/prism.ts CLI starts Prism in dynamic mode behind the
// envelope front, every operation answers generated data that is strictly valid (no invented properties), a
// scenario still answers the spec's example, a refusal is the envelope, and stopping the CLI by its PID stops
// Prism too.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

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
      const m = /envelope front\) of .* on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
      const p = /Prism \(pid (\d+)\) listens on/.exec(output);
      if (m && p && !url) {
        url = m[1]!;
        prismPid = Number(p[1]);
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
      const res = await fetch(`${url}${pathWithExampleQuery(op)}`, {
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

  it("through the front: scenarios answer the spec's example and refusals are the envelope", async () => {
    const op = listOperations().find((o) => o.operationId === "CVN_PLAN_SEGURO_GetAllActives")!;
    const ask = async (headers: Record<string, string>, body = "{}") => {
      const res = await fetch(`${url}${op.path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(await ask({ Authorization: "Bearer x", Prefer: "example=error" })).toStrictEqual({ status: 200, body: op.responseExamples.error!.value });
    expect(await ask({ Authorization: "Bearer x", Prefer: "code=401, example=expired" })).toStrictEqual({ status: 401, body: op.statusExamples["401"]!.expired!.value });
    const refused = await ask({ Authorization: "Bearer x" }, "{nope");
    expect(refused).toStrictEqual({ status: 400, body: { Message: "Solicitud inválida: el cuerpo no es JSON válido.", Success: false, Warning: false, Data: null } });
  }, 30_000);

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
