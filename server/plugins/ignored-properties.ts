// The `Romsoft-Ignored-Properties` response header on the operations' answers: which top-level properties of
// the request body carried a value the action does not read. Which ones, and how they are written, is
// contract/ignored-properties.ts (the mocks name them alike); this plugin only adds the header.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { IGNORED_PROPERTIES_HEADER, headerValue, ignoredProperties } from "../../contract/ignored-properties.js";
import { listOperations, listSandboxOperations, type OpenApiDocument } from "../../contract/spec.js";

export interface IgnoredPropertiesOptions {
  /** The bundled spec whose `x-reads` say what each action reads (default generated/openapi.json). */
  spec?: OpenApiDocument;
}

async function ignoredPropertiesPlugin(app: FastifyInstance, options: IgnoredPropertiesOptions): Promise<void> {
  const operations = [...listOperations(options.spec), ...listSandboxOperations(options.spec)];
  const readsById = new Map(operations.map((op) => [op.operationId, new Set(op.reads)]));

  // A preHandler runs once the body is parsed and validated and the caller authenticated: refused requests
  // never get the header.
  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const operationId = request.routeOptions.config.operationId;
    if (operationId === undefined || request.body === undefined) return;
    const reads = readsById.get(operationId);
    if (!reads) return;
    const ignored = ignoredProperties(request.body, reads);
    if (ignored.length > 0) reply.header(IGNORED_PROPERTIES_HEADER, headerValue(ignored));
  });
}

export default fp(ignoredPropertiesPlugin, { name: "romsoft-ignored-properties", fastify: "5.x" });
