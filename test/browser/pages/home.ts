import type { Locator } from 'playwright-core';
import { PageObject } from './page';

/** The home page: what needs your action, then the lists of your scope with filters and pages, then your account. */
export class HomePage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Your work');
  }

  /** A section of the home page by its id (web/pages/home/section.ts). */
  section(id: string): Locator {
    return this.page.locator(`section[data-section="${id}"]`);
  }

  /** The rows of the "Needs your action" table: [what, for, due by, when]. */
  async actionRows(): Promise<string[][]> {
    return rowsOf(this.section('needs-your-action'));
  }

  /** The expressions of interest table's rows: [organisation, university, intake, places, sent, status]. */
  async eoiRows(): Promise<string[][]> {
    return rowsOf(this.section('expressions-of-interest'));
  }

  /** "Showing 1 to 25 of 29". */
  get listCaption(): Locator {
    return this.section('expressions-of-interest').locator('caption');
  }

  async filterBy(filters: { status?: string; intake?: string; university?: string; organisation?: string }): Promise<void> {
    const list = this.section('expressions-of-interest');
    if (filters.status) await list.getByLabel('Status').selectOption({ label: filters.status });
    if (filters.intake) await list.getByLabel('Intake').selectOption({ label: filters.intake });
    if (filters.university) await list.getByLabel('University').selectOption({ label: filters.university });
    if (filters.organisation) await list.getByLabel('Organisation').selectOption({ label: filters.organisation });
    await list.getByRole('button', { name: 'Apply filters' }).click();
  }

  async goToPage(n: number): Promise<void> {
    await this.section('expressions-of-interest')
      .getByRole('link', { name: `Page ${n}`, exact: true })
      .click();
  }

  /** The spoke applications table's rows: [practice, hub, started, next step, status]. */
  async spokeRows(): Promise<string[][]> {
    return rowsOf(this.section('spoke-applications'));
  }

  async applyForSpoke(): Promise<void> {
    await this.page.getByRole('link', { name: 'Apply to become a spoke practice' }).click();
  }

  async startEoi(): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: 'Start an expression of interest' }).click());
  }

  /** The value beside a key of the account's summary list ("Name", "Role"...). */
  detail(key: string): Locator {
    return this.section('your-account').locator('.nhsuk-summary-list__row', { hasText: key }).locator('.nhsuk-summary-list__value');
  }

  /** The header's account area: who is signed in. */
  get account(): Locator {
    return this.page.locator('.nhsuk-header__account');
  }

  async signOut(): Promise<void> {
    await this.account.getByRole('button', { name: 'Sign out' }).click();
  }

  async signOutEverywhere(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  }
}

/** A table's body cells as text, row by row. */
export function rowsOf(container: Locator): Promise<string[][]> {
  return container
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
}
