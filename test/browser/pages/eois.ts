/** Page objects of the expression-of-interest pages (web/pages/eois/). */
import type { Locator, Page } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

/** A question page or form: fill by label, choose by label, continue. */
abstract class FormPage extends PageObject {
  async fill(label: string | RegExp, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: typeof label === 'string' }).fill(value);
  }

  async choose(label: string | RegExp): Promise<void> {
    await this.page.getByLabel(label, { exact: typeof label === 'string' }).check();
  }

  async submit(button: string | RegExp = 'Continue'): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: button }).click());
  }

  /** The message beside a field (nhsuk error message), by the field's id. */
  fieldError(id: string): Locator {
    return this.page.locator(`#${id}-error`);
  }

  /** The error summary's messages, in order. */
  async errors(): Promise<string[]> {
    return (await this.errorSummary.locator('li a').allTextContents()).map((t) => t.trim());
  }
}

export class IntakeQuestionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Which intake are you applying for?');
  }
}

export class UniversityQuestionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Which university will run the training?');
  }
}

export class PlacesQuestionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'About the places');
  }
}

export class ContactQuestionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Who should the university contact?');
  }
}

export class DeclarationsQuestionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Declarations');
  }

  /** Ticks the declaration whose question reads `question`. */
  async confirm(question: string | RegExp): Promise<void> {
    await this.page.locator('fieldset', { hasText: question }).getByLabel('Yes, I confirm this').check();
  }
}

export class CheckAnswersPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Check your answers before sending your expression of interest');
  }

  /** The answer shown for a question. */
  answer(key: string): Locator {
    return this.page
      .locator('.nhsuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) })
      .locator('dd')
      .first();
  }

  async change(what: string): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: `Change ${what}`, exact: true }).click());
  }

  async send(): Promise<void> {
    await this.submit('Send expression of interest');
  }
}

/** The page of an expression of interest. */
export class EoiPage extends PageObject {
  constructor(page: Page) {
    super(page, 'Expression of interest');
  }

  get state(): Locator {
    return this.page.getByTestId('state');
  }

  /** The success banner after an action. */
  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner--success');
  }

  detail(key: string): Locator {
    return this.page
      .locator('.nhsuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) })
      .locator('dd')
      .first();
  }

  async act(button: string | RegExp): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: button }).click());
  }

  actions(): Promise<string[]> {
    return this.page
      .locator('main .nhsuk-button-group .nhsuk-button')
      .allTextContents()
      .then((t) => t.map((s) => s.trim()));
  }

  async candidates(): Promise<string[][]> {
    return rowsOf(this.page.locator('table', { has: this.page.locator('th', { hasText: 'Current role' }) }));
  }

  async candidateLink(text: string, candidate: string): Promise<void> {
    await this.loads(() => this.page.getByRole('link', { name: `${text} for ${candidate}` }).click());
  }

  /** The history, newest first: what happened, in words. */
  async history(): Promise<string[]> {
    return (await this.page.locator('ol[aria-label^="History"] li strong').allTextContents()).map((t) => t.trim());
  }

  get id(): string {
    return new URL(this.page.url()).pathname.split('/')[2]!;
  }
}

export class ReviewPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Review the expression of interest');
  }
}

export class AmendPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Amend the expression of interest');
  }
}

export class FundingDecisionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Make the funding decision');
  }

  /** The intake's places beside the form: Funded, Allocated, Free, Waiting. */
  capacity(key: string): Locator {
    return this.page.locator('.nhsuk-grid-column-one-third .nhsuk-summary-list__row', { hasText: key }).locator('dd');
  }
}

export class CandidatePage extends FormPage {
  constructor(page: Page) {
    super(page, 'Put a candidate forward');
  }
}

export class CandidateOutcomePage extends FormPage {
  constructor(page: Page) {
    super(page, 'Record the candidate’s recruitment outcome');
  }
}

export class ConfirmationPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Return the confirmation of support');
  }
}

export class ReleasePlacesPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Give places back to the intake');
  }
}

export class ExtensionPage extends FormPage {
  constructor(page: Page) {
    super(page, 'Extend the confirmation of support deadline');
  }

  async date(day: string, month: string, year: string): Promise<void> {
    await this.page.getByLabel('Day').fill(day);
    await this.page.getByLabel('Month').fill(month);
    await this.page.getByLabel('Year').fill(year);
  }
}

export class WithdrawReasonPage extends FormPage {
  constructor(page: Page) {
    super(page, /^Withdraw the (expression of interest|funding)$/);
  }
}

export class WithdrawConfirmPage extends FormPage {
  constructor(page: Page) {
    super(page, /^Are you sure you want to withdraw/);
  }
}

export class NotFoundPage extends PageObject {
  constructor(page: Page) {
    super(page, 'Page not found');
  }
}

/** An EOI's supporting documents: the files attached, and the form to attach more. */
export class EoiDocumentsPage extends PageObject {
  constructor(page: Page) {
    super(page, 'Supporting documents');
  }

  /** Chooses files for the file input (as a person picks them in the dialog) and attaches them. */
  async attach(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByLabel('Attach files').setInputFiles(files);
    await this.loads(() => this.page.getByRole('button', { name: 'Attach', exact: true }).click());
  }

  /** The names of the files listed as attached. */
  attached(): Promise<string[]> {
    return this.page.locator('#documents li a').allInnerTexts();
  }

  /** Presses a file's "Remove" button, which sends its own form. */
  async remove(fileName: string): Promise<void> {
    await this.loads(() => this.page.getByRole('button', { name: `Remove ${fileName}`, exact: true }).click());
  }

  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }
}
