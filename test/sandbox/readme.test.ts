// The README's sandbox example is real code: the same text lives in test/support/sandbox-readme-usage.ts (type-checked by tsc) and
// runs here against a sandbox.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { inSession, post } from "../support/sandbox.js";
import { readmeSandboxUsage } from "../support/sandbox-readme-usage.js";

const here = dirname(fileURLToPath(import.meta.url));
const between = (text: string, start: string, end: string) => text.slice(text.indexOf(start) + start.length, text.indexOf(end));

function readmeBlock(): string {
  const readme = readFileSync(join(here, "..", "..", "README.md"), "utf8");
  const section = between(readme, "\n## Sandbox for front-end teams", "\n## Docs");
  const block = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("createRomsoftClient"));
  if (!block) throw new Error("README: no typed-client block under ## Sandbox for front-end teams");
  return block.replace('"http://127.0.0.1:3000"', "baseUrl").trim();
}

function mirrored(): string {
  const source = readFileSync(join(here, "..", "support", "sandbox-readme-usage.ts"), "utf8");
  return between(source, "// README:start", "// README:end")
    .split("\n")
    .map((line) => line.replace(/^ {2}/, ""))
    .join("\n")
    .trim();
}

describe("README sandbox example", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: true });
  });
  afterAll(() => server?.close());

  it("is the code of test/support/sandbox-readme-usage.ts", () => {
    expect(mirrored()).toBe(readmeBlock());
  });

  it("runs against the sandbox: the row is listed in its session, gone after the reset, never seen elsewhere", async () => {
    const { rows } = await readmeSandboxUsage(server.baseUrl);
    expect((rows ?? []).map((r) => r.c_codigo)).toContain("099");
    for (const session of ["checkout-test-1", undefined]) {
      const list = await post(server.baseUrl, "/api/ADM_OCUPACION/GetAllActives", {}, inSession(server.token, session));
      expect((list.body.Data as { c_codigo: string }[]).map((r) => r.c_codigo), session ?? "default").not.toContain("099");
    }
  });
});
