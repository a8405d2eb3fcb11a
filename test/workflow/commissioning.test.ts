import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../support/time-skipping';
import {
  addCandidateUpdate,
  amendUpdate,
  candidateOutcomeUpdate,
  confirmationUpdate,
  extensionUpdate,
  fundingDecisionUpdate,
  reviewUpdate,
  withdrawalUpdate,
} from '../../workflows/commissioning.messages';
import { addCalendarDays, endOfDayAfter, endOfLondonDay, isWorkingDay, londonDateOf, reminderTimeOn } from '../../domain/london-calendar';
import { CommissioningHarness, DAY, otherReviewer, otherSubmitter, refusal, reviewer, staff, submitter } from './commissioning-harness';

const HOUR = 60 * 60 * 1000;

/** 09:00 London time on the working day on or before the London day `days` after the instant. */
const reminderDay = (fromMs: number, days: number) => Date.parse(reminderTimeOn(addCalendarDays(londonDateOf(new Date(fromMs)), days)));

/** A simulated instant: at the expected time or just after it (the worker's own work takes real milliseconds). */
function expectAt(actual: number, expected: number) {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThan(expected + HOUR);
}

/** A Monday at least `days` ahead: its confirmation deadline is a Monday, 14 and 7 days before it working Mondays, 2 days before a Saturday. */
function mondayStartAfter(fromMs: number, days: number): string {
  let date = addCalendarDays(londonDateOf(new Date(fromMs)), days);
  for (;;) {
    const monday = new Date(`${date}T12:00:00Z`).getUTCDay() === 1;
    const due = addCalendarDays(date, -28);
    const reminderDays = [addCalendarDays(due, -14), addCalendarDays(due, -7), addCalendarDays(due, -3)];
    if (monday && isWorkingDay(due) && reminderDays.every(isWorkingDay)) return date;
    date = addCalendarDays(date, 1);
  }
}

describe('commissioning workflow on simulated time', () => {
  let env: TestWorkflowEnvironment;
  let h: CommissioningHarness;
  let worker: Worker;

  // A server per test: no workflow, timer or task of one test can hold another's clock.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    h = new CommissioningHarness(env);
    worker = await h.worker();
  });

  afterEach(async () => {
    await env?.teardown();
  });

  const review = (decision: 'support' | 'decline' | 'changes_requested') => ({
    actor: reviewer,
    body: { decision, comment: `${decision} because` },
  });
  const fund = (places?: number) => ({ actor: staff, body: { decision: 'fund' as const, places, allowPartial: false, comment: 'funded' } });

  it('reminds the university at 09:00 on day 10 without a decision and escalates to HEE staff on day 20 (working days, London time)', async () => {
    await h.run(worker, async () => {
      const t0 = await env.currentTimeMs();
      const eoi = h.newEoi({ nowMs: t0 });
      await h.start(eoi);
      expect(h.noticesOf(eoi.id).map((n) => n.key.split(':').pop())).toEqual(['submitted-university', 'submitted-organisation']);

      await env.sleep(21 * DAY);
      await h.waitFor(() => h.noticesOf(eoi.id).some((n) => n.key.endsWith('review-escalation-1')), 'escalation');
      const reminder = h.noticesOf(eoi.id).find((n) => n.key.endsWith('review-reminder-1'))!;
      const escalation = h.noticesOf(eoi.id).find((n) => n.key.endsWith('review-escalation-1'))!;
      expect(reminder.audience).toEqual([{ kind: 'university', universityId: 'uni-1' }]);
      expect(escalation.audience).toEqual([{ kind: 'role', role: 'hee_staff' }]);
      expectAt(reminder.at, reminderDay(t0, 10));
      expectAt(escalation.at, reminderDay(t0, 20));
      // Each fires once.
      expect(h.noticesOf(eoi.id).filter((n) => n.key.includes('review-'))).toHaveLength(2);
    });
  });

  it('restarts the review clock when an amended EOI returns to review', async () => {
    await h.run(worker, async () => {
      const t0 = await env.currentTimeMs();
      const eoi = h.newEoi({ nowMs: t0 });
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, { args: [review('changes_requested')] });
      await env.sleep(5 * DAY);
      const amended = await handle.executeUpdate(amendUpdate, { args: [{ actor: submitter, body: { placesRequested: 3 } }] });
      expect(amended).toMatchObject({ status: 'UNDER_UNIVERSITY_REVIEW', placesRequested: 3 });
      const amendedAt = await env.currentTimeMs();
      await env.sleep(11 * DAY);
      await h.waitFor(() => h.noticesOf(eoi.id).some((n) => n.key.endsWith('review-reminder-2')), 'second-round reminder');
      const reminder = h.noticesOf(eoi.id).find((n) => n.key.endsWith('review-reminder-2'))!;
      expectAt(reminder.at, reminderDay(amendedAt, 10));
      expect(h.noticesOf(eoi.id).some((n) => n.key.endsWith('review-reminder-1'))).toBe(false);
    });
  });

  it('reminds the organisation at 09:00 14, 7 and 2 days before the confirmation deadline (a Saturday one on the Friday), then marks it overdue at the end of the due day', async () => {
    await h.run(worker, async () => {
      const t0 = await env.currentTimeMs();
      // Starts on a Monday, so the deadline is a Monday and 2 days before it a Saturday.
      const eoi = h.newEoi({ nowMs: t0, startsOn: mondayStartAfter(t0, 90) });
      const due = Date.parse(eoi.intake.confirmationDueAt);
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, { args: [review('support')] });
      const funded = await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      expect(funded).toMatchObject({ status: 'FUNDED', allocatedPlaces: 2, confirmationDueAt: eoi.intake.confirmationDueAt });

      await env.sleep(due - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => h.latestView(eoi.id).status === 'CONFIRMATION_OVERDUE', 'overdue');
      const reminders = h.noticesOf(eoi.id).filter((n) => n.key.includes('confirmation-reminder'));
      expect(reminders.map((n) => n.key.split(':').pop())).toEqual([
        'confirmation-reminder-14',
        'confirmation-reminder-7',
        'confirmation-reminder-2',
      ]);
      const dueDate = londonDateOf(new Date(due));
      const expected = [-14, -7, -3].map((days) => Date.parse(reminderTimeOn(addCalendarDays(dueDate, days))));
      for (const [reminder, at] of reminders.map((r, i) => [r, expected[i]!] as const)) {
        expectAt(reminder.at, at);
        expect(reminder.audience).toContainEqual({ kind: 'address', email: 'cara@org1.nhs.uk', name: 'Cara Contact' });
      }
      const overdueAt = h.commitsOf(eoi.id).find((c) => c.status === 'CONFIRMATION_OVERDUE')!.at;
      expectAt(overdueAt, due);
      const overdue = h.noticesOf(eoi.id).find((n) => n.key.endsWith('overdue-hee'))!;
      expect(overdue.audience).toEqual([{ kind: 'role', role: 'hee_staff' }]);
      expect(h.latestCommit(eoi.id).deadlines.map((d) => d.key)).toEqual(['confirmation', 'overdue-decision']);
    });
  });

  it('moves the deadline on an extension, back to FUNDED, with reminders and overdue for the new date', async () => {
    await h.run(worker, async () => {
      const t0 = await env.currentTimeMs();
      const eoi = h.newEoi({ nowMs: t0, startsInDays: 40 });
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, { args: [review('support')] });
      // Funded with fewer than 14 days left, so the deadline is 14 days from funding, not the intake's.
      const funded = await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      expect(Date.parse(funded.confirmationDueAt!)).toBeGreaterThan(Date.parse(eoi.intake.confirmationDueAt));
      await env.sleep(Date.parse(funded.confirmationDueAt!) - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => h.latestView(eoi.id).status === 'CONFIRMATION_OVERDUE', 'overdue');

      // A date 10 or more days ahead whose reminder days (7 and 2 days before) are working days.
      let dueDate = addCalendarDays(londonDateOf(new Date(await env.currentTimeMs())), 10);
      while (![-7, -2].every((days) => isWorkingDay(addCalendarDays(dueDate, days)))) dueDate = addCalendarDays(dueDate, 1);
      const newDue = endOfLondonDay(dueDate);
      const extendedAt = await env.currentTimeMs();
      const extended = await handle.executeUpdate(extensionUpdate, {
        args: [{ actor: staff, body: { confirmationDueAt: newDue, reason: 'recruitment delayed' } }],
      });
      expect(extended).toMatchObject({ status: 'FUNDED', confirmationDueAt: newDue });
      expect(h.latestCommit(eoi.id).deadlines.find((d) => d.key === 'confirmation')!.dueAt).toBe(newDue);

      await env.sleep(Date.parse(newDue) - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => h.noticesOf(eoi.id).filter((n) => n.key.endsWith('overdue-hee')).length === 2, 'second overdue');
      // Only the reminders still ahead when the deadline moved are sent, each on its own day.
      const ahead = [14, 7, 2].filter((days) => Date.parse(reminderTimeOn(addCalendarDays(dueDate, -days))) > extendedAt);
      expect(ahead).toEqual(expect.arrayContaining([7, 2]));
      const reminders = h
        .noticesOf(eoi.id)
        .filter((n) => n.key.includes('confirmation-reminder') && n.at > Date.parse(funded.confirmationDueAt!));
      expect(reminders.map((n) => n.key.split(':').pop())).toEqual(ahead.map((days) => `confirmation-reminder-${days}`));
      reminders.forEach((reminder, i) => expectAt(reminder.at, Date.parse(reminderTimeOn(addCalendarDays(dueDate, -ahead[i]!)))));
    });
  });

  it('gives an EOI funded after the usual deadline 14 days to confirm, capped at the day before the start, instead of overdue at once', async () => {
    await h.run(worker, async () => {
      const t0 = await env.currentTimeMs();
      const late = h.newEoi({ nowMs: t0, startsInDays: 20 });
      const handle = await h.start(late);
      await handle.executeUpdate(reviewUpdate, { args: [review('support')] });
      const funded = await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      const fundedAt = await env.currentTimeMs();
      expect(funded).toMatchObject({ status: 'FUNDED', confirmationDueAt: endOfDayAfter(new Date(fundedAt), 14) });

      const veryLate = h.newEoi({ nowMs: t0, startsInDays: 10 });
      const second = await h.start(veryLate);
      await second.executeUpdate(reviewUpdate, { args: [review('support')] });
      const capped = await second.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      expect(capped).toMatchObject({ status: 'FUNDED', confirmationDueAt: endOfLondonDay(addCalendarDays(veryLate.intake.startsOn, -1)) });
    });
  });

  it('refuses actions from the wrong role (403), the wrong organisation or university (403) and in the wrong state (409)', async () => {
    await h.run(worker, async () => {
      const eoi = h.newEoi({ nowMs: await env.currentTimeMs() });
      const handle = await h.start(eoi);
      expect(await refusal(handle.executeUpdate(reviewUpdate, { args: [{ actor: staff, body: review('support').body }] }))).toMatchObject({
        status: 403,
      });
      expect(
        await refusal(handle.executeUpdate(reviewUpdate, { args: [{ actor: otherReviewer, body: review('support').body }] })),
      ).toMatchObject({ status: 403 });
      expect(
        await refusal(handle.executeUpdate(withdrawalUpdate, { args: [{ actor: otherSubmitter, body: { reason: 'not mine' } }] })),
      ).toMatchObject({ status: 403 });
      const early = await refusal(handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] }));
      expect(early).toMatchObject({ status: 409, state: 'UNDER_UNIVERSITY_REVIEW', allowedActions: ['withdrawal'] });
      const amendTooSoon = await refusal(handle.executeUpdate(amendUpdate, { args: [{ actor: submitter, body: { placesRequested: 1 } }] }));
      expect(amendTooSoon).toMatchObject({ status: 409, state: 'UNDER_UNIVERSITY_REVIEW', allowedActions: ['withdrawal'] });

      await handle.executeUpdate(reviewUpdate, { args: [review('support')] });
      expect(await refusal(handle.executeUpdate(fundingDecisionUpdate, { args: [fund(3)] }))).toMatchObject({ status: 400 });
      await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      const { candidateId } = await handle.executeUpdate(addCandidateUpdate, {
        args: [{ actor: submitter, body: { name: 'Ada', email: 'ada@org1.nhs.uk', currentRole: 'Nurse' } }],
      });
      const notAccepted = await refusal(
        handle.executeUpdate(confirmationUpdate, { args: [{ actor: submitter, body: { candidateId, signedBy: 'Chief' } }] }),
      );
      expect(notAccepted).toMatchObject({ status: 409, state: 'FUNDED' });
      await handle.executeUpdate(candidateOutcomeUpdate, { args: [{ actor: reviewer, body: { candidateId, outcome: 'accepted' } }] });
      const enrolled = await handle.executeUpdate(confirmationUpdate, {
        args: [{ actor: submitter, body: { candidateId, signedBy: 'Chief' } }],
      });
      expect(enrolled.status).toBe('ENROLLED');
      await handle.result();
      // Refused updates never reached history: only accepted ones were committed.
      expect(h.commitsOf(eoi.id).map((c) => c.status)).toEqual([
        'UNDER_UNIVERSITY_REVIEW',
        'AWAITING_FUNDING_DECISION',
        'FUNDED',
        'FUNDED',
        'FUNDED',
        'ENROLLED',
      ]);
    });
  });

  it.each([
    ['UNDER_UNIVERSITY_REVIEW', []],
    ['CHANGES_REQUESTED', ['changes_requested']],
    ['AWAITING_FUNDING_DECISION', ['support']],
    ['WAITLISTED', ['support', 'fund-full']],
    ['FUNDED', ['support', 'fund']],
    ['CONFIRMATION_OVERDUE', ['support', 'fund', 'overdue']],
  ] as const)('lets the organisation withdraw while %s and ends the process', async (state, steps) => {
    await h.run(worker, async () => {
      const eoi = h.newEoi({ nowMs: await env.currentTimeMs(), startsInDays: steps.includes('overdue' as never) ? 20 : 120 });
      const handle = await h.start(eoi);
      for (const step of steps) {
        if (step === 'fund') await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
        else if (step === 'fund-full') {
          h.fundedPlaces.set(h.intakeId, 0);
          await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
        } else if (step === 'overdue') {
          await env.sleep(Date.parse(h.latestView(eoi.id).confirmationDueAt!) - (await env.currentTimeMs()) + HOUR);
          await h.waitFor(() => h.latestView(eoi.id).status === 'CONFIRMATION_OVERDUE', 'overdue');
        } else await handle.executeUpdate(reviewUpdate, { args: [review(step)] });
      }
      expect(h.latestView(eoi.id).status).toBe(state);
      const withdrawn = await handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', allocatedPlaces: 0 });
      await handle.result();
      const released = h.intakeMessages.filter((m) => m.message.kind === 'release' && m.message.eoiId === eoi.id);
      // Held places, or a place in the queue, go back to the intake.
      expect(released).toHaveLength(steps.some((step) => step.startsWith('fund')) ? 1 : 0);
    });
  });
});
