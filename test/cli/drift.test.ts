// Deliberately drifted deployments: each break must be reported once, on the right operation, by the
// right check, at the right JSON pointer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Category, CheckName, Report } from "../../cli/model.js";
import { startFakeServer, type Envelope, type FakeServer } from "../support/fake-deployment.js";
import { findingsOf, runVerify, type VerifyRun } from "../support/run-verify.js";

type Row = Record<string, unknown>;
const rows = (b: Envelope) => b.Data as Row[];

interface Case {
  operationId: string;
  drift: Parameters<typeof startFakeServer>[0] extends infer D ? D extends Record<string, infer X> ? X : never : never;
  check: CheckName;
  category: Category;
  pointer: string | null;
  expected?: unknown;
  actual?: unknown;
}

const cases: Case[] = [
  {
    operationId: "ADM_GENERO_GetAllActives",
    drift: {
      mutate: (b) => {
        b.Data = [rows(b)[0], structuredClone(rows(b)[0]), structuredClone(rows(b)[0])];
        for (const r of rows(b)) delete r.t_descripcion;
        return b;
      },
    },
    check: "response",
    category: "missing-property",
    pointer: "/Data/0/t_descripcion",
  },
  {
    operationId: "ADM_ESTADO_CIVIL_GetAllActives",
    drift: {
      mutate: (b) => {
        const r = rows(b)[0]!;
        r.IdEstadoCivil = r.id_estado_civil;
        delete r.id_estado_civil;
        return b;
      },
    },
    check: "response",
    category: "renamed-property",
    pointer: "/Data/0/id_estado_civil",
    expected: "id_estado_civil",
    actual: "IdEstadoCivil",
  },
  {
    operationId: "ADM_CONSULTORIO_GetAllActives",
    drift: { mutate: (b) => ((rows(b)[0]!.id_consultorio = "1"), b) },
    check: "response",
    category: "wrong-type",
    pointer: "/Data/0/id_consultorio",
    expected: "integer",
    actual: "1",
  },
  {
    operationId: "ADM_HABITACION_GetAllActives",
    drift: { mutate: (b) => ((rows(b)[0]!.id_habitacion = null), b) },
    check: "response",
    category: "null-not-nullable",
    pointer: "/Data/0/id_habitacion",
    actual: null,
  },
  {
    operationId: "SEG_ROL_GetAllActives",
    drift: { mutate: (b) => ({ ...b, Data: rows(b)[0] }) },
    check: "response",
    category: "wrong-data-kind",
    pointer: "/Data",
    expected: "array",
    actual: "object",
  },
  {
    operationId: "CVN_MONEDA_GetAllActives",
    drift: { mutate: () => ({ Message: "Hubo un error, inténtelo más tarde.", Success: false, Warning: false, Data: null }) },
    check: "response",
    category: "success-false",
    pointer: "/Success",
  },
  {
    operationId: "CVN_BENEFICIO_GetAllActives",
    drift: { raw: { status: 500, body: "<html><body>Server Error in '/' Application.</body></html>", contentType: "text/html" } },
    check: "response",
    category: "http-status",
    pointer: null,
    expected: 200,
    actual: 500,
  },
  {
    operationId: "ADM_TIPO_EGRESO_GetAllActives",
    drift: { noAuth: true },
    check: "auth:no-token",
    category: "security",
    pointer: null,
    expected: 401,
    actual: 200,
  },
  {
    operationId: "ADM_GRUPO_SANGUINEO_GetAllActives",
    drift: { mutate: (b) => ((rows(b)[0]!.FechaCreacion = "06/09/2021 10:12:05"), b) },
    check: "response",
    category: "date-format",
    pointer: "/Data/0/FechaCreacion",
    actual: "06/09/2021 10:12:05",
  },
  {
    operationId: "ADM_TIPO_AFILIACION_GetAllActives",
    drift: { mutate: (b) => ((rows(b)[0]!.c_codigo_nuevo = "X1"), b) },
    check: "response",
    category: "extra-property",
    pointer: "/Data/0/c_codigo_nuevo",
  },
  {
    operationId: "ADM_TIPO_CIE10_GetAllActives",
    drift: { delayMs: 1_500 },
    check: "latency",
    category: "timeout",
    pointer: null,
  },
];

let server: FakeServer;
let run: VerifyRun;

beforeAll(async () => {
  server = await startFakeServer(Object.fromEntries(cases.map((c) => [c.operationId, c.drift])));
  // One run over every drifted operation plus one that is fine.
  const ops = [...cases.map((c) => c.operationId), "ADM_TIPO_PACIENTE_GetAllActives"].join(",");
  run = await runVerify(["--base-url", server.baseUrl, "--operations", ops, "--timeout", "600"]);
});

afterAll(async () => {
  await server?.close();
});

describe("drifted deployment", () => {
  it("exits 1 and reports one finding per drift, nothing else", () => {
    expect(run.code).toBe(1);
    expect(run.report.findings.map((f) => f.operationId).sort()).toEqual(cases.map((c) => c.operationId).sort());
  });

  it.each(cases.map((c) => [c.category, c] as const))("%s is reported once, at the right place", (_name, c) => {
    const found = findingsOf(run.report, c.operationId);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({ check: c.check, category: c.category, pointer: c.pointer, severity: "error" });
    if ("expected" in c) expect(f.expected).toEqual(c.expected);
    if ("actual" in c) expect(f.actual).toEqual(c.actual);
    // The request/response pair behind it is kept (a timeout has a request and no response).
    expect(f.exchange?.request.url).toContain(c.operationId.replace(/_([^_]+)$/, "/$1"));
    const op = run.report.operations.find((o) => o.operationId === c.operationId)!;
    expect(op.status).toBe("failed");
    expect(op.checks.find((x) => x.name === c.check)?.status).toBe("failed");
  });

  it("folds the same break in every row of Data into one finding", () => {
    const [f] = findingsOf(run.report, "ADM_GENERO_GetAllActives");
    expect(f?.occurrences).toBe(3);
  });

  it("leaves a conforming operation passed on every check", () => {
    const op = run.report.operations.find((o) => o.operationId === "ADM_TIPO_PACIENTE_GetAllActives")!;
    expect(op.status).toBe("passed");
    expect(op.checks.map((c) => [c.name, c.status])).toEqual([
      ["auth:no-token", "passed"],
      ["auth:garbage-token", "passed"],
      ["auth:bad-signature", "passed"],
      ["auth:alg-none", "passed"],
      ["response", "passed"],
      ["latency", "passed"],
    ]);
    expect(op.latency?.count).toBe(1);
  });

  it("aborts the slow operation at the timeout and keeps latency figures", () => {
    const op = run.report.operations.find((o) => o.operationId === "ADM_TIPO_CIE10_GetAllActives")!;
    expect(op.checks.find((c) => c.name === "response")).toMatchObject({ status: "skipped" });
    expect(op.latency!.maxMs).toBeGreaterThanOrEqual(600);
    expect(op.latency!.maxMs).toBeLessThan(1_500);
  });

  it("does not send the other three probes once an operation accepts requests without a token", () => {
    const op = run.report.operations.find((o) => o.operationId === "ADM_TIPO_EGRESO_GetAllActives")!;
    expect(op.checks.filter((c) => c.name.startsWith("auth:") && c.status === "skipped")).toHaveLength(3);
  });

  it("prints a summary grouped by controller with the worst findings first", () => {
    expect(run.stdout).toMatch(/controller\s+passed\s+failed\s+skipped/);
    expect(run.stdout).toContain("ADM_TIPO_EGRESO_GetAllActives [auth:no-token] security");
    const firstFinding = run.stdout.split("\n").find((l) => l.startsWith("  ERROR"));
    expect(firstFinding).toContain("security");
    expect(run.stderr).toMatch(/\[\s*\d+\/12\] (ok|FAIL)/);
  });
});

describe("drifted login", () => {
  let login: FakeServer;
  let report: Report;
  let code: number;

  beforeAll(async () => {
    login = await startFakeServer({
      Account_Login: { mutate: (b) => ((b.Data as Row).token = null, b) },
    });
    const r = await runVerify(["--base-url", login.baseUrl, "--operations", "Account_Login"]);
    report = r.report;
    code = r.code;
  });
  afterAll(async () => {
    await login?.close();
  });

  it("reports a login without a token once, on the login check", () => {
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ operationId: "Account_Login", check: "login", category: "token", pointer: "/Data/token" });
    expect(report.login).toMatchObject({ checked: true, token: { present: false } });
  });
});

describe("password echoed by Login and warnings", () => {
  let s: FakeServer;
  beforeAll(async () => {
    s = await startFakeServer({
      Account_Login: {
        mutate: (b) => {
          (b.Data as Row).clave = "s3cret-Passw0rd!";
          return b;
        },
      },
      // A business warning the contract does not document for this operation: a warning, not an error.
      ADM_TIPO_PACIENTE_GetAllActives: { mutate: () => ({ Message: "Sin datos.", Success: true, Warning: true, Data: null }) },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it("flags the echoed password as a security error without printing it", async () => {
    const r = await runVerify(["--base-url", s.baseUrl, "--operations", "Account_Login"]);
    expect(r.code).toBe(1);
    expect(r.report.findings).toHaveLength(1);
    expect(r.report.findings[0]).toMatchObject({ check: "login", category: "security", pointer: "/Data/clave" });
    const everything = JSON.stringify(r.report) + r.stdout + r.stderr;
    expect(everything).not.toContain("s3cret-Passw0rd!");
    expect(r.report.login.token).toMatchObject({ present: true, wellFormed: true, algorithm: "HS256" });
    expect(r.report.login.token?.expiresInSeconds).toBeGreaterThan(3000);
  });

  it("--fail-on decides whether a warning fails the run", async () => {
    const lenient = await runVerify(["--base-url", s.baseUrl, "--operations", "ADM_TIPO_PACIENTE_GetAllActives"]);
    expect(lenient.report.findings).toHaveLength(1);
    expect(lenient.report.findings[0]).toMatchObject({ severity: "warning", category: "business-warning", pointer: "/Warning" });
    expect(lenient.code).toBe(0);
    const strict = await runVerify(["--base-url", s.baseUrl, "--operations", "ADM_TIPO_PACIENTE_GetAllActives", "--fail-on", "warning"]);
    expect(strict.code).toBe(1);
  });
});

describe("redirects", () => {
  let s: FakeServer;
  let elsewhere: FakeServer;
  beforeAll(async () => {
    elsewhere = await startFakeServer();
    s = await startFakeServer({ ADM_GENERO_GetAllActives: { redirectTo: `${elsewhere.baseUrl}/api/ADM_GENERO/GetAllActives` } });
  });
  afterAll(async () => {
    await s?.close();
    await elsewhere?.close();
  });

  it("never follows a redirect to another host (another port is another origin), and reports it", async () => {
    const r = await runVerify(["--base-url", s.baseUrl, "--operations", "ADM_GENERO_GetAllActives"]);
    expect(r.code).toBe(1);
    expect(elsewhere.seen).toHaveLength(0);
    const f = findingsOf(r.report, "ADM_GENERO_GetAllActives");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ check: "response", category: "redirect", severity: "error" });
    expect(f[0]?.message).toContain("not followed");
  });
});
