// GET / (and HEAD /, which fastify derives from GET) sends a person who opens the server's address in a
// browser to the API reference instead of a 404.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

async function rootRedirect(app: FastifyInstance): Promise<void> {
  app.get("/", async (_request, reply) => reply.redirect("/docs", 302));
}

export default fp(rootRedirect, { name: "romsoft-root-redirect", fastify: "5.x", dependencies: ["romsoft-errors"] });
