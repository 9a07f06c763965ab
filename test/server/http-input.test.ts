// Bad input through real HTTP: refused with 4xx and an envelope naming the problem, never a 500, never
// reaching a handler, and the database unchanged. And what the .NET desktop client sends is accepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import type { ServiceHandler, ServiceHandlers } from "../../server/app.js";
import { createJwtService } from "../../server/auth/jwt.js";
import type { Db, HandlerContext } from "../../server/context.js";
import { openDatabase } from "../../server/db/database.js";
import { createServiceHandlers } from "../../server/domain/index.js";
import { rawRequest, startTestServer, type TestServer } from "../support/server.js";

const SECRET = "input-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const validator = new ContractValidator();
const calls: string[] = [];
/** When true, even write actions answer the fixed envelope (tests of the shell alone). */
let skipReal = false;
let db: Db;
let server: TestServer;
let token: string;
let snapshot: Record<string, number>;

const ADD = "/api/ADM_PACIENTE/Add"; // reads a DTO; d_fecha_nacimiento required
const IGNORED = "/api/CVN_PLAN_SEGURO/GetAllActives"; // ignores its body
const okEnvelope = { Message: null, Success: true, Warning: false, Data: null };

/**
 * Writes go to the real domain handlers, so a bad request that slipped through would show up in the row
 * counts; every other operation answers a fixed envelope so these tests only exercise the HTTP shell.
 */
function handlers(ctx: HandlerContext): ServiceHandlers {
  const real = createServiceHandlers(ctx) as ServiceHandlers;
  return Object.fromEntries(
    listOperations().map((op): [string, ServiceHandler] => [
      op.operationId,
      async (request, reply) => {
        calls.push(op.operationId);
        const inner = real[op.operationId];
        return op.writes && inner && !skipReal ? inner(request, reply) : okEnvelope;
      },
    ]),
  );
}

function rowCounts(): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

interface Answer {
  status: number;
  headers: Headers;
  body: { Message: unknown; Success: unknown; Warning: unknown; Data: unknown };
}

async function post(path: string, body: BodyInit | undefined, headers: Record<string, string> = { "Content-Type": "application/json" }): Promise<Answer> {
  const res = await fetch(server.baseUrl + path, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

/** 4xx with the error envelope and exactly this message (or matching this pattern); no handler ran; no row changed. */
async function expectRefused(answer: Promise<Answer>, status: number, message: string | RegExp): Promise<void> {
  const before = calls.length;
  const res = await answer;
  expect(res.status).toBe(status);
  expect(validator.validateErrorEnvelope(res.body).valid).toBe(true);
  if (typeof message === "string") expect(res.body.Message).toBe(message);
  else expect(res.body.Message).toMatch(message);
  expect(calls.length).toBe(before);
  expect(rowCounts()).toEqual(snapshot);
}

beforeAll(async () => {
  db = openDatabase({ path: ":memory:", onNotice: () => undefined });
  // Handlers here answer a fixed, valid envelope (or never run): response validation would only add the
  // cost of compiling every operation's response schema.
  server = await startTestServer({ db, jwt: { secret: SECRET }, serviceHandlers: handlers, validateResponses: false }, { login: false });
  const adminId = db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'admin'").pluck().get() as number;
  token = createJwtService({ secret: SECRET }).issue({ id_usuario: adminId, usuario: "admin", id_rol: 1 });
  snapshot = rowCounts();
});

afterAll(async () => {
  await server?.close();
  db?.close();
});

describe("malformed or mistyped bodies", () => {
  const valid = { d_fecha_nacimiento: "1990-05-01T00:00:00", t_nombres: "ANA" };

  it("refuses malformed JSON", async () => {
    for (const text of ["{", '{"t_nombres": }', "{'a':1}", "[1,2", "nul", '{"a":1}x']) {
      await expectRefused(post(ADD, text), 400, "Solicitud inválida: el cuerpo no es JSON válido.");
    }
  });

  it("refuses malformed JSON on an operation that ignores its body too", () =>
    expectRefused(post(IGNORED, "{oops"), 400, "Solicitud inválida: el cuerpo no es JSON válido."));

  it("names a property of the wrong type, as documented", () =>
    expectRefused(post(ADD, JSON.stringify({ ...valid, id_paciente: "2" })), 400, "Solicitud inválida: el campo 'id_paciente' debe ser de tipo integer."));

  it("does not coerce: null is not an integer, 2.5 is not an integer, 1 is not a string", async () => {
    await expectRefused(post(ADD, JSON.stringify({ ...valid, id_genero: null })), 400, "Solicitud inválida: el campo 'id_genero' debe ser de tipo integer.");
    await expectRefused(post(ADD, JSON.stringify({ ...valid, id_genero: 2.5 })), 400, "Solicitud inválida: el campo 'id_genero' debe ser de tipo integer.");
    await expectRefused(post(ADD, JSON.stringify({ ...valid, t_nombres: 1 })), 400, "Solicitud inválida: el campo 't_nombres' debe ser de tipo string o null.");
    await expectRefused(post(ADD, JSON.stringify({ ...valid, t_nombres: { a: 1 } })), 400, "Solicitud inválida: el campo 't_nombres' debe ser de tipo string o null.");
  });

  it("refuses an integer outside Int32", () =>
    expectRefused(post(ADD, JSON.stringify({ ...valid, id_genero: 2147483648 })), 400, "Solicitud inválida: el campo 'id_genero' debe ser un entero de 32 bits."));

  it("names a missing required property", () =>
    expectRefused(post(ADD, JSON.stringify({ t_nombres: "ANA" })), 400, "Solicitud inválida: falta el campo obligatorio 'd_fecha_nacimiento'."));

  it("refuses a date that is not a .NET date string", async () => {
    for (const date of ["ayer", "01/05/1990", "1990-5-1", ""]) {
      await expectRefused(
        post(ADD, JSON.stringify({ ...valid, d_fecha_nacimiento: date })),
        400,
        "Solicitud inválida: el campo 'd_fecha_nacimiento' debe ser una fecha y hora como 2021-09-06T10:12:05.",
      );
    }
  });

  it("names a nested property by its path", () =>
    expectRefused(
      post(
        "/api/FAC_DOCUMENTO_PAGO/addComprobante",
        JSON.stringify({ d_fecha_emis: "2024-01-01T00:00:00", DetalleComprobante: [{ t_tarifario_segus: "A", c_codigo_segus: "1", t_clasificacion_segus: "B", id_tarifario_segus: "x" }] }),
      ),
      400,
      "Solicitud inválida: el campo 'DetalleComprobante[0].id_tarifario_segus' debe ser de tipo integer.",
    ));

  it("validates query parameters (the two actions that read one)", async () => {
    await expectRefused(post("/api/ADM_ATENCION/GetAllPaciente", "{}"), 400, "Solicitud inválida: falta el parámetro obligatorio 'idPaciente' de la URL.");
    await expectRefused(post("/api/ADM_ATENCION/GetAllPaciente?idPaciente=abc", "{}"), 400, "Solicitud inválida: el parámetro 'idPaciente' de la URL debe ser de tipo integer.");
    await expectRefused(post("/api/FAR_PRODUCTO/GetById?idProducto=0", "{}"), 400, "Solicitud inválida: el parámetro 'idProducto' de la URL debe ser >= 1.");
    const ok = await post("/api/ADM_ATENCION/GetAllPaciente?idPaciente=7", "{}");
    expect(ok.status).toBe(200);
    expect(calls.at(-1)).toBe("ADM_ATENCION_GetAllPaciente");
  });
});

describe("missing, empty and null bodies", () => {
  const required = /^Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON \(.+\)\.$/;

  it("an action that reads a DTO refuses no body, an empty body, \"\", null and non-objects", async () => {
    await expectRefused(post(ADD, undefined, {}), 400, "Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON (no se recibió cuerpo).");
    await expectRefused(post(ADD, ""), 400, "Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON (no se recibió cuerpo).");
    await expectRefused(post(ADD, "   \n"), 400, required);
    await expectRefused(post(ADD, '""'), 400, 'Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON (se recibió la cadena vacía "").');
    await expectRefused(post(ADD, "null"), 400, "Solicitud inválida: el cuerpo de la solicitud es obligatorio y debe ser un objeto JSON (se recibió null).");
    for (const text of ["[]", "[{}]", "5", "true", '"texto"']) await expectRefused(post(ADD, text), 400, required);
  });

  it("an action that ignores its body accepts no body, empty, \"\", null, {} and any JSON", async () => {
    const bodies: [BodyInit | undefined, Record<string, string>][] = [
      [undefined, {}],
      [undefined, { "Content-Type": "application/json" }],
      ["", { "Content-Type": "application/json" }],
      ['""', { "Content-Type": "application/json" }],
      ["null", { "Content-Type": "application/json" }],
      ["{}", { "Content-Type": "application/json" }],
      ["[1,2]", { "Content-Type": "application/json" }],
      ['{"cualquier":"cosa"}', { "Content-Type": "application/json" }],
    ];
    for (const [body, headers] of bodies) {
      const before = calls.length;
      const res = await post(IGNORED, body, headers);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.body).toEqual(okEnvelope);
      expect(calls.length).toBe(before + 1);
    }
  });
});

describe("content types", () => {
  it("accepts application/json with charset, text/json, and a UTF-8 BOM", async () => {
    for (const type of ["application/json; charset=utf-8", "application/json;charset=UTF-8", "text/json", "Application/JSON"]) {
      expect((await post(IGNORED, "{}", { "Content-Type": type })).status, type).toBe(200);
    }
    expect((await post(IGNORED, "\uFEFF{}", { "Content-Type": "application/json" })).status).toBe(200);
  });

  it("refuses text/plain, forms and other types with 400", async () => {
    const unsupported = /^Solicitud inválida: el tipo de contenido '.+' no es compatible; envíe el cuerpo como application\/json\.$/;
    await expectRefused(post(ADD, '{"d_fecha_nacimiento":"1990-01-01T00:00:00"}', { "Content-Type": "text/plain" }), 400, unsupported);
    await expectRefused(post(IGNORED, "{}", { "Content-Type": "text/plain; charset=utf-8" }), 400, unsupported);
    await expectRefused(post(ADD, "d_fecha_nacimiento=1990-01-01", { "Content-Type": "application/x-www-form-urlencoded" }), 400, unsupported);
    await expectRefused(post(ADD, "<a/>", { "Content-Type": "application/xml" }), 400, unsupported);
  });

  it("refuses a body without Content-Type", async () => {
    const res = await rawRequest(server.baseUrl, [
      `POST ${ADD} HTTP/1.1`,
      "Host: 127.0.0.1",
      `Authorization: Bearer ${token}`,
      "Content-Length: 2",
      "Connection: close",
    ], "{}");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      Message: "Solicitud inválida: falta la cabecera Content-Type; envíe el cuerpo como application/json.",
      Success: false,
      Warning: false,
      Data: null,
    });
    expect(rowCounts()).toEqual(snapshot);
  });
});

describe("size and shape limits", () => {
  it("answers 413 with the envelope to a body over 1 MiB", async () => {
    const big = JSON.stringify({ d_fecha_nacimiento: "1990-01-01T00:00:00", t_nombres: "x".repeat(1024 * 1024) });
    await expectRefused(post(ADD, big), 413, /^Solicitud inválida: el cuerpo excede el tamaño máximo permitido \(1048576 bytes\)\.$/);
  });

  it("answers 413 to a chunked body over 1 MiB (no Content-Length)", async () => {
    const chunk = "x".repeat(64 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"t_nombres":"'));
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(chunk));
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const res = await fetch(server.baseUrl + ADD, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ Success: false, Data: null });
    expect(rowCounts()).toEqual(snapshot);
  });

  it("survives deeply nested JSON under the size limit", async () => {
    const depth = 200_000;
    const nested = "[".repeat(depth) + "]".repeat(depth);
    const ignored = await post(IGNORED, nested);
    expect(ignored.status).toBeLessThan(500);
    await expectRefused(post(ADD, nested), 400, /^Solicitud inválida: el cuerpo de la solicitud es obligatorio/);
    const inProperty = `{"d_fecha_nacimiento":"x","extra":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const res = await post(ADD, inProperty);
    expect(res.status).toBe(400);
    expect((await post(IGNORED, "{}")).status).toBe(200); // still serving
  });

  it("answers 431 with the envelope to request headers over 16 KiB", async () => {
    const res = await rawRequest(server.baseUrl, [
      `POST ${IGNORED} HTTP/1.1`,
      "Host: 127.0.0.1",
      `X-Relleno: ${"a".repeat(20_000)}`,
      "Content-Length: 0",
      "Connection: close",
    ]);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({ Message: "Solicitud inválida: las cabeceras de la solicitud son demasiado grandes.", Success: false, Warning: false, Data: null });
  });
});

describe("routing", () => {
  it("answers 404 with the envelope to an unknown path", async () => {
    await expectRefused(post("/api/NO_EXISTE/GetAll", "{}"), 404, "No se encontró el recurso: POST /api/NO_EXISTE/GetAll.");
    await expectRefused(post("/api/CVN_PLAN_SEGURO/NoExiste", "{}"), 404, "No se encontró el recurso: POST /api/CVN_PLAN_SEGURO/NoExiste.");
    const root = await fetch(server.baseUrl + "/nada");
    expect(root.status).toBe(404);
    expect(await root.json()).toEqual({ Message: "No se encontró el recurso: GET /nada.", Success: false, Warning: false, Data: null });
  });

  it("answers 404 to an unknown path even with a bad body or content type", async () => {
    await expectRefused(post("/api/NO_EXISTE/GetAll", "{oops"), 404, /^No se encontró el recurso/);
    await expectRefused(post("/api/NO_EXISTE/GetAll", "x", { "Content-Type": "text/plain" }), 404, /^No se encontró el recurso/);
  });

  it("answers 405 with Allow: POST to another method on an operation's path", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(server.baseUrl + IGNORED, { method, headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(await res.json()).toEqual({ Message: "Método no permitido: este recurso solo acepta POST.", Success: false, Warning: false, Data: null });
    }
    expect(rowCounts()).toEqual(snapshot);
  });

  it("answers 400 with the envelope to a URL that cannot be decoded", async () => {
    const res = await rawRequest(server.baseUrl, [
      "POST /api/%zz/GetAll HTTP/1.1",
      "Host: 127.0.0.1",
      `Authorization: Bearer ${token}`,
      "Content-Type: application/json",
      "Content-Length: 2",
      "Connection: close",
    ], "{}");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ Message: "Solicitud inválida: la URL no es válida.", Success: false, Warning: false, Data: null });
  });

  it("matches controller and action case-insensitively, with or without a trailing slash", async () => {
    for (const path of ["/api/cvn_plan_seguro/getallactives", "/API/CVN_PLAN_SEGURO/GETALLACTIVES", "/api/CVN_PLAN_SEGURO/GetAllActives/"]) {
      const before = calls.length;
      const res = await post(path, "{}");
      expect(res.status, path).toBe(200);
      expect(calls.slice(before)).toEqual(["CVN_PLAN_SEGURO_GetAllActives"]);
    }
  });
});

/** A body as the .NET client sends it: every declared property, C# defaults, nulls, plus unknown fields. */
function dotNetValue(schema: JsonObject, depth = 0): unknown {
  const doc = loadSpec();
  const s = resolveRef<JsonObject>(doc, schema);
  const title = s.title;
  if (title === "NetDateTime") return "0001-01-01T00:00:00";
  if (title === "NullableNetDateTime") return null;
  const props: Record<string, JsonObject> = {};
  const collect = (node: JsonObject) => {
    const n = resolveRef<JsonObject>(doc, node);
    for (const part of (n.allOf as JsonObject[] | undefined) ?? []) collect(part);
    Object.assign(props, (n.properties as Record<string, JsonObject> | undefined) ?? {});
  };
  collect(s);
  if (Object.keys(props).length > 0 || s.type === "object") {
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(props)) out[name] = dotNetValue(p, depth + 1);
    return out;
  }
  if (s.anyOf) return null;
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  if (types.includes("array")) return depth > 3 ? [] : [dotNetValue(s.items as JsonObject, depth + 1)];
  if (types.includes("null")) return null;
  if (types.includes("integer") || types.includes("number")) return 0;
  if (types.includes("boolean")) return false;
  if (types.includes("string")) return "";
  return null;
}

describe(".NET client requests", () => {
  const withBody = listOperations().filter((op) => op.bodyRequired);

  it(`accepts every DTO property with C# defaults, nulls, ids 0 and extra fields (${withBody.length} actions)`, async () => {
    expect(withBody.length).toBeGreaterThan(50);
    const doc = loadSpec();
    for (const op of withBody) {
      const media = (resolveRef<JsonObject>(doc, doc.paths[op.path]!.post!).requestBody as JsonObject).content as Record<string, JsonObject>;
      const body = {
        ...(dotNetValue(media["application/json"]!.schema as JsonObject) as Record<string, unknown>),
        CampoNuevoDelCliente: "x",
        $type: "Romsoft.DTO, Romsoft",
        Anidado: { a: [1, null, { b: "0001-01-01T00:00:00" }] },
      };
      const query = op.queryParameters.map((q) => `${q.name}=1`).join("&");
      const before = calls.length;
      // Only the shell is under test here: the write actions' real handlers are skipped by the spy switch.
      skipReal = true;
      const res = await post(op.path + (query ? `?${query}` : ""), JSON.stringify(body));
      skipReal = false;
      expect(res.status, `${op.operationId}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(calls.slice(before), op.operationId).toEqual([op.operationId]);
    }
  });

  it('accepts "" and null bodies on every action that ignores its body', async () => {
    const ignored = listOperations().filter((op) => !op.bodyRequired && op.secured);
    expect(ignored.length).toBeGreaterThan(30);
    for (const op of ignored) {
      const query = op.queryParameters.map((q) => `${q.name}=1`).join("&");
      for (const text of ['""', "null"]) {
        const res = await post(op.path + (query ? `?${query}` : ""), text);
        expect(res.status, `${op.operationId} ${text}`).toBe(200);
      }
    }
  });
});

