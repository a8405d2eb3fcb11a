/**
 * A real browser for page tests: Debian's Chromium (apt-get install chromium; Playwright's own
 * browser download cannot work here) driven by playwright-core, headless. Each test opens pages
 * from its own context (cookies apart, and what @axe-core/playwright needs); screenshots go to
 * test-results/screenshots, which the run keeps (git-ignored) for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.resolve(__dirname, '../../test-results/screenshots');

/** Nothing but the pages under test: no updates, sync, telemetry or QUIC from the browser. */
const ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/** A fresh browser profile (no cookies) with one page; `javaScriptEnabled: false` for the runs without JavaScript. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  if (options.javaScriptEnabled === false) withoutJavaScript.add(context);
  const page = await context.newPage();
  return { context, page };
}

const withoutJavaScript = new WeakSet<BrowserContext>();

/** A profile opened without JavaScript (axe, itself a script, is then run on a copy of the page). */
export function isJavaScriptDisabled(context: BrowserContext): boolean {
  return withoutJavaScript.has(context);
}

/** Saves what the person sees, full page, as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
