// The Romsoft-Ignored-Properties response header: the top-level request properties that carried a value the
// action does not read. The table of what each action reads is the spec's `x-reads`; these tests check the
// header's answers, that the table agrees with the spec's own prose and schemas, and that no handler reads a
// top-level property its `x-reads` leaves out (every handler runs once with a recording body).
import type { FastifyReply, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { evaluateAnswer } from "../../cli/analyze.js";
import type { CallResult } from "../../cli/http.js";
import { createRomsoftClient, parseIgnoredProperties } from "@romsoft-contract/client";
import { createServiceHandlers } from "../../server/domain/index.js";
import { headerValue, ignoredProperties } from "../../contract/ignored-properties.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { dotnetClientBodies, pathWithExampleQuery } from "../support/dotnet-client-bodies.js";

const HEADER = "romsoft-ignored-properties";
const AUDIT = new Set(["FechaCreacion", "UsuarioCreacion", "IdUsuarioActual", "id_usuarioCreacion", "FechaModificacion", "UsuarioModificacion", "id_usuarioModifica"]);
let server: TestServer;
/** operationId → top-level body properties its handler read. */
const readByHandler = new Map<string, Set<string>>();

function recording(operationId: string, body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const seen = readByHandler.get(operationId) ?? new Set<string>();
  readByHandler.set(operationId, seen);
  // A read by name is a `get` alone; copying the whole body (spread, Object.entries) asks for each key's
  // descriptor first, and those gets are not reads of a property the action uses.
  let enumerating: string | symbol | undefined;
  return new Proxy(body as Record<string, unknown>, {
    getOwnPropertyDescriptor(target, key) {
      enumerating = key;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      if (typeof key === "string" && key !== enumerating) seen.add(key);
      enumerating = undefined;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

beforeAll(async () => {
  server = await startTestServer({
    serviceHandlers: (ctx) => {
      const real = createServiceHandlers(ctx) as Record<string, (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>>;
      return Object.fromEntries(
        Object.entries(real).map(([id, handler]) => [
          id,
          (request: FastifyRequest, reply: FastifyReply) => {
            request.body = recording(id, request.body);
            return handler(request, reply);
          },
        ]),
      );
    },
  });
});
afterAll(() => server?.close());

async function post(path: string, body: string, token = server.token) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, header: res.headers.get(HEADER), body: (await res.json()) as Record<string, unknown> };
}

describe("Romsoft-Ignored-Properties", () => {
  it("names both filters of the quick start's patient search, which reads only valorRequest", async () => {
    const r = await post("/api/ADM_PACIENTE/GetAllFilters", '{\n    "apellidos": "Garcia",\n    "estado": "A"\n  }');
    expect(r.status).toBe(200);
    expect(r.header).toBe("apellidos, estado");
    expect(Object.keys(r.body)).toEqual(["Message", "Success", "Warning", "Data"]);
  });

  it("is absent when every property with a value is read", async () => {
    expect((await post("/api/ADM_PACIENTE/GetAllFilters", '{"valorRequest":"Garcia"}')).header).toBeNull();
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "{}")).header).toBeNull();
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", '""')).header).toBeNull();
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", "")).header).toBeNull();
  });

  it("names DTO properties the action ignores and names in another letter case", async () => {
    const r = await post("/api/ADM_PACIENTE/GetAllFilters", '{"ValorRequest":"Garcia","t_nombres":"Maria","valorRequest":"Lopez"}');
    expect(r.header).toBe("ValorRequest, t_nombres");
  });

  it("does not count what a .NET client sends for unset properties, nor Newtonsoft's $id", async () => {
    const body = { $id: "1", valorRequest: "Garcia", id_paciente: 0, t_nombres: null, t_paciente: "", d_fecha_nacimiento: "0001-01-01T00:00:00", f_estado: 0, lista: [], flag: false };
    expect((await post("/api/ADM_PACIENTE/GetAllFilters", JSON.stringify(body))).header).toBeNull();
    const withValues = { ...body, id_paciente: 5, flag: true, lista: [1], d_fecha_nacimiento: "1980-01-01T00:00:00" };
    expect((await post("/api/ADM_PACIENTE/GetAllFilters", JSON.stringify(withValues))).header).toBe("id_paciente, d_fecha_nacimiento, lista, flag");
  });

  it("names anything sent to an action without parameters", async () => {
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", '{"estado":"A"}')).header).toBe("estado");
  });

  it("percent-encodes names and caps the list at 50", async () => {
    expect((await post("/api/CVN_PLAN_SEGURO/GetAllActives", '{"año":1,"a,b":2,"x y":3}')).header).toBe("a%C3%B1o, a%2Cb, x%20y");
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i + 1]));
    const header = (await post("/api/CVN_PLAN_SEGURO/GetAllActives", JSON.stringify(many))).header!;
    expect(header.split(", ")).toEqual([...Array.from({ length: 50 }, (_, i) => `p${i}`), "..."]);
  });

  it("is not sent on requests refused before the action runs (400, 401)", async () => {
    const bad = await post("/api/ADM_PACIENTE/GetAllFilters", '{"valorRequest":5,"apellidos":"Garcia"}');
    expect(bad.status).toBe(400);
    expect(bad.header).toBeNull();
    const anonymous = await post("/api/ADM_PACIENTE/GetAllFilters", '{"apellidos":"Garcia"}', "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.header).toBeNull();
  });

  it("the pure functions agree with the server", () => {
    expect(ignoredProperties({ a: 1, b: null, c: "x" }, new Set(["c"]))).toEqual(["a"]);
    expect(ignoredProperties([1, 2], new Set())).toEqual([]);
    expect(headerValue(["a", "ñ"])).toBe("a, %C3%B1");
  });

  it("the typed client exposes it on the reply", async () => {
    const api = createRomsoftClient({ baseUrl: server.baseUrl, token: server.token });
    const reply = await api.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "Garcia", t_nombres: "María", id_genero: 0 });
    expect(reply.status).toBe(200);
    expect(reply.status === 200 && reply.ignoredProperties).toEqual(["t_nombres"]);
    const clean = await api.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "Garcia" });
    expect(clean.status === 200 && clean.ignoredProperties).toEqual([]);
    expect(parseIgnoredProperties("a%C3%B1o, a%2Cb, p1, ...")).toEqual(["año", "a,b", "p1"]);
    expect(parseIgnoredProperties(null)).toEqual([]);
  });

  it("is not drift for verify: an answer carrying it has no findings", () => {
    const op = listOperations().find((o) => o.operationId === "ADM_PACIENTE_GetAllFilters")!;
    const json = { Message: null, Success: true, Warning: false, Data: [] };
    const res: CallResult = {
      exchange: {
        request: { method: "POST", url: `${server.baseUrl}${op.path}`, headers: {}, body: { apellidos: "Garcia" } },
        response: { status: 200, headers: { "content-type": "application/json; charset=utf-8", [HEADER]: "apellidos" }, body: json },
      } as unknown as CallResult["exchange"],
      status: 200,
      contentType: "application/json; charset=utf-8",
      text: JSON.stringify(json),
      json,
      redirects: [],
      durationMs: 1,
    };
    const evaluation = evaluateAnswer(new ContractValidator({ strictResponses: true }), op, res, { warningAllowed: false });
    expect(evaluation.drafts).toEqual([]);
    expect(evaluation.ok).toBe(true);
  });
});

describe("the table of what each action reads (x-reads)", () => {
  const doc = loadSpec();

  /** Top-level property names of an operation's request schema (allOf parts resolved). */
  function requestProperties(schema: JsonObject): Set<string> {
    const out = new Set<string>();
    const visit = (node: JsonObject) => {
      const n = resolveRef<JsonObject>(doc, node);
      for (const part of (n.allOf as JsonObject[] | undefined) ?? []) visit(part);
      for (const name of Object.keys((n.properties as JsonObject | undefined) ?? {})) out.add(name);
    };
    visit(schema);
    return out;
  }

  it("names, for every operation, request properties of its schema, in the order the prose lists them", () => {
    for (const op of listOperations()) {
      const item = resolveRef<JsonObject>(doc, { $ref: op.pointer });
      const body = item.requestBody as { content: Record<string, { schema: JsonObject }> };
      const props = requestProperties(body.content["application/json"]!.schema);
      // The engine records audit properties on every write, declared by the request DTO or not.
      for (const name of op.reads) expect(props.has(name) || AUDIT.has(name), `${op.operationId} reads ${name}`).toBe(true);
      const prose = /The action reads (.*?); any other property/s.exec(String(item.description));
      const listed = prose ? [...new Set([...prose[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.split(/[.[]/)[0]!))] : [];
      // The legacy backend's reads first, then what the reference server reads besides (audit properties it
      // records, columns it stores); ADM_DOCUMENTO_AUTORIZACION/Add is implemented by the reference server only.
      if (op.operationId !== "ADM_DOCUMENTO_AUTORIZACION_Add") expect(op.reads.slice(0, listed.length), op.operationId).toEqual(listed);
      if (!op.writes) expect(op.reads, op.operationId).toEqual(listed);
    }
  });

  it("covers every top-level property a handler reads (each handler run with its example and .NET client bodies)", async () => {
    const sends: { op: (typeof ops)[number]; body: unknown }[] = [];
    const ops = listOperations();
    for (const op of ops) {
      for (const example of Object.values(op.requestExamples)) sends.push({ op, body: example.value });
      for (const b of dotnetClientBodies.filter((f) => f.operationId === op.operationId)) sends.push({ op, body: b.body });
    }
    for (const { op, body } of sends) {
      if (op.operationId === "Account_Login") continue; // reads Username and Password (x-reads); scrypt is slow
      await post(pathWithExampleQuery(op), JSON.stringify(body));
    }
    expect(readByHandler.size).toBeGreaterThan(60);
    const unlisted: string[] = [];
    for (const op of ops) {
      const reads = new Set(op.reads);
      for (const name of readByHandler.get(op.operationId) ?? []) {
        if (!reads.has(name)) unlisted.push(`${op.operationId} reads ${name}`);
      }
    }
    expect(unlisted).toEqual([]);
  }, 120_000);
});
