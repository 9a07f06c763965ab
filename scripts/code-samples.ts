// The code samples of every operation (`x-codeSamples`, rendered by the docs page in each operation's request
// panel): a curl command and a TypeScript program on the typed client package, both built from the operation's
// own request example (the same one generated/calls.ts and the agreement suite send). Written into the bundled
// spec by scripts/generate.ts; nothing here is specific to one operation.
import { listOperations, type OpenApiDocument, type Operation } from "../contract/spec.js";
import { documentedServer } from "../server/docs/reference-page.js";
import { exampleBody, exampleQuery } from "./call-table.js";

/** One entry of `x-codeSamples` (Redoc shows `label` on the tab and highlights `source` as `lang`). */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export const CURL_LABEL = "curl";
export const TYPESCRIPT_LABEL = "TypeScript";
/** The package the TypeScript samples import. */
export const CLIENT_PACKAGE = "@romsoft-contract/client";

/** The credentials of the Account/Login request example (the administrator of a new database). */
export function loginCredentials(doc: OpenApiDocument): { Username: string; Password: string } {
  const login = listOperations(doc).find((op) => op.operationId === "Account_Login");
  if (!login) throw new Error("the spec has no Account_Login operation");
  const body = exampleBody(login) as { Username?: unknown; Password?: unknown };
  if (typeof body.Username !== "string" || typeof body.Password !== "string") {
    throw new Error("the Account_Login request example has no Username and Password strings");
  }
  return { Username: body.Username, Password: body.Password };
}

/** A string as one shell word in single quotes (a quote inside becomes '\''). */
function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}

function urlOf(op: Operation, base: string): string {
  const query = exampleQuery(op);
  const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}` : "";
  return `${base}${op.path}${search}`;
}

/** `curl` with the example body; secured operations read the token from $TOKEN (Getting started, step 2). */
export function curlSample(op: Operation, base: string): string {
  const lines: string[] = [];
  if (op.secured) lines.push("# TOKEN: Data.token of the Account/Login answer (see Getting started)");
  const url = urlOf(op, base);
  // A query string is quoted: `?` is a shell wildcard.
  const args = [`curl -X POST ${url.includes("?") ? shellQuote(url) : url}`];
  if (op.secured) args.push(`-H "Authorization: Bearer $TOKEN"`);
  args.push(`-H "Content-Type: application/json"`);
  args.push(`-d ${shellQuote(JSON.stringify(exampleBody(op), null, 2))}`);
  lines.push(args.join(" \\\n  "));
  return lines.join("\n") + "\n";
}

/** A TypeScript object literal for a JSON value, indented to continue a line at `indent`. */
function literal(value: unknown, indent = ""): string {
  return JSON.stringify(value, null, 2).split("\n").join(`\n${indent}`);
}

/**
 * A program on the typed client: create it, log in once (the client then sends the token on every call), call
 * the operation with the example, and tell the three outcomes of an HTTP 200 apart: the data, a business
 * rejection (Success: true, Warning: true) and a caught error.
 */
export function typescriptSample(op: Operation, base: string, credentials: { Username: string; Password: string }): string {
  const login = `await api.login(${JSON.stringify(credentials.Username)}, ${JSON.stringify(credentials.Password)})`;
  const head = [
    `import { createRomsoftClient } from "${CLIENT_PACKAGE}";`,
    "",
    `const api = createRomsoftClient({ baseUrl: "${base}" });`,
  ];
  if (op.operationId === "Account_Login") {
    return [
      ...head,
      `const login = ${login};`,
      "// The client keeps Data.token and sends it as a bearer token on every later call.",
      "if (login.kind === \"ok\") console.log(`logged in as ${login.data.usuario}`);",
      "else if (login.kind === \"warning\") console.warn(`rejected: ${login.message}`); // wrong user or password",
      "else throw new Error(`login failed (HTTP ${login.status}): ${login.message}`);",
      "",
    ].join("\n");
  }
  const query = exampleQuery(op);
  const args = [JSON.stringify(op.operationId)];
  if (op.bodyRequired || query) args.push(literal(exampleBody(op)));
  if (query) args.push(literal(query));
  return [
    ...head,
    `const login = ${login}; // once: the client sends the token on every later call`,
    "if (login.kind !== \"ok\") throw new Error(`login failed: ${login.message}`);",
    "",
    `const reply = await api.call(${args.join(", ")});`,
    "const answer = api.result(reply);",
    "if (answer.kind === \"ok\") console.log(answer.data);",
    "else if (answer.kind === \"warning\") console.warn(`rejected: ${answer.message}`); // HTTP 200, Success: true, Warning: true",
    "else throw new Error(`failed (HTTP ${answer.status}): ${answer.message}`);",
    "",
  ].join("\n");
}

/** Both samples of an operation, in the order the page shows them. */
export function codeSamples(op: Operation, base: string, credentials: { Username: string; Password: string }): CodeSample[] {
  return [
    { lang: "Shell", label: CURL_LABEL, source: curlSample(op, base) },
    { lang: "TypeScript", label: TYPESCRIPT_LABEL, source: typescriptSample(op, base, credentials) },
  ];
}

/** The bundled spec with `x-codeSamples` on every operation (a new object; the input is not changed). */
export function withCodeSamples(doc: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(doc);
  // The spec's first server (the reference server of `npm start`); the served docs page shows its own instead.
  const base = documentedServer(doc);
  const credentials = loginCredentials(doc);
  for (const op of listOperations(doc)) {
    const operation = copy.paths[op.path]?.post;
    if (!operation) throw new Error(`${op.operationId}: no POST operation at ${op.path}`);
    operation["x-codeSamples"] = codeSamples(op, base, credentials);
  }
  return copy;
}
