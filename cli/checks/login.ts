// Login: the only call that carries the credentials. Its answer must be a valid envelope whose Data
// matches the schema, with a well-formed JWT in Data.token and the password not echoed back in `clave`.
// Refused credentials, or a login that yields nothing to work with, stop the run before any check (exit 2).
import type { Operation } from "../../contract/spec.js";
import type { Draft } from "../analyze.js";
import { evaluateAnswer } from "../analyze.js";
import type { RunContext } from "../context.js";
import { decodeJwt } from "../jwt.js";
import type { TokenInfo } from "../model.js";

export class LoginRefused extends Error {
  override readonly name = "LoginRefused";
}

export interface LoginOutcome {
  token: string | null;
  info: TokenInfo;
}

const iso = (seconds: unknown) => (typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null);

/** Describes a token without verifying it; adds token findings to `drafts`. */
export function inspectToken(token: unknown, drafts: Draft[], now = Date.now()): TokenInfo {
  const info: TokenInfo = { present: false, wellFormed: false, algorithm: null, issuedAt: null, expiresAt: null, expiresInSeconds: null };
  if (typeof token !== "string" || token.trim() === "") {
    drafts.push({
      severity: "error",
      category: "token",
      pointer: "/Data/token",
      message: "Login answered without a token in Data.token",
      expected: "a JWT",
      actual: token === undefined ? "absent" : token,
    });
    return info;
  }
  info.present = true;
  const jwt = decodeJwt(token);
  if (!jwt) {
    drafts.push({ severity: "error", category: "token", pointer: "/Data/token", message: "Data.token is not a well-formed JWT (header.payload.signature)", expected: "a JWT", actual: "not a JWT" });
    return info;
  }
  info.wellFormed = true;
  info.algorithm = String(jwt.header.alg);
  info.issuedAt = iso(jwt.payload.iat);
  info.expiresAt = iso(jwt.payload.exp);
  if (typeof jwt.payload.exp === "number") info.expiresInSeconds = Math.round(jwt.payload.exp - now / 1000);
  if (info.algorithm.toLowerCase() === "none" || jwt.signature === "") {
    drafts.push({ severity: "error", category: "security", pointer: "/Data/token", message: "the token is unsigned (alg: none)", expected: "a signed JWT", actual: info.algorithm });
  }
  if (info.expiresInSeconds === null) {
    drafts.push({ severity: "warning", category: "token", pointer: "/Data/token", message: "the token has no expiry (exp claim)", expected: "exp", actual: "absent" });
  } else if (info.expiresInSeconds <= 0) {
    drafts.push({ severity: "error", category: "token", pointer: "/Data/token", message: `the token is already expired (exp ${info.expiresAt})`, expected: "exp in the future", actual: info.expiresAt });
  }
  return info;
}

export async function login(ctx: RunContext, loginOp: Operation, report: boolean): Promise<LoginOutcome> {
  const { username, password } = ctx.options;
  ctx.redactor.add(password);
  const res = await ctx.client.call({ path: loginOp.path, body: { Username: username, Password: password }, operationId: loginOp.operationId });
  if (res.error === "network") throw new LoginRefused(`cannot reach ${ctx.client.url(loginOp.path).origin}: ${res.errorDetail ?? "network error"}`);
  if (res.error === "timeout") throw new LoginRefused(`Login got no answer within ${ctx.options.timeoutMs} ms`);
  if (res.error === "redirect") throw new LoginRefused(`Login was redirected ${res.errorDetail ?? ""}; credentials are never sent to another host`);
  const body = res.json as { Success?: unknown; Warning?: unknown; Message?: unknown; Data?: Record<string, unknown> | null } | undefined;
  if (res.status === 401 || res.status === 403) {
    throw new LoginRefused(`credentials refused: HTTP ${res.status}${typeof body?.Message === "string" ? ` (${body.Message})` : ""}`);
  }
  const evaluation = evaluateAnswer(ctx.validator, loginOp, res, { warningAllowed: true });
  const env = evaluation.envelope;
  if (env && env.Success === true && env.Warning === true) {
    throw new LoginRefused(`credentials refused: ${env.Message ?? "business warning without a message"}`);
  }
  if (!env || env.Success !== true || !env.Data || typeof env.Data !== "object") {
    const why = evaluation.drafts[0]?.message ?? "Data is empty";
    throw new LoginRefused(`Login failed, nothing can be checked: ${why}`);
  }
  const data = env.Data as Record<string, unknown>;
  const drafts = [...evaluation.drafts];
  const info = inspectToken(data.token, drafts);
  if (typeof data.clave === "string" && password !== null && data.clave === password) {
    drafts.push({ severity: "error", category: "security", pointer: "/Data/clave", message: "the password is echoed back in Data.clave", expected: "not the password", actual: "the password" });
  }
  const token = typeof data.token === "string" && data.token.trim() !== "" ? data.token : null;
  ctx.redactor.add(token);
  if (report) ctx.collector.add(loginOp, "login", drafts, res.exchange);
  return { token, info };
}
