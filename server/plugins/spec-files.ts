// Public routes beside the API: the bundled spec as JSON and YAML, and a liveness probe.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { stringify } from "yaml";
import { loadSpec } from "../../contract/spec.js";

async function specFiles(app: FastifyInstance): Promise<void> {
  const spec = loadSpec();
  const json = JSON.stringify(spec);
  // Rendered on first request: YAML-stringifying the whole spec costs ~0.2 s and a large transient heap at start-up.
  let yaml: string | undefined;

  app.get("/openapi.json", async (_request, reply) => reply.type("application/json; charset=utf-8").send(json));
  app.get("/openapi.yaml", async (_request, reply) =>
    reply.type("application/yaml; charset=utf-8").send((yaml ??= stringify(spec, { lineWidth: 0 }))),
  );
  app.get("/health", async () => ({ status: "ok" }));
}

export default fp(specFiles, { name: "romsoft-spec-files", fastify: "5.x" });
