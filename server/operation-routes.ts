// The route of every operation, as fastify-openapi-glue registers it: glue's `operationResolver` hands back
// the whole route options, spread over glue's own, so each route is complete when it is created and nothing
// edits it afterwards:
// - `onRequest`: the bearer token check (secured operations), before the body is even read;
// - `preValidation`: a DTO-reading operation refuses anything but a JSON object body;
// - `schema`: the query string and the `application/json` body schema as the route's whole body schema (so
//   the body is validated whatever the Content-Type), and the response schemas (they only select the
//   serializer: app.ts compiles none);
// - `validatorCompiler`: the project's Ajv setup (request-validation.ts);
// - `config.operationId`: read by the error handler and the response validation;
// - `preHandler: undefined`: glue adds no security preHandler (no securityHandlers are given to it).
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler, RouteOptions } from "fastify";
import type { FastifyOpenapiGlueOptions } from "fastify-openapi-glue";
import { listOperations, listSandboxOperations, loadSpec, resolveRef, type JsonObject, type OpenApiDocument, type Operation } from "../contract/spec.js";
import { bearerTokenCheck } from "./auth/bearer.js";
import { requireObjectBody } from "./request-validation.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Set on the routes of the spec's operations. */
    operationId?: string;
  }
}

/** What the domain provides: one handler per operationId, answering the envelope. */
export type ServiceHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type ServiceHandlers = Record<string, ServiceHandler>;

export interface OperationRouteOptions {
  /** One handler per operationId; an operation without one answers glue's "not implemented" error. */
  serviceHandlers: ServiceHandlers;
  /** The token check of secured operations (throws TokenError); the server's verifies the JWT and its user. */
  authenticate: (request: FastifyRequest) => unknown;
  validatorCompiler: FastifySchemaCompiler<unknown>;
  /** The bundled spec the routes are built from (default generated/openapi.json). */
  spec?: OpenApiDocument;
}

/**
 * `$ref`s replaced by what they point to (siblings of a `$ref`, only descriptions in this spec, dropped), as
 * glue does before building its schemas: the validator gets self-contained schemas. A node reached through the
 * same `$ref` is shared, not copied. Refuses a recursive schema (none in this spec; fastify would need `$id`s).
 */
function dereferencer(doc: OpenApiDocument): (node: unknown) => unknown {
  const resolved = new Map<string, unknown>();
  const resolving = new Set<string>();
  const target = (ref: string): unknown => {
    let node: unknown = doc;
    for (const part of ref.slice(2).split("/")) node = (node as JsonObject)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return node;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const ref = (node as JsonObject).$ref;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      const done = resolved.get(ref);
      if (done !== undefined) return done;
      if (resolving.has(ref)) throw new Error(`recursive schema at ${ref}`);
      resolving.add(ref);
      const value = walk(target(ref));
      resolving.delete(ref);
      resolved.set(ref, value);
      return value;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk;
}

interface SchemaParts {
  operationId: string;
  querystring?: JsonObject;
  body?: unknown;
  response?: JsonObject;
}

function routeSchema(op: Operation, doc: OpenApiDocument, deref: (node: unknown) => unknown): SchemaParts {
  const spec = doc.paths[op.path]!.post!;
  const schema: SchemaParts = { operationId: op.operationId };
  const query = ((spec.parameters ?? []) as JsonObject[]).filter((p) => p.in === "query");
  if (query.length > 0) {
    const required = query.filter((p) => p.required === true).map((p) => String(p.name));
    schema.querystring = {
      type: "object",
      properties: Object.fromEntries(
        query.map((p) => [String(p.name), { ...(deref(p.schema) as JsonObject), ...(p.description ? { description: p.description } : {}) }]),
      ),
      ...(required.length > 0 ? { required } : {}),
    };
  }
  const body = spec.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
  if (body?.content) {
    const media = body.content["application/json"];
    if (!media?.schema) throw new Error(`${op.operationId}: request body without an application/json schema`);
    schema.body = deref(media.schema);
  }
  const responses: JsonObject = {};
  for (const [status, raw] of Object.entries((spec.responses ?? {}) as JsonObject)) {
    // Left with their $refs: no response schema is compiled (app.ts serializes every answer itself).
    const content = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, raw as { $ref: string }).content;
    if (content) responses[status] = { content: Object.fromEntries(Object.entries(content).map(([mime, m]) => [mime, { schema: m.schema }])) };
  }
  if (Object.keys(responses).length > 0) schema.response = responses;
  return schema;
}

type OperationResolver = NonNullable<FastifyOpenapiGlueOptions["operationResolver"]>;

/**
 * glue's `operationResolver`: the route options of each operation. glue spreads them over its own method, url
 * and schema (its types ask for whole RouteOptions, hence the cast: method and url stay glue's).
 */
export function createOperationResolver(options: OperationRouteOptions): OperationResolver {
  const doc = options.spec ?? loadSpec();
  const deref = dereferencer(doc);
  // The sandbox's own operations (POST /sandbox/reset) get the same route as the API's: glue only asks for
  // them when the sandbox serves them (app.ts leaves them out of the spec otherwise).
  const operations = new Map([...listOperations(doc), ...listSandboxOperations(doc)].map((op) => [op.operationId, op]));
  const checkToken = bearerTokenCheck(options.authenticate);
  return (operationId) => {
    const op = operations.get(operationId);
    if (!op) throw new Error(`the spec has no operation ${operationId}`);
    const handler = options.serviceHandlers[operationId];
    return {
      ...(typeof handler === "function" ? { handler } : {}),
      ...(op.secured ? { onRequest: checkToken } : {}),
      ...(op.bodyRequired ? { preValidation: requireObjectBody } : {}),
      schema: routeSchema(op, doc, deref) as RouteOptions["schema"],
      validatorCompiler: options.validatorCompiler,
      preHandler: undefined,
      config: { operationId },
    } satisfies Partial<RouteOptions> as RouteOptions;
  };
}
