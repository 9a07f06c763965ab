// Headless Chromium for the browser tests (Debian's `chromium`, or CHROMIUM_PATH), with every request recorded
// and everything that does not go to the allowed origin aborted: a page that reaches elsewhere shows up in
// `outside` instead of reaching the network. Without the browser the tests fail (they are not skipped).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Fails the calling test when the browser is not installed. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y --no-install-recommends chromium" ` +
        "(or set CHROMIUM_PATH). The browser tests need it.",
    );
  }
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request the page made (URL), in order. */
  requests: string[];
  /** Requests to anything but `allowedOrigin`, data: and blob: (aborted). */
  outside: string[];
  /** Uncaught script errors of the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh profile; only requests to `allowedOrigin` (and data:/blob:) go through. */
export async function launchChromium(allowedOrigin: string, viewport = { width: 1280, height: 900 }): Promise<Browser> {
  requireChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), "romsoft-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
  });
  const requests: string[] = [];
  const outside: string[] = [];
  const pageErrors: string[] = [];
  await context.route("**/*", async (route) => {
    const raw = route.request().url();
    requests.push(raw);
    const url = new URL(raw);
    if (url.protocol === "data:" || url.protocol === "blob:" || url.origin === allowedOrigin) return route.continue();
    outside.push(raw);
    return route.abort("blockedbyclient");
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return {
    context,
    page,
    requests,
    outside,
    pageErrors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
