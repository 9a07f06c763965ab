// A Definition turned into what fastify-openapi-glue calls: reads request.body / request.query, runs the
// definition (synchronous ones inside one transaction), and turns any unexpected exception into the backend's
// error envelope after logging it.
import type { FastifyRequest } from "fastify";
import { getOperation } from "../../../contract/spec.js";
import type { HandlerContext } from "../../context.js";
import type { AnyDefinition, ServiceHandler } from "./definition.js";
import { errorEnvelope } from "./envelope.js";

/** A request body as handlers see it: a JSON object, or {} for "", null, absent or non-object bodies. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const b = request.body;
  return b !== null && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function queryOf(request: FastifyRequest): Record<string, unknown> {
  const q = request.query;
  return q !== null && typeof q === "object" ? (q as Record<string, unknown>) : {};
}

export function toServiceHandler(def: AnyDefinition, ctx: HandlerContext): ServiceHandler {
  const operationId = def.id;
  const fail = (err: unknown) => {
    // Only the error itself is logged: never the body (it may hold passwords) nor headers (tokens).
    const e = err instanceof Error ? { type: err.name, message: err.message, stack: err.stack } : { message: String(err) };
    ctx.log.error({ operationId, err: e }, "handler failed");
    return errorEnvelope();
  };
  if (def.kind === "sync") {
    const run = ctx.db.transaction((input: never) => def.fn(input, ctx));
    // Writes take the write lock when they begin (BEGIN IMMEDIATE): a deferred transaction that reads and
    // then writes gets SQLITE_BUSY at once, without waiting (busy_timeout does not apply), when another
    // connection to the file wrote in between.
    const begin = getOperation(operationId).writes ? run.immediate : run;
    return (request) => {
      try {
        return Promise.resolve(begin({ body: bodyOf(request), query: queryOf(request) } as never));
      } catch (err) {
        return Promise.resolve(fail(err));
      }
    };
  }
  return async (request) => {
    try {
      return await def.fn({ body: bodyOf(request), query: queryOf(request) } as never, ctx);
    } catch (err) {
      return fail(err);
    }
  };
}
