// `npm start` as a new user runs it: the compiled server (built as prestart does), started with the command of
// package.json's start script, in a folder of its own (so `./data/romsoft.db` is a fresh database) and with no
// ROMSOFT_* setting. Only PORT=0 is set, so that the test gets a free port.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../contract/paths.js";

export interface StartedServer {
  pid: number;
  baseUrl: string;
  /** stdout and stderr so far. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const BANNER_END = "Stop with Ctrl+C.";

export async function npmStart(cwd: string): Promise<StartedServer> {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "pipe" });
  const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts.start!.trim().split(/\s+/);
  if (node !== "node") throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  const absolute = args.map((a) => (a.endsWith(".js") ? join(projectRoot, a) : a));
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(ROMSOFT_|HOST$|PORT$|LOG_LEVEL$)/.test(e[0])),
  );
  const child = spawn(process.execPath, absolute, { cwd, env: { ...env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid!;
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen within 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString("utf8");
      const m = LISTENING.exec(out);
      // Resolved once the banner is complete (it is printed after listening).
      if (m && out.includes(BANNER_END)) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited before listening:\n${out}`));
    });
  }).catch(async (err: unknown) => {
    if (child.exitCode === null) {
      process.kill(pid, "SIGKILL");
      await exited;
    }
    throw err;
  });
  return {
    pid,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
