// A small stand-in deployment for the validator's tests: every operation of the spec answers its `ok`
// example, behind a real HS256 bearer check, and each test drifts a few operations on purpose (a property
// missing or renamed, a wrong type, no auth, a slow answer...) to see the validator catch exactly that.
import { createSecretKey, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import jwt from "jsonwebtoken";
import type { JsonResponse } from "../../contract/envelope.js";
import { listOperations } from "../../contract/spec.js";

export const FAKE_USER = "verifier";
export const FAKE_PASSWORD = "s3cret-Passw0rd!";

/** An answer as the stand-in sends it: the envelope, plus whatever a drift adds. */
export type Envelope = JsonResponse & Record<string, unknown>;

export interface Drift {
  /** Rewrites the `ok` example before it is sent (return the new body). */
  mutate?: (body: Envelope, request: FastifyRequest) => unknown;
  /** Answer without checking the bearer token. */
  noAuth?: boolean;
  /** Accept any `Bearer` value without verifying it (what a mock does). */
  presenceOnly?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer 307 to this absolute URL. */
  redirectTo?: string;
  /** Answer this status and raw text instead of the envelope. */
  raw?: { status: number; body: string; contentType?: string };
}

export interface FakeServer {
  app: FastifyInstance;
  baseUrl: string;
  /** Requests received, per operationId. */
  hits: Map<string, number>;
  /** Tokens issued by Login. */
  issued: string[];
  /** Authorization headers received (to prove where the credentials went). */
  seen: { path: string; authorization: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

const unauthorized = (message: string) => ({ Message: message, Success: false, Warning: false, Data: null });

export async function startFakeServer(drifts: Record<string, Drift> = {}): Promise<FakeServer> {
  const key = createSecretKey(randomBytes(32));
  const app = Fastify({ logger: false });
  const hits = new Map<string, number>();
  const seen: FakeServer["seen"] = [];
  const issued: string[] = [];
  for (const op of listOperations()) {
    const drift = drifts[op.operationId] ?? {};
    app.post(op.path, async (request: FastifyRequest, reply: FastifyReply) => {
      hits.set(op.operationId, (hits.get(op.operationId) ?? 0) + 1);
      seen.push({ path: op.path, authorization: request.headers.authorization, body: request.body });
      if (op.secured && !drift.noAuth) {
        const header = request.headers.authorization;
        const m = /^Bearer (\S+)$/.exec(header ?? "");
        if (!m) return reply.code(401).send(unauthorized("No autorizado: falta el token (Authorization: Bearer <token>)."));
        if (!drift.presenceOnly) {
          try {
            jwt.verify(m[1]!, key, { algorithms: ["HS256"] });
          } catch {
            return reply.code(401).send(unauthorized("No autorizado: la firma del token no es válida."));
          }
        }
      }
      if (drift.delayMs) await new Promise((r) => setTimeout(r, drift.delayMs));
      if (drift.redirectTo) return reply.code(307).header("location", drift.redirectTo).send();
      if (drift.raw) {
        return reply
          .code(drift.raw.status)
          .header("content-type", drift.raw.contentType ?? "text/plain; charset=utf-8")
          .send(drift.raw.body);
      }
      let body = structuredClone(op.responseExamples.ok!.value) as Envelope;
      if (op.operationId === "Account_Login") {
        const creds = (request.body ?? {}) as { Username?: string; Password?: string };
        if (creds.Username !== FAKE_USER || creds.Password !== FAKE_PASSWORD) {
          body = structuredClone(op.responseExamples.warning!.value) as Envelope;
        } else {
          const data = body.Data as Record<string, unknown>;
          data.usuario = FAKE_USER;
          data.clave = "***";
          data.token = jwt.sign({ sub: "1", id_usuario: 1, usuario: FAKE_USER, id_rol: 1 }, key, { algorithm: "HS256", expiresIn: "1h" });
          issued.push(data.token as string);
        }
      }
      return reply.header("content-type", "application/json; charset=utf-8").send(JSON.stringify(drift.mutate ? drift.mutate(body, request) : body));
    });
  }
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, hits, seen, issued, close: () => app.close() };
}
