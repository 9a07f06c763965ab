// The three report formats: JSON (stable shape), JUnit XML (valid, one testcase per operation and check) and
// a self-contained HTML page (no external reference, everything escaped), with secrets redacted everywhere.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_ORDER, type Report } from "../../cli/model.js";
import { startFakeServer, FAKE_PASSWORD, type FakeServer } from "../support/fake-deployment.js";
import { runCli, type CliRun } from "../support/run-cli.js";
import { CREDENTIALS } from "../support/run-verify.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NASTY = `<script>alert("x")</script> & ]]> 'quote' \u0001 ñ`;

type Row = Record<string, unknown>;

let server: FakeServer;
let dir: string;
let run: CliRun;
let json: string;
let xml: string;
let html: string;

beforeAll(async () => {
  server = await startFakeServer({
    // Markup and control characters in values, messages and property names.
    ADM_GENERO_GetAllActives: {
      mutate: (b) => {
        const r = (b.Data as Row[])[0]!;
        r.id_genero = NASTY;
        r['<img src="https://example.invalid/x.png">'] = 1;
        return b;
      },
    },
    CVN_MONEDA_GetAllActives: { mutate: () => ({ Message: `</pre>${NASTY}`, Success: false, Warning: false, Data: null }) },
    // A deployment that echoes the bearer token back: the report must not show it.
    ADM_HABITACION_GetAllActives: {
      mutate: (b, request) => {
        const r = (b.Data as Row[])[0]!;
        r.t_descripcion = String(request.headers.authorization ?? "");
        r.id_habitacion = "not a number";
        return b;
      },
    },
    ADM_TIPO_EGRESO_GetAllActives: { noAuth: true },
  });
  dir = mkdtempSync(join(tmpdir(), "romsoft-reports-"));
  run = await runCli(
    [
      "verify",
      "--base-url",
      server.baseUrl,
      "--operations",
      "Account_Login,ADM_*,CVN_MONEDA_GetAllActives",
      "--report",
      join(dir, "r.json"),
      "--report",
      join(dir, "r.xml"),
      "--report",
      join(dir, "r.html"),
    ],
    CREDENTIALS,
  );
  json = readFileSync(join(dir, "r.json"), "utf8");
  xml = readFileSync(join(dir, "r.xml"), "utf8");
  html = readFileSync(join(dir, "r.html"), "utf8");
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("reports", () => {
  it("the run found the drifts and says where the reports are", () => {
    expect(run.code).toBe(1);
    for (const f of ["r.json", "r.xml", "r.html"]) expect(run.stdout).toContain(`report written: ${join(dir, f)}`);
  });

  it("JSON: parses, has a version and a consistent summary", () => {
    const report = JSON.parse(json) as Report;
    expect(report.version).toBe(2);
    expect(report.source).toEqual({ kind: "verify" });
    expect(report.skipped).toEqual([]);
    expect(report.tool.name).toBe("romsoft-contract");
    expect(report.target.baseUrl).toBe(`${server.baseUrl}/`);
    expect(report.options).toMatchObject({ allowWrites: false, timeoutMs: 10_000, concurrency: 4, failOn: "error", auth: "credentials", skip: [] });
    const ops = report.operations;
    expect(report.summary.operations.total).toBe(ops.length);
    expect(report.summary.operations.passed + report.summary.operations.failed + report.summary.operations.skipped).toBe(ops.length);
    expect(report.summary.findings.error).toBe(report.findings.filter((f) => f.severity === "error").length);
    // Every finding belongs to exactly one operation, which lists it by id.
    const listed = ops.flatMap((o) => o.findings);
    expect([...listed].sort()).toEqual(report.findings.map((f) => f.id).sort());
    expect(report.controllers.reduce((n, c) => n + c.passed + c.failed + c.skipped, 0)).toBe(ops.length);
    // Worst first: security before the rest.
    expect(report.findings[0]?.category).toBe("security");
    for (const f of report.findings) {
      expect(f.id).toMatch(/^F\d+$/);
      // verify sends its own requests: everything it finds is about the deployment's answers.
      expect(f.direction).toBe("response");
      expect(["error", "warning", "info"]).toContain(f.severity);
    }
  });

  it("JUnit: valid XML with one testcase per operation and check", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const report = JSON.parse(json) as Report;
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as {
      testsuites: { tests: string; failures: string; testsuite: { name: string; testcase: { name: string; failure?: unknown; skipped?: unknown }[] | { name: string } }[] };
    };
    const suites = parsed.testsuites.testsuite;
    const cases = suites.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
    const expected = report.operations.reduce((n, o) => n + o.checks.length, 0);
    expect(cases).toHaveLength(expected);
    expect(Number(parsed.testsuites.tests)).toBe(expected);
    const failing = report.operations.reduce((n, o) => n + o.checks.filter((c) => c.status === "failed").length, 0);
    expect(Number(parsed.testsuites.failures)).toBe(failing);
    expect(cases.filter((c) => "failure" in c)).toHaveLength(failing);
    expect(cases.some((c) => c.name === "ADM_TIPO_EGRESO_GetAllActives auth:no-token" && "failure" in c)).toBe(true);
    expect(new Set(report.operations.flatMap((o) => o.checks.map((c) => c.name))).size).toBeLessThanOrEqual(CHECK_ORDER.length);
    // The nasty value came through escaped, and the control character was dropped.
    expect(xml).not.toContain("\u0001");
    expect(xml).not.toContain("<script>");
  });

  it("HTML: self-contained, no external reference, everything escaped", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    // Attributes of real tags only (escaped text has no raw "<").
    const refs = [...html.matchAll(/<[a-zA-Z][^<>]*?\s(?:src|href|action|srcset|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)].map((m) =>
      m[1]!.replace(/^["']|["']$/g, ""),
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref, ref).toMatch(/^#/);
    expect(html).not.toMatch(/<(script|link|iframe|img|object|embed)\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=&quot;https://example.invalid/x.png&quot;&gt;");
    for (const op of ["ADM_GENERO_GetAllActives", "CVN_MONEDA_GetAllActives", "ADM_TIPO_EGRESO_GetAllActives"]) expect(html).toContain(op);
  });

  it("never shows the password or a token, in any output", () => {
    expect(server.issued.length).toBeGreaterThan(0);
    const outputs = { stdout: run.stdout, stderr: run.stderr, json, xml, html };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text.includes(FAKE_PASSWORD), `password in ${name}`).toBe(false);
      for (const token of server.issued) {
        expect(text.includes(token), `token in ${name}`).toBe(false);
        // Not even its signature on its own.
        expect(text.includes(token.split(".")[2]!), `token signature in ${name}`).toBe(false);
      }
      expect(/Bearer eyJ/.test(text), `bearer token in ${name}`).toBe(false);
    }
    // The echoed header shows as redacted in the kept response.
    const report = JSON.parse(json) as Report;
    const f = report.findings.find((x) => x.operationId === "ADM_HABITACION_GetAllActives");
    expect(JSON.stringify(f?.exchange?.response?.body)).toContain("[REDACTED]");
    expect(f?.exchange?.request.headers.authorization).toBe("Bearer [REDACTED]");
  });

  it.skipIf(!existsSync(CHROMIUM))("HTML: opens in Chromium without any network request", async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), "romsoft-report-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const requests: string[] = [];
      const errors: string[] = [];
      const page = context.pages()[0] ?? (await context.newPage());
      page.on("request", (r) => requests.push(r.url()));
      page.on("pageerror", (e) => errors.push(e.message));
      const url = pathToFileURL(join(dir, "r.html")).toString();
      await page.goto(url, { waitUntil: "load" });
      expect(await page.title()).toContain("Romsoft contract verification");
      expect(await page.locator("h1").innerText()).toBe("Romsoft contract verification");
      expect(await page.locator(".finding").count()).toBeGreaterThan(0);
      // The markup in the data is text, not elements.
      expect(await page.locator("script").count()).toBe(0);
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
