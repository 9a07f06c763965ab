// A front-end's use of the API, as a page of another origin runs it with the typed client: log in, add a row,
// list it, reset the session, list again. Bundled for the browser by test/sandbox/browser.test.ts; the page
// reads the API's address from `?api=` and the session from `?session=`, and leaves what it saw in
// `window.romsoftResult` (or the error in `window.romsoftError`).
import { createRomsoftClient } from "@romsoft-contract/client";

interface Step {
  status: number | null;
  success: boolean | null;
  message: string | null;
  codes?: string[];
}

declare global {
  interface Window {
    romsoftResult?: { steps: Record<string, Step> };
    romsoftError?: string;
  }
}

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const api = params.get("api") ?? "";
  const session = params.get("session");
  // A session per test: every request of this page carries X-Sandbox-Session (the mock ignores it).
  const client = createRomsoftClient({
    baseUrl: api,
    fetch: (request) => {
      if (session) request.headers.set("X-Sandbox-Session", session);
      return fetch(request);
    },
  });
  const steps: Record<string, Step> = {};

  // The quick start's credentials: the password of a new database on loopback (the mock takes any).
  const login = await client.login("admin", "yourpassword");
  steps.login = { status: 200, success: login.kind === "ok", message: login.kind === "ok" ? null : login.message };

  const code = `B${Date.now() % 100_000}`;
  const added = await client.call("ADM_OCUPACION_Add", {
    c_codigo: code,
    t_descripcion: "Ocupación añadida desde el navegador",
    t_observacion: null,
    f_estado: 1,
    IdUsuarioActual: 1,
  });
  steps.add = { status: added.status, success: added.envelope.Success, message: added.envelope.Message };

  const list = async (name: string) => {
    const reply = await client.call("ADM_OCUPACION_GetAllActives", {});
    const rows = reply.status === 200 ? (reply.envelope.Data ?? []) : [];
    steps[name] = { status: reply.status, success: reply.envelope.Success, message: reply.envelope.Message, codes: rows.map((r) => r.c_codigo ?? "") };
  };
  await list("listAfterAdd");

  // The sandbox's own operation, through the same typed client (openapi-fetch over the generated paths).
  const reset = await client.raw.POST("/sandbox/reset", { body: {} });
  steps.reset = { status: reset.response.status, success: reset.data?.Success ?? null, message: reset.data?.Message ?? null };

  await list("listAfterReset");
  window.romsoftResult = { steps: { ...steps, added: { status: null, success: null, message: code } } };
}

run().catch((err: unknown) => {
  window.romsoftError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
});
