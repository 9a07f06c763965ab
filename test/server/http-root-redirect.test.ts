// The server's root is where a person lands first: GET / and HEAD / send them to the API reference.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { login: false });
});

afterAll(() => server?.close());

describe("the root path", () => {
  for (const method of ["GET", "HEAD"] as const) {
    it(`${method} / redirects to /docs`, async () => {
      const res = await fetch(`${server.baseUrl}/`, { method, redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/docs");
    });
  }

  it("keeps the query string out of the redirect and refuses other methods with 405", async () => {
    const res = await fetch(`${server.baseUrl}/?x=1`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/docs");
    const post = await fetch(`${server.baseUrl}/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ Success: false, Warning: false, Data: null });
  });
});
