/**
 * A quality visit's action plan in a real browser: the hub lead records the outcome "Actions
 * required" with two actions (an action without its due date refused in an error summary that
 * links to the field), sees the plan as a table tagged Due, marks one done (Complete); HEE staff,
 * reading on a later day (the pages' injected clock), see the other tagged Overdue; once both are
 * done the lead may schedule a follow-up visit or send the application for HEE approval, and does
 * the latter. Every page is scanned with axe. The application reaches the visit through the API.
 */
import type { Browser, Page } from 'playwright-core';
import { addCalendarDays, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { launchBrowser, openPage } from '../support/browser';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { signInByEmail } from './pages/sign-in';
import { SpokeApplicationPage, VisitOutcomePage, VisitPage } from './pages/spoke';

jest.setTimeout(600_000);

const DAY = 24 * 60 * 60 * 1000;

describe('a quality visit’s action plan in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;
  /** The pages' clock: the machine's, until the test moves it to a later day. */
  let manager: RegionUser;
  const practiceName = 'Hindley Green Practice';
  const people = {
    lead: { name: 'Hal Lead', email: 'hal.lead@makerfield-hub.nhs.uk' },
    staff: { name: 'Hana Staff', email: 'hana.staff@hee.nhs.uk' },
  };
  let applicationPath: string;

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  beforeAll(async () => {
    system = await startTestSystem();
    const hub = await ok(system.admin.post('/api/hubs', { name: 'Makerfield Training Hub', areas: ['Hindley'] }), 'hub');
    const practice = await ok(
      system.admin.post('/api/practices', { name: practiceName, odsCode: 'P82345', isTrainingPractice: false, hubId: hub.id }),
      'practice',
    );
    manager = await createUser(system, {
      name: 'Pat Manager',
      email: 'pat@hindley-green.nhs.uk',
      role: 'practice_manager',
      practiceId: practice.id,
    });
    const lead = await createUser(system, { ...people.lead, role: 'hub_lead', hubId: hub.id });
    await createUser(system, { ...people.staff, role: 'hee_staff' });
    browser = await launchBrowser();

    // Evidence accepted and the visit scheduled, through the API.
    const application = await ok(
      manager.api.post('/api/spoke-applications', {
        practiceId: practice.id,
        hubId: hub.id,
        administrator: { name: 'Ann Admin', email: 'ann@hindley-green.nhs.uk' },
        educationalist: { name: 'Ed Teach', email: 'ed@hindley-green.nhs.uk' },
      }),
      'application',
    );
    applicationPath = `/spoke-applications/${application.id}`;
    const codes: string[] = application.criteria.map((c: { code: string }) => c.code);
    await ok(
      manager.api.post(`/api${applicationPath}/evidence`, {
        items: codes.map((code) => ({ criterionCode: code, statement: `We meet ${code}` })),
      }),
      'evidence',
    );
    await ok(
      lead.api.post(`/api${applicationPath}/evidence-review`, {
        items: codes.map((code) => ({ criterionCode: code, decision: 'accept', comment: '' })),
      }),
      'review',
    );
    await ok(
      lead.api.post(`/api${applicationPath}/visit`, { scheduledFor: new Date(system.now().getTime() + 14 * DAY).toISOString() }),
      'visit',
    );
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, applicationPath, name);
    return page;
  }

  const parts = (date: string) => {
    const [year, month, day] = date.split('-').map(Number);
    return { day: String(day), month: String(month), year: String(year) };
  };

  it('records an action plan, tags each action, and sends the application for HEE approval once all are done', async () => {
    const today = londonDateOf(system.now());
    const pack = {
      description: 'Write an induction pack for learners',
      owner: 'Practice-based educationalist (Ed Teach)',
      date: addCalendarDays(today, 1),
    };
    const rota = { description: 'Book protected teaching time', owner: 'Hub lead', date: addCalendarDays(today, 20) };

    const lead = await signedIn(people.lead.email, 'action-plan-01-lead');
    const leadView = await new SpokeApplicationPage(lead, practiceName).arrived('action-plan-02-visit-pending');
    await leadView.act('Record the quality visit outcome');
    const outcome = await new VisitOutcomePage(lead).arrived('action-plan-03-outcome');
    await outcome.action(1, { description: pack.description, owner: pack.owner, due: parts(pack.date) });
    await outcome.action(2, { description: rota.description, owner: rota.owner, due: { day: '', month: '', year: '' } });
    await outcome.record('Actions required', 'Learners need an induction pack and protected time.');
    await outcome.arrived('action-plan-04-outcome-errors');
    expect(await outcome.errorSummary.locator('li').allInnerTexts()).toEqual(['Enter the due date of action 2, for example 15 3 2027']);
    expect(await outcome.errorSummary.getByRole('link').getAttribute('href')).toBe('#actions-1-dueDate');
    // What was typed is kept.
    expect(await lead.getByRole('group', { name: 'Action 1', exact: true }).getByLabel('What needs doing').inputValue()).toBe(
      pack.description,
    );
    await outcome.action(2, { description: rota.description, owner: rota.owner, due: parts(rota.date) });
    await outcome.record('Actions required', 'Learners need an induction pack and protected time.');

    await leadView.arrived('action-plan-05-in-progress');
    expect(await leadView.state.innerText()).toBe('Actions in progress');
    const due = (date: string) =>
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(
        new Date(endOfLondonDay(date)),
      );
    expect(await leadView.actionPlanRows()).toEqual([
      [pack.description, 'Practice-based educationalist', due(pack.date), 'Due'],
      [rota.description, 'Hub lead', due(rota.date), 'Due'],
    ]);
    expect(await lead.getByRole('button', { name: 'Send for HEE approval' }).count()).toBe(0);
    await leadView.markDone(rota.description);
    await leadView.arrived('action-plan-06-one-done');
    expect(await leadView.banner.innerText()).toContain('Action marked as done');
    expect((await leadView.actionPlanRows()).map((row) => row[3])).toEqual(['Due', expect.stringContaining('Complete')]);

    // Two days on, HEE staff see the induction pack overdue.
    system.setToday(new Date(Date.parse(endOfLondonDay(pack.date)) + DAY));
    const staff = await signedIn(people.staff.email, 'action-plan-07-staff');
    const staffView = await new SpokeApplicationPage(staff, practiceName).arrived('action-plan-08-overdue');
    expect((await staffView.actionPlanRows()).map((row) => row[3])).toEqual(['Overdue', expect.stringContaining('Complete')]);
    system.setToday(undefined);

    // The practice sees the plan, with nothing to press.
    const practice = await signedIn('pat@hindley-green.nhs.uk', 'action-plan-09-practice');
    const practiceView = await new SpokeApplicationPage(practice, practiceName).arrived('action-plan-10-practice-view');
    expect(await practiceView.actionPlanRows()).toHaveLength(2);
    expect(await practice.getByRole('button', { name: /Mark as done/ }).count()).toBe(0);

    await lead.reload();
    await leadView.markDone(pack.description);
    await leadView.arrived('action-plan-11-all-done');
    await leadView.loads(() => lead.getByRole('button', { name: 'Schedule a follow-up visit' }).click());
    await new VisitPage(lead, 'Schedule a follow-up visit').arrived('action-plan-12-follow-up');
    await lead.goBack();
    await leadView.arrived('action-plan-13-back');
    await leadView.loads(() => lead.getByRole('button', { name: 'Send for HEE approval' }).click());
    await leadView.arrived('action-plan-14-sent');
    expect(await leadView.state.innerText()).toBe('Awaiting HEE approval');
    expect(await leadView.banner.innerText()).toContain('Sent for HEE approval');
    expect((await leadView.historyEntries()).slice(0, 4)).toEqual([
      'Action plan complete: sent for HEE approval',
      'Action marked as done',
      'Action marked as done',
      'Quality visit outcome recorded',
    ]);
    void manager;
  });
});
