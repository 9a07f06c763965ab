// Starts the reference server for a test: in-memory database (unless told otherwise), every 200 answer
// validated against the contract, listening on an ephemeral loopback port, logged in as admin.
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppOptions } from "../../server/app.js";

export interface TestServer {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** A bearer token of the admin user ("" when started with `login: false`). */
  token: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Log in as admin to fill `token` (default true). */
  login?: boolean;
}

/** POST /api/Account/Login; returns `Data.token` or throws with the answer. */
export async function loginToken(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/Account/Login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ Username: user, Password: password }),
  });
  const body = (await res.json()) as { Success?: boolean; Warning?: boolean; Message?: unknown; Data?: { token?: unknown } | null };
  const token = body.Data?.token;
  if (res.status !== 200 || typeof token !== "string" || token === "") {
    throw new Error(`login as ${user} failed: HTTP ${res.status} ${JSON.stringify({ ...body, Data: body.Data ? "..." : null })}`);
  }
  return token;
}

export async function startTestServer(options: Partial<AppOptions> = {}, start: StartOptions = {}): Promise<TestServer> {
  const app = await buildApp({
    dbPath: ":memory:",
    validateResponses: true,
    onNotice: () => undefined,
    ...options,
  });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const token = start.login === false ? "" : await loginToken(baseUrl, "admin", options.adminPassword ?? "admin");
    return { app, baseUrl, token, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
