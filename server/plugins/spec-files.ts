// Public routes beside the API: the bundled spec as JSON and YAML, and a liveness probe.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { stringify } from "yaml";
import { loadSpec } from "../../contract/spec.js";

async function specFiles(app: FastifyInstance): Promise<void> {
  const spec = loadSpec();
  const json = JSON.stringify(spec);
  const yaml = stringify(spec, { lineWidth: 0 });

  app.get("/openapi.json", async (_request, reply) => reply.type("application/json; charset=utf-8").send(json));
  app.get("/openapi.yaml", async (_request, reply) => reply.type("application/yaml; charset=utf-8").send(yaml));
  app.get("/health", async () => ({ status: "ok" }));
}

export default fp(specFiles, { name: "romsoft-spec-files", fastify: "5.x" });
