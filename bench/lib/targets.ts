// The three things measured side by side, each started as a child process on 127.0.0.1 and a free port:
//   server  the reference server exactly as `npm start` runs it (compiled, dist/server/main.js) on a SQLite
//           file prepared beforehand
//   prism   the Prism mock of the same spec (static examples, `-v error`)
//   mock    `npm run mock`: the envelope front (mocks/front.ts) with its own Prism child behind it, as above
//   bare    bare fastify answering fixed JSON (bench/targets/bare-server.ts): the ceiling of this machine
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { prismArgs, prismBin } from "../../mocks/prism.js";
import { freePort, startChild, type Child } from "./processes.js";
import { isCleanSuccess, postJson, waitReady, type HttpAnswer, type ReadyProbe } from "./http.js";

export const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
export const PROBE_PATH = "/api/CVN_PLAN_SEGURO/GetAllActives";

export interface Target {
  kind: "server" | "prism" | "mock" | "bare";
  child: Child;
  baseUrl: string;
  /** Authorization header value to send. */
  authorization: string;
  /** Spawn to first accepted answer, ms. */
  startupMs: number;
  stop(): Promise<void>;
}

const TSX = ["--import", "tsx"];

/** "Ready" means a real answer: HTTP 200 with a clean-success envelope. */
const successfulAnswer = (a: HttpAnswer) => a.status === 200 && isCleanSuccess(a.json);

export function serverAvailable(): boolean {
  return existsSync(join(ROOT, "server", "main.ts"));
}

let built = false;

/**
 * The node arguments of `npm start` (package.json's start script), after `npm run build`: the benchmark starts
 * the same compiled server users start, without npm in between (its PID is the server's).
 */
export function serverCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.start ?? "").trim().split(/\s+/);
  if (words[0] !== "node" || words.length < 2) {
    throw new Error(`package.json's start script must be "node <args>", got "${pkg.scripts?.start ?? ""}"`);
  }
  if (!built) {
    execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
    built = true;
  }
  return words.slice(1);
}


export interface ServerStart {
  dbPath: string;
  adminPassword: string;
  jwtSecret: string;
  /** id_usuario of `admin` in that database: the readiness probe signs its own token for it. */
  admin: { id_usuario: number; id_rol: number };
  /** Write a V8 CPU profile of the server into this folder (on exit). */
  cpuProfDir?: string;
  /** Log in as admin once ready and use that token (default true). */
  login?: boolean;
  /** Start it as `npm run sandbox` does (`--sandbox`; the database file is copied into memory, never written). */
  sandbox?: boolean;
}

export function newJwtSecret(): string {
  return randomBytes(48).toString("base64url");
}

/** Starts the server as `npm start` does; ready = first HTTP 200 of an authenticated GetAllActives. */
export async function startServer(opts: ServerStart): Promise<Target> {
  const command = opts.sandbox ? [...serverCommand(), "--sandbox"] : serverCommand();
  const port = await freePort();
  const args = opts.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`, ...command] : command;
  const child = startChild({
    name: opts.sandbox ? "sandbox" : "reference server",
    command: process.execPath,
    args,
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      ROMSOFT_DB: opts.dbPath,
      ROMSOFT_ADMIN_PASSWORD: opts.adminPassword,
      ROMSOFT_JWT_SECRET: opts.jwtSecret,
      LOG_LEVEL: "error",
      NODE_ENV: "production",
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // The server's own token format, signed with the secret it was given: readiness must not include the
    // ~0.1 s scrypt of a log-in.
    const { createJwtService } = await import("../../server/auth/jwt.js");
    const probeToken = createJwtService({ secret: opts.jwtSecret }).issue({ usuario: "admin", ...opts.admin });
    const probe: ReadyProbe = {
      url: baseUrl + PROBE_PATH,
      body: {},
      headers: { authorization: `Bearer ${probeToken}` },
      accept: successfulAnswer,
    };
    const startupMs = await waitReady(child, probe);
    let authorization = `Bearer ${probeToken}`;
    if (opts.login !== false) authorization = `Bearer ${await login(baseUrl, "admin", opts.adminPassword)}`;
    return { kind: "server", child, baseUrl, authorization, startupMs, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** POST /api/Account/Login; returns Data.token. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const answer = await postJson(`${baseUrl}/api/Account/Login`, { Username: username, Password: password });
  const token = (answer.json as { Data?: { token?: unknown } } | undefined)?.Data?.token;
  if (answer.status !== 200 || typeof token !== "string") {
    throw new Error(`log-in failed: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return token;
}

/**
 * Starts the Prism mock exactly as `npm run mock` does (same binary and arguments, mocks/prism.ts) with `-v error`;
 * ready = first clean-success answer of GetAllActives.
 */
export async function startPrism(): Promise<Target> {
  const port = await freePort();
  const child = startChild({
    name: "prism",
    command: process.execPath,
    args: [prismBin(), ...prismArgs({ port, host: "127.0.0.1", logLevel: "error" })],
    cwd: ROOT,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Prism checks only that a bearer token is present.
  const authorization = "Bearer x";
  try {
    const startupMs = await waitReady(child, {
      url: baseUrl + PROBE_PATH,
      body: {},
      headers: { authorization },
      accept: successfulAnswer,
    });
    return { kind: "prism", child, baseUrl, authorization, startupMs, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/**
 * Starts `npm run mock` (mocks/prism.ts: the front, which starts its own Prism on an internal port) without npm
 * in between: the child's PID is the front's (its RSS is the front's alone; stopping it stops its Prism).
 */
export async function startMockFront(): Promise<Target> {
  const port = await freePort();
  const child = startChild({
    name: "mock front",
    command: process.execPath,
    args: [...TSX, join(ROOT, "mocks", "prism.ts"), "--port", String(port), "--quiet"],
    cwd: ROOT,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const authorization = "Bearer x";
  try {
    const startupMs = await waitReady(child, { url: baseUrl + PROBE_PATH, body: {}, headers: { authorization }, accept: successfulAnswer });
    return { kind: "mock", child, baseUrl, authorization, startupMs, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** Starts bare fastify answering the bodies in responsesFile ({path: body text}). */
export async function startBare(responsesFile: string): Promise<Target> {
  const port = await freePort();
  const child = startChild({
    name: "bare fastify",
    command: process.execPath,
    args: [...TSX, join(ROOT, "bench", "targets", "bare-server.ts")],
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), BENCH_RESPONSES: responsesFile, NODE_ENV: "production" },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const startupMs = await waitReady(child, { url: baseUrl + PROBE_PATH, body: {} });
    return { kind: "bare", child, baseUrl, authorization: "Bearer x", startupMs, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}
