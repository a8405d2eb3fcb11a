import type { Locator } from 'playwright-core';
import { PageObject } from './page';

export class SignInPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Sign in to Trainflow');
  }

  providerButton(label: string): Locator {
    return this.page.getByRole('button', { name: `Sign in with ${label}` });
  }

  get emailField(): Locator {
    return this.page.getByLabel('Email address');
  }

  get notice(): Locator {
    return this.page.locator('.nhsuk-inset-text');
  }

  async askForLink(email: string): Promise<void> {
    await this.emailField.fill(email);
    await this.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  }
}

export class CheckYourEmailPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Check your email');
  }
}

export class ConfirmLinkPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'Sign in to Trainflow');
  }

  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue to Trainflow' }).click();
  }
}

export class UnknownPersonPage extends PageObject {
  constructor(page: ConstructorParameters<typeof PageObject>[0]) {
    super(page, 'You cannot sign in yet');
  }
}
