// The agreement suite: for every operation of the spec, spec, types, reference server, typed client and Prism
// mock agree. One row per operation, one column per artefact:
//   example  spec ↔ types: the typed call table (tsc-checked, mapped over the generated `operations`) holds
//            exactly the spec's operations and request examples; every request and response example validates
//            against its schema. (generated/ itself is compared byte for byte with a fresh `npm run generate`
//            in test/spec/tooling.test.ts: one generate run per `npm test`.)
//   server   spec ↔ server: each request example gets HTTP 200 and a response valid under strict validation
//            (undeclared properties are errors); no token gets 401 with an ErrorEnvelope.
//   client   spec ↔ client: the typed client calls the operation on the server with response validation on.
//   mock     spec ↔ mock: the mock (`npm run mock`: Prism behind the envelope front) answers the example request
//            with a strictly valid response, serves every named response example on `Prefer: example=<name>`,
//            answers 401 without a token, and the typed client's call (response validation on) succeeds
//            against it too.
//   msw      mock ↔ MSW: the in-browser mock's handlers (mocks/msw/, run here under msw/node) answer the same
//            requests (default, each named example, no token) with the same status and body as the mock,
//            and those answers are strictly valid.
//   agree    server ↔ mock: for the same request, both answers have the same envelope shape and `Data` type
//            (the mock is asked for the same kind of answer the server gave: ok, warning or error).
// The suite prints the table and fails unless every column covers every operation of the spec.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSandboxOnly, listOperations, loadSpec, type Operation } from "../../contract/spec.js";
import { ContractValidator, type ValidationIssue } from "../../contract/validate.js";
import { createRomsoftClient, type CallArgs, type OperationId, type RomsoftClient } from "@romsoft-contract/client/validate";
import { setupServer } from "msw/node";
import { createHandlers } from "../../mocks/msw/index.js";
import { startMock, type MockServer } from "../../mocks/prism.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { setHashCost } from "../../server/auth/password.js";
import { calls } from "../../generated/calls.js";
import { exampleArgs, exampleQuery } from "../../scripts/call-table.js";
import { dotnetClientBodies } from "../support/dotnet-client-bodies.js";

// Cheap password hashes for the users these servers create (production keeps the full scrypt cost).
setHashCost(1 << 10);

/** Time limit of the tests that send a request per operation (generous: the machine may be busy). */
const NETWORK_TIMEOUT = 120_000;

const ops = listOperations();
const validator = new ContractValidator({ strictResponses: true });
const COLUMNS = ["example", "server", "client", "mock", "msw", "agree"] as const;
type Column = (typeof COLUMNS)[number];

/** Problems found per operation and column; an operation passes a column when its list stays empty. */
const problems = new Map<string, Record<Column, string[]>>(
  ops.map((op) => [op.operationId, { example: [], server: [], client: [], mock: [], msw: [], agree: [] }]),
);
/** Which columns actually ran (a column that did not run counts 0). */
const ran = new Set<Column>();
const note = (op: Operation, column: Column, problem: string) => problems.get(op.operationId)![column].push(problem);
const failuresOf = (column: Column) =>
  Object.fromEntries([...problems].filter(([, p]) => p[column].length > 0).map(([id, p]) => [id, p[column]]));

const fmt = (issues: ValidationIssue[]) =>
  issues.slice(0, 4).map((i) => `${i.pointer || "/"} ${i.keyword}${i.property ? ` ${i.property}` : ""}: ${i.message}`).join("; ");

type Kind = "ok" | "warning" | "error";
type DataType = "array" | "object" | "integer" | "null" | "other";

interface Envelope {
  Message: unknown;
  Success: unknown;
  Warning: unknown;
  Data: unknown;
}

const kindOf = (e: Envelope): Kind => (e.Success !== true ? "error" : e.Warning === true ? "warning" : "ok");
const dataTypeOf = (v: unknown): DataType =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v === "object" ? "object" : "other";
/** The envelope shape compared between server and mock: key order and the JSON type of each member. */
const shapeOf = (e: Envelope) => ({
  keys: Object.keys(e).join(","),
  Message: e.Message === null ? "null" : typeof e.Message,
  Success: e.Success,
  Warning: e.Warning,
  Data: dataTypeOf(e.Data),
});

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface Answer {
  status: number;
  body: unknown;
}

/** Whether a fetch failed because the peer dropped a kept-alive connection (safe to retry on the stateless mock). */
const isReset = (err: unknown) => err instanceof TypeError && /ECONNRESET|other side closed/.test(String((err as { cause?: unknown }).cause));

/** `post` to the mock, sent again once if Prism dropped an idle kept-alive connection as it was reused. */
async function postMock(op: Operation, init: Parameters<typeof post>[2]): Promise<Answer> {
  try {
    return await post(mock.url, op, init);
  } catch (err) {
    if (!isReset(err)) throw err;
    return post(mock.url, op, init);
  }
}

async function post(baseUrl: string, op: Operation, init: { body?: string; token?: string; headers?: Record<string, string> }): Promise<Answer> {
  const query = exampleQuery(op);
  const qs = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}` : "";
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(`${baseUrl}${op.path}${qs}`, {
    method: "POST",
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text: the checks below report it as not an envelope
  }
  return { status: res.status, body };
}

const isEnvelope = (v: unknown): v is Envelope =>
  typeof v === "object" && v !== null && "Success" in v && "Warning" in v && "Message" in v && "Data" in v;

/** Calls one entry of the typed table; generic so the body and query stay tied to their operation. */
function callTyped<K extends OperationId>(api: RomsoftClient, operationId: K, args: CallArgs<K>) {
  return api.call(operationId, ...args);
}

let serverStarted: Promise<TestServer>;
let mockStarted: Promise<MockServer>;
let server: TestServer;
let mock: MockServer;
/** The server's answer to each operation's first request example, for the server ↔ mock comparison. */
const serverAnswers = new Map<string, Envelope>();
/** The mock's answers to the same request, by response example name (`ok` is the default answer). */
const mockAnswers = new Map<string, Map<string, Answer>>();
/** The mock's answer to the same request without a token (secured operations). */
const mockAnonymous = new Map<string, Answer>();
/** Where the MSW handlers answer in this suite (MSW intercepts fetch in this process; nothing listens there). */
const MSW_BASE = "http://127.0.0.1:9";

// Server and mock start side by side; a test awaits what it needs, so a server that fails to start does not
// hide the mock's results (and the other way round).
// Prism serves a snapshot of the spec this suite loaded: it reloads a spec file that changes under it.
const snapshotDir = mkdtempSync(join(tmpdir(), "romsoft-agreement-"));
beforeAll(() => {
  const spec = join(snapshotDir, "openapi.json");
  writeFileSync(spec, JSON.stringify(loadSpec()));
  serverStarted = startTestServer();
  mockStarted = startMock({ logLevel: "error", spec });
  serverStarted.then((s) => (server = s), () => undefined);
  mockStarted.then((m) => (mock = m), () => undefined);
});
const needServer = async () => void (server = await serverStarted);
const needMock = async () => void (mock = await mockStarted);

afterAll(async () => {
  await Promise.allSettled([serverStarted.then((s) => s.close()), mockStarted.then((m) => m.stop())]);
  rmSync(snapshotDir, { recursive: true, force: true });
  printCoverage();
});

function printCoverage(): void {
  const width = Math.max(...ops.map((o) => o.operationId.length));
  const lines = [`${"operation".padEnd(width)}  ${COLUMNS.map((c) => c.padEnd(7)).join(" ")}`];
  for (const op of ops) {
    const p = problems.get(op.operationId)!;
    lines.push(`${op.operationId.padEnd(width)}  ${COLUMNS.map((c) => (!ran.has(c) ? "-" : p[c].length ? "FAIL" : "ok").padEnd(7)).join(" ")}`);
  }
  lines.push(`${"covered".padEnd(width)}  ${COLUMNS.map((c) => `${coverage(c)}/${ops.length}`.padEnd(7)).join(" ")}`);
  const kinds = [...serverAnswers.values()].reduce<Record<string, number>>((acc, e) => {
    acc[kindOf(e)] = (acc[kindOf(e)] ?? 0) + 1;
    return acc;
  }, {});
  lines.push(`server answers to the examples: ${JSON.stringify(kinds)}`);
  console.log(`\nAgreement coverage (operations × artefacts)\n${lines.join("\n")}\n`);
}

const coverage = (column: Column) => (ran.has(column) ? ops.filter((op) => problems.get(op.operationId)![column].length === 0).length : 0);

describe("agreement of spec, types, server, client and mock, operation by operation", () => {
  it("example: the typed call table holds exactly the spec's operations and examples, and every example fits its schema", () => {
    const table: Record<string, unknown> = calls;
    const ids = ops.map((o) => o.operationId);
    // Every POST path of the spec is an operation (the count comes from the spec, not from this file), but the
    // sandbox's own (x-sandbox-only), which the backend and the typed client do not have.
    expect(ops).toHaveLength(Object.values(loadSpec().paths).filter((item) => item.post && !isSandboxOnly(item.post)).length);
    expect(Object.keys(table).sort()).toEqual([...ids].sort());
    for (const op of ops) {
      if (JSON.stringify(table[op.operationId]) !== JSON.stringify(exampleArgs(op))) {
        note(op, "example", "generated/calls.ts differs from the spec's examples: run npm run generate");
      }
      const requests = Object.entries(op.requestExamples);
      if (requests.length === 0) note(op, "example", "no request example");
      for (const [name, ex] of requests) {
        const r = validator.validateRequest(op, ex.value);
        if (!r.valid) note(op, "example", `request example ${name}: ${fmt(r.issues)}`);
      }
      for (const required of ["ok", "error"]) {
        if (!(required in op.responseExamples)) note(op, "example", `no ${required} response example`);
      }
      for (const [name, ex] of Object.entries(op.responseExamples)) {
        const r = validator.validateResponse(op, ex.value);
        if (!r.valid) note(op, "example", `response example ${name}: ${fmt(r.issues)}`);
      }
      const okData = (op.responseExamples.ok?.value as Envelope | undefined)?.Data;
      if (okData !== undefined && dataTypeOf(okData) !== op.dataKind) {
        note(op, "example", `ok example Data is ${dataTypeOf(okData)}, the schema says ${op.dataKind}`);
      }
    }
    ran.add("example");
    expect(failuresOf("example")).toEqual({});
  });

  it("server: every request example gets HTTP 200 and a strictly valid envelope; no token gets 401", async () => {
    await needServer();
    // One request at a time, in spec order: the server is stateful (writes), and the order keeps answers repeatable.
    await mapLimit(ops, 1, async (op) => {
      for (const [name, ex] of Object.entries(op.requestExamples)) {
        const answer = await post(server.baseUrl, op, { body: JSON.stringify(ex.value), token: server.token });
        if (answer.status !== 200) {
          note(op, "server", `example ${name}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          continue;
        }
        const r = validator.validateResponse(op, answer.body);
        if (!r.valid) note(op, "server", `example ${name}: ${fmt(r.issues)}`);
        if (!isEnvelope(answer.body)) continue;
        if (!serverAnswers.has(op.operationId)) serverAnswers.set(op.operationId, answer.body);
        if (kindOf(answer.body) === "ok" && dataTypeOf(answer.body.Data) !== op.dataKind) {
          note(op, "server", `example ${name}: success with Data ${dataTypeOf(answer.body.Data)}, the spec says ${op.dataKind}`);
        }
      }
    });
    // Requests without a token change nothing: these may overlap.
    await mapLimit(
      ops.filter((op) => op.secured),
      4,
      async (op) => {
        const anon = await post(server.baseUrl, op, { body: "{}" });
        if (anon.status !== 401) note(op, "server", `no token: HTTP ${anon.status}, expected 401`);
        const r = validator.validateErrorEnvelope(anon.body);
        if (!r.valid) note(op, "server", `no token: ${fmt(r.issues)}`);
      },
    );
    ran.add("server");
    expect(failuresOf("server")).toEqual({});
  }, NETWORK_TIMEOUT);

  it("client: a typed call of every operation runs against the server with response validation on", async () => {
    await needServer();
    const api = createRomsoftClient({ baseUrl: server.baseUrl, token: server.token, validateResponses: true });
    await mapLimit(ops, 1, async (op) => {
      const id = op.operationId as OperationId;
      try {
        const reply = await callTyped(api, id, calls[id]);
        if (reply.status !== 200) note(op, "client", `HTTP ${reply.status}: ${String(reply.envelope.Message)}`);
      } catch (err) {
        note(op, "client", err instanceof Error ? err.message : String(err));
      }
    });
    ran.add("client");
    expect(failuresOf("client")).toEqual({});
  }, NETWORK_TIMEOUT);

  it("mock: the mock answers every example with a strictly valid envelope, serves each named example, and 401 without a token", async () => {
    await needMock();
    await mapLimit(ops, 4, async (op) => {
      const body = JSON.stringify(Object.values(op.requestExamples)[0]?.value ?? {});
      const answer = await postMock(op, { body, token: "x" });
      if (answer.status !== 200) note(op, "mock", `example: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      else {
        const r = validator.validateResponse(op, answer.body);
        if (!r.valid) note(op, "mock", `example: ${fmt(r.issues)}`);
      }
      const answers = new Map<string, Answer>([["ok", answer]]);
      for (const name of Object.keys(op.responseExamples)) {
        // Without Prefer, Prism serves the first example: `ok`.
        if (name !== "ok") answers.set(name, await postMock(op, { body, token: "x", headers: { Prefer: `example=${name}` } }));
      }
      for (const [name, ex] of Object.entries(op.responseExamples)) {
        const served = answers.get(name)!;
        if (served.status !== 200 || JSON.stringify(served.body) !== JSON.stringify(ex.value)) {
          note(op, "mock", `${name === "ok" ? "default answer" : `Prefer: example=${name}`}: HTTP ${served.status}, not the spec's ${name} example`);
        }
      }
      mockAnswers.set(op.operationId, answers);
      if (op.secured) {
        const anon = await postMock(op, { body });
        mockAnonymous.set(op.operationId, anon);
        if (anon.status !== 401) note(op, "mock", `no token: HTTP ${anon.status}, expected 401`);
        const r = validator.validateErrorEnvelope(anon.body);
        if (!r.valid) note(op, "mock", `no token: ${fmt(r.issues)}`);
      }
    });
    // The typed client works against the mock as it does against the server (validation on).
    const api = createRomsoftClient({ baseUrl: mock.url, token: "x", validateResponses: true });
    await mapLimit(ops, 4, async (op) => {
      const id = op.operationId as OperationId;
      try {
        const reply = await callTyped(api, id, calls[id]);
        if (reply.status !== 200) note(op, "mock", `typed client: HTTP ${reply.status}`);
      } catch (err) {
        note(op, "mock", `typed client: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    ran.add("mock");
    expect(failuresOf("mock")).toEqual({});
  }, NETWORK_TIMEOUT);

  it("msw: the MSW handlers answer as the mock does (default, every named example, no token), strictly valid", async () => {
    const msw = setupServer(...createHandlers({ baseUrl: MSW_BASE }));
    msw.listen({ onUnhandledRequest: "error" });
    try {
      await mapLimit(ops, 4, async (op) => {
        const fromMock = mockAnswers.get(op.operationId);
        if (!fromMock) {
          note(op, "msw", "no mock answer to compare (the mock column did not run)");
          return;
        }
        const body = JSON.stringify(Object.values(op.requestExamples)[0]?.value ?? {});
        for (const name of Object.keys(op.responseExamples)) {
          const headers: Record<string, string> = name === "ok" ? {} : { Prefer: `example=${name}` };
          const answer = await post(MSW_BASE, op, { body, token: "x", headers });
          const expected = fromMock.get(name);
          if (!expected || JSON.stringify(answer) !== JSON.stringify(expected)) {
            note(op, "msw", `${name}: MSW HTTP ${answer.status} differs from the mock's HTTP ${expected?.status ?? "-"}`);
          }
          const r = validator.validateResponse(op, answer.body);
          if (!r.valid) note(op, "msw", `${name}: ${fmt(r.issues)}`);
        }
        if (op.secured) {
          const anon = await post(MSW_BASE, op, { body });
          if (JSON.stringify(anon) !== JSON.stringify(mockAnonymous.get(op.operationId))) note(op, "msw", `no token: MSW HTTP ${anon.status} differs from the mock`);
          if (!validator.validateErrorEnvelope(anon.body).valid) note(op, "msw", "no token: not an ErrorEnvelope");
        }
      });
    } finally {
      msw.close();
    }
    ran.add("msw");
    expect(failuresOf("msw")).toEqual({});
  }, NETWORK_TIMEOUT);

  it("agree: server and mock answer the same request with the same envelope shape and Data type", async () => {
    await needMock();
    await mapLimit(ops, 4, async (op) => {
      const fromServer = serverAnswers.get(op.operationId);
      if (!fromServer) {
        note(op, "agree", "no server answer to compare");
        return;
      }
      const kind = kindOf(fromServer);
      const named = kind === "ok" ? "ok" : kind;
      if (!(named in op.responseExamples)) {
        note(op, "agree", `the server answered ${kind} (${String(fromServer.Message)}), the spec has no ${named} example`);
        return;
      }
      const fromMock = mockAnswers.get(op.operationId)?.get(named);
      if (!fromMock) {
        note(op, "agree", `no mock answer to compare (the mock column did not run)`);
        return;
      }
      if (!isEnvelope(fromMock.body)) {
        note(op, "agree", `mock: HTTP ${fromMock.status}, not an envelope`);
        return;
      }
      const a = shapeOf(fromServer);
      const b = shapeOf(fromMock.body);
      if (JSON.stringify(a) !== JSON.stringify(b)) note(op, "agree", `server ${JSON.stringify(a)} vs mock ${JSON.stringify(b)}`);
    });
    ran.add("agree");
    expect(failuresOf("agree")).toEqual({});
  }, NETWORK_TIMEOUT);

  it("covers every operation in every column", () => {
    for (const column of COLUMNS) expect(`${column} ${coverage(column)}/${ops.length}`).toBe(`${column} ${ops.length}/${ops.length}`);
  });
});

// ---- Real-client-shaped requests: the mock accepts what the server accepts ----------------------------------

const byId = new Map(ops.map((o) => [o.operationId, o]));

describe("the mock accepts the requests the server accepts", () => {
  it("bodies shaped as the .NET desktop client sends them (nulls, unset dates, $id and unknown fields)", async () => {
    await Promise.all([needServer(), needMock()]);
    const differ: string[] = [];
    await mapLimit(dotnetClientBodies, 4, async ({ operationId, body }) => {
      const op = byId.get(operationId)!;
      const raw = JSON.stringify(body);
      const [s, m] = await Promise.all([post(server.baseUrl, op, { body: raw, token: server.token }), postMock(op, { body: raw, token: "x" })]);
      if (s.status !== 200) differ.push(`${operationId}: server HTTP ${s.status}`);
      if (m.status !== s.status) differ.push(`${operationId}: server HTTP ${s.status}, mock HTTP ${m.status}`);
    });
    expect(dotnetClientBodies.length).toBeGreaterThan(20);
    expect(differ.sort()).toEqual([]);
  }, NETWORK_TIMEOUT);

  it("ignored bodies: none, \"\", null and {} are accepted alike by server and mock", async () => {
    const ignored = ops.filter((o) => !o.bodyRequired);
    expect(ignored.length).toBeGreaterThan(40);
    const variants: { label: string; body?: string }[] = [{ label: "no body" }, { label: '""', body: '""' }, { label: "null", body: "null" }, { label: "{}", body: "{}" }];
    await Promise.all([needServer(), needMock()]);
    const differ: string[] = [];
    await mapLimit(ignored, 4, async (op) => {
      for (const v of variants) {
        const init = v.body === undefined ? {} : { body: v.body };
        const [s, m] = await Promise.all([post(server.baseUrl, op, { ...init, token: server.token }), postMock(op, { ...init, token: "x" })]);
        if (s.status !== 200 || m.status !== 200) differ.push(`${op.operationId} ${v.label}: server HTTP ${s.status}, mock HTTP ${m.status}`);
      }
    });
    expect(differ).toEqual([]);
  }, NETWORK_TIMEOUT);

  it("DTO bodies that are not objects (none, \"\", null) are refused alike by server and mock", async () => {
    const dto = ops.filter((o) => o.bodyRequired);
    await Promise.all([needServer(), needMock()]);
    const differ: string[] = [];
    await mapLimit(dto, 4, async (op) => {
      for (const body of [undefined, '""', "null"]) {
        const init = body === undefined ? {} : { body };
        const [s, m] = await Promise.all([post(server.baseUrl, op, { ...init, token: server.token }), postMock(op, { ...init, token: "x" })]);
        if (s.status !== m.status) differ.push(`${op.operationId} ${body ?? "no body"}: server HTTP ${s.status}, mock HTTP ${m.status}`);
      }
    });
    expect(differ).toEqual([]);
  }, NETWORK_TIMEOUT);

  it("impossible dates and int64 values beyond ±(2^53−1) are refused alike (null lists: the .NET bodies above)", async () => {
    await Promise.all([needServer(), needMock()]);
    const cases: [string, string][] = [
      ["ADM_PACIENTE_Add", '{"t_apellido_paterno":"Quispe","t_nombres":"Rosa","d_fecha_nacimiento":"2021-02-30"}'],
      ["ADM_PACIENTE_Add", '{"t_apellido_paterno":"Quispe","t_nombres":"Rosa","d_fecha_nacimiento":"0000-00-00"}'],
      ["CVN_PLAN_SEGURO_DETALLE_Add", '{"id_plan_seguro":3,"id_plan_seguro_detalle":1e20}'],
      ["CVN_PLAN_SEGURO_DETALLE_Delete", '{"id_plan_seguro_detalle":9007199254740992}'],
    ];
    const differ: string[] = [];
    for (const [id, body] of cases) {
      const op = byId.get(id)!;
      const [s, m] = await Promise.all([post(server.baseUrl, op, { body, token: server.token }), postMock(op, { body, token: "x" })]);
      if (s.status !== 400 || m.status !== 400) differ.push(`${id} ${body}: server HTTP ${s.status}, mock HTTP ${m.status}`);
    }
    expect(differ).toEqual([]);
  }, NETWORK_TIMEOUT);

  it("differs from the server only as the README's Mock section says", async () => {
    await Promise.all([needServer(), needMock()]);
    const json = { "Content-Type": "application/json" };
    const probes: { label: string; path: string; init: (token: string) => RequestInit; server: number; mock: number }[] = [
      // The one refusal that differs: the mock checks that a token is there, not that it is a valid JWT.
      { label: "not a JWT", path: "/api/CVN_PLAN_SEGURO/GetAllActives", init: () => ({ method: "POST", headers: { ...json, Authorization: "Bearer x" }, body: "{}" }), server: 401, mock: 200 },
      // Formerly Prism's own answers; now as the server.
      { label: "wrong type", path: "/api/ADM_PACIENTE/GetAllFilters", init: (t) => ({ method: "POST", headers: { ...json, Authorization: `Bearer ${t}` }, body: '{"valorRequest":5}' }), server: 400, mock: 400 },
      { label: "malformed JSON", path: "/api/ADM_PACIENTE/GetAllFilters", init: (t) => ({ method: "POST", headers: { ...json, Authorization: `Bearer ${t}` }, body: '{"valor' }), server: 400, mock: 400 },
      { label: "unknown action", path: "/api/CVN_PLAN_SEGURO/Nope", init: (t) => ({ method: "POST", headers: { ...json, Authorization: `Bearer ${t}` }, body: "{}" }), server: 404, mock: 404 },
      { label: "GET", path: "/api/CVN_PLAN_SEGURO/GetAllActives", init: (t) => ({ method: "GET", headers: { Authorization: `Bearer ${t}` } }), server: 405, mock: 405 },
      { label: "lower-case bearer", path: "/api/CVN_PLAN_SEGURO/GetAllActives", init: (t) => ({ method: "POST", headers: { ...json, Authorization: `bearer ${t}` }, body: "{}" }), server: 200, mock: 200 },
      { label: "text/json", path: "/api/CVN_PLAN_SEGURO/GetAllActives", init: (t) => ({ method: "POST", headers: { "Content-Type": "text/json", Authorization: `Bearer ${t}` }, body: "{}" }), server: 200, mock: 200 },
      { label: "letter case of the path", path: "/api/cvn_plan_seguro/getallactives", init: (t) => ({ method: "POST", headers: { ...json, Authorization: `Bearer ${t}` }, body: "{}" }), server: 200, mock: 200 },
    ];
    const seen: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    const bodies: Record<string, { server: unknown; mock: unknown }> = {};
    for (const p of probes) {
      const read = async (res: Response) => {
        const text = await res.text();
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      };
      const s = await fetch(`${server.baseUrl}${p.path}`, p.init(server.token));
      const m = await fetch(`${mock.url}${p.path}`, p.init("x"));
      seen[p.label] = [s.status, m.status];
      want[p.label] = [p.server, p.mock];
      bodies[p.label] = { server: await read(s), mock: await read(m) };
    }
    expect(seen).toEqual(want);
    // Refusals are the same envelope, word for word.
    for (const label of ["wrong type", "malformed JSON", "unknown action", "GET"]) {
      expect(validator.validateErrorEnvelope(bodies[label]!.server).valid, label).toBe(true);
      expect(bodies[label]!.mock, label).toStrictEqual(bodies[label]!.server);
    }
    expect((bodies["wrong type"]!.mock as Envelope).Message).toContain("valorRequest");
  }, NETWORK_TIMEOUT);

  it("the documented quick start works verbatim against the mock", async () => {
    await needMock();
    const token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...";
    const send = async (path: string, body: string, auth?: string) => {
      const res = await fetch(`${mock.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
        body,
      });
      return { status: res.status, body: (await res.json()) as Envelope, ignored: res.headers.get("romsoft-ignored-properties") };
    };
    const login = await send("/api/Account/Login", '{\n    "Username": "admin",\n    "Password": "yourpassword"\n  }');
    expect(login.status).toBe(200);
    expect(kindOf(login.body)).toBe("ok");
    const plans = await send("/api/CVN_PLAN_SEGURO/GetAllActives", "{}", token);
    expect(plans.status).toBe(200);
    expect(Array.isArray(plans.body.Data)).toBe(true);
    const patients = await send("/api/ADM_PACIENTE/GetAllFilters", '{\n    "apellidos": "Garcia",\n    "estado": "A"\n  }', token);
    expect(patients.status).toBe(200);
    expect(Array.isArray(patients.body.Data)).toBe(true);
    // The search reads valorRequest only: the mock names what it ignored, as the server does.
    expect(patients.ignored).toBe("apellidos, estado");
    const anon = await send("/api/CVN_PLAN_SEGURO/GetAllActives", "{}");
    expect(anon.status).toBe(401);
  }, NETWORK_TIMEOUT);
});
