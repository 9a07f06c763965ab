// The request console of the docs page: runs in the reader's browser (bundled by esbuild into /docs/console.js;
// it imports nothing and touches no Node API). It adds a panel to the Redoc page: log in, choose an operation
// (it follows the operation the reader is looking at), edit the body prefilled with the operation's example,
// send it to the API and see the answer's envelope with its HTTP status and the time it took.
//
// The token lives in a variable of this closure only: never in the URL, localStorage, sessionStorage or a cookie,
// so it is gone when the tab is closed or reloaded. The page's data (the API's address and the operations) is a
// JSON block written by the docs build (server/docs/reference-page.ts), not code, so the page needs no inline
// script of its own.

import { CONSOLE_DATA_ID, type ConsoleData, type ConsoleOperation } from "./console-data.js";

const STYLE = `
#romsoft-console{position:fixed;right:16px;bottom:16px;z-index:1000;display:flex;flex-direction:column;align-items:flex-end;font:13px/1.4 system-ui,sans-serif;color:#1b1b1b}
#romsoft-console [hidden]{display:none!important}
#romsoft-console .rc-toggle{background:#0044d4;color:#fff;border:0;border-radius:4px;padding:8px 14px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#romsoft-console .rc-panel{width:520px;max-width:calc(100vw - 32px);max-height:calc(100vh - 80px);overflow:auto;background:#fff;border:1px solid #c8cdd6;border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,.3);padding:12px;margin-bottom:8px}
#romsoft-console h2{font-size:15px;margin:0 0 8px}
#romsoft-console fieldset{border:1px solid #dde1e7;border-radius:4px;margin:0 0 10px;padding:8px}
#romsoft-console legend{font-weight:600;padding:0 4px}
#romsoft-console label{display:block;margin:4px 0}
#romsoft-console input,#romsoft-console select,#romsoft-console textarea{box-sizing:border-box;width:100%;font:12px/1.4 ui-monospace,monospace;padding:4px;border:1px solid #b5bcc7;border-radius:3px}
#romsoft-console textarea{height:180px;resize:vertical}
#romsoft-console button.rc-action{margin:6px 6px 0 0;padding:5px 12px;border:1px solid #0044d4;background:#0044d4;color:#fff;border-radius:3px;cursor:pointer}
#romsoft-console button.rc-secondary{background:#fff;color:#0044d4}
#romsoft-console .rc-note{color:#555;font-size:12px}
#romsoft-console .rc-status{margin-top:8px;font-weight:600}
#romsoft-console .rc-status.rc-ok{color:#11772f}
#romsoft-console .rc-status.rc-warning{color:#a15c00}
#romsoft-console .rc-status.rc-error{color:#b3261e}
#romsoft-console pre{background:#263238;color:#e6edf3;padding:8px;border-radius:4px;max-height:40vh;overflow:auto;font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function readData(): ConsoleData | undefined {
  const block = document.getElementById(CONSOLE_DATA_ID);
  if (!block?.textContent) return undefined;
  return JSON.parse(block.textContent) as ConsoleData;
}

interface Envelope {
  Message?: unknown;
  Success?: unknown;
  Warning?: unknown;
  Data?: unknown;
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === "object" && value !== null && "Success" in value;
}

/** One line saying what the answer was: the HTTP status, the time, and the envelope's flags. */
function describe(status: number, statusText: string, ms: number, body: unknown): { text: string; tone: "ok" | "warning" | "error" } {
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ""} · ${ms} ms`;
  if (!isEnvelope(body)) return { text: `${head} · not a JSON envelope`, tone: "error" };
  const parts = [head, `Success: ${String(body.Success)}`, `Warning: ${String(body.Warning)}`];
  if (Array.isArray(body.Data)) parts.push(`Data: ${body.Data.length} ${body.Data.length === 1 ? "row" : "rows"}`);
  const tone = status === 200 && body.Success === true ? (body.Warning === true ? "warning" : "ok") : "error";
  return { text: parts.join(" · "), tone };
}

function start(data: ConsoleData): void {
  const byId = new Map(data.operations.map((op) => [op.operationId, op]));
  const byAnchor = new Map(data.operations.map((op) => [op.anchor, op]));
  // The bearer token: only here.
  let token: string | undefined;
  /** Who the token belongs to (the name typed when logging in). */
  let user = "";
  let current: ConsoleOperation | undefined;
  let edited = false;

  const style = el("style");
  style.textContent = STYLE;
  document.head.append(style);

  const who = el("span", { class: "rc-note", "data-rc": "who" }, "Not logged in.");
  const username = el("input", { name: "username", autocomplete: "username", value: data.username, "aria-label": "Username" });
  const password = el("input", { name: "password", type: "password", autocomplete: "current-password", "aria-label": "Password", placeholder: "Password" });
  const loginButton = el("button", { type: "submit", class: "rc-action" }, "Log in");
  const logoutButton = el("button", { type: "button", class: "rc-action rc-secondary" }, "Log out");
  const loginForm = el(
    "form",
    { "data-rc": "login" },
    el("fieldset", {}, el("legend", {}, "Login"), el("label", {}, "Username", username), el("label", {}, "Password", password), loginButton, logoutButton, " ", who),
  );

  const select = el("select", { "data-rc": "operation", "aria-label": "Operation" });
  for (const op of data.operations) select.append(el("option", { value: op.operationId }, `${op.label} — ${op.summary}`));
  const target = el("div", { class: "rc-note", "data-rc": "target" });
  const query = el("input", { "data-rc": "query", "aria-label": "Query string", placeholder: "name=value" });
  const queryLabel = el("label", {}, "Query string", query);
  const body = el("textarea", { "data-rc": "body", spellcheck: "false", "aria-label": "Request body (JSON)" });
  const send = el("button", { type: "button", class: "rc-action", "data-rc": "send" }, "Send");
  const reset = el("button", { type: "button", class: "rc-action rc-secondary" }, "Reset to the example");
  const status = el("div", { class: "rc-status", "data-rc": "status", role: "status" });
  const answer = el("pre", { "data-rc": "answer" });
  answer.hidden = true;

  const panel = el(
    "div",
    { class: "rc-panel", role: "dialog", "aria-label": "API console" },
    el("h2", {}, "API console"),
    el("div", { class: "rc-note" }, `Sends requests to ${data.base}. The token is kept in this tab only.`),
    loginForm,
    el("fieldset", {}, el("legend", {}, "Request"), el("label", {}, "Operation", select), target, queryLabel, el("label", {}, "Body (JSON)", body), send, reset, status, answer),
  );
  panel.hidden = true;
  const toggle = el("button", { type: "button", class: "rc-toggle", "aria-expanded": "false" }, "API console");
  const root = el("aside", { id: "romsoft-console" }, panel, toggle);
  document.body.append(root);

  function showLogin(): void {
    who.textContent = token ? `Logged in as ${user}.` : "Not logged in.";
    logoutButton.hidden = !token;
  }

  function choose(op: ConsoleOperation, force = false): void {
    if (current === op && !force) return;
    current = op;
    edited = false;
    select.value = op.operationId;
    target.textContent = `POST ${data.base}${op.path}${op.secured ? "" : " (no token needed)"}`;
    query.value = op.query;
    queryLabel.hidden = op.query === "";
    body.value = op.body;
  }

  /** The operation the reader is looking at (Redoc's hash: #/{tag}/{operationid}[#...]). */
  function fromHash(): ConsoleOperation | undefined {
    const anchor = decodeURIComponent(window.location.hash.replace(/^#\/?/, "")).split("#")[0] ?? "";
    return byAnchor.get(anchor.toLowerCase());
  }

  function follow(): void {
    const op = fromHash();
    if (op && !edited) choose(op);
  }

  function show(state: { text: string; tone: "ok" | "warning" | "error" }, payload?: string): void {
    status.textContent = state.text;
    status.className = `rc-status rc-${state.tone}`;
    answer.hidden = payload === undefined;
    answer.textContent = payload ?? "";
  }

  async function post(path: string, search: string, text: string, withToken: boolean): Promise<{ status: number; statusText: string; ms: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (withToken && token) headers.Authorization = `Bearer ${token}`;
    const started = performance.now();
    const res = await fetch(`${data.base}${path}${search ? `?${search}` : ""}`, { method: "POST", headers, body: text, credentials: "omit", cache: "no-store" });
    const raw = await res.text();
    const ms = Math.round(performance.now() - started);
    let parsed: unknown = raw;
    try {
      parsed = raw === "" ? raw : (JSON.parse(raw) as unknown);
    } catch {
      // Not JSON: shown as received.
    }
    return { status: res.status, statusText: res.statusText, ms, body: parsed, headers: res.headers };
  }

  /** Keeps the token of a successful Account/Login answer. */
  function keepToken(res: { status: number; body: unknown }): boolean {
    if (res.status !== 200 || !isEnvelope(res.body) || res.body.Success !== true || res.body.Warning === true) return false;
    const value = (res.body.Data as { token?: unknown } | null | undefined)?.token;
    if (typeof value !== "string" || value === "") return false;
    token = value;
    const name = (res.body.Data as { usuario?: unknown }).usuario;
    user = typeof name === "string" && name !== "" ? name : username.value;
    showLogin();
    return true;
  }

  loginForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const login = byId.get("Account_Login");
    if (!login) return;
    loginButton.disabled = true;
    who.textContent = "Logging in…";
    post(login.path, "", JSON.stringify({ Username: username.value, Password: password.value }), false)
      .then((res) => {
        password.value = "";
        if (!keepToken(res)) {
          token = undefined;
          const message = isEnvelope(res.body) ? String(res.body.Message ?? "") : "";
          who.textContent = `Login failed (HTTP ${res.status})${message ? `: ${message}` : ""}`;
          logoutButton.hidden = true;
        }
      })
      .catch((err: unknown) => {
        who.textContent = `Login failed: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        loginButton.disabled = false;
      });
  });
  logoutButton.addEventListener("click", () => {
    token = undefined;
    showLogin();
  });

  select.addEventListener("change", () => {
    const op = byId.get(select.value);
    if (op) choose(op, true);
  });
  body.addEventListener("input", () => {
    edited = true;
  });
  reset.addEventListener("click", () => {
    if (current) choose(current, true);
  });
  send.addEventListener("click", () => {
    const op = current;
    if (!op) return;
    send.disabled = true;
    show({ text: `Sending POST ${op.path}…`, tone: "ok" });
    post(op.path, query.value.trim().replace(/^\?/, ""), body.value, op.secured)
      .then((res) => {
        if (op.operationId === "Account_Login") keepToken(res);
        const state = describe(res.status, res.statusText, res.ms, res.body);
        if (res.status === 401) {
          token = undefined;
          showLogin();
          state.text += " · log in first (no token, or the token expired)";
        }
        const ignored = res.headers.get("Romsoft-Ignored-Properties");
        if (ignored) state.text += ` · ignored properties: ${ignored}`;
        show(state, typeof res.body === "string" ? res.body : JSON.stringify(res.body, null, 2));
      })
      .catch((err: unknown) => {
        show({ text: `No answer: ${err instanceof Error ? err.message : String(err)}`, tone: "error" });
      })
      .finally(() => {
        send.disabled = false;
      });
  });
  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) follow();
  });
  window.addEventListener("hashchange", follow);

  const first = fromHash() ?? data.operations[0];
  if (first) choose(first);
  showLogin();
}

const data = readData();
if (data) start(data);
