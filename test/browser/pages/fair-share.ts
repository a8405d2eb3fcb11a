import type { Locator } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

/** A year's fair-share report: filters, the chart and its table, the totals, links to figures. */
export class FairShareReportPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Fair share of placement provision');
  }

  get chart(): Locator {
    return this.page.locator('figure.app-chart svg[role="img"]');
  }

  /** The table beside the chart: [WTE, fair share, offered, ratio, status] per provider, with its name. */
  async rows(): Promise<{ provider: string; cells: string[] }[]> {
    const table = this.page.locator('#fair-share-table');
    const names = await table
      .locator('tbody th')
      .evaluateAll((cells) => cells.map((c) => (c.querySelector('a')?.textContent ?? '').trim()));
    const cells = await rowsOf(table);
    return names.map((provider, i) => ({ provider, cells: cells[i]! }));
  }

  async show(filters: { profession?: string; kind?: string }): Promise<void> {
    if (filters.profession) await this.page.getByLabel('Profession').selectOption({ label: filters.profession });
    if (filters.kind) await this.page.getByLabel('Provider type').selectOption({ label: filters.kind });
    await this.page.getByRole('button', { name: 'Show' }).click();
  }

  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }

  /** The warning about weeks offered by providers with no workforce figure. */
  get withoutWorkforce(): Locator {
    return this.page.locator('.nhsuk-card--warning', { hasText: 'Offered weeks with no workforce figure' });
  }
}

/** A form of figures: one box per provider (or per profession). */
export class FiguresPage extends PageObject {
  async fill(label: string | RegExp, value: string): Promise<void> {
    await this.page.getByLabel(label).fill(value);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save figures' }).click();
  }
}

export class UploadPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Upload fair-share figures');
  }

  async upload(kind: string, name: string, csv: string): Promise<void> {
    await this.page.getByLabel(kind).check();
    await this.page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await this.page.getByRole('button', { name: 'Upload figures' }).click();
  }
}

/** One provider's fair share across the years. */
export class FairShareTrendPage extends PageObject {
  async rows(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }
}
