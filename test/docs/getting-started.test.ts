// The curl commands of the published docs work as written: every `curl` in a ```bash block of the info
// description (openapi/docs/introduction.md, as bundled in generated/openapi.json) is parsed and sent to the
// reference server, with http://127.0.0.1:3000 replaced by the test server's address and $TOKEN by a token
// obtained the way step 2 of Getting started obtains it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../contract/spec.js";
import { startTestServer, type TestServer } from "../support/server.js";

const DOCUMENTED_BASE = "http://127.0.0.1:3000";

interface CurlCommand {
  source: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** What the output is piped into, if anything. */
  pipe: string | undefined;
}

/** Splits a shell command into words (single and double quotes, backslash-newline continuations). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const text = command.replace(/\\\n/g, " ");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in: ${command}`);
  if (inWord) words.push(word);
  return words;
}

function parseCurl(source: string): CurlCommand {
  const start = source.indexOf("curl ");
  const words = shellWords(source.slice(start));
  const command: CurlCommand = { source, method: "GET", url: "", headers: {}, body: undefined, pipe: undefined };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === "|") {
      command.pipe = words.slice(i + 1).join(" ");
      break;
    } else if (w === "-X") command.method = words[++i]!;
    else if (w === "-H") {
      const [name, ...value] = words[++i]!.split(":");
      command.headers[name!.trim()] = value.join(":").trim();
    } else if (w === "-d") {
      command.body = words[++i]!;
      if (command.method === "GET") command.method = "POST";
    } else if (w === "-s") continue;
    else if (w.startsWith("http")) command.url = w.replace(/\)$/, "");
    else throw new Error(`unexpected curl argument ${w} in: ${source}`);
  }
  return command;
}

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

  async function send(command: CurlCommand): Promise<{ status: number; body: { Success?: unknown; Warning?: unknown; Data?: unknown } }> {
    const expand = (value: string) => value.split(DOCUMENTED_BASE).join(server!.baseUrl).split("$TOKEN").join(token);
    const res = await fetch(expand(command.url), {
      method: command.method,
      headers: Object.fromEntries(Object.entries(command.headers).map(([k, v]) => [k, expand(v)])),
      ...(command.body !== undefined ? { body: command.body } : {}),
    });
    return { status: res.status, body: (await res.json()) as { Success?: unknown; Warning?: unknown; Data?: unknown } };
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
