/**
 * A practice becomes a spoke of a training hub entirely in the browser: the practice manager
 * applies (check your answers), answers every criterion from the task list and sends the
 * evidence; the hub lead returns one item with a comment; the practice resubmits it; the hub lead
 * accepts it, schedules the quality visit (a past date refused, as by the API) and records it;
 * HEE staff approve (a rejection without a reason refused); the practice signs the agreement and
 * is ACCREDITED. Refusals show as error summaries; every page is scanned with axe and kept as a
 * screenshot. HEE staff suspend, reinstate and extend the accreditation; another practice's manager gets
 * 404 for that application, changes their own answers before applying, and withdraws it.
 */
import type { Browser, Page } from 'playwright-core';
import { EXAMPLE_CRITERIA } from '../../domain/example-criteria';
import { launchBrowser, openPage } from '../support/browser';
import { createUser } from '../support/region';
import { dateFieldParts } from './pages/date-field';
import { londonDateOf } from '../../domain/london-calendar';
import { startTestSystem, type TestSystem } from '../support/system';
import { HomePage } from './pages/home';
import { signInByEmail } from './pages/sign-in';
import {
  AgreementPage,
  ApplyCheckPage,
  ApplyPage,
  ApprovalPage,
  EvidenceAnswerPage,
  earlierRounds,
  EvidenceCheckPage,
  ExtendPage,
  ReasonPage,
  ReviewPage,
  SpokeApplicationPage,
  VisitOutcomePage,
  VisitPage,
} from './pages/spoke';

jest.setTimeout(600_000);

const DAY = 24 * 60 * 60 * 1000;

describe('spoke accreditation in a real browser: practice manager, hub lead and HEE staff', () => {
  let system: TestSystem;
  let browser: Browser;
  const hubName = 'Wigan Training Hub';
  const practiceName = 'Leigh Family Practice';
  const people = {
    manager: { name: 'Pat Manager', email: 'pat.manager@leigh-fp.nhs.uk' },
    lead: { name: 'Hal Lead', email: 'hal.lead@wigan-hub.nhs.uk' },
    staff: { name: 'Hana Staff', email: 'hana.staff@hee.nhs.uk' },
    otherManager: { name: 'Olu Other', email: 'olu.other@elm-tree.nhs.uk' },
  };

  beforeAll(async () => {
    system = await startTestSystem();
    const hub = (await system.admin.post('/api/hubs', { name: hubName, areas: ['Wigan', 'Leigh'] })).body;
    const practice = (
      await system.admin.post('/api/practices', { name: practiceName, odsCode: 'P81234', isTrainingPractice: false, hubId: hub.id })
    ).body;
    const other = (
      await system.admin.post('/api/practices', { name: 'Elm Tree Surgery', odsCode: 'P81235', isTrainingPractice: false, hubId: hub.id })
    ).body;
    await createUser(system, { ...people.manager, role: 'practice_manager', practiceId: practice.id });
    await createUser(system, { ...people.otherManager, role: 'practice_manager', practiceId: other.id });
    await createUser(system, { ...people.lead, role: 'hub_lead', hubId: hub.id });
    await createUser(system, { ...people.staff, role: 'hee_staff' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, path, name);
    return page;
  }

  it('takes a practice from application to ACCREDITED through the pages', async () => {
    // ---- the practice manager applies ----
    const manager = await signedIn(people.manager.email, '/', 'spoke-0-manager');
    const home = await new HomePage(manager).arrived('spoke-1-manager-home');
    expect(await home.spokeRows()).toEqual([]);
    await home.applyForSpoke();
    const apply = await new ApplyPage(manager).arrived('spoke-2-apply');
    await apply.continue();
    await apply.arrived('spoke-3-apply-errors');
    expect(await apply.errorSummary.locator('li').allInnerTexts()).toEqual([
      'Select the training hub',
      'Enter the administrator’s full name',
      'Enter the administrator’s email address, like name@example.nhs.uk',
      'Enter the educationalist’s full name',
      'Enter the educationalist’s email address, like name@example.nhs.uk',
    ]);
    await apply.fill({
      hub: hubName,
      administrator: { name: 'Ann Timetable', email: 'ann.timetable@leigh-fp.nhs.uk' },
      educationalist: { name: 'Dr Ed Teach', email: 'ed.teach@leigh-fp.nhs.uk' },
    });
    await apply.continue();
    const check = await new ApplyCheckPage(manager).arrived('spoke-4-apply-check');
    expect(await check.value('Training hub').innerText()).toBe(hubName);
    await check.apply();
    const application = await new SpokeApplicationPage(manager, practiceName).arrived('spoke-5-applied');
    expect(await application.banner.innerText()).toContain('Application started');
    expect(await application.state.innerText()).toBe('Gathering evidence');
    expect(await application.tasks()).toEqual(EXAMPLE_CRITERIA.map((c) => [c.title, 'Not started']));
    const applicationPath = new URL(manager.url()).pathname;

    // ---- evidence, criterion by criterion: a blank answer and a bad link are refused ----
    const [first, ...rest] = EXAMPLE_CRITERIA;
    await application.openTask(first!.title);
    const answer = await new EvidenceAnswerPage(manager, first!.title).arrived('spoke-6-answer');
    await answer.fill('', 'not a link');
    await answer.save();
    await answer.arrived('spoke-7-answer-errors');
    expect(await answer.errorSummary.locator('li').allInnerTexts()).toEqual([
      'Enter how the practice meets this criterion',
      'Enter the document link as a web address starting with https://, or leave it blank',
    ]);
    await answer.fill(`How ${practiceName} meets ${first!.code}`, 'https://docs.leigh-fp.nhs.uk/timetable.pdf');
    await answer.save();
    await application.arrived('spoke-8-one-answered');
    expect((await application.tasks())[0]).toEqual([first!.title, 'Completed']);
    for (const criterion of rest) await application.answer(criterion.title, `How ${practiceName} meets ${criterion.code}`);
    await application.checkAndSend();
    const evidenceCheck = await new EvidenceCheckPage(manager).arrived('spoke-9-evidence-check');
    await evidenceCheck.send();
    await application.arrived('spoke-10-evidence-sent');
    expect(await application.state.innerText()).toBe('Hub reviewing');
    expect((await application.tasks()).map((t) => t[1])).toEqual(EXAMPLE_CRITERIA.map(() => 'Sent for review'));

    // ---- the hub lead reviews: one item returned with a comment ----
    const lead = await signedIn(people.lead.email, '/', 'spoke-11-lead');
    const leadHome = await new HomePage(lead).arrived('spoke-12-lead-home');
    expect((await leadHome.spokeRows()).map((row) => [row[0], row[4]])).toEqual([[practiceName, 'Hub reviewing']]);
    await lead.getByRole('link', { name: practiceName, exact: true }).first().click();
    const leadView = await new SpokeApplicationPage(lead, practiceName).arrived('spoke-13-lead-application');
    await leadView.act('Review the evidence');
    const review = await new ReviewPage(lead).arrived('spoke-14-review');
    const ppi = EXAMPLE_CRITERIA.find((c) => c.code === 'PPI')!;
    for (const criterion of EXAMPLE_CRITERIA) await review.decide(criterion.title, criterion.code === 'PPI' ? 'Reject' : 'Accept');
    await review.send();
    await review.arrived('spoke-15-review-errors');
    expect(await review.errorSummary.locator('li').allInnerTexts()).toEqual([`Say what needs to change for “${ppi.title}”`]);
    await review.decide(ppi.title, 'Reject', 'Describe how patients give feedback on learners.');
    await review.send();
    await leadView.arrived('spoke-16-changes-requested');
    expect(await leadView.state.innerText()).toBe('Changes requested');

    // ---- the practice resubmits the returned item ----
    await manager.goto(applicationPath);
    await application.arrived('spoke-17-manager-changes');
    expect(await application.task(ppi.title).innerText()).toContain('Describe how patients give feedback on learners.');
    expect((await application.tasks()).find((t) => t[0] === ppi.title)![1]).toBe('Changes requested');
    await application.answer(ppi.title, 'Patients fill in a feedback card after each consultation with a learner.');
    await application.checkAndSend();
    await (await new EvidenceCheckPage(manager).arrived('spoke-18-resubmit-check')).send();
    await application.arrived('spoke-19-resubmitted');
    expect(await application.state.innerText()).toBe('Hub reviewing');

    // ---- the hub lead accepts it, schedules and records the quality visit ----
    await lead.goto(applicationPath);
    await leadView.act('Review the evidence');
    await review.arrived('spoke-20-review-again');
    expect(await lead.locator('main form h2').allInnerTexts()).toEqual([ppi.title]);
    expect(await lead.locator('main').innerText()).toContain('Earlier review');
    // The returned round, with the statement the practice first sent and the hub's comment on it.
    const returnedRound = await earlierRounds(review, 'PPI');
    expect(returnedRound).toHaveLength(1);
    expect(returnedRound[0]).toContain(`How ${practiceName} meets PPI`);
    expect(returnedRound[0]).toContain('Changes requested by');
    expect(returnedRound[0]).toContain('Describe how patients give feedback on learners.');
    await review.decide(ppi.title, 'Accept');
    await review.send();
    await leadView.arrived('spoke-21-visit-pending');
    expect(await leadView.state.innerText()).toBe('Quality visit');
    // Accepted now, the item still shows the round the hub returned (which the current review no longer holds).
    const keptRound = await earlierRounds(leadView, 'PPI');
    expect(keptRound).toHaveLength(1);
    expect(keptRound[0]).toContain('Describe how patients give feedback on learners.');
    await leadView.act('Schedule the quality visit');
    const visit = await new VisitPage(lead).arrived('spoke-22-visit');
    // Dates around the workflow's own clock (its last recorded step), which judges "in the future".
    const recorded = (await system.admin.get(`/api${applicationPath}`)).body;
    const recordedAt = Date.parse(recorded.history.at(-1).at);
    await visit.schedule(dateFieldParts(new Date(recordedAt - 2 * DAY)), '10:30');
    await visit.arrived('spoke-23-visit-past');
    expect(await visit.errorSummary.locator('li').allInnerTexts()).toEqual(['Must be in the future']);
    await visit.schedule(dateFieldParts(new Date(recordedAt + 30 * DAY)), '10:30');
    await leadView.arrived('spoke-24-visit-scheduled');
    expect(await leadView.banner.innerText()).toContain('Quality visit scheduled');
    await leadView.act('Record the quality visit outcome');
    const outcome = await new VisitOutcomePage(lead).arrived('spoke-25-visit-outcome');
    await outcome.record('Actions required', 'Induction pack missing.');
    await outcome.arrived('spoke-25-visit-outcome-errors');
    expect(await outcome.errorSummary.locator('li').allInnerTexts()).toEqual([
      'Enter at least one action, or select the criteria whose evidence must be resubmitted',
    ]);
    await outcome.record('Satisfactory', 'Learners well supported.');
    await leadView.arrived('spoke-26-awaiting-approval');
    expect(await leadView.state.innerText()).toBe('Awaiting HEE approval');

    // ---- HEE staff approve: a rejection needs a reason ----
    const staff = await signedIn(people.staff.email, applicationPath, 'spoke-27-staff');
    const staffView = await new SpokeApplicationPage(staff, practiceName).arrived('spoke-28-staff-application');
    await staffView.act('Approve or reject the accreditation');
    const approval = await new ApprovalPage(staff).arrived('spoke-29-approval');
    await approval.decide('Reject');
    await approval.arrived('spoke-30-approval-errors');
    expect(await approval.errorSummary.locator('li').allInnerTexts()).toEqual(['Give the reason for rejecting the accreditation']);
    await approval.decide('Approve');
    await staffView.arrived('spoke-31-approved');
    expect(await staffView.state.innerText()).toBe('Agreement to sign');

    // ---- the practice signs the agreement ----
    await manager.goto(applicationPath);
    await application.arrived('spoke-32-manager-to-sign');
    await application.act('Sign the Learning and Development Agreement');
    await (await new AgreementPage(manager).arrived('spoke-33-agreement')).sign(people.manager.name);
    await application.arrived('spoke-34-accredited');
    expect(await application.state.innerText()).toBe('Accredited');
    expect(await application.detail('Accredited until').innerText()).not.toBe('');
    expect(await application.historyEntries()).toEqual([
      'Agreement signed',
      'HEE decision',
      'Quality visit outcome recorded',
      'Quality visit scheduled',
      'Evidence reviewed',
      'Evidence sent',
      'Evidence reviewed',
      'Evidence sent',
      'Application started',
    ]);

    // ---- HEE staff suspend the accreditation (a reason is needed) and reinstate it ----
    await staff.goto(applicationPath);
    await staffView.arrived('spoke-35-staff-accredited');
    await staffView.act('Suspend the accreditation');
    const suspend = await new ReasonPage(staff, 'Are you sure you want to suspend this accreditation?').arrived('spoke-36-suspend');
    await suspend.confirm('Suspend the accreditation', '');
    await suspend.arrived('spoke-37-suspend-errors');
    expect(await suspend.errorSummary.locator('li').allInnerTexts()).toEqual(['Enter why the accreditation is being suspended']);
    await suspend.confirm('Suspend the accreditation', 'Safeguarding concern under investigation.');
    await staffView.arrived('spoke-38-suspended');
    expect(await staffView.state.innerText()).toBe('Suspended');
    await staffView.act('Reinstate the accreditation');
    await (
      await new ReasonPage(staff, 'Are you sure you want to reinstate this accreditation?').arrived('spoke-39-reinstate')
    ).confirm('Reinstate the accreditation', 'Investigation closed.');
    await staffView.arrived('spoke-40-reinstated');
    expect(await staffView.state.innerText()).toBe('Accredited');

    // ---- HEE staff extend it: a date not after the current expiry is refused, naming the field ----
    const expiry = new Date((await system.admin.get(`/api${applicationPath}`)).body.accreditedUntil);
    await staffView.act('Extend the accreditation');
    const extend = await new ExtendPage(staff).arrived('spoke-40a-extend');
    await extend.extend(dateFieldParts(expiry), 'Hub visit team unavailable.');
    await extend.arrived('spoke-40b-extend-errors');
    expect(await extend.errorSummary.locator('li').allInnerTexts()).toEqual([`Must be after the current expiry, ${londonDateOf(expiry)}`]);
    await extend.extend(dateFieldParts(new Date(expiry.getTime() + 60 * DAY)), 'Hub visit team unavailable.');
    await staffView.arrived('spoke-40c-extended');
    expect(await staffView.banner.innerText()).toContain('Accreditation extended');
    expect(await staffView.detail('Extended').innerText()).toContain('Hub visit team unavailable.');

    // ---- another practice's manager: that application is not found; theirs, changed before applying, is withdrawn ----
    const other = await signedIn(people.otherManager.email, '/', 'spoke-41-other-manager');
    await other.goto(applicationPath);
    expect(await other.locator('h1').innerText()).toBe('Page not found');
    await other.goto('/spoke-applications/new');
    const otherApply = await new ApplyPage(other).arrived('spoke-42-other-apply');
    await otherApply.fill({
      hub: hubName,
      administrator: { name: 'Ann Other', email: 'ann.other@elm-tree.nhs.uk' },
      educationalist: { name: 'Dr Eve Other', email: 'eve.other@elm-tree.nhs.uk' },
    });
    await otherApply.continue();
    const otherCheck = await new ApplyCheckPage(other).arrived('spoke-43-other-check');
    await otherCheck.change();
    await otherApply.arrived('spoke-44-other-change');
    expect(await other.getByRole('group', { name: 'Practice-based administrator' }).getByLabel('Full name').inputValue()).toBe('Ann Other');
    await other.getByRole('group', { name: 'Practice-based administrator' }).getByLabel('Full name').fill('Ann Changed');
    await otherApply.continue();
    await otherCheck.arrived('spoke-45-other-check-again');
    expect(await otherCheck.value('Practice-based administrator').innerText()).toContain('Ann Changed');
    await otherCheck.apply();
    const otherView = await new SpokeApplicationPage(other, 'Elm Tree Surgery').arrived('spoke-46-other-applied');
    await otherView.act('Withdraw');
    const withdraw = await new ReasonPage(other, 'Are you sure you want to withdraw this application?').arrived('spoke-47-withdraw');
    await withdraw.confirm('Withdraw the application', 'We will apply next year.');
    await otherView.arrived('spoke-48-withdrawn');
    expect(await otherView.state.innerText()).toBe('Withdrawn');
    expect(await otherView.banner.innerText()).toContain('Application withdrawn');
  });
});
