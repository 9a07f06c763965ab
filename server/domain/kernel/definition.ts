// The typed layer every handler is written against: request body, query and envelope types come from
// generated/api.d.ts, so a handler that returns the wrong shape for its operation fails `tsc`. A Definition is
// one operation's handler body; define()/defineAsync() tie it to its operationId.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { components, operations } from "../../../generated/api.js";
import type { HandlerContext } from "../../context.js";

export type Schemas = components["schemas"];
export type SchemaName = keyof Schemas;
export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { "application/json": infer B } } ? B : never;

/** The JSON request body of an operation (`unknown` for actions that ignore their body). */
export type Body<K extends OperationId> = JsonContent<NonNullable<operations[K]["requestBody"]>>;

/** The query parameters of an operation (only two actions have one). */
export type Query<K extends OperationId> = operations[K]["parameters"] extends { query: infer Q }
  ? Q
  : Record<string, never>;

/** The 200 envelope of an operation. */
export type Result<K extends OperationId> = operations[K]["responses"][200]["content"]["application/json"];

/** What `Data` holds on success. */
export type DataOf<K extends OperationId> = NonNullable<Result<K>["Data"]>;

export interface Input<K extends OperationId> {
  body: Body<K>;
  query: Query<K>;
}

/** A synchronous handler body: runs inside one database transaction. */
export type SyncImpl<K extends OperationId> = (input: Input<K>, ctx: HandlerContext) => Result<K>;
/** An asynchronous handler body (password checks, remote lookups): opens its own transactions if it writes. */
export type AsyncImpl<K extends OperationId> = (input: Input<K>, ctx: HandlerContext) => Promise<Result<K>>;

export type Definition<K extends OperationId = OperationId> =
  | { id: K; kind: "sync"; fn: SyncImpl<K> }
  | { id: K; kind: "async"; fn: AsyncImpl<K> };

/** Any operation's definition (a distributive union, so each keeps its own body and result types). */
export type AnyDefinition = { [K in OperationId]: Definition<K> }[OperationId];

/** A handler whose whole body runs in one transaction (rolled back if it throws). */
export function define<K extends OperationId>(id: K, fn: SyncImpl<K>): Definition<K> {
  return { id, kind: "sync", fn };
}

/** A handler that awaits something (it must use db.transaction itself for multi-statement writes). */
export function defineAsync<K extends OperationId>(id: K, fn: AsyncImpl<K>): Definition<K> {
  return { id, kind: "async", fn };
}

/** What fastify-openapi-glue calls: `serviceHandlers[operationId](request, reply)`. */
export type ServiceHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** One handler per operationId of the spec. */
export type ServiceHandlers = Record<OperationId, ServiceHandler>;

/** The row type of an operation whose Data is an array. */
export type RowOf<K extends OperationId> = DataOf<K> extends (infer R)[] ? R : never;

/** The schema name(s) whose type is exactly T (used to tie a table description to an operation's rows). */
export type SchemaFor<T> = {
  [S in SchemaName]: [Schemas[S]] extends [T] ? ([T] extends [Schemas[S]] ? S : never) : never;
}[SchemaName];
