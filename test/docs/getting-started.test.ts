// The curl commands of the published docs work as written: every `curl` in a ```bash block of the info
// description (openapi/docs/introduction.md, as bundled in generated/openapi.json) is parsed and sent to the
// reference server, with http://127.0.0.1:3000 replaced by the test server's address and $TOKEN by a token
// obtained the way step 2 of Getting started obtains it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../contract/spec.js";
import { parseCurl, sendCurl, type CurlAnswer, type CurlCommand } from "../support/curl.js";
import { startTestServer, type TestServer } from "../support/server.js";

const DOCUMENTED_BASE = "http://127.0.0.1:3000";

/** Every curl command of the ```bash blocks of the info description, in order. */
function documentedCommands(): CurlCommand[] {
  const description = String(loadSpec().info.description ?? "");
  const blocks = [...description.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .split(/\n(?=\S)/)
      .filter((command) => command.includes("curl "))
      .map(parseCurl),
  );
}

describe("Getting started works as written", () => {
  let server: TestServer | undefined;
  let token = "";
  const commands = documentedCommands();

  async function send(command: CurlCommand): Promise<CurlAnswer> {
    return sendCurl(command, (value) => value.split(DOCUMENTED_BASE).join(server!.baseUrl).split("$TOKEN").join(token));
  }

  beforeAll(async () => {
    server = await startTestServer({}, { login: false });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("documents the login, the token, the plans and the patient search", () => {
    const paths = commands.map((c) => new URL(c.url).pathname);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/Account/Login",
        "/api/CVN_PLAN_SEGURO/GetAllActives",
        "/api/ADM_PACIENTE/GetAllFilters",
      ]),
    );
    expect(commands.every((c) => c.url.startsWith(DOCUMENTED_BASE))).toBe(true);
  });

  it("step 2 takes Data.token from the login answer", async () => {
    const capture = commands.find((c) => c.source.startsWith("TOKEN=$("));
    expect(capture, "a TOKEN=$(curl ...) command").toBeDefined();
    expect(capture!.pipe).toMatch(/\.Data\.token/);
    const { status, body } = await send(capture!);
    expect(status).toBe(200);
    const data = body.Data as { token?: unknown } | null;
    expect(typeof data?.token).toBe("string");
    token = data!.token as string;
  });

  it("every documented curl command succeeds", async () => {
    expect(token).not.toBe("");
    for (const command of commands) {
      const { status, body } = await send(command);
      expect({ command: command.source, status, Success: body.Success, Warning: body.Warning }).toEqual({
        command: command.source,
        status: 200,
        Success: true,
        Warning: false,
      });
    }
  });

  it("the published quick start's patient body is ignored and lists every patient", async () => {
    const search = commands.find((c) => c.url.endsWith("/api/ADM_PACIENTE/GetAllFilters"))!;
    const garcia = await send(search);
    const published = await send({ ...search, body: '{"apellidos": "Garcia", "estado": "A"}' });
    const everyone = await send({ ...search, body: '{"valorRequest": ""}' });
    expect(Array.isArray(garcia.body.Data) && garcia.body.Data.length).toBeGreaterThan(0);
    expect(published.body.Data).toEqual(everyone.body.Data);
    expect((published.body.Data as unknown[]).length).toBeGreaterThan((garcia.body.Data as unknown[]).length);
  });
});
