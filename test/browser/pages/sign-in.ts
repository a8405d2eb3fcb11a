import type { Locator, Page } from 'playwright-core';
import type { ReceivedEmail, TestSmtpServer } from '../../support/smtp';
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

/** The sign-in link in an email, as sent (absolute, from PUBLIC_URL). */
export function signInLinkIn(text: string): string {
  const match = /https?:\/\/\S+\/sign-in\/email\/tfsl_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`No sign-in link in: ${text}`);
  return match[0];
}

/**
 * Signs a person in the way they would: open a page, get sent to sign in, ask for a link, open
 * the email caught by the test SMTP server, continue, and land on the page they asked for.
 * `name` prefixes the screenshots of the pages passed on the way.
 */
export async function signInByEmail(page: Page, smtp: TestSmtpServer, email: string, path: string, name: string): Promise<void> {
  await page.goto(path);
  const signIn = await new SignInPage(page).arrived(`${name}-sign-in`);
  const isLink = (m: ReceivedEmail) => m.to.includes(email) && /\/sign-in\/email\//.test(m.text);
  const before = smtp.received.filter(isLink).length;
  await signIn.askForLink(email);
  await new CheckYourEmailPage(page).arrived(`${name}-check-your-email`);
  const messages = await smtp.waitFor(before + 1, isLink);
  await page.goto(signInLinkIn(messages[messages.length - 1]!.text));
  await (await new ConfirmLinkPage(page).arrived(`${name}-confirm-link`)).continue();
  await page.waitForURL((url) => url.pathname + url.search === path);
}
