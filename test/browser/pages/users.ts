import type { Locator } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

type PageArg = ConstructorParameters<typeof PageObject>[0];

/** /users: everyone who can use the service. */
export class UsersPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Users');
  }

  /** [name, email, role, works for, status] per row. */
  rows(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }

  async addUser(): Promise<void> {
    await this.page.getByRole('link', { name: 'Add a user' }).click();
  }

  async filterByRole(role: string): Promise<void> {
    await this.page.getByLabel('Role').selectOption({ label: role });
    await this.page.getByRole('button', { name: 'Apply filter' }).click();
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).click();
  }
}

/** /users/new: name, email, role and what they work for. */
export class NewUserPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Add a user');
  }

  async fill(person: { name?: string; email?: string; role?: string; worksFor?: { label: string; option: string } }): Promise<void> {
    if (person.name !== undefined) await this.page.getByLabel('Full name').fill(person.name);
    if (person.email !== undefined) await this.page.getByLabel('Email address').fill(person.email);
    if (person.role) await this.page.getByRole('radio', { name: person.role, exact: true }).check();
    if (person.worksFor) await this.page.getByLabel(person.worksFor.label, { exact: true }).selectOption({ label: person.worksFor.option });
  }

  async send(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add and send the invitation' }).click();
  }
}

/** /users/:id: who they are, signing in, tokens, deactivation. */
export class UserPage extends PageObject {
  constructor(page: PageArg, name: string) {
    super(page, name);
  }

  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }

  get state(): Locator {
    return this.page.getByTestId('state');
  }

  detail(key: string): Locator {
    return this.page.locator('.nhsuk-summary-list__row', { hasText: key }).locator('.nhsuk-summary-list__value');
  }

  /** [name, issued, expires, status, action] per token. */
  tokenRows(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }

  async issueToken(): Promise<void> {
    await this.page.getByRole('button', { name: 'Issue an API token' }).click();
  }

  async revoke(tokenName: string): Promise<void> {
    await this.page.getByRole('link', { name: `Revoke ${tokenName}` }).click();
  }

  async sendInvitationAgain(): Promise<void> {
    await this.page.getByRole('button', { name: 'Send the invitation again' }).click();
  }

  async deactivate(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Deactivate ${name}` }).click();
  }
}

/** /users/:id/tokens/new. */
export class IssueTokenPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Issue an API token');
  }

  async issue(options: { name?: string; expires?: { day: string; month: string; year: string } }): Promise<void> {
    if (options.name !== undefined) await this.page.getByLabel('What is it for? (optional)').fill(options.name);
    if (options.expires) {
      await this.page.getByLabel('Day').fill(options.expires.day);
      await this.page.getByLabel('Month').fill(options.expires.month);
      await this.page.getByLabel('Year').fill(options.expires.year);
    }
    await this.page.getByRole('button', { name: 'Issue the token' }).click();
  }
}

/** The token, shown once. */
export class TokenIssuedPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'API token issued');
  }

  async token(): Promise<string> {
    return (await this.page.getByTestId('token').innerText()).trim();
  }
}

/** A confirmation step: "Are you sure you want to ...?". */
export class ConfirmPage extends PageObject {
  constructor(page: PageArg, heading: string | RegExp) {
    super(page, heading);
  }

  async confirm(button: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name: button }).click();
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('link', { name: 'Cancel' }).click();
  }
}
