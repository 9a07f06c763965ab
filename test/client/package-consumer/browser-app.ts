// The page script of the browser test, bundled with esbuild from the installed package (core + ./validate).
// The page is served under `Content-Security-Policy: script-src 'self'`: no eval, no new Function. It calls the
// reference server (the page's origin), the mock (?mock=<url>), the sandbox (?sandbox=<url>, in a session of
// its own) and an answer rewritten off-spec (<origin>/off-spec), with response validation on, and writes what
// happened into #out as JSON.
import { createRomsoftClient, RomsoftContractError } from "@romsoft-contract/client";
import { responseValidator } from "@romsoft-contract/client/validate";

const out: Record<string, unknown> = {};

async function run(): Promise<Record<string, unknown>> {
  // The policy is really enforced: evaluating code from a string is refused.
  try {
    out.evalAllowed = (new Function("return true") as () => boolean)();
  } catch {
    out.evalAllowed = false;
  }

  out.step = "server";
  const server = createRomsoftClient({ baseUrl: location.origin, validateResponses: responseValidator });
  out.serverLogin = (await server.login("admin", "yourpassword")).kind;
  out.serverPlans = (await server.data("CVN_PLAN_SEGURO_GetAllActives"))?.length ?? 0;
  out.serverPatients = (await server.data("ADM_PACIENTE_GetAllFilters", { valorRequest: "GARCIA" }))?.length ?? 0;

  out.step = "mock";
  const mockUrl = new URLSearchParams(location.search).get("mock") ?? "";
  const mock = createRomsoftClient({ baseUrl: mockUrl, token: "x", validateResponses: responseValidator });
  out.mockLogin = (await mock.login("admin", "yourpassword")).kind;
  out.mockPlans = (await mock.data("CVN_PLAN_SEGURO_GetAllActives"))?.length ?? 0;

  out.step = "sandbox";
  const sandboxUrl = new URLSearchParams(location.search).get("sandbox") ?? "";
  const session = `client-package-${Date.now()}`;
  const sandbox = createRomsoftClient({
    baseUrl: sandboxUrl,
    validateResponses: responseValidator,
    fetch: (request) => {
      request.headers.set("X-Sandbox-Session", session);
      return fetch(request);
    },
  });
  out.sandboxLogin = (await sandbox.login("admin", "yourpassword")).kind;
  const code = `P${Date.now() % 100_000}`;
  await sandbox.data("ADM_OCUPACION_Add", { c_codigo: code, t_descripcion: "Desde el paquete en el navegador", t_observacion: null, f_estado: 1, IdUsuarioActual: 1 });
  const codes = async () => ((await sandbox.data("ADM_OCUPACION_GetAllActives")) ?? []).map((row) => row.c_codigo);
  out.sandboxListedAfterAdd = (await codes()).includes(code);
  // The sandbox's own operation (not one of the API's: the client does not validate it).
  out.sandboxReset = (await sandbox.raw.POST("/sandbox/reset", { body: {} })).response.status;
  const afterReset = await codes();
  out.sandboxListedAfterReset = afterReset.includes(code);
  out.sandboxRowsAfterReset = afterReset.length;

  out.step = "off-spec";
  const offSpec = createRomsoftClient({ baseUrl: `${location.origin}/off-spec`, token: "x", validateResponses: responseValidator });
  try {
    await offSpec.call("CVN_PLAN_SEGURO_GetAllActives");
    out.offSpec = "accepted";
  } catch (e) {
    out.offSpec = e instanceof RomsoftContractError ? { name: e.name, issues: e.issues } : String(e);
  }
  out.step = "done";
  return out;
}

const target = document.getElementById("out");
run().then(
  (result) => {
    if (target) target.textContent = JSON.stringify(result);
  },
  (e: unknown) => {
    if (target) target.textContent = JSON.stringify({ ...out, failed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  },
);
