/**
 * The EOI pages when the process says no, and the actions that close or extend it, in a real
 * browser: a refusal shows as an error summary in the API's own words (the same service answers
 * both), withdrawing asks for a reason and a confirmation first, regional staff extend the
 * confirmation deadline, and another organisation's EOI is "not found".
 */
import type { Browser, Page } from 'playwright-core';
import { addCalendarDays, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { launchBrowser, openPage } from '../support/browser';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { EoiPage, ExtensionPage, NotFoundPage, ReviewPage, WithdrawConfirmPage, WithdrawReasonPage } from './pages/eois';
import { signInByEmail } from './pages/sign-in';

// Browser journeys on a shared 2-core machine: each step waits on events, but a journey is long.
jest.setTimeout(300_000);

describe('expression of interest pages: refusals, withdrawal and extensions', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;
  let funded: { id: string; confirmationDueAt: string };
  let underReview: string;
  let toDecline: string;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    browser = await launchBrowser();
    // Through the API: one funded, one waiting for the university.
    const first = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(first.status).toBe(201);
    expect((await region.reviewer.api.post(`/api/eois/${first.body.id}/review`, { decision: 'support', comment: 'Good' })).status).toBe(
      200,
    );
    const decision = await region.staff.api.post(`/api/eois/${first.body.id}/funding-decision`, {
      decision: 'fund',
      places: 2,
      comment: 'Two places.',
    });
    expect(decision.status).toBe(200);
    funded = { id: first.body.id, confirmationDueAt: decision.body.confirmationDueAt };
    const second = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(second.status).toBe(201);
    underReview = second.body.id;
    const third = await region.submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 }));
    expect(third.status).toBe(201);
    toDecline = third.body.id;
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function person(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, path, name);
    return page;
  }

  it('regional staff extend the deadline; a date not after the current one is refused as the API refuses it', async () => {
    const staff = await person(region.staff.email, `/eois/${funded.id}`, 'refusals-staff');
    const eoi = await new EoiPage(staff).arrived('refusals-staff-eoi');
    await eoi.act('Extend the confirmation deadline');
    const extension = await new ExtensionPage(staff).arrived('refusals-extension');

    const current = londonDateOf(funded.confirmationDueAt);
    const [year, month, day] = current.split('-');
    await extension.date(day!, month!, year!);
    await extension.fill('Reason', 'Recruitment took longer.');
    await extension.submit('Extend the deadline');
    await extension.arrived('refusals-extension-refused');
    const api = await region.staff.api.post(`/api/eois/${funded.id}/extension`, {
      confirmationDueAt: endOfLondonDay(current),
      reason: 'Recruitment took longer.',
    });
    expect(api.status).toBe(400);
    const [fieldError] = api.body.errors as { path: string; message: string }[];
    expect(fieldError!.path).toBe('body.confirmationDueAt');
    expect(await extension.errors()).toEqual([fieldError!.message[0]!.toUpperCase() + fieldError!.message.slice(1)]);

    const later = addCalendarDays(current, 14);
    const [laterYear, laterMonth, laterDay] = later.split('-');
    await extension.date(laterDay!, laterMonth!, laterYear!);
    await extension.submit('Extend the deadline');
    const extended = await eoi.arrived('refusals-extended');
    expect(await extended.banner.textContent()).toContain('Deadline extended');
    expect(await extended.history()).toContain('Deadline extended');
    const stored = await system.db.prisma.eoi.findUniqueOrThrow({ where: { id: funded.id } });
    expect((stored.view as { confirmationDueAt: string }).confirmationDueAt).toBe(endOfLondonDay(later));
  });

  it('the organisation withdraws after giving a reason and confirming; the university’s review, sent late, is refused in the API’s words', async () => {
    // The university opens the review form while the EOI is still under review.
    const uni = await person(region.reviewer.email, `/eois/${underReview}/review`, 'refusals-uni');
    const review = await new ReviewPage(uni).arrived('refusals-review');

    const org = await person(region.submitter.email, `/eois/${underReview}`, 'refusals-org');
    const eoi = await new EoiPage(org).arrived('refusals-org-eoi');
    await eoi.act('Withdraw this expression of interest');
    const reason = await new WithdrawReasonPage(org).arrived('refusals-withdraw-reason');
    await reason.submit('Continue');
    await reason.arrived('refusals-withdraw-reason-error');
    expect(await reason.errors()).toEqual(['Enter a reason']);
    await reason.fill('Why are you withdrawing it?', 'The service is closing.');
    await reason.submit('Continue');
    const confirm = await new WithdrawConfirmPage(org).arrived('refusals-withdraw-confirm');
    await confirm.submit('Yes, withdraw it');
    const withdrawn = await eoi.arrived('refusals-withdrawn');
    expect(await withdrawn.banner.textContent()).toContain('Withdrawn');
    expect(await withdrawn.state.textContent()).toContain('Withdrawn');
    expect(await withdrawn.actions()).toEqual([]);

    // The form the university still has open: sending it is refused, as the API refuses it.
    await review.choose('Support it');
    await review.fill('Comment', 'Strong case.');
    await review.submit('Record the review');
    await review.arrived('refusals-review-refused');
    const api = await region.reviewer.api.post(`/api/eois/${underReview}/review`, { decision: 'support', comment: 'Strong case.' });
    expect(api.status).toBe(409);
    expect(await review.errors()).toEqual([api.body.detail]);
  });

  it('the university declines one from its page, saying why; the reason stays in its history', async () => {
    const uni = await person(region.reviewer.email, `/eois/${toDecline}`, 'refusals-decline-uni');
    const eoi = await new EoiPage(uni).arrived('refusals-decline-eoi');
    await eoi.act('Review this expression of interest');
    const review = await new ReviewPage(uni).arrived('refusals-decline-review');
    await review.choose('Decline it');
    await review.fill('Comment', 'No supervisor is available this year.');
    await review.submit('Record the review');
    const declined = await eoi.arrived('refusals-declined');
    expect(await declined.state.textContent()).toContain('Declined');
    expect(await declined.history()).toContain('Declined by the university');
    expect(await declined.actions()).toEqual([]);
    expect(await uni.locator('ol[aria-label^="History"]').textContent()).toContain('No supervisor is available this year.');
  });

  it('another organisation’s expression of interest is not found, not forbidden', async () => {
    const other = await person(region.otherSubmitter.email, '/', 'refusals-other-org');
    const response = await other.goto(`/eois/${funded.id}`);
    expect(response?.status()).toBe(404);
    await new NotFoundPage(other).arrived('refusals-other-org-not-found');
    expect((await other.goto(`/eois/${funded.id}/withdraw`))?.status()).toBe(404);
  });
});
