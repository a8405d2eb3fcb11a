import type { Locator } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

type PageArg = ConstructorParameters<typeof PageObject>[0];

/** /criteria-sets: each hub's current criteria version. */
export class CriteriaListPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Accreditation criteria');
  }

  /** [hub, criteria, version, number of criteria, created] per hub. */
  async rows(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }

  async open(linkText: string): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: linkText, exact: true }).click());
  }
}

/** /criteria-sets/:id: one version's criteria and the hub's other versions. */
export class CriteriaSetPage extends PageObject {
  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }

  get state(): Locator {
    return this.page.getByTestId('state');
  }

  /** [code, criterion, evidence expected] per criterion. */
  async criteria(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }

  /** Each version as listed: "Version 1: ..." with when and by whom. */
  async versions(): Promise<string[]> {
    return (await this.page.getByTestId('versions').locator('li').allInnerTexts()).map((t) => t.trim());
  }

  async follow(linkText: string | RegExp): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: linkText }).click());
  }

  async newVersion(): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: 'Create a new version' }).click());
  }
}

/** /criteria-sets/hubs/:hubId/new: the next version, prefilled with the current criteria. */
export class NewCriteriaVersionPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Create a new version');
  }

  /** A row's field (0-based row, as the form's ids are). */
  field(row: number, name: 'code' | 'title' | 'guidance'): Locator {
    return this.page.locator(`#criteria-${row}-${name}`);
  }

  /** Every field the form would send, as it would send them. */
  async formFields(): Promise<Record<string, string>> {
    const fields = await this.page
      .locator('main form')
      .locator('input[name], textarea[name]')
      .evaluateAll((elements) => elements.map((e) => e as unknown as { name: string; value: string }).map((e) => [e.name, e.value]));
    return Object.fromEntries(fields);
  }

  async send(button: string): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: button }).click());
  }

  /** [message, the id its link points to] per entry of the error summary. */
  async errors(): Promise<[string, string][]> {
    return this.errorSummary
      .locator('li a')
      .evaluateAll((links) => links.map((a) => [(a.textContent ?? '').trim(), a.getAttribute('href') ?? ''] as [string, string]));
  }
}
