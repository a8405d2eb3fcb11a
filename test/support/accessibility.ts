import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.2 A and AA rules, as NHS services must meet them. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Scans the page as it is with axe-core and fails naming every violation and where it is.
 * The page must come from browser.newContext() (see test/support/browser.ts).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    at ${v.nodes.map((n) => n.target.join(' ')).join('\n    at ')}`,
  );
  if (violations.length) throw new Error(`Accessibility violations on ${page.url()}:\n  ${violations.join('\n  ')}`);
}
