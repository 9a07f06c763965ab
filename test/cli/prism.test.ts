// Against the Prism mock (the real binary from node_modules, stopped by its PID): the run goes to the end,
// the answers (the spec's own examples) pass, and what a mock cannot do is reported: it only checks that a
// bearer token is present, so garbage, bad-signature and alg:none tokens get through (security findings).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type PrismMock } from "../../mocks/prism.js";
import type { Report } from "../../cli/model.js";
import { forgeBadSignature, syntheticPayload } from "../../cli/jwt.js";
import { runVerify } from "../support/run-verify.js";

let prism: PrismMock;
let withToken: { code: number; report: Report };
let withLogin: { code: number; report: Report };

beforeAll(async () => {
  prism = await startPrism({ logLevel: "error" });
  // Any syntactically valid JWT: Prism does not verify it.
  const token = forgeBadSignature(syntheticPayload());
  withToken = await runVerify(["--base-url", prism.url, "--token", token, "--operations", "ADM_C*,ADM_T*,SEG_ROL_*,Account_Login"], {});
  withLogin = await runVerify(["--base-url", prism.url, "--operations", "Account_Login,CVN_MONEDA_GetAllActives"], {
    ROMSOFT_USERNAME: "admin",
    ROMSOFT_PASSWORD: "admin",
  });
}, 120_000);

afterAll(async () => {
  await prism?.stop();
});

describe("Prism mock", () => {
  it("runs to the end and fails (exit 1) on what a mock cannot do", () => {
    expect(withToken.code).toBe(1);
    const ops = withToken.report.operations.filter((o) => o.operationId !== "Account_Login");
    expect(ops.length).toBeGreaterThanOrEqual(10);
    expect(ops.every((o) => o.checks.length > 0)).toBe(true);
  });

  it("reports the accepted garbage, bad-signature and alg:none tokens as security findings on every protected read", () => {
    const { report } = withToken;
    const reads = report.operations.filter((o) => !o.writes && o.operationId !== "Account_Login");
    for (const check of ["auth:garbage-token", "auth:bad-signature", "auth:alg-none"] as const) {
      const hits = report.findings.filter((f) => f.check === check);
      expect(hits.length, check).toBe(reads.length);
      expect(hits.every((f) => f.category === "security" && f.severity === "error" && f.actual === 200)).toBe(true);
    }
    // A missing token is refused, with the error envelope.
    expect(report.findings.filter((f) => f.check === "auth:no-token")).toHaveLength(0);
  });

  it("finds nothing wrong in the answers themselves (they are the spec's examples)", () => {
    const other = withToken.report.findings.filter((f) => !f.check.startsWith("auth:"));
    expect(other).toEqual([]);
    const read = withToken.report.operations.find((o) => o.operationId === "ADM_CIE10_GetAllActives")!;
    expect(read.checks.find((c) => c.name === "response")?.status).toBe("passed");
  });

  it("with credentials, logs in through the mock's Login example and uses the token it carries", () => {
    const { report } = withLogin;
    expect(report.login.checked).toBe(true);
    expect(report.login.token).toMatchObject({ present: true, wellFormed: true, algorithm: "HS256" });
    const read = report.operations.find((o) => o.operationId === "CVN_MONEDA_GetAllActives")!;
    expect(read.checks.find((c) => c.name === "response")?.status).toBe("passed");
    expect(report.findings.filter((f) => f.operationId === "CVN_MONEDA_GetAllActives").map((f) => f.check).sort()).toEqual([
      "auth:alg-none",
      "auth:bad-signature",
      "auth:garbage-token",
    ]);
  });
});
