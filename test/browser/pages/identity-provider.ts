import type { Page } from 'playwright-core';

/** The test provider's own login and consent pages (oidc-provider's development pages). */
export class ProviderLoginPage {
  constructor(readonly page: Page) {}

  async logInAs(login: string): Promise<void> {
    await this.page.locator('input[name="login"]').fill(login);
    await this.page.locator('input[name="password"]').fill('any password');
    await this.page.locator('button[type="submit"]').click();
    // The consent page comes next, once per client.
    await this.page.waitForLoadState();
    const consent = this.page.locator('input[name="prompt"][value="consent"]');
    if (await consent.count()) await this.page.locator('button[type="submit"]').click();
  }
}
