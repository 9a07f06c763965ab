// The proxy in front of a deliberately drifting deployment (the validator's stand-in server): each break is found
// once, on the right operation and direction, however many exchanges show it; on a lenient deployment (no token
// enforcement, no token from Login) --skip keeps the data checks useful.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../cli/model.js";
import { getOperation, listOperations } from "../../contract/spec.js";
import { FAKE_PASSWORD, FAKE_USER, startFakeServer, type Envelope, type FakeServer } from "../support/fake-deployment.js";
import { runCli } from "../support/run-cli.js";
import { postText, rawCall, startTestProxy } from "../support/test-proxy.js";

type Row = Record<string, unknown>;
const rows = (body: Envelope) => body.Data as Row[];

async function loginThrough(url: string): Promise<string | null> {
  const res = await postText(url, "/api/Account/Login", JSON.stringify({ Username: FAKE_USER, Password: FAKE_PASSWORD }));
  return ((res.json as { Data?: { token?: string | null } }).Data?.token as string | null | undefined) ?? null;
}

const summary = (report: Report) =>
  report.findings.map((f) => ({ op: f.operationId, check: f.check, direction: f.direction, category: f.category, pointer: f.pointer, occurrences: f.occurrences }));

describe("a drifting deployment behind the proxy", () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startFakeServer({
      // The envelope: Data under another name, no Success/Warning/Message.
      ADM_OCUPACION_GetAllActives: { mutate: (body) => ({ data: body.Data, ok: true }) },
      // A field renamed in every row.
      CON_CONTACTO_GetAllActives: {
        mutate: (body) => ({ ...body, Data: rows(body).map(({ c_codigo, ...rest }) => ({ ...rest, codigo: c_codigo })) }),
      },
      // A date not in .NET form in every row.
      ADM_PROFESIONAL_GetAllActives: { mutate: (body) => ({ ...body, Data: rows(body).map((r) => ({ ...r, d_fecha_nace: "06/09/1980" })) }) },
      // The operation's own ok example with the wrong content type.
      CVN_CATEGORIA_PAGO_GetAllActives: {
        raw: { status: 200, contentType: "text/html; charset=utf-8", body: JSON.stringify(getOperation("CVN_CATEGORIA_PAGO_GetAllActives").responseExamples.ok!.value) },
      },
      // Answers without a token.
      ADM_GENERO_GetAllActives: { noAuth: true },
    });
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it("finds each break once, on its operation and direction, with the number of exchanges that showed it", async () => {
    const proxy = await startTestProxy(upstream.baseUrl);
    const token = await loginThrough(proxy.url);
    expect(token).toBeTruthy();
    for (let i = 0; i < 3; i++) {
      for (const op of ["ADM_OCUPACION", "CON_CONTACTO", "ADM_PROFESIONAL", "CVN_CATEGORIA_PAGO", "SEG_ROL"]) {
        await postText(proxy.url, `/api/${op}/GetAllActives`, "{}", token!);
      }
      await postText(proxy.url, "/api/ADM_GENERO/GetAllActives", "{}");
      // Refused without a token, as it must be: not a finding.
      expect((await postText(proxy.url, "/api/SEG_ROL/GetAllActives", "{}")).status).toBe(401);
    }
    const { report, exitCode } = await proxy.stop();
    expect(exitCode).toBe(1);
    const found = summary(report).sort((a, b) => a.op.localeCompare(b.op));
    expect(found).toEqual([
      { op: "ADM_GENERO_GetAllActives", check: "auth:no-token", direction: "response", category: "security", pointer: null, occurrences: 3 },
      { op: "ADM_OCUPACION_GetAllActives", check: "response", direction: "response", category: "not-envelope", pointer: "", occurrences: 3 },
      { op: "ADM_PROFESIONAL_GetAllActives", check: "response", direction: "response", category: "date-format", pointer: "/Data/0/d_fecha_nace", occurrences: 3 },
      { op: "CON_CONTACTO_GetAllActives", check: "response", direction: "response", category: "renamed-property", pointer: "/Data/0/c_codigo", occurrences: 3 },
      { op: "CVN_CATEGORIA_PAGO_GetAllActives", check: "response", direction: "response", category: "content-type", pointer: null, occurrences: 3 },
    ]);
    // One live line per distinct break, however many exchanges showed it.
    const live = proxy.stdout().split("\n").filter((l) => /^(ERROR|WARNING)\s/.test(l));
    expect(live).toHaveLength(5);
    expect(live.find((l) => l.includes("ADM_GENERO_GetAllActives"))).toMatch(/\[auth:no-token\] response security: operation accepted a request without a token/);
    const seg = report.operations.find((o) => o.operationId === "SEG_ROL_GetAllActives")!;
    expect(seg.status).toBe("passed");
    expect(seg.checks.find((c) => c.name === "auth:no-token")?.status).toBe("passed");
    expect(JSON.stringify(report) + proxy.stdout()).not.toContain(token!);
  });
});

describe("a lenient legacy deployment (no token enforcement, no token from Login)", () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    const drifts: Parameters<typeof startFakeServer>[0] = {};
    for (const op of listOperations()) drifts[op.operationId] = { noAuth: true };
    drifts.Account_Login = { mutate: (body) => ({ ...body, Data: { ...(body.Data as Row), token: null } }) };
    drifts.CON_CONTACTO_GetAllActives = { noAuth: true, mutate: (body) => ({ ...body, Data: rows(body).map((r) => ({ ...r, id_contacto: String(r.id_contacto) })) }) };
    upstream = await startFakeServer(drifts);
  });
  afterAll(async () => {
    await upstream?.close();
  });

  const traffic = async (url: string) => {
    expect(await loginThrough(url)).toBeNull();
    // The desktop client then calls without a token.
    for (const op of ["CON_CONTACTO", "ADM_GENERO", "SEG_ROL"]) await postText(url, `/api/${op}/GetAllActives`, "{}");
  };

  it("says so: no token from Login, every protected operation open", async () => {
    const proxy = await startTestProxy(upstream.baseUrl);
    await traffic(proxy.url);
    const { report } = await proxy.stop();
    const found = summary(report);
    expect(found.filter((f) => f.category === "security").map((f) => f.op).sort()).toEqual(["ADM_GENERO_GetAllActives", "CON_CONTACTO_GetAllActives", "SEG_ROL_GetAllActives"]);
    expect(found).toContainEqual({ op: "Account_Login", check: "login", direction: "response", category: "token", pointer: "/Data/token", occurrences: 1 });
  });

  it("with --skip auth,login, checks the data only, and lists what was left out", async () => {
    const proxy = await startTestProxy(upstream.baseUrl, { skip: ["auth,login"] });
    await traffic(proxy.url);
    const { report, exitCode } = await proxy.stop();
    expect(summary(report)).toEqual([
      { op: "CON_CONTACTO_GetAllActives", check: "response", direction: "response", category: "wrong-type", pointer: "/Data/0/id_contacto", occurrences: 1 },
    ]);
    expect(exitCode).toBe(1);
    expect(report.options.skip).toEqual(["auth", "login"]);
    expect(report.skipped.map((s) => s.check)).toEqual(["login", "auth:no-token", "auth:garbage-token", "auth:alg-none", "auth:expired-token"]);
    const genero = report.operations.find((o) => o.operationId === "ADM_GENERO_GetAllActives")!;
    expect(genero.status).toBe("passed");
    expect(genero.checks).toContainEqual({ name: "auth:no-token", status: "skipped", reason: "left out with --skip auth" });
    expect(proxy.stdout()).toMatch(/ADM_GENERO_GetAllActives: auth:no-token \(left out with --skip auth\)/);
  });
});

describe("a compressed answer", () => {
  it("reaches the client as the deployment coded it, and is judged decoded", async () => {
    const ok = structuredClone(getOperation("ADM_GENERO_GetAllActives").responseExamples.ok!.value) as Envelope;
    rows(ok)[0]!.id_genero = "1";
    const coded = gzipSync(JSON.stringify(ok));
    // A legacy IIS answers gzip, chunked, to a client that accepts it.
    const upstream = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Encoding": "gzip" });
        res.write(coded.subarray(0, 10));
        res.end(coded.subarray(10));
      });
    });
    await new Promise<void>((ok2) => upstream.listen(0, "127.0.0.1", () => ok2()));
    try {
      const proxy = await startTestProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, { skip: ["auth"] });
      const res = await rawCall(proxy.url, { path: "/api/ADM_GENERO/GetAllActives", headers: ["Content-Type", "application/json", "Accept-Encoding", "gzip"], body: ["{}"] });
      expect(res.body.equals(coded)).toBe(true);
      expect(res.rawHeaders).toContain("Content-Encoding");
      const { report } = await proxy.stop();
      expect(summary(report)).toEqual([
        { op: "ADM_GENERO_GetAllActives", check: "response", direction: "response", category: "wrong-type", pointer: "/Data/0/id_genero", occurrences: 1 },
      ]);
    } finally {
      await new Promise((done) => upstream.close(done));
    }
  });
});

describe("the proxy command", () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startFakeServer({ ADM_GENERO_GetAllActives: { noAuth: true } });
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it("prints findings live, writes the reports on SIGTERM and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "romsoft-proxy-"));
    try {
      const file = join(dir, "proxy.json");
      const xml = join(dir, "proxy.xml");
      const html = join(dir, "proxy.html");
      const args = ["proxy", "--target", upstream.baseUrl, "--port", "0", "--report", file, "--report", xml, "--report", html];
      const child = spawn(process.execPath, [join(root, "bin", "romsoft-contract.js"), ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      const url = await new Promise<string>((ok, fail) => {
        child.stderr.on("data", (c: Buffer) => {
          stderr += c.toString();
          const m = /proxy: (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) ok(m[1]!);
        });
        child.on("exit", () => fail(new Error(`exited early: ${stderr}`)));
      });
      expect((await postText(url, "/api/ADM_GENERO/GetAllActives", "{}")).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!stdout.includes("ADM_GENERO_GetAllActives") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toMatch(/^ERROR\s+ADM_GENERO_GetAllActives \[auth:no-token\] response security/m);
      const code = await new Promise<number | null>((ok) => {
        child.on("exit", (c) => ok(c));
        child.kill("SIGTERM");
      });
      expect(code).toBe(1);
      const report = JSON.parse(readFileSync(file, "utf8")) as Report;
      expect(report.source).toMatchObject({ kind: "proxy", exchanges: 1, checked: 1 });
      expect(report.findings.map((f) => f.operationId)).toEqual(["ADM_GENERO_GetAllActives"]);
      expect(stdout).toContain(`report written: ${file}`);
      expect(readFileSync(xml, "utf8")).toMatch(/<testcase classname="ADM_GENERO\.ADM_GENERO_GetAllActives" name="ADM_GENERO_GetAllActives auth:no-token"[^>]*>\s*<failure/);
      expect(readFileSync(html, "utf8")).toContain("Traffic through the proxy: 1 exchange(s), 1 checked");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("exit 2 before anything is forwarded: no --target, an option of verify, nothing at the target, a port in use", async () => {
    const r1 = await runCli(["proxy"], {});
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("--target is required");
    const r2 = await runCli(["proxy", "--target", upstream.baseUrl, "--base-url", upstream.baseUrl], {});
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("proxy: Unknown option '--base-url'");
    const r3 = await runCli(["verify", "--base-url", upstream.baseUrl, "--port", "4020"], {});
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain("Unknown option '--port'");
    const busy = await startTestProxy(upstream.baseUrl);
    try {
      const port = new URL(busy.url).port;
      const r4 = await runCli(["proxy", "--target", upstream.baseUrl, "--port", port], {});
      expect(r4.code).toBe(2);
      expect(r4.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the address is in use`);
    } finally {
      await busy.stop();
    }
    const closed = http.createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", () => ok()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const r5 = await runCli(["proxy", "--target", `http://127.0.0.1:${port}`, "--port", "0"], {});
    expect(r5.code).toBe(2);
    expect(r5.stderr).toContain(`cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});
