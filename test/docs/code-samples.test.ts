// The code samples of the docs (`x-codeSamples`, written into generated/openapi.json by `npm run generate` from
// scripts/code-samples.ts): every operation has a curl command and a TypeScript program on the typed client,
// both made of the operation's own example; every TypeScript sample type-checks against the client package; and the
// samples of every read operation and of one write per controller succeed against the reference server, run
// as written (the curl commands parsed and sent, the programs compiled and run in this process) with only the
// documented address replaced by the test server's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRomsoftClient } from "@romsoft-contract/client";
import { projectRoot } from "../../contract/paths.js";
import { listOperations, loadSpec, type Operation } from "../../contract/spec.js";
import { exampleBody, exampleQuery } from "../../scripts/call-table.js";
import { CLIENT_PACKAGE, CURL_LABEL, TYPESCRIPT_LABEL, loginCredentials, type CodeSample } from "../../scripts/code-samples.js";
import { documentedServer } from "../../server/docs/reference-page.js";
import { parseCurl, sendCurl } from "../support/curl.js";
import { startTestServer, type TestServer } from "../support/server.js";

/**
 * Where the samples are type-checked: a folder inside the project (test-output/, not in git), so that their
 * `import ... from "@romsoft-contract/client"` resolves as a consumer's does, to the client package (the client/
 * workspace, built into client/dist by the test suite's global setup).
 */
const SAMPLES_PARENT = join(projectRoot, "test-output");

const spec = loadSpec();
const operations = listOperations();
const base = documentedServer(spec);

function samplesOf(op: Operation): CodeSample[] {
  return ((spec.paths[op.path]?.post ?? {})["x-codeSamples"] ?? []) as CodeSample[];
}
function sample(op: Operation, label: string): string {
  const found = samplesOf(op).find((s) => s.label === label);
  if (!found) throw new Error(`${op.operationId} has no ${label} sample`);
  return found.source;
}

/** Every read operation, then the first write of each controller (in spec order: its Add where there is one). */
function operationsToRun(): Operation[] {
  const reads = operations.filter((op) => !op.writes);
  const writes = new Map<string, Operation>();
  for (const op of operations) if (op.writes && !writes.has(op.controller)) writes.set(op.controller, op);
  return [...reads, ...writes.values()];
}

describe("code samples of every operation", () => {
  it("every operation has a curl and a TypeScript sample, and only those", () => {
    expect(operations.length).toBeGreaterThan(100);
    const missing = operations.filter((op) => samplesOf(op).map((s) => `${s.lang}/${s.label}`).join(",") !== `Shell/${CURL_LABEL},TypeScript/${TYPESCRIPT_LABEL}`);
    expect(missing.map((op) => op.operationId)).toEqual([]);
  });

  it("each curl sample posts the operation's example to its path, with the token when the operation needs one", () => {
    for (const op of operations) {
      const command = parseCurl(sample(op, CURL_LABEL));
      const query = exampleQuery(op);
      const url = new URL(command.url);
      expect({ op: op.operationId, method: command.method, at: `${url.origin}${url.pathname}` }).toEqual({
        op: op.operationId,
        method: "POST",
        at: `${base}${op.path}`,
      });
      expect(Object.fromEntries(url.searchParams)).toEqual(query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) : {});
      expect(JSON.parse(command.body ?? "null"), op.operationId).toEqual(exampleBody(op));
      expect(command.headers["Content-Type"]).toBe("application/json");
      expect(command.headers.Authorization, op.operationId).toBe(op.secured ? "Bearer $TOKEN" : undefined);
    }
  });

  it("each TypeScript sample imports the client package, logs in with the login example and calls its operation", () => {
    const { Username, Password } = loginCredentials(spec);
    for (const op of operations) {
      const source = sample(op, TYPESCRIPT_LABEL);
      expect(source, op.operationId).toContain(`import { createRomsoftClient } from "${CLIENT_PACKAGE}";`);
      expect(source, op.operationId).toContain(`createRomsoftClient({ baseUrl: "${base}" })`);
      expect(source, op.operationId).toContain(`await api.login(${JSON.stringify(Username)}, ${JSON.stringify(Password)})`);
      if (op.operationId !== "Account_Login") {
        expect(source, op.operationId).toContain(`api.call("${op.operationId}"`);
        expect(source, op.operationId).toContain('answer.kind === "warning"');
      }
    }
  });

  it("every TypeScript sample type-checks against the client package (strict)", () => {
    mkdirSync(SAMPLES_PARENT, { recursive: true });
    const dir = mkdtempSync(join(SAMPLES_PARENT, "code-samples-"));
    try {
      // An ES module project, compiled as Node compiles it (top-level await, package exports).
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
      const files = operations.map((op) => {
        const file = join(dir, `${op.operationId}.ts`);
        writeFileSync(file, sample(op, TYPESCRIPT_LABEL));
        return file;
      });
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: ["node"],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}: ` : "";
        return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
      });
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the samples succeed against the reference server", () => {
  // One server per kind of sample: each runs the writes once on a freshly seeded database.
  let curlServer: TestServer | undefined;
  let tsServer: TestServer | undefined;
  const toRun = operationsToRun();

  beforeAll(async () => {
    [curlServer, tsServer] = await Promise.all([startTestServer({}, { login: false }), startTestServer({}, { login: false })]);
  });

  afterAll(async () => {
    await Promise.all([curlServer?.close(), tsServer?.close()]);
  });

  it("runs every read operation and one write of every controller", () => {
    const controllers = new Set(operations.map((op) => op.controller));
    const writers = new Set(operations.filter((op) => op.writes).map((op) => op.controller));
    expect(toRun.filter((op) => op.writes).map((op) => op.controller).sort()).toEqual([...writers].sort());
    expect(toRun.filter((op) => !op.writes).length).toBe(operations.filter((op) => !op.writes).length);
    expect(writers.size).toBeGreaterThan(0);
    expect(writers.size).toBeLessThanOrEqual(controllers.size);
  });

  it("the curl samples: Account/Login's gives the token the others send as $TOKEN", async () => {
    const expand = (token: string) => (value: string) => value.split(base).join(curlServer!.baseUrl).split("$TOKEN").join(token);
    const login = operations.find((op) => op.operationId === "Account_Login")!;
    const logged = await sendCurl(parseCurl(sample(login, CURL_LABEL)), expand(""));
    const token = (logged.body.Data as { token?: unknown } | null)?.token;
    expect(typeof token).toBe("string");
    const failed: unknown[] = [];
    for (const op of toRun) {
      const { status, body } = await sendCurl(parseCurl(sample(op, CURL_LABEL)), expand(token as string));
      if (status !== 200 || body.Success !== true || body.Warning !== false) failed.push({ op: op.operationId, status, body });
    }
    expect(failed).toEqual([]);
  }, 60_000);

  it("the TypeScript samples, compiled and run with the client: each logs its data, no warning, no error", async () => {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    const importLine = `import { createRomsoftClient } from "${CLIENT_PACKAGE}";\n`;
    const failed: unknown[] = [];
    for (const op of toRun) {
      const source = sample(op, TYPESCRIPT_LABEL);
      expect(source.startsWith(importLine), op.operationId).toBe(true);
      // The program as written, without its import (the client is passed in) and at the test server's address.
      const { code } = await transform(source.slice(importLine.length).split(base).join(tsServer!.baseUrl), { loader: "ts", format: "esm" });
      const printed: { level: string; args: unknown[] }[] = [];
      const output = {
        log: (...args: unknown[]) => printed.push({ level: "log", args }),
        warn: (...args: unknown[]) => printed.push({ level: "warn", args }),
        error: (...args: unknown[]) => printed.push({ level: "error", args }),
      };
      try {
        await new AsyncFunction("createRomsoftClient", "console", code)(createRomsoftClient, output);
      } catch (error) {
        failed.push({ op: op.operationId, threw: String(error) });
        continue;
      }
      const levels = printed.map((p) => p.level);
      if (levels.join() !== "log") failed.push({ op: op.operationId, printed });
    }
    expect(failed).toEqual([]);
  }, 120_000);
});
