// A stalled client cannot hold the server: incomplete heads and bodies are cut off with 408 and the
// envelope, and other clients are served meanwhile. Short limits keep the test quick.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

let server: TestServer;

/** Writes `text` and then nothing: resolves with what the server sent before closing the connection. */
function stall(text: string): Promise<string> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = "";
    // Safety net far above the configured limits: the server must close first.
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept a stalled connection open"));
    }, 15_000);
    socket.on("connect", () => socket.write(text));
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(guard);
      resolve(received);
    });
  });
}

function expect408(raw: string): void {
  expect(raw.startsWith("HTTP/1.1 408")).toBe(true);
  const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4)) as unknown;
  expect(body).toEqual({ Message: "Tiempo de espera agotado: la solicitud no se completó a tiempo.", Success: false, Warning: false, Data: null });
}

beforeAll(async () => {
  server = await startTestServer({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000 } }, { login: false });
});

afterAll(() => server?.close());

describe("stalled clients", () => {
  it("cuts off a request head that never ends", async () => {
    expect408(await stall("POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  });

  it("cuts off a body that never arrives", async () => {
    expect408(await stall('POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Us'));
  });

  it("keeps serving other clients while connections stall", async () => {
    const stalled = [
      stall("POST /api/Account/Login HTTP/1.1\r\n"),
      stall("POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n"),
    ];
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`${server.baseUrl}/api/Account/Login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Username: "admin", Password: "yourpassword" }),
    });
    expect(login.status).toBe(200);
    for (const raw of await Promise.all(stalled)) expect408(raw);
  });
});

describe("shutting down", () => {
  it("finishes requests in flight and answers later ones on open connections with 503 in the envelope", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await startTestServer(
      {
        serviceHandlers: {
          Account_Login: async () => {
            await gate;
            return { Message: null, Success: true, Warning: false, Data: null };
          },
        },
      },
      { login: false },
    );
    const url = new URL(slow.baseUrl);
    const body = '{"Username":"admin","Password":"x"}';
    const request = `POST /api/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = "";
    let sentSecond = false;
    const done = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
      // As soon as the first answer arrives (the server is closing by then), reuse the connection.
      if (!sentSecond) {
        sentSecond = true;
        socket.write(request);
      }
    });
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first request is now waiting in its handler
    const closed = slow.close();
    // preClose hooks (which mark the server as closing) run before the listening socket is closed.
    for (let i = 0; i < 500 && slow.app.server.listening; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.app.server.listening).toBe(false);
    release();
    await closed;
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]);
    socket.destroy();
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(answers[0]).toContain('{"Message":null,"Success":true,"Warning":false,"Data":null}');
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(answers[1]).toContain('{"Message":"Servicio no disponible: el servidor se está deteniendo.","Success":false,"Warning":false,"Data":null}');
  });
});
