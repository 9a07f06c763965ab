// Every status the reference server answers is in the spec: 200/400/401/413 per operation (each with its
// envelope examples), 404 and 405 at API level in the introduction. The examples are checked against what
// the server really answers, so the documented envelopes cannot drift from the server's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../contract/paths.js";
import { listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { startTestServer, type TestServer } from "../support/server.js";

const doc = loadSpec();
const intro = readFileSync(join(projectRoot, "openapi", "docs", "introduction.md"), "utf8");
const validator = new ContractValidator();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** The JSON code blocks of the introduction, parsed. */
function introJsonExamples(): unknown[] {
  return [...intro.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
}

function exampleValues(responseName: string): unknown[] {
  const res = resolveRef<JsonObject>(doc, { $ref: `#/components/responses/${responseName}` });
  const media = (res.content as Record<string, JsonObject>)["application/json"]!;
  return Object.values(media.examples as Record<string, { value: unknown }>).map((e) => e.value);
}

describe("statuses declared per operation", () => {
  it("every operation declares 413 with the error envelope", () => {
    for (const op of listOperations()) {
      const item = resolveRef<JsonObject>(doc, { $ref: op.pointer });
      expect((item.responses as Record<string, JsonObject>)["413"], op.operationId).toEqual({ $ref: "#/components/responses/PayloadTooLarge" });
    }
  });

  it("413: a body over 1 MiB gets the documented envelope", async () => {
    const res = await fetch(`${server.baseUrl}/api/ADM_PACIENTE/GetAllFilters`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ valorRequest: "x".repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(exampleValues("PayloadTooLarge")).toContainEqual(body);
    expect(validator.validateErrorEnvelope(body).valid).toBe(true);
  });
});

describe("statuses declared at API level (introduction)", () => {
  it("lists every status with where it is described", () => {
    for (const status of ["200", "400", "401", "413", "404", "405"]) expect(intro).toMatch(new RegExp(`^\\| ${status} \\|`, "m"));
  });

  it("404: an unknown path gets the documented envelope", async () => {
    const res = await fetch(`${server.baseUrl}/api/ADM_PACIENTE/GetAllPatients`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: "{}",
    });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(introJsonExamples()).toContainEqual(body);
    expect(validator.validateErrorEnvelope(body).valid).toBe(true);
  });

  it("405: an operation's path with GET gets the documented envelope and Allow: POST", async () => {
    const res = await fetch(`${server.baseUrl}/api/ADM_PACIENTE/GetAllFilters`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    const body = await res.json();
    expect(introJsonExamples()).toContainEqual(body);
    expect(validator.validateErrorEnvelope(body).valid).toBe(true);
  });
});
