import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from '../../support/accessibility';
import { screenshot } from '../../support/browser';

/**
 * A page object: how to find a page's parts, so journeys read as what a person does. Every page
 * a journey reaches is checked: its heading, an accessibility scan, a screenshot.
 */
export abstract class PageObject {
  constructor(
    readonly page: Page,
    /** The page's main heading, which says the person is where they expect. */
    readonly heading: string | RegExp,
  ) {}

  get h1(): Locator {
    return this.page.locator('main h1');
  }

  get errorSummary(): Locator {
    return this.page.locator('.nhsuk-error-summary');
  }

  /**
   * Does something that loads another page (follows a link, sends a form) and waits for that
   * page's load event, so the next check never reads the page being left (which may have the
   * same heading: a form shown again with its errors).
   */
  async loads(action: () => Promise<unknown>): Promise<void> {
    const loaded = this.page.waitForEvent('load');
    await action();
    await loaded;
  }

  /** Checks the person is on this page, that it passes axe, and keeps a screenshot named `name`. */
  async arrived(name: string): Promise<this> {
    await this.h1.waitFor();
    const text = (await this.h1.textContent())?.trim() ?? '';
    if (typeof this.heading === 'string' ? text !== this.heading : !this.heading.test(text)) {
      throw new Error(`Expected the page "${String(this.heading)}", got "${text}" at ${this.page.url()}`);
    }
    await expectAccessible(this.page);
    await screenshot(this.page, name);
    return this;
  }
}
