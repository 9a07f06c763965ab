// Judges one observed exchange with verify's classifier, in both directions:
//   request   the client's body and query string against the operation's request schema (client drift);
//   response  the answer as verify judges it (status, content type, envelope, Success, messages, Data);
//   auth      a protected operation answering 2xx to a request without a valid-looking token;
//   login     Login's answer and its token, as verify checks them.
// The proxy has no key, so "valid-looking" means: a Bearer JWT, signed (not alg:none) and not expired at the
// time of the request (with .NET's default 5-minute clock skew); a forged signature cannot be told apart.
import { hash } from "node:crypto";
import type { Operation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import type { JsonResponse } from "../../contract/envelope.js";
import { classifyIssues, evaluateAnswer, type Draft } from "../analyze.js";
import { inspectToken } from "../checks/login.js";
import type { CallResult } from "../http.js";
import { trimForReport } from "../http.js";
import { decodeJwt } from "../jwt.js";
import type { CheckName, Exchange, TokenInfo } from "../model.js";
import { Redactor } from "../redact.js";
import type { ObservedExchange } from "./exchange.js";

export interface TrafficCheckContext {
  /** Lenient on unknown request properties, as the server is. */
  requestValidator: ContractValidator;
  /** Strict on undeclared response properties, as verify is. */
  responseValidator: ContractValidator;
  redactor: Redactor;
  /** Checks left out with --skip. */
  excluded: ReadonlyMap<CheckName, string>;
  /** Remembers verdicts by what they judged, so that the same bytes are not parsed and validated again. */
  verdicts?: VerdictMemo;
}

/** The context of a traffic run (proxy or HAR file): the two validators, a fresh redactor and verdict memo. */
export function createTrafficCheckContext(excluded: ReadonlyMap<CheckName, string>): TrafficCheckContext & { redactor: Redactor } {
  return {
    requestValidator: new ContractValidator(),
    responseValidator: new ContractValidator({ strictResponses: true }),
    redactor: new Redactor(),
    excluded,
    verdicts: new VerdictMemo(),
  };
}

/**
 * Verdicts by a digest of what they judged (operation, status, content type, body bytes…): the same input gives
 * the same drafts, and real traffic repeats itself (the same lists, the same empty bodies). A remembered verdict
 * is reported exactly as a computed one (every exchange still counts); verdicts with many drafts are not kept, and
 * after `max` digests the memo starts over.
 */
export class VerdictMemo {
  private readonly known = new Map<string, readonly Draft[]>();
  constructor(private readonly max = 4096) {}

  /**
   * The labels as they are (operation, method, status, content type: nothing secret) and a digest of the body:
   * one one-shot hash per exchange, the part that costs.
   */
  static key(labels: readonly string[], body: Buffer): string {
    return `${labels.join("\u0000")}\u0000${hash("sha1", body, "base64")}`;
  }

  get(key: string): Draft[] | undefined {
    const drafts = this.known.get(key);
    return drafts && drafts.map((d) => ({ ...d }));
  }

  set(key: string, drafts: readonly Draft[]): void {
    if (drafts.length > 20) return;
    if (this.known.size >= this.max) this.known.clear();
    this.known.set(key, drafts.map((d) => ({ ...d })));
  }
}

export interface CheckResultOf {
  check: CheckName;
  drafts: Draft[];
}

export interface ExchangeVerdict {
  /** Every check that judged the exchange, with what it found (an empty list: passed). */
  results: CheckResultOf[];
  /** The exchange as reports show it (redacted and trimmed like verify's); made on first use, for new findings only. */
  exchange: () => Exchange;
  durationMs: number;
  notes: string[];
  /** Checks that applied to this exchange but were left out with --skip. */
  skipped: CheckName[];
  /** Set when Login answered with a token: what it looks like. */
  token?: TokenInfo;
}

/** .NET's JwtBearer accepts tokens up to five minutes past `exp` by default. */
const CLOCK_SKEW_S = 300;

interface TokenVerdict {
  /** The auth check a 2xx answer to this request fails, or null when the token looks valid. */
  check: Exclude<CheckName, "login" | "request" | "response" | "crud" | "duplicate" | "latency"> | null;
  label: string;
}

export function judgeToken(authorization: string | undefined, atMs: number): TokenVerdict {
  const m = /^Bearer[ \t]+(\S*)[ \t]*$/i.exec(authorization ?? "");
  if (!authorization || (m && m[1] === "")) return { check: "auth:no-token", label: "without a token" };
  if (!m) return { check: "auth:garbage-token", label: "with an Authorization header that is not a bearer token" };
  const shape = tokenShape(m[1]!);
  if (shape === "not-jwt") return { check: "auth:garbage-token", label: "with a bearer token that is not a JWT" };
  if (shape === "unsigned") return { check: "auth:alg-none", label: "with an unsigned (alg:none) token" };
  if (shape !== null && shape + CLOCK_SKEW_S < atMs / 1000) {
    return { check: "auth:expired-token", label: `with a token expired at ${new Date(shape * 1000).toISOString()}` };
  }
  return { check: null, label: "with a token" };
}

/** A token's shape: not a JWT, unsigned, or signed with its `exp` (null when it has none). */
type TokenShape = "not-jwt" | "unsigned" | number | null;
/**
 * Shapes already decoded, by a digest of the token (the token itself is not kept): a client sends the same token
 * on every call, and the digest costs less than decoding it again.
 */
const tokenShapes = new Map<string, TokenShape>();

function tokenShape(token: string): TokenShape {
  const key = hash("sha1", token, "base64");
  let shape = tokenShapes.get(key);
  if (shape !== undefined) return shape;
  const jwt = decodeJwt(token);
  if (!jwt) shape = "not-jwt";
  else if (String(jwt.header.alg).toLowerCase() === "none" || jwt.signature === "") shape = "unsigned";
  else shape = typeof jwt.payload.exp === "number" ? jwt.payload.exp : null;
  if (tokenShapes.size >= 1024) tokenShapes.clear();
  tokenShapes.set(key, shape);
  return shape;
}

interface Body {
  readonly bytes: Buffer;
  readonly text: string;
  /** Parsed JSON; undefined when the text is empty or not JSON. */
  readonly json: unknown;
}

/** Decoded and parsed on first use only (a remembered clean answer is never parsed). */
class LazyBody implements Body {
  private decoded: string | undefined;
  private parsed = false;
  private value: unknown;
  constructor(readonly bytes: Buffer) {}
  get text(): string {
    return (this.decoded ??= this.bytes.toString("utf8"));
  }
  get json(): unknown {
    if (!this.parsed) {
      this.parsed = true;
      const text = this.text;
      if (text.trim() !== "") {
        try {
          this.value = JSON.parse(text);
        } catch {
          this.value = undefined;
        }
      }
    }
    return this.value;
  }
}

const isJsonType = (contentType: string | undefined) => !!contentType && /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());

/** Query parameters against the operation's (two actions read an int from the query string). */
function queryDrafts(op: Operation, url: URL): Draft[] {
  const drafts: Draft[] = [];
  const given = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
  for (const q of op.queryParameters) {
    const value = given.get(q.name.toLowerCase());
    if (value === undefined) {
      if (q.required) drafts.push({ severity: "error", category: "missing-property", pointer: `?${q.name}`, message: `required query parameter \`${q.name}\` is missing`, expected: "present", actual: "absent" });
      continue;
    }
    // Both query parameters of the contract are int32 ids (minimum 1).
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 2 ** 31 - 1) {
      drafts.push({ severity: "error", category: "wrong-type", pointer: `?${q.name}`, message: `query parameter \`${q.name}\` must be a positive int32, got ${JSON.stringify(trimForReport(value))}`, expected: "integer ≥ 1", actual: trimForReport(value) });
    }
  }
  return drafts;
}

function requestDrafts(ctx: TrafficCheckContext, op: Operation, x: ObservedExchange, body: Body): Draft[] {
  const drafts: Draft[] = [];
  if (x.method.toUpperCase() !== "POST") {
    drafts.push({ severity: "error", category: "schema", pointer: null, message: `${x.method} request: every action of the API is a POST`, expected: "POST", actual: x.method });
    return drafts;
  }
  drafts.push(...queryDrafts(op, x.url));
  // Actions without a DTO accept and ignore any body ("" and null included): nothing to judge.
  if (!op.bodyRequired) return drafts;
  if (body.text.trim() === "") {
    drafts.push({ severity: "error", category: "missing-property", pointer: "", message: `no request body: ${op.action} reads its DTO from the body`, expected: "a JSON object", actual: "empty" });
    return drafts;
  }
  const contentType = x.requestHeaders["content-type"];
  if (!isJsonType(contentType)) {
    drafts.push({ severity: "error", category: "content-type", pointer: null, message: `request content type ${contentType ?? "(none)"} instead of application/json: the server does not read the DTO`, expected: "application/json", actual: contentType ?? null });
  }
  if (body.json === undefined) {
    drafts.push({ severity: "error", category: "not-json", pointer: null, message: "the request body is not JSON", actual: trimForReport(body.text) });
    return drafts;
  }
  drafts.push(...classifyIssues(op, body.json, ctx.requestValidator.validateRequest(op, body.json).issues));
  return drafts;
}

/** The recorded exchange, as verify records its own (secrets redacted, long bodies trimmed). */
function recordExchange(ctx: TrafficCheckContext, x: ObservedExchange, req: Body | null, res: Body | null): Exchange {
  const r = ctx.redactor;
  const exchange: Exchange = {
    request: {
      method: x.method,
      url: r.text(x.url.toString()),
      headers: r.headers(x.requestHeaders),
      body: req === null ? "(larger than the copy kept for checking)" : req.text === "" ? null : r.value(trimForReport(req.json !== undefined ? req.json : req.text)),
    },
    response:
      x.status === null
        ? null
        : {
            status: x.status,
            headers: r.headers(x.responseHeaders),
            body: res === null ? "(larger than the copy kept for checking)" : r.value(trimForReport(res.json !== undefined ? res.json : res.text)),
          },
    durationMs: Math.round(x.durationMs * 10) / 10,
  };
  if (x.error) exchange.error = r.text(x.error);
  return exchange;
}

/** Judges one exchange of `op`. `startedAtMs` is when the request was made (token expiry is judged then). */
export function checkExchange(ctx: TrafficCheckContext, op: Operation, x: ObservedExchange, startedAtMs: number): ExchangeVerdict {
  const req = x.requestBody === null ? null : new LazyBody(x.requestBody);
  const res = x.responseBody === null ? null : new LazyBody(x.responseBody);
  let recorded: Exchange | undefined;
  const exchange = () => (recorded ??= recordExchange(ctx, x, req, res));
  const results: CheckResultOf[] = [];
  const notes: string[] = [];
  const skipped: CheckName[] = [];
  const verdict: ExchangeVerdict = { results, exchange, durationMs: Math.round(x.durationMs * 10) / 10, notes, skipped };
  const want = (check: CheckName) => {
    if (!ctx.excluded.has(check)) return true;
    if (!skipped.includes(check)) skipped.push(check);
    return false;
  };

  const isLogin = op.operationId === "Account_Login";
  let clientDrift = false;
  if (want("request")) {
    if (req === null) notes.push("a request body larger than the checking copy was forwarded unchecked");
    else if (x.requestIncomplete) notes.push("an answer came before the request body was complete: that request was not judged");
    else {
      // Login's body holds a password: not even a digest of it is kept.
      const memo = isLogin ? undefined : ctx.verdicts;
      const key = memo && VerdictMemo.key(["request", op.operationId, x.method, x.url.search, x.requestHeaders["content-type"] ?? ""], req.bytes);
      let drafts = key ? memo!.get(key) : undefined;
      if (!drafts) {
        drafts = requestDrafts(ctx, op, x, req);
        if (key) memo!.set(key, drafts);
      }
      clientDrift = drafts.some((d) => d.severity === "error");
      results.push({ check: "request", drafts });
    }
  }

  const answerCheck: CheckName = isLogin ? "login" : "response";
  if (x.status === null) {
    if (want(answerCheck)) {
      results.push({ check: answerCheck, drafts: [{ severity: "error", category: "network", pointer: null, message: `no answer from the deployment: ${x.error ?? "connection failed"}` }] });
    }
    return verdict;
  }
  const token = op.secured ? judgeToken(x.requestHeaders.authorization, startedAtMs) : null;
  const status = x.status;
  if (token?.check && want(token.check)) {
    // Auth: a protected operation must refuse a request without a valid token.
    const accepted = status >= 200 && status < 300;
    results.push({
      check: token.check,
      drafts: accepted
        ? [{ severity: "error", category: "security", pointer: null, message: `operation accepted a request ${token.label} (HTTP ${status})`, expected: 401, actual: status }]
        : [],
    });
  }
  if (res === null) {
    notes.push("an answer larger than the checking copy was forwarded unchecked");
    return verdict;
  }
  if (!want(answerCheck)) return verdict;

  const contentType = x.responseHeaders["content-type"] ?? null;
  if (status === 401 || status === 403 || status === 400) {
    const drafts: Draft[] = [];
    if (status === 400 && !clientDrift) {
      const message = (res.json as Partial<JsonResponse> | undefined)?.Message;
      drafts.push({ severity: "error", category: "http-status", pointer: null, message: `HTTP 400 to a request the contract accepts${typeof message === "string" ? `: ${message}` : ""}`, expected: 200, actual: 400 });
    } else if (status !== 400 && !(token?.check)) {
      notes.push(`answered HTTP ${status} to a request with a token (expired on the server, or signed with another key?)`);
    }
    const envelope = ctx.responseValidator.validateErrorEnvelope(res.json);
    if (!envelope.valid) {
      drafts.push({
        severity: "warning",
        category: "error-envelope",
        pointer: "",
        message: `the ${status} answer is not the error envelope {Message, Success:false, Warning:false, Data:null}${res.json === undefined ? " (not JSON)" : ""}`,
        expected: "ErrorEnvelope",
        actual: res.json === undefined ? "not JSON" : envelope.issues.map((i) => `${i.pointer || "/"} ${i.message}`).slice(0, 3).join("; "),
      });
    }
    results.push({ check: answerCheck, drafts });
    return verdict;
  }
  // Login's answer carries a new token each time and is judged with the request's password: never remembered.
  const memo = ctx.verdicts;
  const key = memo && !isLogin ? VerdictMemo.key(["response", op.operationId, String(status), contentType ?? ""], res.bytes) : undefined;
  const known = key ? memo!.get(key) : undefined;
  if (known) {
    results.push({ check: answerCheck, drafts: known });
    return verdict;
  }
  const call: CallResult = {
    get exchange() {
      return exchange();
    },
    status,
    contentType,
    text: res.text,
    json: res.json,
    redirects: [],
    durationMs: x.durationMs,
  };
  const okExample = op.responseExamples.ok?.value as JsonResponse | undefined;
  // Writes may answer a business warning in normal use (a duplicate, a row in use); reads only the documented ones.
  const warningAllowed = op.writes || Object.keys(op.responseExamples).some((name) => name.startsWith("warning"));
  const evaluation = evaluateAnswer(ctx.responseValidator, op, call, {
    warningAllowed,
    ...(op.writes && okExample ? { okMessage: okExample.Message } : {}),
  });
  const drafts = [...evaluation.drafts];
  const env = evaluation.envelope;
  if (isLogin && env?.Success === true && env.Warning !== true && env.Data && typeof env.Data === "object") {
    const data = env.Data as Record<string, unknown>;
    verdict.token = inspectToken(data.token, drafts, startedAtMs);
    const sent = req?.json && typeof req.json === "object" ? (req.json as Record<string, unknown>).Password : undefined;
    if (typeof data.clave === "string" && typeof sent === "string" && sent !== "" && data.clave === sent) {
      drafts.push({ severity: "error", category: "security", pointer: "/Data/clave", message: "the password is echoed back in Data.clave", expected: "not the password", actual: "the password" });
    }
  }
  results.push({ check: answerCheck, drafts });
  if (key) memo!.set(key, drafts);
  return verdict;
}
