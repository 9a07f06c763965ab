// A front-end page using the in-browser mock: it registers MSW's service worker with the project's handlers,
// then talks to the API as an app would, with no API server anywhere. Bundled with esbuild by
// test/mocks/msw-browser.test.ts; the results are written into the page for the test to read.
import { setupWorker } from "msw/browser";
import { handlers } from "../../../mocks/msw/index.js";

interface Envelope {
  Message: string | null;
  Success: boolean;
  Warning: boolean;
  Data: unknown;
}

interface Step {
  name: string;
  status: number;
  body: Envelope;
}

const steps: Step[] = [];
const log = document.getElementById("log")!;

async function call(name: string, base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Envelope> {
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  const envelope = (await res.json()) as Envelope;
  steps.push({ name, status: res.status, body: envelope });
  log.textContent += `${name}: HTTP ${res.status} Success:${String(envelope.Success)} ${envelope.Message ?? ""}\n`;
  return envelope;
}

async function main(): Promise<void> {
  const worker = setupWorker(...handlers);
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });
  const api = new URLSearchParams(location.search).get("api") ?? location.origin;

  const login = await call("login", api, "/api/Account/Login", { Username: "admin", Password: "admin" });
  const token = (login.Data as { token: string }).token;
  const auth = { Authorization: `Bearer ${token}` };
  await call("plans", api, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, auth);
  await call("plans-error", api, "/api/CVN_PLAN_SEGURO/GetAllActives", {}, { ...auth, Prefer: "example=error" });
  await call("no-token", api, "/api/CVN_PLAN_SEGURO/GetAllActives", {});
  await call("bad-body", api, "/api/CVN_PLAN_SEGURO/Add", { d_fecha_i_vigencia: "ayer" }, auth);
}

main().then(
  () => {
    document.body.dataset.done = JSON.stringify(steps);
  },
  (err: unknown) => {
    document.body.dataset.error = String(err instanceof Error ? err.stack ?? err.message : err);
  },
);
