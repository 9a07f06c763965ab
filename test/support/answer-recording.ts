// Records the reference server's answers to a fixed, deterministic list of requests, so that a change meant
// to keep behaviour (a reshuffle of modules) can be checked byte for byte: record before, record after,
// compare the two files.
//
// The requests, in this order, against one in-memory database (later requests see earlier writes, so the
// order is part of the recording):
// - a few requests around the routes (spec files, 404, 405, tokens missing or wrong);
// - every operation's every named request example (with the query parameters' examples);
// - FUZZ_CASES_PER_OPERATION fuzz cases per operation, drawn by fast-check from the fuzz suite's case
//   generator with a seed derived from FUZZ_SEED and the operationId;
// - the fuzz suite's heavy cases (1-2 MB strings, 10 000 levels of nesting) for every tenth operation.
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { listOperations, type Operation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { buildApp } from "../../server/app.js";
import { caseFactory, heavyCases, type FuzzCase } from "./fuzz-cases.js";

export const FUZZ_SEED = 20261202;
export const FUZZ_CASES_PER_OPERATION = 30;
const JWT_SECRET = "answer-recording-signing-key-0123456789abcdef";
const ADMIN_PASSWORD = "Adm1n-recording!";
/** Response headers whose value is part of the behaviour (the rest: date, content-length, connection...). */
const RECORDED_HEADERS = ["content-type", "allow", "www-authenticate", "cache-control", "x-content-type-options", "romsoft-ignored-properties", "retry-after"];
/** Bodies larger than this are recorded as their SHA-256 (the spec files) to keep the recording readable. */
const HASHED_BODY_BYTES = 64 * 1024;

export interface RecordedAnswer {
  operationId: string;
  case: string;
  request: { url: string; contentType: string | null; bodySha256: string | null; authorized: boolean };
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Window {
  startMs: number;
  endMs: number;
}

const JWT_RE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const NET_DATE_RE = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})"/g;

/**
 * The only parts of an answer that differ from run to run, replaced by a placeholder:
 * - JWTs (Account/Login's Data.token): they carry iat/exp of the moment they were issued;
 * - .NET date strings within the recording's own run time (± 1 minute): the server stamps "now" on rows it
 *   creates or updates (FechaCreacion, d_fecha_registro...) in local time; any other date is data and kept.
 * The server sends no request id, so there is nothing else to normalize.
 */
export function normalizeBody(text: string, window: Window): string {
  return text.replace(JWT_RE, "<jwt>").replace(NET_DATE_RE, (whole, date: string) => {
    const ms = new Date(date).getTime(); // no offset in the text: read as local time, as nowNet() wrote it
    return ms >= window.startMs - 60_000 && ms <= window.endMs + 60_000 ? '"<now>"' : whole;
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function opSeed(operationId: string): number {
  return (FUZZ_SEED ^ createHash("sha256").update(operationId).digest().readInt32LE(0)) | 0;
}

interface Request {
  operationId: string;
  case: string;
  method: "POST" | "GET" | "PUT";
  url: string;
  payload: string | undefined;
  contentType: string | null;
  /** "admin" sends the admin's bearer token, a string is sent as the Authorization header as it is. */
  authorization: "admin" | string | null;
}

function withQuery(path: string, query: string): string {
  return query === "" ? path : `${path}?${query}`;
}

function exampleQuery(op: Operation): string {
  return op.queryParameters
    .filter((p) => p.example !== undefined)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example))}`)
    .join("&");
}

function fuzzRequest(op: Operation, name: string, c: FuzzCase): Request {
  return {
    operationId: op.operationId,
    case: `${name}:${c.kind}`,
    method: "POST",
    url: withQuery(op.path, c.query),
    payload: c.payload,
    contentType: c.contentType,
    authorization: op.secured ? "admin" : null,
  };
}

/** The fixed list of requests, in the order they are sent. */
export function recordingRequests(): Request[] {
  const ops = listOperations();
  const validator = new ContractValidator();
  const requests: Request[] = [];
  const route = (name: string, method: Request["method"], url: string, authorization: Request["authorization"], payload?: string): Request => ({
    operationId: "(routes)",
    case: name,
    method,
    url,
    payload,
    contentType: payload === undefined ? null : "application/json",
    authorization,
  });
  const secured = ops.find((op) => op.secured && op.queryParameters.length === 0)!;
  requests.push(
    route("openapi.json", "GET", "/openapi.json", null),
    route("openapi.yaml", "GET", "/openapi.yaml", null),
    route("health", "GET", "/health", null),
    route("not found", "POST", "/api/Nope/Nothing", "admin", "{}"),
    route("method not allowed", "GET", secured.path, "admin"),
    route("method not allowed PUT", "PUT", secured.path, "admin", "{}"),
    route("case-insensitive path", "POST", secured.path.toLowerCase(), "admin", "{}"),
    route("trailing slash", "POST", `${secured.path}/`, "admin", "{}"),
    route("no token", "POST", secured.path, null, "{}"),
    route("no token, bad body", "POST", secured.path, null, "{not json"),
    route("wrong scheme", "POST", secured.path, "Basic YWRtaW46YWRtaW4=", "{}"),
    route("bad token", "POST", secured.path, "Bearer abc.def.ghi", "{}"),
    route("bearer only", "POST", secured.path, "Bearer", "{}"),
    route("admin login", "POST", "/api/Account/Login", null, JSON.stringify({ Username: "admin", Password: ADMIN_PASSWORD })),
    route("admin login, wrong password", "POST", "/api/Account/Login", null, JSON.stringify({ Username: "admin", Password: "wrong" })),
  );
  for (const op of ops) {
    for (const [name, example] of Object.entries(op.requestExamples)) {
      requests.push({
        operationId: op.operationId,
        case: `example:${name}`,
        method: "POST",
        url: withQuery(op.path, exampleQuery(op)),
        payload: JSON.stringify(example.value),
        contentType: "application/json",
        authorization: op.secured ? "admin" : null,
      });
    }
    if (Object.keys(op.requestExamples).length === 0) {
      requests.push({ operationId: op.operationId, case: "example:(none)", method: "POST", url: withQuery(op.path, exampleQuery(op)), payload: undefined, contentType: null, authorization: op.secured ? "admin" : null });
    }
  }
  ops.forEach((op, index) => {
    const factory = caseFactory(op, validator);
    const cases = fc.sample(factory.cases, { seed: opSeed(op.operationId), numRuns: FUZZ_CASES_PER_OPERATION });
    cases.forEach((c, i) => requests.push(fuzzRequest(op, `fuzz${i}`, c)));
    if (index % 10 === 0) {
      const [validBody] = fc.sample(factory.body, { seed: opSeed(op.operationId), numRuns: 1 });
      heavyCases(factory, validBody, exampleQuery(op)).forEach((c, i) => requests.push(fuzzRequest(op, `heavy${i}`, c)));
    }
  });
  return requests;
}

async function adminToken(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/Account/Login", payload: { Username: "admin", Password: ADMIN_PASSWORD } });
  const token = (res.json() as { Data?: { token?: string } | null }).Data?.token;
  if (typeof token !== "string") throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return token;
}

function recordedHeaders(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const v = res.headers[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

/** Builds a fresh app, sends every request of recordingRequests() in order and returns the answers. */
export async function recordAnswers(): Promise<RecordedAnswer[]> {
  const requests = recordingRequests();
  const window: Window = { startMs: Date.now(), endMs: 0 };
  const app = await buildApp({ dbPath: ":memory:", adminPassword: ADMIN_PASSWORD, jwt: { secret: JWT_SECRET }, onNotice: () => undefined });
  const raw: { req: Request; res: LightMyRequestResponse }[] = [];
  try {
    await app.ready();
    const token = await adminToken(app);
    for (const req of requests) {
      const headers: Record<string, string> = {};
      if (req.contentType !== null) headers["content-type"] = req.contentType;
      if (req.authorization === "admin") headers.authorization = `Bearer ${token}`;
      else if (req.authorization !== null) headers.authorization = req.authorization;
      const res = await app.inject({ method: req.method, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      raw.push({ req, res });
    }
  } finally {
    await app.close();
  }
  window.endMs = Date.now();
  return raw.map(({ req, res }) => ({
    operationId: req.operationId,
    case: req.case,
    request: {
      url: req.url,
      contentType: req.contentType,
      bodySha256: req.payload === undefined ? null : sha256(req.payload),
      authorized: req.authorization !== null,
    },
    status: res.statusCode,
    headers: recordedHeaders(res),
    body: hashIfLarge(normalizeBody(res.body, window)),
  }));
}

function hashIfLarge(body: string): string {
  return body.length > HASHED_BODY_BYTES ? `sha256:${sha256(body)}` : body;
}
