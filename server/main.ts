// `npm start`: the reference server on a SQLite file, configured from the environment (see config.ts).
// `npm run sandbox` (`--sandbox`, or ROMSOFT_SANDBOX=1): the same server as a development sandbox.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { planAdminPassword, type AdminPasswordPlan } from "./admin-password.js";
import { ConfigError, readConfig, type ServerConfig } from "./config.js";
import { describeCorsOrigins } from "./plugins/cors.js";
import type { DniProvider } from "./context.js";
import { DEFAULT_ADMIN_PASSWORD } from "./db/database.js";

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

async function dniProvider(config: ServerConfig): Promise<DniProvider | undefined> {
  if (!config.dni) return undefined;
  const { createHttpDniProvider } = await import("./dni/provider.js");
  return createHttpDniProvider({
    url: config.dni.url,
    timeoutMs: config.dni.timeoutMs,
    ...(config.dni.token !== undefined ? { token: config.dni.token } : {}),
  });
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    const { values } = parseArgs({ options: { sandbox: { type: "boolean", default: false } } });
    config = readConfig(process.env, { sandbox: values.sandbox === true });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`romsoft-contract: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  let admin: AdminPasswordPlan;
  try {
    admin = planAdminPassword(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      // Before anything is created or listened on: default credentials never face a network.
      process.stderr.write(`romsoft-contract: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const notices: string[] = [];
  const dni = await dniProvider(config);
  const app: FastifyInstance = await buildApp({
    dbPath: config.dbPath,
    ...(admin.kind !== "existing" ? { adminPassword: admin.password } : {}),
    jwt: config.jwt,
    ...(dni ? { dni } : {}),
    logger: { level: config.logLevel },
    onNotice: (message) => notices.push(message),
    cors: config.cors,
    ...(config.sandbox ? { sandbox: config.sandbox } : {}),
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, "shutting down");
    // Stops accepting connections, waits for requests in flight, then closes the database (onClose).
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    process.stderr.write(`romsoft-contract: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}\n`);
    await app.close();
    process.exit(1);
  }

  const address = app.server.address();
  const port = address && typeof address === "object" ? address.port : config.port;
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  const loginCommand = (password: string) =>
    `  curl -X POST ${url}/api/Account/Login -H "Content-Type: application/json" -d '{"Username":"admin","Password":"${password}"}'`;

  say();
  if (config.sandbox) {
    say(`Romsoft Gestión Clínica API, DEVELOPMENT SANDBOX (not for production data) listening on ${url}`);
    say(`  sessions: X-Sandbox-Session: <id> = an isolated copy of the seed (up to ${config.sandbox.maxSessions}, dropped after ${config.sandbox.idleMs / 1000} s idle)`);
    say("  reset:    POST /sandbox/reset (with a token) restores the calling session to the seed");
    say("  scenario: Prefer: example=<name> | code=<status> | delay=<ms>");
    say(`  database: ${config.dbPath === ":memory:" ? "a fresh seed in memory" : `a copy of ${resolve(config.dbPath)} (never written)`}`);
  } else {
    say(`Romsoft Gestión Clínica API (reference server) listening on ${url}`);
    say(`  database: ${config.dbPath === ":memory:" ? ":memory: (discarded on exit)" : resolve(config.dbPath)}`);
  }
  say(`  CORS:     ${describeCorsOrigins(config.cors)}`);
  say(`  docs:     ${url}/docs`);
  say(`  spec:     ${url}/openapi.json  (also /openapi.yaml)`);
  say();
  switch (admin.kind) {
    case "default":
      say(`Log in (default credentials admin/${admin.password}, as in the quick start):`);
      say(loginCommand(admin.password));
      break;
    case "given":
      say("Log in as admin with the password in ROMSOFT_ADMIN_PASSWORD (this database was created with it):");
      say(loginCommand("<password>"));
      break;
    case "existing":
      say("Log in as admin with the password this database already has (set when it was created, or changed since):");
      say(loginCommand("<password>"));
      break;
  }
  say("then send Data.token as 'Authorization: Bearer <token>' on every other call.");
  say();
  for (const n of notices) {
    if (n.includes("default password")) continue; // said below, with what to do about it
    say(n.startsWith("WARNING") ? n : `note: ${n}`);
  }
  if (admin.kind === "existing" && admin.ignored) {
    say("note: ROMSOFT_ADMIN_PASSWORD is set but NOT applied: it only sets the password of a new database, and this one already exists.");
  }
  // The sandbox's banner already says it is not for production data; its users are a copy, changed nowhere.
  if (!config.sandbox && (admin.kind === "default" || (admin.kind === "existing" && admin.stillDefault))) {
    say(`WARNING: admin has the default password '${DEFAULT_ADMIN_PASSWORD}'. Before exposing this server, start a new database`);
    say("         with ROMSOFT_ADMIN_PASSWORD set, or change the password (SEG_USUARIO/Update).");
  }
  say("Stop with Ctrl+C.");
}

main().catch((err: unknown) => {
  process.stderr.write(`romsoft-contract: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
