// The operations of a bundled spec, read from the parsed document alone. No Node imports: the in-browser mock
// (mocks/msw/) builds its handlers from this module. contract/spec.ts loads generated/openapi.json from disk
// and re-exports everything here.
import type { paths } from "../generated/api.js";

/** A JSON Schema or OpenAPI object, as parsed from the bundled spec. */
export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: JsonObject & { title: string; version: string };
  paths: Record<string, { post?: JsonObject }>;
  components: JsonObject & { schemas: Record<string, JsonObject> };
}

export type OperationPath = keyof paths;

export interface ExampleObject {
  summary?: string;
  value: unknown;
}

export interface Operation {
  /** `{Controller}_{Action}`, as in the spec. */
  operationId: string;
  controller: string;
  action: string;
  /** `/api/{Controller}/{Action}` (`/sandbox/{action}` for the sandbox's own operations) */
  path: OperationPath;
  /** Pointer (as a URI fragment) to the operation object inside the bundled spec. */
  pointer: string;
  /** Whether the operation needs a bearer token (all but Account/Login). */
  secured: boolean;
  /** Required query parameters (two actions bind an int from the query string). */
  queryParameters: { name: string; required: boolean; example: unknown }[];
  /** True when the request body is a DTO the action reads; false when any body is accepted and ignored. */
  bodyRequired: boolean;
  /** Named request examples from the spec. */
  requestExamples: Record<string, ExampleObject>;
  /** Named 200-response examples from the spec ($refs to components/examples resolved). */
  responseExamples: Record<string, ExampleObject>;
  /**
   * Every documented HTTP status (as written in the spec: "200", "400", "401") with its named examples, in spec
   * order; "200" holds the same examples as `responseExamples`.
   */
  statusExamples: Record<string, Record<string, ExampleObject>>;
  /** Kind of `Data` on success, read from the response schema. */
  dataKind: "array" | "object" | "integer" | "null";
  /** Name of the `_Full` schema of the rows or object in `Data`, when there is one. */
  dataSchema: string | null;
  /** True for actions that write (Add, Update, Delete, addComprobante, GetAddAtencionAll). */
  writes: boolean;
  /** Top-level request body properties the action reads (the operation's `x-reads`); [] when it reads none. */
  reads: string[];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function resolveRef<T>(doc: OpenApiDocument, value: T | { $ref: string }): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    const parts = value.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: unknown = doc;
    for (const p of parts) node = (node as JsonObject)[p];
    return resolveRef(doc, node as T);
  }
  return value as T;
}

const WRITE_ACTIONS = /^(Add|Update|Delete|addComprobante|GetAddAtencionAll)$/;

function dataOf(schema: JsonObject): { kind: Operation["dataKind"]; schema: string | null } {
  const overlay = (schema.allOf as JsonObject[] | undefined)?.[1];
  const data = (overlay?.properties as Record<string, JsonObject> | undefined)?.Data;
  if (!data) throw new Error("response schema without Data overlay");
  if (data.type === "null") return { kind: "null", schema: null };
  const first = (data.anyOf as JsonObject[])[0]!;
  const refName = (r: unknown) => String((r as { $ref: string }).$ref).split("/").pop()!;
  if (first.type === "array") return { kind: "array", schema: refName(first.items) };
  if (first.type === "integer") return { kind: "integer", schema: null };
  return { kind: "object", schema: refName(first) };
}

function readsOf(op: JsonObject): string[] {
  const reads = op["x-reads"];
  if (!Array.isArray(reads) || !reads.every((r): r is string => typeof r === "string")) {
    throw new Error(`${String(op.operationId)}: x-reads must list the request properties the action reads`);
  }
  return reads;
}

/** True for the operations of the development sandbox (`/sandbox/...`), which the Romsoft backend does not have. */
export function isSandboxOnly(operation: JsonObject | undefined): boolean {
  return operation?.["x-sandbox-only"] === true;
}

/** The spec without its sandbox-only paths: what a server that is not the sandbox serves. */
export function withoutSandboxPaths(doc: OpenApiDocument): OpenApiDocument {
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([, item]) => !isSandboxOnly(item.post)));
  return { ...doc, paths };
}

/**
 * Every operation of the API (the backend's actions) in a bundled spec, in spec order; with `sandboxOnly`,
 * instead, the operations only the development sandbox serves (`x-sandbox-only: true`, `/sandbox/{action}`,
 * listed with controller "Sandbox").
 */
export function operationsOf(doc: OpenApiDocument, { sandboxOnly = false }: { sandboxOnly?: boolean } = {}): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post;
    if (!op || isSandboxOnly(op) !== sandboxOnly) continue;
    const parts = path.split("/");
    const [controller = "", action = ""] = sandboxOnly ? ["Sandbox", parts[2]] : [parts[2], parts[3]];
    const body = op.requestBody as { required?: boolean; content: Record<string, JsonObject> } | undefined;
    const media = body?.content["application/json"] ?? {};
    const resolveExamples = (ex: unknown) =>
      Object.fromEntries(
        Object.entries((ex ?? {}) as Record<string, unknown>).map(([k, v]) => [k, resolveRef<ExampleObject>(doc, v as ExampleObject)]),
      );
    const statusExamples: Record<string, Record<string, ExampleObject>> = {};
    for (const [status, response] of Object.entries(op.responses as Record<string, JsonObject>)) {
      const content = resolveRef(doc, response).content as Record<string, JsonObject> | undefined;
      statusExamples[status] = resolveExamples(content?.["application/json"]?.examples);
    }
    const res200 = resolveRef(doc, (op.responses as Record<string, JsonObject>)["200"]!);
    const resMedia = (res200.content as Record<string, JsonObject>)["application/json"]!;
    const security = op.security as unknown[] | undefined;
    const data = dataOf(resMedia.schema as JsonObject);
    result.push({
      operationId: String(op.operationId),
      controller,
      action,
      path: path as OperationPath,
      pointer: `#/paths/${escapePointer(path)}/post`,
      secured: !(Array.isArray(security) && security.length === 0),
      queryParameters: ((op.parameters ?? []) as JsonObject[])
        .filter((p) => p.in === "query")
        .map((p) => ({ name: String(p.name), required: p.required === true, example: p.example })),
      bodyRequired: body?.required === true,
      requestExamples: resolveExamples(media.examples),
      responseExamples: statusExamples["200"] ?? {},
      statusExamples,
      dataKind: data.kind,
      dataSchema: data.schema,
      writes: WRITE_ACTIONS.test(action),
      reads: readsOf(op),
    });
  }
  return result;
}
