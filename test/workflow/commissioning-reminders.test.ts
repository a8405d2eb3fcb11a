/**
 * The amendment and funding-decision steps are reminded like the review step: when they are due
 * (AMENDMENT_REMINDER_AFTER, FUNDING_DECISION_REMINDER_AFTER), at 09:00 London time on a working day.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { addCalendarDays, endOfDayAfter, londonDateOf, reminderTimeOn } from '../../domain/london-calendar';
import { reviewUpdate } from '../../workflows/commissioning.messages';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { CommissioningHarness, DAY, reviewer } from './commissioning-harness';

const HOUR = 60 * 60 * 1000;
const reminderDay = (fromMs: number, days: number) => Date.parse(reminderTimeOn(addCalendarDays(londonDateOf(new Date(fromMs)), days)));

function expectAt(actual: number, expected: number) {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThan(expected + HOUR);
}

describe('amendment and funding-decision reminders on simulated time', () => {
  let env: TestWorkflowEnvironment;
  let h: CommissioningHarness;
  let worker: Worker;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    h = new CommissioningHarness(env);
    worker = await h.worker();
  });

  afterEach(async () => {
    await env?.teardown();
  });

  it('reminds the organisation of a pending amendment once, when it is due 14 days after the request', async () => {
    await h.run(worker, async () => {
      const eoi = h.newEoi({ nowMs: await env.currentTimeMs() });
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ actor: reviewer, body: { decision: 'changes_requested', comment: 'Add the HR plan' } }],
      });
      const askedAt = await env.currentTimeMs();
      expect(h.latestCommit(eoi.id).deadlines).toMatchObject([
        { key: 'amendment', ownerRole: 'org_submitter', dueAt: endOfDayAfter(new Date(askedAt), 14) },
      ]);
      const asked = h.noticesOf(eoi.id).find((n) => n.key.endsWith('changes-requested'))!;
      expect(asked.lines).toContain('You have 14 days to amend it.');

      await env.sleep(20 * DAY);
      await h.waitFor(() => h.noticesOf(eoi.id).some((n) => n.key.endsWith('amendment-reminder-1')), 'amendment reminder');
      const reminders = h.noticesOf(eoi.id).filter((n) => n.key.includes('amendment-reminder'));
      expect(reminders).toHaveLength(1);
      expectAt(reminders[0]!.at, reminderDay(askedAt, 14));
      expect(reminders[0]).toMatchObject({
        audience: expect.arrayContaining([{ kind: 'organisation', organisationId: 'org-1' }]),
        lines: ['The university asked for changes.', 'Comment from Uma Reviewer, Uni One: “Add the HR plan”'],
      });
    });
  });

  it('reminds HEE staff of a supported EOI awaiting their decision once, when it is due 10 days after support', async () => {
    await h.run(worker, async () => {
      const eoi = h.newEoi({ nowMs: await env.currentTimeMs() });
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'support', comment: 'Strong case' } }] });
      const supportedAt = await env.currentTimeMs();
      expect(h.latestCommit(eoi.id).deadlines).toMatchObject([
        { key: 'funding-decision', ownerRole: 'hee_staff', dueAt: endOfDayAfter(new Date(supportedAt), 10) },
      ]);

      await env.sleep(15 * DAY);
      await h.waitFor(() => h.noticesOf(eoi.id).some((n) => n.key.endsWith('funding-decision-reminder-1')), 'funding reminder');
      const reminders = h.noticesOf(eoi.id).filter((n) => n.key.includes('funding-decision-reminder'));
      expect(reminders).toHaveLength(1);
      expectAt(reminders[0]!.at, reminderDay(supportedAt, 10));
      expect(reminders[0]!.audience).toEqual([{ kind: 'role', role: 'hee_staff' }]);
    });
  });
});
