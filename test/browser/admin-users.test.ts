/**
 * An administrator manages people in a real browser: adds a practice manager, who signs in from
 * the invitation email; issues them an API token (shown once, working on the API), revokes it
 * after a confirmation step; and deactivates them, which ends their session. Refusals show as
 * error summaries; every page is scanned with axe and kept as a screenshot.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { dateFieldParts } from './pages/date-field';
import { HomePage } from './pages/home';
import { ConfirmLinkPage, SignInPage, signInByEmail, signInLinkIn } from './pages/sign-in';
import { ConfirmPage, IssueTokenPage, NewUserPage, TokenIssuedPage, UserPage, UsersPage } from './pages/users';

jest.setTimeout(300_000);

const DAY = 24 * 60 * 60 * 1000;
/** The API's clock in this test (token expiry is judged against it), fixed so no date depends on today. */
const NOW = new Date('2027-03-10T10:00:00Z');

describe('administrators manage people in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let practice: { id: string; name: string };

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => NOW });
    expect((await system.admin.post('/api/users', { name: 'Ada Admin', email: 'ada.admin@example.nhs.uk', role: 'admin' })).status).toBe(
      201,
    );
    const hub = await system.admin.post('/api/hubs', { name: 'Northshire Training Hub', areas: ['Northshire'] });
    const made = await system.admin.post('/api/practices', {
      name: 'Elm Tree Surgery',
      odsCode: 'E81001',
      isTrainingPractice: false,
      hubId: hub.body.id,
    });
    expect(made.status).toBe(201);
    practice = made.body;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('adds a person who signs in from the invitation; a token is issued, used, revoked; the person is deactivated', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'ada.admin@example.nhs.uk', '/', 'admin-users-0');
    const home = await new HomePage(page).arrived('admin-users-1-home');
    await home.section('administration').getByRole('link', { name: 'Users' }).click();
    const users = await new UsersPage(page).arrived('admin-users-2-list');
    expect((await users.rows()).map((row) => row[0])).toEqual(['Ada Admin']);

    // Nothing filled in: an error summary names every field.
    await users.addUser();
    const form = await new NewUserPage(page).arrived('admin-users-3-new');
    await form.send();
    await form.arrived('admin-users-4-new-errors');
    expect(await form.errorSummary.locator('li').allInnerTexts()).toEqual([
      'Enter their full name',
      'Enter their email address, like name@example.nhs.uk',
      'Select their role',
    ]);
    // A practice manager works for a practice: the form says so, and keeps what was typed.
    await form.fill({ name: 'Sam Cole', email: 'sam.cole@elmtree.nhs.uk', role: 'Practice manager' });
    await form.send();
    await form.arrived('admin-users-5-new-no-practice');
    expect(await form.errorSummary.locator('li').allInnerTexts()).toEqual(['Select their GP practice']);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Sam Cole');

    await form.fill({ worksFor: { label: 'GP practice', option: practice.name } });
    await form.send();
    const person = await new UserPage(page, 'Sam Cole').arrived('admin-users-6-added');
    expect(await person.banner.innerText()).toContain('Invitation sent');
    expect(await person.detail('GP practice').innerText()).toBe(practice.name);
    expect(await person.state.innerText()).toBe('Active');
    const userId = new URL(page.url()).pathname.split('/')[2]!;

    // The person signs in from the invitation email and lands on their home page.
    const [invitation] = await system.smtp.waitFor(1, (m) => m.to.includes('sam.cole@elmtree.nhs.uk'));
    expect(invitation!.subject).toBe('You have been invited to Trainflow');
    const invitee = await openPage(browser, system.baseUrl);
    await invitee.page.goto(signInLinkIn(invitation!.text));
    await (await new ConfirmLinkPage(invitee.page).arrived('admin-users-7-invitee-confirm')).continue();
    const inviteeHome = await new HomePage(invitee.page).arrived('admin-users-8-invitee-home');
    expect(await inviteeHome.detail('Role').innerText()).toBe('Practice manager');

    // A token for an integration: an expiry in the past is refused, then one in a year is issued.
    await person.issueToken();
    const issue = await new IssueTokenPage(page).arrived('admin-users-9-issue-token');
    await issue.issue({ name: 'Practice system', expires: dateFieldParts(new Date(NOW.getTime() - DAY)) });
    await issue.arrived('admin-users-10-issue-token-past');
    expect(await issue.errorSummary.locator('li').allInnerTexts()).toEqual([
      'Enter the expiry date as a date in the future, for example 31 12 2027',
    ]);
    const inAYear = dateFieldParts(new Date(NOW.getTime() + 365 * DAY));
    await issue.issue({ name: 'Practice system', expires: inAYear });
    const issued = await new TokenIssuedPage(page).arrived('admin-users-11-token-issued');
    const token = await issued.token();
    const me = await system.as(token).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: userId, role: 'practice_manager' });

    await page.getByRole('link', { name: 'Back to Sam Cole' }).click();
    await person.arrived('admin-users-12-with-token');
    const [row] = await person.tokenRows();
    expect(row!.slice(0, 1)).toEqual(['Practice system']);
    expect(row![3]).toBe('Active');

    await person.revoke('Practice system');
    const revoke = await new ConfirmPage(page, 'Are you sure you want to revoke this token?').arrived('admin-users-13-revoke');
    await revoke.confirm('Revoke the token');
    await person.arrived('admin-users-14-revoked');
    expect(await person.banner.innerText()).toContain('Token revoked');
    expect((await person.tokenRows())[0]![3]).toBe('Revoked');
    expect((await system.as(token).get('/api/me')).status).toBe(401);

    // Deactivation, after a confirmation step, ends the person's session at once.
    await person.deactivate('Sam Cole');
    const deactivate = await new ConfirmPage(page, 'Are you sure you want to deactivate Sam Cole?').arrived('admin-users-15-deactivate');
    await deactivate.confirm('Deactivate Sam Cole');
    await person.arrived('admin-users-16-deactivated');
    expect(await person.state.innerText()).toBe('Deactivated');
    expect(await page.getByRole('button', { name: 'Issue an API token' }).count()).toBe(0);
    await invitee.page.goto('/');
    await new SignInPage(invitee.page).arrived('admin-users-17-invitee-signed-out');

    await page.goto('/users?role=practice_manager');
    await users.arrived('admin-users-18-list-by-role');
    expect(await users.rows()).toEqual([['Sam Cole', 'sam.cole@elmtree.nhs.uk', 'Practice manager', practice.name, 'Deactivated']]);
    await invitee.context.close();
    await context.close();
  });

  it('refuses what the API refuses, on the page: a token for a deactivated user', async () => {
    const made = await system.admin.post('/api/users', { name: 'Lee Gone', email: 'lee.gone@example.nhs.uk', role: 'hee_staff' });
    expect((await system.admin.post(`/api/users/${made.body.id}/deactivation`)).status).toBe(200);
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'ada.admin@example.nhs.uk', `/users/${made.body.id}/tokens/new`, 'admin-users-refusal');
    const issue = await new IssueTokenPage(page).arrived('admin-users-refusal-1-form');
    await issue.issue({ name: 'Too late' });
    await issue.arrived('admin-users-refusal-2-refused');
    expect(await issue.errorSummary.innerText()).toContain('a deactivated user gets no new token');
    await page.goto('/users/usr_nobody');
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await context.close();
  });
});
