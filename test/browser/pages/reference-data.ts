import type { Locator } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

type PageArg = ConstructorParameters<typeof PageObject>[0];

/** /reference-data/<kind>: one kind's records, and a link to add one. */
export class ReferenceListPage extends PageObject {
  constructor(page: PageArg, heading: string) {
    super(page, heading);
  }

  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }

  /** Each row's cells, without its "Rename" link. */
  async rows(): Promise<string[][]> {
    return (await rowsOf(this.page.locator('main'))).map((cells) => (/^Rename /.test(cells.at(-1) ?? '') ? cells.slice(0, -1) : cells));
  }

  async rename(name: string): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: `Rename ${name}`, exact: true }).click());
  }

  async add(linkText: string): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: linkText }).click());
  }
}

type DateParts = { day: string; month: string; year: string };

/** /reference-data/<kind>/new: the kind's form, filled by its labels. */
export class ReferenceFormPage extends PageObject {
  constructor(page: PageArg, heading: string) {
    super(page, heading);
  }

  async type(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(option: string, group?: string): Promise<void> {
    const within = group ? this.page.getByRole('group', { name: group }) : this.page;
    await within.getByLabel(option, { exact: true }).check();
  }

  async select(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  async date(legend: string, date: DateParts): Promise<void> {
    const group = this.page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(date.day);
    await group.getByLabel('Month').fill(date.month);
    await group.getByLabel('Year').fill(date.year);
  }

  async send(button = this.heading as string): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: button }).click());
  }

  /** [message, the id its link points to] per entry of the error summary. */
  async errors(): Promise<[string, string][]> {
    return this.errorSummary
      .locator('li a')
      .evaluateAll((links) => links.map((a) => [(a.textContent ?? '').trim(), a.getAttribute('href') ?? ''] as [string, string]));
  }
}

/** /reference-data/import: what the file holds, and the file. */
export class ImportPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Import reference data');
  }

  async upload(kind: string, file: { name: string; csv: string }): Promise<void> {
    await this.page.getByLabel(kind, { exact: true }).check();
    await this.page.setInputFiles('#file', { name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
    await this.loads(() => this.page.getByRole('button', { name: 'Check and import' }).click());
  }

  /** The error summary's entries, each with the id it links to. */
  async problems(): Promise<[string, string][]> {
    return this.errorSummary
      .locator('li a')
      .evaluateAll((links) => links.map((a) => [(a.textContent ?? '').trim(), a.getAttribute('href') ?? ''] as [string, string]));
  }
}
