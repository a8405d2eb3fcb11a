import type { Locator } from 'playwright-core';
import { rowsOf } from './home';
import { PageObject } from './page';

type PageArg = ConstructorParameters<typeof PageObject>[0];

/** /spoke-applications/new: the hub and the two named people. */
export class ApplyPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Apply to become a spoke practice');
  }

  async fill(answers: { hub: string; administrator: { name: string; email: string }; educationalist: { name: string; email: string } }) {
    await this.page.getByLabel('Training hub').selectOption({ label: answers.hub });
    const group = (legend: string) => this.page.getByRole('group', { name: legend });
    await group('Practice-based administrator').getByLabel('Full name').fill(answers.administrator.name);
    await group('Practice-based administrator').getByLabel('Email address').fill(answers.administrator.email);
    await group('Practice-based educationalist').getByLabel('Full name').fill(answers.educationalist.name);
    await group('Practice-based educationalist').getByLabel('Email address').fill(answers.educationalist.email);
  }

  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }
}

/** Check your answers before applying. */
export class ApplyCheckPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Check your answers before applying');
  }

  value(key: string): Locator {
    return this.page.locator('.nhsuk-summary-list__row', { hasText: key }).locator('.nhsuk-summary-list__value');
  }

  async apply(): Promise<void> {
    await this.page.getByRole('button', { name: 'Apply' }).click();
  }

  async change(): Promise<void> {
    await this.page.getByRole('button', { name: 'Change your answers' }).click();
  }
}

/** /spoke-applications/:id: state, task list, visit, decisions, deadlines, history. */
export class SpokeApplicationPage extends PageObject {
  constructor(page: PageArg, practiceName: string) {
    super(page, practiceName);
  }

  get state(): Locator {
    return this.page.getByTestId('state');
  }

  get banner(): Locator {
    return this.page.locator('.nhsuk-notification-banner');
  }

  detail(key: string): Locator {
    return this.page.locator('.nhsuk-summary-list__row', { hasText: key }).first().locator('.nhsuk-summary-list__value');
  }

  /** [criterion, status] per task of the evidence task list. */
  tasks(): Promise<string[][]> {
    return this.page
      .locator('.nhsuk-task-list__item')
      .evaluateAll((items) =>
        items.map((item) => [
          (item.querySelector('.nhsuk-task-list__name-and-hint > :first-child')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          (item.querySelector('.nhsuk-task-list__status')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ]),
      );
  }

  task(title: string): Locator {
    return this.page.locator('.nhsuk-task-list__item', { hasText: title });
  }

  async openTask(title: string): Promise<void> {
    await this.page.getByRole('link', { name: title, exact: true }).click();
  }

  /** Answers one criterion from the task list and comes back to it (no scan: the first answer page is scanned). */
  async answer(title: string, statement: string, documentUrl = ''): Promise<void> {
    await this.openTask(title);
    await this.page.locator('main h1', { hasText: title }).waitFor();
    await this.page.getByLabel('How does the practice meet this criterion?').fill(statement);
    await this.page.getByLabel('Link to a supporting document (optional)').fill(documentUrl);
    await this.page.getByRole('button', { name: 'Save and return to the application' }).click();
    await this.page.locator('main h1', { hasText: this.heading as string }).waitFor();
  }

  async act(link: string): Promise<void> {
    await this.page.getByRole('link', { name: link }).click();
  }

  async checkAndSend(): Promise<void> {
    await this.page.getByRole('button', { name: 'Check and send your evidence' }).click();
  }

  historyEntries(): Promise<string[]> {
    return this.page.locator('main ol.app-timeline > li > strong').allInnerTexts();
  }

  deadlineRows(): Promise<string[][]> {
    return rowsOf(this.page.locator('main'));
  }

  /** [action, owner, due, status] per row of the action plan. */
  async actionPlanRows(): Promise<string[][]> {
    return (await rowsOf(this.page.locator('#action-plan-table'))).map((row) => row.slice(0, 4));
  }

  async markDone(description: string): Promise<void> {
    const row = this.page.locator('#action-plan-table tbody tr', { hasText: description });
    await this.loads(() => row.getByRole('button', { name: /Mark as done/ }).click());
  }
}

/** One criterion's evidence. */
export class EvidenceAnswerPage extends PageObject {
  async fill(statement: string, documentUrl = ''): Promise<void> {
    await this.page.getByLabel('How does the practice meet this criterion?').fill(statement);
    await this.page.getByLabel('Link to a supporting document (optional)').fill(documentUrl);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save and return to the application' }).click();
  }

  /** Chooses files for the file input (as a person picks them in the dialog). */
  async attach(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByLabel('Attach files (optional)').setInputFiles(files);
  }

  /** The names of the files listed as attached. */
  async attached(): Promise<string[]> {
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

/** Check your evidence before sending it. */
export class EvidenceCheckPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Check your evidence before sending it');
  }

  async send(): Promise<void> {
    await this.page.getByRole('button', { name: 'Send the evidence to the hub' }).click();
  }
}

/** The hub lead's review: a decision and a comment per criterion. */
export class ReviewPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Review the evidence');
  }

  async decide(title: string, decision: 'Accept' | 'Reject', comment = ''): Promise<void> {
    await this.page
      .getByRole('group', { name: `Your decision on ${title}` })
      .getByLabel(decision, { exact: true })
      .check();
    if (comment)
      await this.page
        .locator('textarea')
        .nth(await this.indexOf(title))
        .fill(comment);
  }

  private async indexOf(title: string): Promise<number> {
    const headings = await this.page.locator('main form h2').allInnerTexts();
    return headings.findIndex((h) => h.trim() === title);
  }

  async send(): Promise<void> {
    await this.page.getByRole('button', { name: 'Send the review' }).click();
  }
}

export class VisitPage extends PageObject {
  /** The quality visit, or the follow-up visit after the action plan ("Schedule a follow-up visit"). */
  constructor(page: PageArg, heading = 'Schedule the quality visit') {
    super(page, heading);
  }

  async schedule(at: { day: string; month: string; year: string }, time: string): Promise<void> {
    await this.page.getByLabel('Day').fill(at.day);
    await this.page.getByLabel('Month').fill(at.month);
    await this.page.getByLabel('Year').fill(at.year);
    await this.page.getByLabel('Time').fill(time);
    await this.page.getByRole('button', { name: 'Schedule the visit' }).click();
  }
}

export class VisitOutcomePage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Record the quality visit outcome');
  }

  async record(outcome: 'Satisfactory' | 'Actions required', notes: string): Promise<void> {
    await this.page.getByLabel(outcome, { exact: true }).check();
    await this.page.getByLabel('Visit notes').fill(notes);
    await this.page.getByRole('button', { name: 'Record the outcome' }).click();
  }

  /** Fills row `number` (from 1) of the action plan: what, who (the option's label) and the due date. */
  async action(number: number, action: { description: string; owner: string; due: { day: string; month: string; year: string } }) {
    const row = this.page.getByRole('group', { name: `Action ${number}`, exact: true });
    await row.getByLabel('What needs doing').fill(action.description);
    await row.getByLabel('Owner').selectOption({ label: action.owner });
    const due = row.getByRole('group', { name: `Due date of action ${number}` });
    await due.getByLabel('Day').fill(action.due.day);
    await due.getByLabel('Month').fill(action.due.month);
    await due.getByLabel('Year').fill(action.due.year);
  }
}

export class ApprovalPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Approve or reject the accreditation');
  }

  async decide(decision: 'Approve' | 'Reject', comment = ''): Promise<void> {
    await this.page.getByLabel(decision, { exact: true }).check();
    await this.page.getByLabel('Comment').fill(comment);
    await this.page.getByRole('button', { name: 'Record the decision' }).click();
  }
}

export class AgreementPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Sign the Learning and Development Agreement');
  }

  async sign(name: string): Promise<void> {
    await this.page.getByLabel('Your full name').fill(name);
    await this.page.getByRole('button', { name: 'Sign the agreement' }).click();
  }
}

/** An action that takes a reason, after a confirmation step (withdraw, suspend, reinstate). */
export class ReasonPage extends PageObject {
  async confirm(button: string, reason: string): Promise<void> {
    await this.page.getByRole('textbox').fill(reason);
    await this.page.getByRole('button', { name: button }).click();
  }
}

/** Changing a named person of an application (administrator or educationalist). */
export class PersonPage extends PageObject {
  async save(name: string, email: string, button: string): Promise<void> {
    await this.page.getByLabel('Full name').fill(name);
    await this.page.getByLabel('Email address').fill(email);
    await this.loads(() => this.page.getByRole('button', { name: button }).click());
  }
}

/** HEE staff extend an accreditation: the new expiry date and a reason. */
export class ExtendPage extends PageObject {
  constructor(page: PageArg) {
    super(page, 'Extend the accreditation');
  }

  async extend(on: { day: string; month: string; year: string }, reason: string): Promise<void> {
    await this.page.getByLabel('Day').fill(on.day);
    await this.page.getByLabel('Month').fill(on.month);
    await this.page.getByLabel('Year').fill(on.year);
    await this.page.getByLabel('Why is it being extended?').fill(reason);
    await this.loads(() => this.page.getByRole('button', { name: 'Extend the accreditation' }).click());
  }
}

/** The text of an evidence item's "Earlier rounds" on the application or review page (opened, as a reader would), one entry per round, oldest first. */
export async function earlierRounds(on: PageObject, criterionCode: string): Promise<string[]> {
  const details = on.page.locator(`details[data-criterion="${criterionCode}"]`);
  await details.locator('summary').click();
  return details.locator('[data-testid="earlier-rounds"] > li').allInnerTexts();
}
