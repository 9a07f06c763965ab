// The ceiling: bare fastify on this machine. One POST route per benchmarked path answering a fixed, already
// serialized and encoded JSON body — no validation, no authentication, no database. Run as a child process:
//   HOST=127.0.0.1 PORT=<port> BENCH_RESPONSES=<file> node --import tsx bench/targets/bare-server.ts
// BENCH_RESPONSES is a JSON object { "<path>": "<response body text>" }.
import { readFileSync } from "node:fs";
import Fastify from "fastify";

const file = process.env.BENCH_RESPONSES;
if (!file) throw new Error("BENCH_RESPONSES is not set");
const responses = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;

const app = Fastify({ logger: false });
for (const [path, text] of Object.entries(responses)) {
  // Encoded once: the cheapest answer fastify can send (no per-request encoding or length scan).
  const bytes = Buffer.from(text, "utf8");
  app.post(path, async (_request, reply) => reply.type("application/json; charset=utf-8").send(bytes));
}

const address = await app.listen({ host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 0) });
process.stdout.write(`bare fastify listening on ${address}\n`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    void app.close().finally(() => process.exit(0));
  });
}
