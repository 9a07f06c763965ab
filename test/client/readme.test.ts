// The README's "Typed client" example is real code: the same text lives in test/support/readme-usage.ts
// (type-checked by tsc) and runs here against the reference server.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { setHashCost } from "../../server/auth/password.js";
import { readmeUsage } from "../support/readme-usage.js";

// Cheap password hashes for the users these servers create (production keeps the full scrypt cost).
setHashCost(1 << 10);

const here = dirname(fileURLToPath(import.meta.url));

function readmeBlock(): string {
  const readme = readFileSync(join(here, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Typed client"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README: no ts block under ## Typed client");
  return block
    .split("\n")
    .filter((line) => !line.startsWith("import "))
    .join("\n")
    .replace('"http://127.0.0.1:3000"', "baseUrl")
    .trim();
}

function mirrored(): string {
  const source = readFileSync(join(here, "..", "support", "readme-usage.ts"), "utf8");
  const inner = source.slice(source.indexOf("// README:start") + "// README:start".length, source.indexOf("// README:end"));
  return inner
    .split("\n")
    .map((line) => line.replace(/^ {2}/, ""))
    .join("\n")
    .trim();
}

describe("README typed-client example", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { login: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is the code of readme-usage.ts", () => {
    expect(mirrored()).toBe(readmeBlock());
  });

  it("runs against the reference server: logs in, lists plans, searches patients, handles the answers", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await readmeUsage(server.baseUrl);
      const line = String(log.mock.calls.at(-1)?.[0]);
      const [, plans, patients] = /^(\d+) plans, (\d+) patients$/.exec(line) ?? [];
      expect(Number(plans)).toBeGreaterThan(0);
      expect(Number(patients)).toBeGreaterThan(0);
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
