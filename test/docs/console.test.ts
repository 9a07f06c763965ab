// The request console of /docs in headless Chromium, against the reference server that serves the page: log in
// through the console's form, send ADM_PACIENTE_GetAllFilters with the body it prefills (the spec's example),
// and read the envelope it shows. The token must stay in the page (no URL, storage or cookie), the console
// must be loaded from the server itself, and the page must make no request outside its own origin.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOperation } from "../../contract/spec.js";
import { ensureDocs } from "../../server/docs/reference-page.js";
import { loginCredentials } from "../../scripts/code-samples.js";
import { loadSpec } from "../../contract/spec.js";
import { chromiumInstalled, launchChromium, requireChromium, type Browser } from "../support/chromium.js";
import { startTestServer, type TestServer } from "../support/server.js";

const screenshotFile = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-output", "docs-console.png");
const OPERATION = "ADM_PACIENTE_GetAllFilters";

describe("the request console of /docs", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  /** Authorization headers the page sent, by path. */
  const sentAuthorization: { path: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    if (!chromiumInstalled()) return;
    await ensureDocs();
    server = await startTestServer({}, { login: false });
    browser = await launchChromium(server.baseUrl);
    browser.page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) sentAuthorization.push({ path: url.pathname, authorization: request.headers().authorization });
    });
    const res = await browser.page.goto(`${server.baseUrl}/docs#/adm_paciente/adm_paciente_getallfilters`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    await browser.page.waitForSelector("#api-content");
    await browser.page.waitForSelector("#romsoft-console .rc-toggle");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const q = (selector: string) => browser!.page.locator(`#romsoft-console ${selector}`);

  it("opens on the operation the reader is looking at, with its example body and the page's own origin", async () => {
    requireChromium();
    await q(".rc-toggle").click();
    await expect.poll(() => q('[data-rc="operation"]').inputValue()).toBe(OPERATION);
    const example = Object.values(getOperation(OPERATION).requestExamples)[0]!.value;
    expect(JSON.parse(await q('[data-rc="body"]').inputValue())).toEqual(example);
    expect(await q('[data-rc="target"]').innerText()).toBe(`POST ${server!.baseUrl}/api/ADM_PACIENTE/GetAllFilters`);
  });

  it("without logging in, Send shows the 401 envelope and says to log in", async () => {
    requireChromium();
    await q('[data-rc="send"]').click();
    await expect.poll(() => q('[data-rc="status"]').innerText(), { timeout: 10_000 }).toMatch(/^HTTP 401/);
    expect(await q('[data-rc="status"]').innerText()).toMatch(/Success: false .*log in first/);
  });

  it("logs in through the form and keeps the token in the page only", async () => {
    requireChromium();
    const { Username, Password } = loginCredentials(loadSpec());
    await q('input[name="username"]').fill(Username);
    await q('input[name="password"]').fill(Password);
    await q('form[data-rc="login"] button[type="submit"]').click();
    await expect.poll(() => q('[data-rc="who"]').innerText(), { timeout: 10_000 }).toBe(`Logged in as ${Username}.`);
    expect(await q('input[name="password"]').inputValue()).toBe("");
  });

  it(`sends ${OPERATION} with the example body and shows Success: true with rows`, async () => {
    requireChromium();
    await q('[data-rc="send"]').click();
    await expect.poll(() => q('[data-rc="status"]').innerText(), { timeout: 10_000 }).toMatch(/^HTTP 200/);
    const status = await q('[data-rc="status"]').innerText();
    expect(status).toMatch(/^HTTP 200 OK · \d+ ms · Success: true · Warning: false · Data: \d+ rows?$/);
    const envelope = JSON.parse(await q('[data-rc="answer"]').innerText()) as { Success: boolean; Data: { apellido_paterno?: string }[] };
    expect(envelope.Success).toBe(true);
    expect(envelope.Data.length).toBeGreaterThan(0);
    expect(status).toContain(`Data: ${envelope.Data.length} row`);
    // The call carried the token obtained by the form; the login itself carried none.
    const sent = sentAuthorization.filter((s) => s.path === "/api/ADM_PACIENTE/GetAllFilters").map((s) => s.authorization);
    expect(sent).toEqual([undefined, expect.stringMatching(/^Bearer \S+$/)]);
    expect(sentAuthorization.find((s) => s.path === "/api/Account/Login")?.authorization).toBeUndefined();

    // The token is nowhere but in the console's memory: not in the URL, the storages or the cookies (Redoc keeps
    // its own layout preferences there).
    const token = sent[1]!.slice("Bearer ".length);
    const kept = await browser!.page.evaluate(() => {
      const all = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
      return { href: window.location.href, local: all(window.localStorage), session: all(window.sessionStorage), cookie: document.cookie };
    });
    expect(kept.href).toBe(`${server!.baseUrl}/docs#/adm_paciente/adm_paciente_getallfilters`);
    expect(JSON.stringify(kept)).not.toContain(token);
    expect(JSON.stringify(await browser!.context.cookies())).not.toContain(token);
  });

  it("shows a business warning as such (an edited body)", async () => {
    requireChromium();
    await q('[data-rc="operation"]').selectOption("ADM_OCUPACION_Add");
    await q('[data-rc="body"]').fill(JSON.stringify({ c_codigo: "090", t_descripcion: " " }));
    await q('[data-rc="send"]').click();
    await expect.poll(() => q('[data-rc="status"]').innerText(), { timeout: 10_000 }).toMatch(/Warning: true/);
    expect(await q('[data-rc="status"]').getAttribute("class")).toContain("rc-warning");
    // Back to the search for the screenshot.
    await q('[data-rc="operation"]').selectOption(OPERATION);
    await q('[data-rc="send"]').click();
    await expect.poll(() => q('[data-rc="status"]').innerText(), { timeout: 10_000 }).toMatch(/Success: true · Warning: false · Data/);
  });

  it("writes a screenshot of the console to test-output/docs-console.png", async () => {
    requireChromium();
    mkdirSync(dirname(screenshotFile), { recursive: true });
    const png = await browser!.page.screenshot({ path: screenshotFile });
    expect(png.length).toBeGreaterThan(20_000);
  });

  it("loaded the console from the server and made no request outside its own origin", () => {
    requireChromium();
    expect(browser!.requests).toContain(`${server!.baseUrl}/docs/console.js`);
    expect(browser!.requests.every((url) => url.startsWith(`${server!.baseUrl}/`) || url.startsWith("data:"))).toBe(true);
    expect(browser!.outside).toEqual([]);
    expect(browser!.pageErrors).toEqual([]);
  });
});
