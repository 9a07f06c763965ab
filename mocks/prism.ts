// The mock of the API: Prism serving the bundled spec (generated/openapi.json) on an internal loopback port,
// behind the envelope front (mocks/front.ts) on the public port.
//
//   npm run mock                    static mode: answers with the spec's examples (127.0.0.1:4010)
//   npm run mock:dynamic            dynamic mode: data generated from the schemas, no invented properties
//   npm run mock -- --port 0        any free port; also --host <ip>, --quiet (log errors only), --seed <s>
//
// It runs the Prism CLI shipped in node_modules (not npx, whose wrapper would survive as an orphan) as a child,
// and stops it by its PID when told to stop (SIGINT/SIGTERM/SIGHUP) or when the process that started it goes
// away. `startMock()` does the same for tests and tools; `startPrism()` starts bare Prism (no front).
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { listenMockFront, type FrontServer } from "./front.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The bundled spec Prism serves. */
export const mockSpecPath = join(root, "generated", "openapi.json");

export interface PrismOptions {
  /**
   * The bundled spec to serve (default generated/openapi.json). Prism reloads it when the file changes, dropping
   * connections meanwhile; tests pass a snapshot so that a concurrent `npm run generate` cannot disturb them.
   */
  spec?: string;
  /** Port to listen on; 0 (default for `startPrism`) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Generate data from the schemas (`-d`) instead of serving the examples. */
  dynamic?: boolean;
  /** Seed for dynamic mode, for repeatable answers. */
  seed?: string;
  /** Prism log level (default `info`; `error` keeps request logs quiet). */
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** Where Prism's output goes: inherited (CLI) or captured (kept for error messages). */
  stdio?: "inherit" | "capture";
  /** How long to wait for Prism to accept requests (default 60 s). */
  startTimeoutMs?: number;
}

export interface PrismMock {
  /** Base URL, e.g. `http://127.0.0.1:4010` (paths are `/api/...`). */
  url: string;
  port: number;
  pid: number;
  /** Output captured so far (empty with `stdio: "inherit"`). */
  output(): string;
  /** Stops Prism by its PID (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Path of the Prism CLI script inside node_modules. */
export function prismBin(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  return join(dirname(pkgPath), pkg.bin.prism ?? "dist/index.js");
}

/** The arguments given to the Prism CLI. */
export function prismArgs(options: PrismOptions & { port: number }): string[] {
  const args = ["mock", options.spec ?? mockSpecPath, "--host", options.host ?? "127.0.0.1", "--port", String(options.port)];
  args.push("--verboseLevel", options.logLevel ?? "info");
  if (options.dynamic) args.push("--dynamic", "--json-schema-faker-fillProperties=false");
  if (options.seed !== undefined) args.push("--seed", options.seed);
  return args;
}

/** A port that was free a moment ago on the host. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

/** Starts Prism and resolves once it answers HTTP requests. */
export async function startPrism(options: PrismOptions = {}): Promise<PrismMock> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port && options.port > 0 ? options.port : await freePort(host);
  const capture = options.stdio !== "inherit";
  const child = spawn(process.execPath, [prismBin(), ...prismArgs({ ...options, host, port })], {
    cwd: root,
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("Prism did not start");
  let output = "";
  if (capture) {
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
    }, 5_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prism exited (${child.exitCode ?? child.signalCode}) before listening:\n${output}`);
    }
    try {
      // Any HTTP answer means it is listening. A CORS preflight is answered by Prism without an error line in its
      // log (a plain request for / would log "no path matched").
      await fetch(`${url}/`, { method: "OPTIONS", headers: { origin: "http://127.0.0.1", "access-control-request-method": "POST" }, signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`Prism did not answer on ${url} within the time limit:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, port, pid, output: () => output, stop };
}

export interface MockServer {
  /** Base URL of the front, e.g. `http://127.0.0.1:4010` (paths are `/api/...`). */
  url: string;
  port: number;
  /** Prism behind the front, on its internal port. */
  prism: PrismMock;
  front: FrontServer;
  /** Closes the front, then stops Prism by its PID. */
  stop(): Promise<void>;
}

export interface MockOptions extends Omit<PrismOptions, "port" | "host"> {
  /** Public port of the front; 0 (default) picks a free one. */
  port?: number;
  /** Interface the front listens on (default 127.0.0.1). Prism always listens on 127.0.0.1. */
  host?: string;
  /** One line per answered request (default: silent). */
  log?: (line: string) => void;
}

/** Starts Prism on a free loopback port and the envelope front in front of it. */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const { port, host, log, ...prismOptions } = options;
  const prism = await startPrism({ ...prismOptions, host: "127.0.0.1", port: 0 });
  let front: FrontServer;
  try {
    front = await listenMockFront({ prismUrl: prism.url, port: port ?? 0, host: host ?? "127.0.0.1", ...(log ? { log } : {}) });
  } catch (err) {
    await prism.stop();
    throw err;
  }
  return {
    url: front.url,
    port: front.port,
    prism,
    front,
    stop: async () => {
      await front.close();
      await prism.stop();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dynamic: { type: "boolean", default: false },
      port: { type: "string", default: process.env.PORT ?? "4010" },
      host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
      seed: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);
  const host = values.host ?? "127.0.0.1";
  const quiet = values.quiet === true;
  // Prism's own request log would miss what the front refuses: the front logs every request instead.
  const mock = await startMock({
    port,
    host,
    dynamic: values.dynamic === true,
    logLevel: quiet ? "error" : "warn",
    stdio: "inherit",
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(quiet ? {} : { log: (line: string) => console.log(line) }),
  });
  console.log(`Mock (Prism ${values.dynamic ? "dynamic" : "static"} mode behind the envelope front) of ${mockSpecPath} on ${mock.url}`);
  console.log(`Prism (pid ${mock.prism.pid}) listens on ${mock.prism.url}; the front is pid ${process.pid}`);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    mock.stop().then(
      () => process.exit(code),
      () => process.exit(1),
    );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(0));
  // `npm run mock` puts a shell between npm and this process; when npm is told to stop, the shell dies without
  // passing the signal on. Treat losing the parent as a stop request so Prism is never left behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop(0);
  }, 1_000).unref();
  // Prism dying on its own leaves nothing to serve.
  const watch = setInterval(() => {
    try {
      process.kill(mock.prism.pid, 0);
    } catch {
      console.error("Prism stopped: stopping the mock");
      stop(1);
    }
  }, 1_000);
  watch.unref();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
