import type { Locator } from 'playwright-core';
import { PageObject } from './page';

export class HomePage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Your Trainflow');
  }

  /** The value beside a key of the summary list ("Name", "Role"...). */
  detail(key: string): Locator {
    return this.page.locator('.nhsuk-summary-list__row', { hasText: key }).locator('.nhsuk-summary-list__value');
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
