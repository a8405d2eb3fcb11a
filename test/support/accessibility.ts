import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isJavaScriptDisabled } from './browser';

/** The WCAG 2.2 A and AA rules, as NHS services must meet them. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Scans the page as it is with axe-core and fails naming every violation and where it is.
 * The page must come from openPage (test/support/browser.ts).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const scanned = isJavaScriptDisabled(page.context()) ? await scannerCopyOf(page) : page;
  try {
    const results = await new AxeBuilder({ page: scanned }).withTags(TAGS).analyze();
    const violations = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    at ${v.nodes.map((n) => n.target.join(' ')).join('\n    at ')}`,
    );
    if (violations.length) throw new Error(`Accessibility violations on ${page.url()}:\n  ${violations.join('\n  ')}`);
  } finally {
    if (scanned !== page) await scanned.close();
  }
}

const scanners = new WeakMap<Browser, Promise<BrowserContext>>();

/**
 * axe runs as a script in the page, which a page without JavaScript cannot do. So the page's HTML
 * as the person has it, less its scripts, is opened at the same address in a context that runs
 * scripts (for axe alone: every other script is refused), with the same styles from the server.
 */
async function scannerCopyOf(page: Page): Promise<Page> {
  const browser = page.context().browser()!;
  if (!scanners.has(browser)) scanners.set(browser, browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' }));
  const scanner = await (await scanners.get(browser)!).newPage();
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  await scanner.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await scanner.route('**/*.js', (route) => route.abort());
  await scanner.goto(url);
  return scanner;
}
