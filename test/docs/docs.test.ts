// The published API reference in a real browser: headless Chromium opens /docs from the reference server,
// with every request that leaves the page's own origin aborted and recorded. The page must show every
// operation of the spec with its code samples, the Getting started guide, its own address where the spec names
// the reference server, and a search that finds operations by Controller/Action, without reaching the network.
//
// Chromium is Debian's (`apt-get install -y --no-install-recommends chromium`, done by .ci/run); set
// CHROMIUM_PATH to use another binary. Without it these tests fail: they are not skipped.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChangelog } from "../../contract/changelog.js";
import { listOperations, loadSpec, type Operation } from "../../contract/spec.js";
import { documentedServer, ensureDocs } from "../../server/docs/reference-page.js";
import { chromiumInstalled, launchChromium, requireChromium, type Browser } from "../support/chromium.js";
import { startTestServer, type TestServer } from "../support/server.js";

const VIEWPORT = { width: 1280, height: 900 };
/** Tall enough for Redoc to render (nearly) every section at once; Chromium slows down far beyond it. */
const TALL_VIEWPORT = 20_000;
const screenshotFile = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-output", "docs.png");

/** Redoc's anchor of a tag or an operation: the name in lower case. */
const slug = (name: string) => name.toLowerCase();

function tagOf(op: Operation): string {
  const post = loadSpec().paths[op.path]?.post as { tags?: string[] } | undefined;
  const tag = post?.tags?.[0];
  if (!tag) throw new Error(`${op.operationId} has no tag`);
  return tag;
}

describe("published API docs in Chromium", () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** The address the spec documents (its first server), which the served page replaces by its own. */
  const documented = documentedServer(loadSpec());

  beforeAll(async () => {
    // Without Chromium every test below fails with this message (rather than the suite being skipped).
    if (!chromiumInstalled()) return;
    // Once per run: builds dist/docs/index.html when it is missing or older than generated/openapi.json.
    await ensureDocs();
    server = await startTestServer({}, { login: false });
    browser = await launchChromium(server.baseUrl, VIEWPORT);
    page = browser.page;
    const res = await page.goto(`${server.baseUrl}/docs`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    await page.waitForSelector("#api-content");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the Getting started guide with the quick-start requests", async () => {
    requireChromium();
    const heading = page.locator('[id="section/getting-started"]');
    await expect.poll(() => heading.count()).toBe(1);
    expect(await heading.innerText()).toMatch(/^Getting started/);
    expect(await page.locator('a[href="#/section/getting-started"]').count()).toBeGreaterThan(0);
    const content = await page.locator("#api-content").innerText();
    // The commands name the server the page came from, not the documented 127.0.0.1:3000.
    const origin = server!.baseUrl;
    for (const text of [
      `curl -X POST ${origin}/api/Account/Login`,
      '{"Username": "admin", "Password": "yourpassword"}',
      "Authorization: Bearer",
      `${origin}/api/CVN_PLAN_SEGURO/GetAllActives`,
      `${origin}/api/ADM_PACIENTE/GetAllFilters`,
      '{"valorRequest": "Garcia"}',
    ]) {
      expect(content, text).toContain(text);
    }
    expect(content).not.toContain(documented);
  });

  it("shows the Changes section built from openapi/CHANGELOG.md, one subsection per version", async () => {
    requireChromium();
    const versions = readChangelog().map((e) => e.version);
    expect(versions.length).toBeGreaterThan(0);
    const heading = page.locator('[id="section/changes"]');
    await expect.poll(() => heading.count()).toBe(1);
    expect(await heading.innerText()).toMatch(/^Changes/);
    expect(await page.locator('a[href="#/section/changes"]').count()).toBeGreaterThan(0);
    for (const version of versions) {
      expect(await page.locator(`[id^="section/changes/${version}"]`).count(), version).toBe(1);
    }
  });

  it("renders every operation of the spec, grouped by tag (one per controller)", async () => {
    requireChromium();
    const operations = listOperations();
    const byTag = new Map<string, Operation[]>();
    for (const op of operations) byTag.set(tagOf(op), [...(byTag.get(tagOf(op)) ?? []), op]);
    expect([...byTag.keys()].sort()).toEqual([...new Set(operations.map((op) => op.controller))].sort());

    // A tag's section lists each of its operations by method and path, linked to the operation
    // (#/{tag}/{operationId}). Redoc renders only the sections inside the viewport: a very tall one shows
    // (nearly) all of them at once; a tag still missing is navigated to.
    const rendered = (tags: string[]) =>
      page.evaluate(
        (sections) =>
          sections.filter((s) => {
            const section = document.getElementById(s.id);
            if (!section) return false;
            const text = section.innerText;
            return s.items.every((item) => text.includes(item.path) && section.querySelector(`a[href="${item.href}"]`) !== null);
          }).length,
        tags.map((tag) => ({
          id: slug(tag),
          items: (byTag.get(tag) ?? []).map((op) => ({ path: op.path, href: `#/${slug(tag)}/${slug(op.operationId)}` })),
        })),
      );
    const groups = (loadSpec()["x-tagGroups"] ?? []) as { tags: string[] }[];
    const order = groups.flatMap((group) => group.tags).filter((tag) => byTag.has(tag));
    expect(new Set(order)).toEqual(new Set(byTag.keys()));

    await page.setViewportSize({ width: 1280, height: TALL_VIEWPORT });
    await expect.poll(() => rendered(order), { timeout: 5_000, interval: 100 }).toBe(order.length).catch(() => undefined);
    const missing: string[] = [];
    for (const tag of order) {
      if ((await rendered([tag])) === 1) continue;
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#/${slug(tag)}`);
      const found = await expect
        .poll(() => rendered([tag]), { timeout: 10_000, interval: 50 })
        .toBe(1)
        .then(
          () => true,
          () => false,
        );
      if (!found) missing.push(...(byTag.get(tag) ?? []).map((op) => op.operationId));
    }
    await page.setViewportSize(VIEWPORT);
    expect(missing).toEqual([]);
  }, 60_000);

  it("labels each operation Controller/Action · summary in the sidebar (one tag of every group)", async () => {
    requireChromium();
    const groups = (loadSpec()["x-tagGroups"] ?? []) as { tags: string[] }[];
    const operations = listOperations();
    const wrong: unknown[] = [];
    for (const tag of groups.map((g) => g.tags[0]!)) {
      const expected = operations.filter((op) => tagOf(op) === tag).map((op) => ({
        href: `#/${slug(tag)}/${slug(op.operationId)}`,
        label: `${op.controller}/${op.action} · ${String(loadSpec().paths[op.path]?.post?.summary ?? "")}`,
      }));
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#/${slug(tag)}`);
      const headings = () =>
        page.evaluate(
          (hrefs) =>
            // The sidebar entry of the operation (the tag's entries are listed once the tag is open).
            hrefs.map((href) => document.querySelector(`a[href="${href}"] [data-testid="menu-item-label"] [data-text]`)?.getAttribute("data-text") ?? null),
          expected.map((e) => e.href),
        );
      await expect.poll(async () => (await headings()).every((h) => h !== null), { timeout: 10_000 }).toBe(true).catch(() => undefined);
      const found = await headings();
      expected.forEach((e, i) => {
        if (found[i] !== e.label) wrong.push({ ...e, found: found[i] });
      });
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it("renders an operation with its request and response examples", async () => {
    requireChromium();
    const anchor = "adm_paciente/adm_paciente_getallfilters";
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/${anchor}`);
    const operation = page.locator(`[id="${anchor}"]`);
    await expect.poll(() => operation.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => operation.innerText(), { timeout: 10_000 })
      .toContain("/api/ADM_PACIENTE/GetAllFilters");
    const text = await operation.innerText();
    expect(text).toContain("valorRequest");
    expect(text).toContain("Success");
    expect(text).toContain("ADM_PACIENTE/GetAllFilters · ");
  });

  it("shows the operation's curl and TypeScript samples, at the page's own address", async () => {
    requireChromium();
    const operation = page.locator('[id="adm_paciente/adm_paciente_getallfilters"]');
    // The request panel's language menu offers the spec's two samples; curl is shown first.
    const language = operation.locator('[data-testid="dropdown"] button', { hasText: /^curl$/ });
    await expect.poll(() => language.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => operation.innerText(), { timeout: 5_000 })
      .toContain(`curl -X POST ${server!.baseUrl}/api/ADM_PACIENTE/GetAllFilters`);
    expect(await operation.innerText()).toContain('-H "Authorization: Bearer $TOKEN"');
    await language.click();
    const offered = await page.getByRole("menuitem").evaluateAll((items) => items.map((i) => (i as HTMLElement).innerText.trim()));
    expect(offered).toEqual(expect.arrayContaining(["curl", "TypeScript"]));
    await page.getByRole("menuitem", { name: "TypeScript", exact: true }).click();
    await expect
      .poll(() => operation.innerText(), { timeout: 5_000 })
      .toContain(`createRomsoftClient({ baseUrl: "${server!.baseUrl}" })`);
    const text = await operation.innerText();
    expect(text).toContain('import { createRomsoftClient } from "@romsoft-contract/client"');
    expect(text).toContain('api.call("ADM_PACIENTE_GetAllFilters"');
    expect(text).not.toContain(documented);
  });

  it("finds the GetAllFilters operations with the search box", async () => {
    requireChromium();
    const trigger = page.locator('[data-testid="search-trigger"]');
    // The trigger reads "Loading..." while the search index is built.
    await expect.poll(() => trigger.innerText(), { timeout: 15_000 }).toMatch(/Search/);
    await trigger.click();
    const input = page.locator('[data-testid="search-dialog"] input');
    await input.fill("GetAllFilters");
    const expected = listOperations()
      .filter((op) => op.action === "GetAllFilters")
      .map((op) => `#/${slug(tagOf(op))}/${slug(op.operationId)}`);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const results = page.locator('[data-testid="search-dialog"] a[data-component-name="Search/SearchItem"]');
    await expect
      .poll(
        async () => {
          const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
          // A result may point inside the operation (#/{tag}/{operation}#{property}): keep the operation.
          return hrefs.map((href) => href.split("#").slice(0, 2).join("#"));
        },
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining(expected));
    // Controller/Action, "Controller Action" and the operationId list that controller's own operation first.
    for (const query of ["ADM_PACIENTE/GetAllFilters", "ADM_PACIENTE GetAllFilters", "ADM_PACIENTE_GetAllFilters"]) {
      await input.fill(query);
      await expect
        .poll(async () => (await results.first().getAttribute("href"))?.split("#").slice(0, 2).join("#"), { timeout: 15_000 })
        .toBe("#/adm_paciente/adm_paciente_getallfilters");
    }
    // Choosing a result opens that operation.
    await results.filter({ hasText: "/api/ADM_PACIENTE/GetAllFilters" }).first().click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe("#/adm_paciente/adm_paciente_getallfilters");
    await page.keyboard.press("Escape");
  });

  it("writes a full-page screenshot to test-output/docs.png", async () => {
    requireChromium();
    await page.evaluate(() => {
      window.location.hash = "#/";
    });
    await expect.poll(() => page.locator('[id="section/getting-started"]').count(), { timeout: 10_000 }).toBe(1);
    // Redoc leaves the sections outside the viewport empty (a `fullPage` capture of the document is mostly
    // blank): the whole page is captured through a viewport tall enough to render the introduction, the
    // guides and the tags with their operations.
    await page.setViewportSize({ width: 1280, height: TALL_VIEWPORT });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expect.poll(() => page.locator('[id="adm_atencion"]').count(), { timeout: 10_000 }).toBe(1);
    mkdirSync(dirname(screenshotFile), { recursive: true });
    const png = await page.screenshot({ path: screenshotFile });
    expect(png.length).toBeGreaterThan(50_000);
    await page.setViewportSize(VIEWPORT);
  });

  it("made no request outside its own origin and raised no script error", () => {
    requireChromium();
    expect(browser!.requests.length).toBeGreaterThan(0);
    expect(browser!.requests.filter((url) => !url.startsWith(`${server!.baseUrl}/`) && !url.startsWith("data:"))).toEqual([]);
    expect(browser!.outside).toEqual([]);
    expect(browser!.pageErrors).toEqual([]);
  });
});
