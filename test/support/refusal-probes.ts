// Requests the reference server refuses before any action runs (and a few it accepts that a naive mock would
// not), for comparing a mock with the server answer by answer: same status, the same
// `Romsoft-Ignored-Properties`, and for a refusal the same envelope word for word (and the same `Allow` /
// `WWW-Authenticate`). Built from the bundled spec: one wrong-type probe per operation whose request example
// has a number or a string to spoil.
import { listOperations, type Operation } from "../../contract/spec.js";

export interface Probe {
  label: string;
  method: string;
  /** Path and query string. */
  path: string;
  /** Send the implementation's token (`Bearer <token>`); a string is sent as the Authorization header as is. */
  auth: boolean | string;
  contentType?: string;
  body?: string;
}

export interface ProbeAnswer {
  status: number;
  body: unknown;
  allow: string | null;
  wwwAuthenticate: string | null;
  ignoredProperties: string | null;
}

const JSON_TYPE = "application/json";

/** Sends a probe with fetch to an implementation at `baseUrl` that accepts `token`. */
export async function sendProbe(baseUrl: string, token: string, probe: Probe): Promise<ProbeAnswer> {
  const headers: Record<string, string> = {};
  if (probe.auth === true) headers.Authorization = `Bearer ${token}`;
  else if (typeof probe.auth === "string") headers.Authorization = probe.auth;
  if (probe.contentType !== undefined) headers["Content-Type"] = probe.contentType;
  const res = await fetch(`${baseUrl}${probe.path}`, { method: probe.method, headers, ...(probe.body !== undefined ? { body: probe.body } : {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // compared as text
  }
  return {
    status: res.status,
    body,
    allow: res.headers.get("allow"),
    wwwAuthenticate: res.headers.get("www-authenticate"),
    ignoredProperties: res.headers.get("romsoft-ignored-properties"),
  };
}

/**
 * What must be equal between a mock and the server: the status and the ignored properties always; for a
 * refusal (not 2xx) the body and the other two headers. A 200 is computed by the server and an example in the
 * mock: its body does not count.
 */
export function comparable(answer: ProbeAnswer): unknown {
  if (answer.status >= 200 && answer.status < 300) return { status: answer.status, ignoredProperties: answer.ignoredProperties };
  return answer;
}

const post = (label: string, op: Operation | string, body: string | undefined, extra: Partial<Probe> = {}): Probe => ({
  label,
  method: "POST",
  path: typeof op === "string" ? op : op.path,
  auth: true,
  ...(body !== undefined ? { contentType: JSON_TYPE, body } : {}),
  ...extra,
});

/** A copy of the first request example with its first number (or string) property replaced by the other type. */
/** The first request example with `changes` applied. */
function exampleWith(op: Operation, changes: Record<string, unknown>): string {
  const example = Object.values(op.requestExamples)[0]?.value;
  return JSON.stringify({ ...(example as Record<string, unknown>), ...changes });
}

function spoiled(op: Operation, kind: "number" | "string"): { field: string; body: Record<string, unknown> } | null {
  const example = Object.values(op.requestExamples)[0]?.value;
  if (example === null || typeof example !== "object" || Array.isArray(example)) return null;
  const entry = Object.entries(example).find(([, v]) => typeof v === kind);
  if (!entry) return null;
  return { field: entry[0], body: { ...example, [entry[0]]: kind === "number" ? "texto" : 12 } };
}

export function refusalProbes(): Probe[] {
  const ops = listOperations();
  const dto = ops.filter((o) => o.bodyRequired);
  const ignored = ops.filter((o) => !o.bodyRequired);
  const first = dto[0]!;
  const list = ignored.find((o) => o.operationId === "CVN_PLAN_SEGURO_GetAllActives")!;
  const withQuery = ops.find((o) => o.queryParameters.length > 0)!;
  const q = withQuery.queryParameters[0]!.name;
  const byId = (id: string) => ops.find((o) => o.operationId === id)!;
  const search = byId("ADM_PACIENTE_GetAllFilters");
  const probes: Probe[] = [
    // JSON and media types.
    post("malformed JSON", first, '{"valor'),
    post("malformed JSON on a body-ignoring action", list, "{,}"),
    post("text/plain body", list, "{}", { contentType: "text/plain" }),
    post("form body", first, "a=1", { contentType: "application/x-www-form-urlencoded" }),
    post("text/json is JSON", list, "{}", { contentType: "text/json" }),
    post("charset parameter", list, "{}", { contentType: "application/json; charset=utf-8" }),
    post("byte-order mark", list, "\ufeff{}"),
    post("a number too large for a double", first, '{"x":{"y":[1e400]}}'),
    post("__proto__ key dropped", list, '{"__proto__":{"a":1}}'),
    // DTO bodies that are not objects.
    post("DTO: no body", first, undefined),
    post("DTO: empty string", first, '""'),
    post("DTO: null", first, "null"),
    post("DTO: array", first, "[]"),
    post("DTO: number", first, "5"),
    // Bodies of actions that ignore them.
    post("ignored: none", list, undefined),
    post("ignored: null", list, "null"),
    post("ignored: array", list, "[1]"),
    // Query string.
    post("query parameter missing", withQuery, "{}"),
    post("query parameter not an integer", `${withQuery.path}?${q}=abc`, "{}"),
    post("query parameter below its minimum", `${withQuery.path}?${q}=0`, "{}"),
    post("query parameter out of int32", `${withQuery.path}?${q}=3000000000`, "{}"),
    // Routing.
    post("unknown action", "/api/CVN_PLAN_SEGURO/Nope", "{}"),
    post("unknown controller", "/api/NOPE/GetAllActives", "{}"),
    post("path in another letter case", "/api/cvn_plan_seguro/getallactives", "{}"),
    post("trailing slash", `${list.path}/`, "{}"),
    ...["GET", "PUT", "DELETE", "PATCH"].map((method): Probe => ({ label: `${method} on an operation`, method, path: list.path, auth: true })),
    // Token (presence and form only: the mocks do not verify JWTs).
    post("no token", list, "{}", { auth: false }),
    post("no token on a DTO action with a bad body", first, "null", { auth: false }),
    post("Basic scheme", list, "{}", { auth: "Basic YWRtaW46YWRtaW4=" }),
    post("Bearer without token", list, "{}", { auth: "Bearer" }),
    post("two tokens", list, "{}", { auth: "Bearer a b" }),
    post("Login needs no token", "/api/Account/Login", '{"Username":"admin","Password":"yourpassword"}', { auth: false }),
    post("Login with a wrong type", "/api/Account/Login", '{"Username":5,"Password":"yourpassword"}', { auth: false }),
    // Dates that do not exist and integers beyond what a JSON number names exactly.
    post("an impossible date (30 February)", byId("ADM_PACIENTE_Add"), exampleWith(byId("ADM_PACIENTE_Add"), { d_fecha_nacimiento: "2021-02-30" })),
    post("an impossible date (year 0)", byId("ADM_PACIENTE_Add"), exampleWith(byId("ADM_PACIENTE_Add"), { d_fecha_nacimiento: "0000-00-00T00:00:00" })),
    post("an unset .NET date", byId("ADM_PACIENTE_Add"), exampleWith(byId("ADM_PACIENTE_Add"), { d_fecha_nacimiento: "0001-01-01T00:00:00" })),
    post("int64 written as 1e20", byId("CVN_PLAN_SEGURO_DETALLE_Delete"), '{"id_plan_seguro_detalle":1e20}'),
    post("int64 at 2^53", byId("CVN_PLAN_SEGURO_DETALLE_Delete"), '{"id_plan_seguro_detalle":9007199254740992}'),
    post("int64 below -(2^53-1)", byId("CVN_PLAN_SEGURO_DETALLE_Delete"), '{"id_plan_seguro_detalle":-9007199254740992}'),
    // Null lists, as Newtonsoft writes unset lists: accepted by the schema (the server then answers a warning).
    post("null list (DetalleComprobante)", byId("FAC_DOCUMENTO_PAGO_addComprobante"), exampleWith(byId("FAC_DOCUMENTO_PAGO_addComprobante"), { DetalleComprobante: null })),
    post("null list (listaAutoriza)", byId("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll"), exampleWith(byId("ADM_DOCUMENTO_AUTORIZACION_GetAddAtencionAll"), { listaAutoriza: null })),
    // Properties the action does not read (Romsoft-Ignored-Properties), and values that do not count.
    post("quick start search: apellidos and estado ignored", search, '{"apellidos":"Garcia","estado":"A"}'),
    post("another letter case is ignored", search, '{"ValorRequest":"Garcia"}'),
    post("unset values and $id are not named", search, '{"$id":"1","valorRequest":"Garcia","otro":null,"fecha":"0001-01-01T00:00:00","n":0,"l":[]}'),
    post("a name that needs encoding", list, '{"año, mes":1}'),
    post("ignored properties on a DTO action", first, exampleWith(first, { Extra: "x" })),
  ];
  // DTO bodies with a field of the wrong type, and `{}` (a missing required field, or accepted).
  for (const op of dto) {
    const n = spoiled(op, "number");
    if (n) probes.push(post(`${op.operationId}: '${n.field}' a string`, op, JSON.stringify(n.body)));
    const s = spoiled(op, "string");
    if (s) probes.push(post(`${op.operationId}: '${s.field}' a number`, op, JSON.stringify(s.body)));
    probes.push(post(`${op.operationId}: {}`, op, "{}"));
  }
  return probes;
}
