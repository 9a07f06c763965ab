// The typed client on its own (the built package, as the tests import it), against a scripted fetch: auth
// header, login, 401, envelope helpers, response headers, the precompiled response validators, operationId →
// path, and the compile-time guarantees of `call()` (checked by tsc in `npm test`).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import {
  createRomsoftClient,
  operationIdOf,
  pathOf,
  result,
  unwrap,
  RomsoftApiError,
  RomsoftAuthError,
  RomsoftContractError,
  RomsoftHttpError,
  type DataOf,
  type OperationId,
  type QueryOperationId,
  type Reply,
} from "@romsoft-contract/client";
import { createRomsoftClient as createValidatingClient, responseValidator } from "@romsoft-contract/client/validate";
import { ContractValidator } from "../../contract/validate.js";
import type { components } from "../../generated/api.js";

interface Seen {
  url: string;
  auth: string | null;
  contentType: string | null;
  body: string;
}

/** A fetch that records requests and answers from a script keyed by path. */
function scripted(answers: Record<string, (req: Seen) => { status?: number; body: unknown }>) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const req: Seen = {
      url: url.pathname + url.search,
      auth: request.headers.get("Authorization"),
      contentType: request.headers.get("Content-Type"),
      body: await request.text(),
    };
    seen.push(req);
    const answer = answers[url.pathname];
    if (!answer) return new Response("not found", { status: 404 });
    const { status = 200, body } = answer(req);
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
  return { fetch, seen };
}

const user = {
  id_usuario: 1,
  id_rol: 1,
  usuario: "admin",
  clave: null,
  apellidos: "PULLIMA",
  nombres: "MARIA ELENA",
  estado: "A",
  token: "header.payload.signature",
};
const ok = (Data: unknown, Message: string | null = null) => ({ Message, Success: true, Warning: false, Data });
const warning = (Message: string) => ({ Message, Success: true, Warning: true, Data: null });
const unauthorized = { Message: "No autorizado: falta el token (Authorization: Bearer <token>).", Success: false, Warning: false, Data: null };

describe("operationId → path", () => {
  it("splitting at the last underscore gives the spec's path for every operation", () => {
    for (const op of listOperations()) {
      expect(pathOf(op.operationId as OperationId)).toBe(op.path);
      expect(operationIdOf(op.path)).toBe(op.operationId);
    }
    expect(pathOf("CVN_TARIFARIO_SEGUS_PARTICIPANTE_GetAllActivesFilters")).toBe(
      "/api/CVN_TARIFARIO_SEGUS_PARTICIPANTE/GetAllActivesFilters",
    );
  });
});

describe("login and the bearer token", () => {
  it("keeps the token from Data.token and sends it on every call but Login", async () => {
    const { fetch, seen } = scripted({
      "/api/Account/Login": () => ({ body: ok(user) }),
      "/api/CVN_PLAN_SEGURO/GetAllActives": () => ({ body: ok([]) }),
    });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch, token: "stale" });
    const r = await api.login("admin", "admin");
    expect(r).toEqual({ kind: "ok", data: user });
    expect(api.token).toBe(user.token);
    await api.call("CVN_PLAN_SEGURO_GetAllActives", {});
    expect(seen.map((s) => [s.url, s.auth])).toEqual([
      ["/api/Account/Login", null],
      ["/api/CVN_PLAN_SEGURO/GetAllActives", `Bearer ${user.token}`],
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ Username: "admin", Password: "admin" });
    expect(seen[1]!.contentType).toBe("application/json");
  });

  it("a bad login is a warning result carrying the envelope's message, and keeps no token", async () => {
    const { fetch } = scripted({ "/api/Account/Login": () => ({ body: warning("El usuario no pertenece al sistema.") }) });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch });
    const r = await api.login("admin", "wrong");
    expect(r).toEqual({ kind: "warning", message: "El usuario no pertenece al sistema." });
    expect(api.token).toBeUndefined();
  });

  it("HTTP 401 surfaces as RomsoftAuthError with the operationId and the server's message", async () => {
    const { fetch, seen } = scripted({ "/api/ADM_PACIENTE/GetAllFilters": () => ({ status: 401, body: unauthorized }) });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch });
    const err = await api.call("ADM_PACIENTE_GetAllFilters", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RomsoftAuthError);
    expect(err).toMatchObject({ status: 401, operationId: "ADM_PACIENTE_GetAllFilters", serverMessage: unauthorized.Message });
    expect(seen[0]!.auth).toBeNull();
    // The middleware also guards the raw openapi-fetch client.
    await expect(api.raw.POST("/api/ADM_PACIENTE/GetAllFilters", { body: {} })).rejects.toBeInstanceOf(RomsoftAuthError);
  });
});

describe("call()", () => {
  it("sends the body as JSON, no body when none is given, and the query parameters of the two query operations", async () => {
    const { fetch, seen } = scripted({
      "/api/ADM_PACIENTE/GetAllFilters": () => ({ body: ok([]) }),
      "/api/CVN_PLAN_SEGURO/GetAllActives": () => ({ body: ok([]) }),
      "/api/ADM_ATENCION/GetAllPaciente": () => ({ body: ok([]) }),
    });
    const api = createRomsoftClient({ baseUrl: "http://api.test/", fetch, token: "t" });
    await api.call("ADM_PACIENTE_GetAllFilters", { t_apellido_paterno: "GARCIA", d_fecha_nacimiento: "0001-01-01T00:00:00" });
    await api.call("CVN_PLAN_SEGURO_GetAllActives");
    await api.call("CVN_PLAN_SEGURO_GetAllActives", null);
    await api.call("ADM_ATENCION_GetAllPaciente", {}, { idPaciente: 7 });
    expect(seen.map((s) => [s.url, s.body, s.contentType])).toEqual([
      ["/api/ADM_PACIENTE/GetAllFilters", '{"t_apellido_paterno":"GARCIA","d_fecha_nacimiento":"0001-01-01T00:00:00"}', "application/json"],
      ["/api/CVN_PLAN_SEGURO/GetAllActives", "", null],
      ["/api/CVN_PLAN_SEGURO/GetAllActives", "null", "application/json"],
      ["/api/ADM_ATENCION/GetAllPaciente?idPaciente=7", "{}", "application/json"],
    ]);
  });

  it("answers 400 envelopes as replies and anything the spec does not describe as RomsoftHttpError", async () => {
    const refused = { Message: "Solicitud inválida: el campo 'id_paciente' debe ser de tipo integer.", Success: false, Warning: false, Data: null };
    const { fetch } = scripted({ "/api/ADM_PACIENTE/GetAllFilters": () => ({ status: 400, body: refused }) });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch, token: "t" });
    const reply = await api.call("ADM_PACIENTE_GetAllFilters", {});
    expect(reply).toEqual({ operationId: "ADM_PACIENTE_GetAllFilters", status: 400, envelope: refused, headers: expect.any(Headers) });
    expect(result(reply)).toEqual({ kind: "error", message: refused.Message, status: 400 });
    const err = await api.data("ADM_PACIENTE_GetAllFilters", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RomsoftApiError);
    expect(err).toMatchObject({ status: 400, kind: "error", serverMessage: refused.Message });
    await expect(api.call("ADM_PACIENTE_GetById", {})).rejects.toBeInstanceOf(RomsoftHttpError);
  });
});

describe("result() and unwrap()", () => {
  const id = "CVN_PLAN_SEGURO_GetAllActives" as const;
  const reply = (envelope: unknown, status: 200 | 400 = 200) => ({ operationId: id, status, envelope }) as Reply<typeof id>;

  it("tells success, warning and error apart", () => {
    expect(result(reply(ok([{ id_plan_seguro: 1 }])))).toEqual({ kind: "ok", data: [{ id_plan_seguro: 1 }] });
    expect(result(reply(warning("No se pudo realizar el registro.")))).toEqual({ kind: "warning", message: "No se pudo realizar el registro." });
    const caught = { Message: "Hubo un error, inténtelo más tarde.", Success: false, Warning: false, Data: null };
    expect(result(reply(caught))).toEqual({ kind: "error", message: caught.Message, status: 200 });
    // A bare envelope works too (taken as HTTP 200).
    expect(result(warning("x"))).toEqual({ kind: "warning", message: "x" });
  });

  it("unwrap returns Data or throws RomsoftApiError with Message, status and operationId", () => {
    expect(unwrap(reply(ok([])))).toEqual([]);
    let thrown: unknown;
    try {
      unwrap(reply(warning("Ya existe.")));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RomsoftApiError);
    expect(thrown).toMatchObject({ kind: "warning", serverMessage: "Ya existe.", status: 200, operationId: id });
  });
});

describe("response validation", () => {
  it("is off by default: an answer with an undeclared property passes", async () => {
    const { fetch } = scripted({ "/api/Account/Login": () => ({ body: ok({ ...user, extra: 1 }) }) });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch });
    expect((await api.login("admin", "admin")).kind).toBe("ok");
  });

  it("with the spec's validator, an off-spec answer throws RomsoftContractError listing the issues", async () => {
    const { fetch } = scripted({
      "/api/Account/Login": () => ({ body: ok({ ...user, extra: 1, id_rol: "1" }) }),
      "/api/ADM_PACIENTE/GetAllFilters": () => ({ status: 401, body: { Message: "no", Success: false } }),
      "/api/CVN_PLAN_SEGURO/GetAllActives": () => ({ status: 500, body: { error: "boom" } }),
    });
    const api = createValidatingClient({ baseUrl: "http://api.test", fetch, token: "t", validateResponses: true });
    const err = await api.login("admin", "admin").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RomsoftContractError);
    const issues = (err as RomsoftContractError).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: "/Data/id_rol", keyword: "type" }),
        expect.objectContaining({ keyword: "unevaluatedProperties", property: "extra" }),
      ]),
    );
    expect((err as Error).message).toContain("Account_Login");
    // A 401 answer is checked against ErrorEnvelope; an undeclared status is an issue of its own.
    await expect(api.call("ADM_PACIENTE_GetAllFilters", {})).rejects.toMatchObject({ name: "RomsoftContractError", status: 401 });
    await expect(api.call("CVN_PLAN_SEGURO_GetAllActives")).rejects.toMatchObject({
      issues: [expect.objectContaining({ keyword: "status" })],
    });
  });

  it("a schema-valid answer passes the validator untouched", async () => {
    const { fetch } = scripted({ "/api/Account/Login": () => ({ body: ok(user) }) });
    expect(responseValidator("Account_Login", 200, ok(user))).toEqual([]);
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch, validateResponses: responseValidator });
    expect(await api.login("admin", "admin")).toEqual({ kind: "ok", data: user });
  });
  it("checks the API's operations only: a path of the spec outside /api/ (a sandbox's own) is not validated", async () => {
    const { fetch } = scripted({
      "/sandbox/reset": () => ({ body: { Message: "reset", Success: true, Warning: false, Data: null } }),
      "/api/CVN_PLAN_SEGURO/GetAllActives": () => ({ body: ok([]) }),
    });
    const checked: string[] = [];
    const refuseAll = (operationId: OperationId) => {
      checked.push(operationId);
      return [{ pointer: "", keyword: "test", message: "refused by the test's validator" }];
    };
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch, token: "t", validateResponses: refuseAll });
    // Typed loosely: the generated paths hold /sandbox/reset only when the spec declares the sandbox.
    const post = api.raw.POST as unknown as (path: string, init: { body: unknown }) => Promise<{ response: Response }>;
    expect((await post("/sandbox/reset", { body: {} })).response.status).toBe(200);
    await expect(api.call("CVN_PLAN_SEGURO_GetAllActives")).rejects.toBeInstanceOf(RomsoftContractError);
    expect(checked).toEqual(["CVN_PLAN_SEGURO_GetAllActives"]);
  });
});

describe("response headers", () => {
  it("a reply carries the answer's headers (e.g. Romsoft-Ignored-Properties)", async () => {
    const fetch = async () =>
      new Response(JSON.stringify(ok([])), {
        headers: { "Content-Type": "application/json", "Romsoft-Ignored-Properties": "apellidos" },
      });
    const api = createRomsoftClient({ baseUrl: "http://api.test", fetch, token: "t" });
    const reply = await api.call("ADM_PACIENTE_GetAllFilters", {});
    expect(reply.headers.get("Romsoft-Ignored-Properties")).toBe("apellidos");
    expect(reply.status === 200 && reply.ignoredProperties).toEqual(["apellidos"]);
  });
});

describe("the precompiled validators (@romsoft-contract/client/validate)", () => {
  const strict = new ContractValidator({ strictResponses: true });
  const ops = listOperations();

  it("accept every response example of the spec, as the Ajv validator compiled at run time does", () => {
    let checked = 0;
    for (const op of ops) {
      for (const [name, example] of Object.entries(op.responseExamples)) {
        expect(strict.validateResponse(op, example.value).issues, `${op.operationId} ${name}`).toEqual([]);
        expect(responseValidator(op.operationId as OperationId, 200, example.value), `${op.operationId} ${name}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(ops.length);
  });

  it("report the same issues as the run-time validator for off-spec answers of every operation", () => {
    for (const op of ops) {
      const example = Object.values(op.responseExamples)[0]!.value as Record<string, unknown>;
      const data = Array.isArray(example.Data) ? [{ ...(example.Data[0] as object), undeclared: 1 }] : "text";
      for (const body of [{ ...example, Warning: "no", extra: true }, { ...example, Data: data }, null]) {
        const expected = strict.validateResponse(op, body).issues;
        expect(expected.length, op.operationId).toBeGreaterThan(0);
        expect(responseValidator(op.operationId as OperationId, 200, body), op.operationId).toEqual(expected);
      }
      const refused = { Message: "no", Success: false, Warning: false, Data: null };
      expect(responseValidator(op.operationId as OperationId, 400, refused)).toEqual([]);
      // Account/Login needs no token: it declares no 401.
      expect(responseValidator(op.operationId as OperationId, op.secured ? 401 : 400, { ...refused, Success: true })).toEqual(
        strict.validateErrorEnvelope({ ...refused, Success: true }).issues,
      );
    }
  });

  it("check the spec's formats as the project's Ajv does (int32 bounds)", () => {
    const op = ops.find((o) => o.operationId === "Account_Login")!;
    for (const id_rol of [2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1]) {
      const body = ok({ ...user, id_rol });
      const expected = strict.validateResponse(op, body).issues;
      expect(responseValidator("Account_Login", 200, body)).toEqual(expected);
    }
    expect(responseValidator("Account_Login", 200, ok({ ...user, id_rol: 2 ** 31 }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: "/Data/id_rol", keyword: "format", message: 'must match format "int32"' })]),
    );
  });

  it("check the project's own formats (contract/formats.ts: int64, net-date-time) as the project's Ajv does", () => {
    const op = ops.find((o) => o.operationId === "ADM_ATENCION_GetById")!;
    const example = op.responseExamples.ok!.value as { Data: Record<string, unknown>[] };
    const withRow = (field: string, value: unknown) => ({ ...example, Data: [{ ...example.Data[0], [field]: value }] });
    const cases: [field: string, value: unknown, format: string | null][] = [
      ["id_nro_interno", Number.MAX_SAFE_INTEGER, null],
      ["id_nro_interno", 2 ** 53, "int64"],
      ["id_nro_interno", -1e20, "int64"],
      ["d_fecha_registro", "2020-02-29T10:00:00", null],
      ["d_fecha_registro", "0001-01-01T00:00:00", null],
      ["d_fecha_registro", "2021-02-30T10:00:00", "net-date-time"],
      ["d_fecha_registro", "0000-00-00", "net-date-time"],
    ];
    for (const [field, value, format] of cases) {
      const body = withRow(field, value);
      const issues = responseValidator("ADM_ATENCION_GetById", 200, body);
      expect(issues, `${field} = ${value}`).toEqual(strict.validateResponse(op, body).issues);
      const formatIssues = issues.filter((i) => i.keyword === "format");
      if (format === null) expect(issues, `${field} = ${value}`).toEqual([]);
      else expect(formatIssues, `${field} = ${value}`).toEqual([expect.objectContaining({ pointer: `/Data/0/${field}`, message: `must match format "${format}"` })]);
    }
  });

  it("name an undeclared status and an unknown operation as issues", () => {
    expect(responseValidator("CVN_PLAN_SEGURO_GetAllActives", 500, {})).toEqual([
      expect.objectContaining({ keyword: "status", message: "HTTP 500 is not a status the operation declares" }),
    ]);
    expect(responseValidator("ADM_PACIENTE_GetAll" as OperationId, 200, {})).toEqual([expect.objectContaining({ keyword: "operation" })]);
  });

  it("are not in the core: validateResponses: true there is refused with a pointer to the subpath", () => {
    const options = { baseUrl: "http://api.test", validateResponses: true } as unknown as Parameters<typeof createRomsoftClient>[0];
    expect(() => createRomsoftClient(options)).toThrow(/@romsoft-contract\/client\/validate/);
  });
});

describe("the package stays browser-safe", () => {
  const clientDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "client");
  /** The module specifiers a built file imports (static imports, re-exports, dynamic imports). */
  const importsOf = (file: string) => {
    const code = readFileSync(join(clientDir, "dist", file), "utf8");
    const found = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?"([^"]+)"/g)].map((m) => m[1]);
    const dynamic = [...code.matchAll(/\bimport\s*\(|\brequire\s*\(/g)].map((m) => m[0]);
    return { specifiers: [...new Set(found)].sort(), dynamic, code };
  };

  it("client/src/index.ts and what it imports use no Node module and never read the spec", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(join(clientDir, "src", file), "utf8");
      for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)) {
        const typeOnly = m[2] !== undefined;
        const target = m[3]!;
        if (target.startsWith("./")) visit(target.slice(2).replace(/\.js$/, ".ts"));
        else if (!typeOnly) expect(target, `${file} imports ${target}`).toBe("openapi-fetch");
        else expect(target, `${file} imports types from ${target}`).toMatch(/^(openapi-fetch|\.\.\/\.\.\/generated\/api\.js|\.\.\/\.\.\/contract\/envelope\.js)$/);
      }
    };
    visit("index.ts");
    expect([...seen].sort()).toEqual(["api.ts", "envelope.ts", "errors.ts", "index.ts", "types.ts"]);
  });

  it("the built core imports only openapi-fetch; the validators import only the core, and neither evaluates code", () => {
    const core = importsOf("index.js");
    expect(core.specifiers).toEqual(["openapi-fetch"]);
    expect(core.dynamic).toEqual([]);
    const validate = importsOf("validate.js");
    expect(validate.specifiers).toEqual(["./index.js"]);
    expect(validate.dynamic).toEqual([]);
    for (const { code } of [core, validate]) {
      expect(code).not.toMatch(/\bnew\s+Function\b|\bFunction\s*\(|\beval\s*\(/);
    }
    // The validators are the precompiled ones, not Ajv compiling at run time.
    expect(validate.code.length).toBeGreaterThan(100_000);
    expect(validate.code).not.toContain("ajv.compile");
  });
});

// ---- Compile-time checks (tsc, part of `npm test`): the types come from the spec ----------------------------

type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
export const typeChecks: true[] = [
  true satisfies Equals<QueryOperationId, "ADM_ATENCION_GetAllPaciente" | "FAR_PRODUCTO_GetById">,
  true satisfies Equals<DataOf<"CVN_PLAN_SEGURO_Add">, null>,
  true satisfies Equals<DataOf<"ADM_ATENCION_Add">, number | null>,
  true satisfies Equals<DataOf<"CVN_PLAN_SEGURO_GetAllActives">, components["schemas"]["CVN_PLAN_SEGURODTO_Full"][] | null>,
];

export async function compileOnly(api: ReturnType<typeof createRomsoftClient>): Promise<void> {
  await api.call("CVN_PLAN_SEGURO_GetAllActives");
  // @ts-expect-error a DTO body is required
  await api.call("ADM_PACIENTE_GetAllFilters");
  // @ts-expect-error id_paciente is an integer
  await api.call("ADM_PACIENTE_GetAllFilters", { id_paciente: "1" });
  // @ts-expect-error not a property of ADM_PACIENTEDTO (object literals are checked for excess properties)
  await api.call("ADM_PACIENTE_GetAllFilters", { apellidos: "Garcia" });
  // @ts-expect-error the query parameter is required
  await api.call("FAR_PRODUCTO_GetById", {});
  // @ts-expect-error not an operation
  await api.call("ADM_PACIENTE_GetAll", {});
  const rows = await api.data("ADM_PACIENTE_GetAllFilters", { t_apellido_paterno: "GARCIA" });
  const first: number | undefined = rows?.[0]?.id_paciente;
  void first;
}
