// Against the reference server (in-memory database, every 200 answer validated by the server itself): every
// operation of the spec checked, writes included, and nothing found.
import type { FastifyReply, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../cli/model.js";
import { listOperations } from "../../contract/spec.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { runVerify } from "../support/run-verify.js";

let server: TestServer;
let code: number;
let report: Report;
let stdout: string;

beforeAll(async () => {
  server = await startTestServer({}, { login: false });
  const run = await runVerify(["--base-url", server.baseUrl, "--allow-writes", "--concurrency", "4"], {
    ROMSOFT_USERNAME: "admin",
    ROMSOFT_PASSWORD: "yourpassword",
  });
  code = run.code;
  report = run.report;
  stdout = run.stdout;
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe("reference server", () => {
  it("conforms: exit 0, zero findings", () => {
    expect(report.findings.map((f) => `${f.operationId} [${f.check}] ${f.category} ${f.pointer ?? ""}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
    const count = listOperations().length;
    expect(stdout).toContain(`${count} operation(s): ${count} passed, 0 failed, 0 skipped`);
  });

  it("checks every operation: Login, auth on the protected ones, every read, every write in a sequence", () => {
    const ops = listOperations();
    expect(report.operations.map((o) => o.operationId).sort()).toEqual(ops.map((o) => o.operationId).sort());
    for (const op of report.operations) {
      const checks = new Map(op.checks.map((c) => [c.name, c.status]));
      const skipped = op.checks.filter((c) => c.status === "skipped");
      expect(skipped, op.operationId).toEqual([]);
      if (op.operationId === "Account_Login") {
        expect(checks.get("login")).toBe("passed");
        continue;
      }
      for (const probe of ["auth:no-token", "auth:garbage-token", "auth:bad-signature", "auth:alg-none"] as const) {
        expect(checks.get(probe), `${op.operationId} ${probe}`).toBe("passed");
      }
      if (op.writes) expect(checks.get("crud"), op.operationId).toBe("passed");
      else expect(checks.get("response"), op.operationId).toBe("passed");
      expect(op.latency?.count, op.operationId).toBeGreaterThanOrEqual(1);
    }
    expect(report.login.token).toMatchObject({ present: true, wellFormed: true, algorithm: "HS256" });
  });

  it("the six controllers with a duplicate check refuse a second identical Add", () => {
    const withDuplicate = report.operations.filter((o) => o.checks.some((c) => c.name === "duplicate")).map((o) => o.operationId);
    expect(withDuplicate.sort()).toEqual([
      "ADM_OCUPACION_Add",
      "ADM_PACIENTE_Add",
      "CON_CONTACTO_Add",
      "CVN_CATEGORIA_PAGO_Add",
      "CVN_TARIFARIO_SEGUS_Add",
      "SEG_USUARIO_Add",
    ]);
  });

  it("lists what the write actions without Delete left behind", () => {
    expect(report.summary.leftovers.length).toBeGreaterThan(0);
    expect(report.summary.leftovers.some((l) => l.startsWith("ADM_ATENCION id_atencion"))).toBe(true);
  });
});

describe("reference server with a drifted write", () => {
  let drifted: TestServer;
  beforeAll(async () => {
    // ADM_OCUPACION/Add without its duplicate check: every Add gets a description of its own.
    const { createServiceHandlers } = await import("../../server/domain/index.js");
    drifted = await startTestServer({
      serviceHandlers: (ctx) => {
        const real = createServiceHandlers(ctx) as unknown as Record<string, (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>>;
        let n = 0;
        return {
          ...real,
          ADM_OCUPACION_Add: (req, reply) => {
            const b = req.body as Record<string, unknown> | null;
            if (b && typeof b === "object" && typeof b.t_descripcion === "string") b.t_descripcion = `${b.t_descripcion} ${++n}`;
            return real.ADM_OCUPACION_Add!(req, reply);
          },
        };
      },
    });
  });
  afterAll(async () => {
    await drifted?.close();
  });

  it("reports the missing duplicate check once and still removes both rows", async () => {
    const run = await runVerify(["--base-url", drifted.baseUrl, "--allow-writes", "--operations", "ADM_OCUPACION_*"], {
      ROMSOFT_USERNAME: "admin",
      ROMSOFT_PASSWORD: "yourpassword",
    });
    expect(run.code).toBe(1);
    expect(run.report.findings).toHaveLength(1);
    expect(run.report.findings[0]).toMatchObject({ operationId: "ADM_OCUPACION_Add", check: "duplicate", category: "crud" });
    const res = await fetch(`${drifted.baseUrl}/api/ADM_OCUPACION/GetAllActives`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${drifted.token}` },
      body: "{}",
    });
    const body = (await res.json()) as { Data: { t_descripcion: string | null }[] };
    expect(body.Data.filter((r) => r.t_descripcion?.startsWith("VERIFICACION"))).toEqual([]);
  });

  it("--token skips Login and checks with the given token", async () => {
    const run = await runVerify(["--base-url", drifted.baseUrl, "--token", drifted.token, "--operations", "Account_Login,SEG_ROL_*"], {});
    expect(run.code).toBe(0);
    expect(run.report.options.auth).toBe("token");
    const login = run.report.operations.find((o) => o.operationId === "Account_Login")!;
    expect(login.checks).toEqual([{ name: "login", status: "skipped", reason: "a token was given (--token): Login was not called" }]);
    expect(run.report.operations.find((o) => o.operationId === "SEG_ROL_GetAllActives")?.status).toBe("passed");
    expect(JSON.stringify(run.report) + run.stdout + run.stderr).not.toContain(drifted.token);
  });
});
