import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ServiceType } from '../../domain/reference-data';
import {
  amendUpdate,
  fundingDecisionUpdate,
  placeReleaseUpdate,
  reviewUpdate,
  withdrawalUpdate,
} from '../../workflows/commissioning.messages';
import { capacityQuery, intakeCapacityWorkflowId, setFundedPlacesUpdate } from '../../workflows/intake-capacity.messages';
import { addCalendarDays, isEndOfLondonDay, startOfLondonDay } from '../../domain/london-calendar';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { CommissioningHarness, DAY, refusal, reviewer, staff, submitter } from './commissioning-harness';

const HOUR = 60 * 60 * 1000;

function expectAt(actual: number, expected: number) {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThan(expected + HOUR);
}

describe('intake capacity on simulated time: first come first served, priorities, waitlist, re-offers', () => {
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

  /** Submits EOIs an hour apart (so submission order is known) and has the university support each. */
  async function submitted(
    fundedPlaces: number,
    specs: { name: string; serviceType?: ServiceType; places?: number; startsInDays?: number }[],
  ) {
    h.fundedPlaces.set(h.intakeId, fundedPlaces);
    const eois: Record<
      string,
      { id: string; handle: Awaited<ReturnType<CommissioningHarness['start']>>; confirmationDueAt: string; startsOn: string }
    > = {};
    for (const spec of specs) {
      const eoi = h.newEoi({
        nowMs: await env.currentTimeMs(),
        serviceType: spec.serviceType,
        placesRequested: spec.places ?? 1,
        startsInDays: spec.startsInDays,
      });
      const handle = await h.start(eoi);
      await handle.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'support', comment: 'ok' } }] });
      eois[spec.name] = { id: eoi.id, handle, confirmationDueAt: eoi.intake.confirmationDueAt, startsOn: eoi.intake.startsOn };
      await env.sleep(HOUR);
    }
    return eois;
  }

  const fund = (places: number, allowPartial = false) => ({
    actor: staff,
    body: { decision: 'fund' as const, places, allowPartial, comment: 'fund' },
  });
  const capacity = () => env.client.workflow.getHandle(intakeCapacityWorkflowId(h.intakeId)).query(capacityQuery);
  const statusOf = (id: string) => h.latestView(id).status;

  it('allocates while places are free, then waitlists priority service types first and then by submission time', async () => {
    await h.run(worker, async () => {
      const e = await submitted(2, [
        { name: 'a' },
        { name: 'b' },
        { name: 'c' },
        { name: 'd', serviceType: 'primary_care' },
        { name: 'e' },
      ]);
      // Funding decisions arrive in this order: E's before C's, but C was submitted first.
      for (const name of ['a', 'b', 'e', 'c', 'd']) await e[name]!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });

      expect(statusOf(e.a!.id)).toBe('FUNDED');
      expect(statusOf(e.b!.id)).toBe('FUNDED');
      await h.waitFor(async () => (await capacity()).waitlist.length === 3, 'waitlist');
      expect(await capacity()).toMatchObject({
        fundedPlaces: 2,
        allocated: 2,
        remaining: 0,
        waitlist: [
          { eoiId: e.d!.id, position: 1 },
          { eoiId: e.c!.id, position: 2 },
          { eoiId: e.e!.id, position: 3 },
        ],
      });
      // Every waitlisted EOI knows its current position.
      await h.waitFor(() => h.latestView(e.e!.id).waitlistPosition === 3 && h.latestView(e.c!.id).waitlistPosition === 2, 'positions');
      expect(h.latestView(e.d!.id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });

      // A withdrawal frees a place: the head of the waitlist is promoted and told.
      await e.a!.handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
      await h.waitFor(() => statusOf(e.d!.id) === 'FUNDED', 'promotion');
      expect(h.latestView(e.d!.id)).toMatchObject({ allocatedPlaces: 1 });
      expect(h.noticesOf(e.d!.id).some((n) => n.key.endsWith('funded-organisation'))).toBe(true);
      await h.waitFor(() => h.latestView(e.c!.id).waitlistPosition === 1 && h.latestView(e.e!.id).waitlistPosition === 2, 'moved up');
      expect(await capacity()).toMatchObject({
        allocated: 2,
        waitlist: [
          { eoiId: e.c!.id, position: 1 },
          { eoiId: e.e!.id, position: 2 },
        ],
      });
    });
  });

  it('keeps every waitlist position right after the intake continues as new in the middle of offers', async () => {
    // A short history: the intake continues as new every few decisions, as a busy one does at 5,000 events.
    h.intakeHistoryLimit = 20;
    await h.run(worker, async () => {
      const e = await submitted(1, [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]);
      for (const name of ['a', 'b', 'c', 'd']) await e[name]!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      expect(h.latestView(e.d!.id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 3 });
      const intake = env.client.workflow.getHandle(intakeCapacityWorkflowId(h.intakeId));
      const continued = async () => {
        const history = await intake.fetchHistory();
        return Boolean(history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId);
      };
      await h.waitFor(continued, 'the intake to continue as new');

      // A gives its place back: B is offered it, and C and D move up, in the run after continue-as-new.
      await e.a!.handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
      await h.waitFor(() => statusOf(e.b!.id) === 'FUNDED', 'the offer to B');
      await h.waitFor(
        () => h.latestView(e.c!.id).waitlistPosition === 1 && h.latestView(e.d!.id).waitlistPosition === 2,
        'C and D to move up',
      );
      expect(await capacity()).toMatchObject({
        allocated: 1,
        waitlist: [
          { eoiId: e.c!.id, position: 1 },
          { eoiId: e.d!.id, position: 2 },
        ],
      });
    });
  });

  it('allocates fewer places than decided only when the decision allows it', async () => {
    await h.run(worker, async () => {
      const e = await submitted(3, [
        { name: 'a', places: 2 },
        { name: 'b', places: 2 },
        { name: 'c', places: 2 },
        { name: 'd', places: 2 },
      ]);
      await e.a!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      const strict = await e.b!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      expect(strict).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, allocatedPlaces: 0 });
      // B cannot use the one free place; C, allowing a partial allocation, takes it rather than it staying empty.
      const partial = await e.c!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2, true)] });
      expect(partial).toMatchObject({ status: 'FUNDED', allocatedPlaces: 1 });
      const full = await e.d!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2, true)] });
      expect(full).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
      expect(await capacity()).toMatchObject({
        fundedPlaces: 3,
        allocated: 3,
        remaining: 0,
        waitlist: [
          { eoiId: e.b!.id, position: 1 },
          { eoiId: e.d!.id, position: 2 },
        ],
      });
    });
  });

  it('wastes no place: a request that fits is funded while a larger one waits at the head, and released places go down the list', async () => {
    await h.run(worker, async () => {
      const e = await submitted(3, [
        { name: 'a', places: 2 },
        { name: 'head', places: 2 },
        { name: 'small', places: 1 },
        { name: 'later', places: 1 },
      ]);
      await e.a!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
      expect(await e.head!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] })).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
      });
      // 1 free place, the head needs 2: a request for 1 gets it.
      expect(await e.small!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] })).toMatchObject({
        status: 'FUNDED',
        allocatedPlaces: 1,
      });
      expect(await e.later!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] })).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 2,
      });
      // The small one gives its place back: the head still cannot use 1 place, the next in line takes it.
      await e.small!.handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
      await h.waitFor(() => statusOf(e.later!.id) === 'FUNDED', 'offer past the head');
      expect(h.latestView(e.head!.id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      expect(await capacity()).toMatchObject({ allocated: 3, remaining: 0, waitlist: [{ eoiId: e.head!.id, position: 1 }] });
    });
  });

  it('ranks an EOI by the service type it was amended to, not the one it was submitted with', async () => {
    await h.run(worker, async () => {
      h.fundedPlaces.set(h.intakeId, 1);
      const t = await env.currentTimeMs();
      const first = h.newEoi({ nowMs: t, placesRequested: 1 });
      const amended = h.newEoi({ nowMs: t, placesRequested: 1, serviceType: 'other' });
      const filler = h.newEoi({ nowMs: t, placesRequested: 1 });
      const [hf, ha, hx] = [await h.start(first), await h.start(amended), await h.start(filler)];
      await hx.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'support', comment: 'ok' } }] });
      await hx.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      await hf.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'support', comment: 'ok' } }] });
      expect(await hf.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] })).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
      });
      await ha.executeUpdate(reviewUpdate, {
        args: [{ actor: reviewer, body: { decision: 'changes_requested', comment: 'which service?' } }],
      });
      // The API passes the intake's priority service types with an amendment that changes the service type.
      await ha.executeUpdate(amendUpdate, {
        args: [{ actor: submitter, body: { serviceType: 'primary_care' }, priorityServiceTypes: ['primary_care'] }],
      });
      await ha.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'support', comment: 'ok' } }] });
      // Submitted later, but now a priority service type: ahead of the first.
      expect(await ha.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] })).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
      });
      await h.waitFor(() => h.latestView(first.id).waitlistPosition === 2, 'the first moved down');
      expect((await capacity()).waitlist).toEqual([
        { eoiId: amended.id, position: 1 },
        { eoiId: first.id, position: 2 },
      ]);
    });
  });

  it('re-offers places released by HEE withdrawing funding after a missed deadline, and gives the promoted EOI at least 14 days', async () => {
    await h.run(worker, async () => {
      const e = await submitted(1, [
        { name: 'a', startsInDays: 40 },
        { name: 'b', startsInDays: 40 },
      ]);
      await e.a!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      await e.b!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      // Funded with less than 14 days to the usual deadline: A has 14 days, to the end of that day.
      await env.sleep(Date.parse(h.latestView(e.a!.id).confirmationDueAt!) - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => statusOf(e.a!.id) === 'CONFIRMATION_OVERDUE', 'overdue');
      await e.a!.handle.executeUpdate(withdrawalUpdate, { args: [{ actor: staff, body: { reason: 'no confirmation received' } }] });
      await h.waitFor(() => statusOf(e.b!.id) === 'FUNDED', 'promotion');
      const promotedAt = await env.currentTimeMs();
      const due = Date.parse(h.latestView(e.b!.id).confirmationDueAt!);
      // 14 days, to the end of that London day.
      expect(due - promotedAt).toBeGreaterThanOrEqual(14 * DAY);
      expect(due - promotedAt).toBeLessThan(15 * DAY);
      expect(isEndOfLondonDay(new Date(due))).toBe(true);
    });
  });

  it('re-offers places an organisation gives back unfilled', async () => {
    await h.run(worker, async () => {
      const e = await submitted(3, [
        { name: 'a', places: 3 },
        { name: 'b', places: 1 },
      ]);
      await e.a!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(3)] });
      await e.b!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      const released = await e.a!.handle.executeUpdate(placeReleaseUpdate, {
        args: [{ actor: submitter, body: { places: 1, reason: 'only two recruits' } }],
      });
      expect(released).toMatchObject({ status: 'FUNDED', allocatedPlaces: 2 });
      await h.waitFor(() => statusOf(e.b!.id) === 'FUNDED', 'promotion');
      expect(await capacity()).toMatchObject({ allocated: 3, remaining: 0, waitlist: [] });
    });
  });

  it('offers new places when HEE staff raise an intake’s funded places, and never lets them drop below what is allocated', async () => {
    await h.run(worker, async () => {
      const e = await submitted(1, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
      for (const name of ['a', 'b', 'c']) await e[name]!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      const intake = env.client.workflow.getHandle(intakeCapacityWorkflowId(h.intakeId));
      const lowered = await refusal(intake.executeUpdate(setFundedPlacesUpdate, { args: [{ fundedPlaces: 0, actor: staff }] }));
      expect(lowered).toMatchObject({ status: 409 });
      const raised = await intake.executeUpdate(setFundedPlacesUpdate, { args: [{ fundedPlaces: 2, actor: staff }] });
      expect(raised).toMatchObject({ fundedPlaces: 2, allocated: 2, waitlist: [{ eoiId: e.c!.id, position: 1 }] });
      await h.waitFor(() => statusOf(e.b!.id) === 'FUNDED', 'promotion');
      expect(statusOf(e.c!.id)).toBe('WAITLISTED');
    });
  });

  it('closes a waitlisted EOI when offers stop 14 days before the start, and releases unconfirmed places when the programme starts', async () => {
    await h.run(worker, async () => {
      const e = await submitted(1, [
        { name: 'a', startsInDays: 30 },
        { name: 'b', startsInDays: 30 },
      ]);
      await e.a!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
      expect(await e.b!.handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] })).toMatchObject({ status: 'WAITLISTED' });
      const offersClose = Date.parse(startOfLondonDay(addCalendarDays(e.b!.startsOn, -14)));
      await env.sleep(offersClose - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => statusOf(e.b!.id) === 'DECLINED', 'waitlist closed');
      expectAt(h.commitsOf(e.b!.id).find((c) => c.status === 'DECLINED')!.at, offersClose);
      await h.waitFor(async () => (await capacity()).waitlist.length === 0, 'left waitlist');

      // A never confirmed a candidate: when the programme starts, its place goes back and nothing stays open.
      const starts = Date.parse(startOfLondonDay(e.a!.startsOn));
      await env.sleep(starts - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => statusOf(e.a!.id) === 'WITHDRAWN', 'intake started');
      expectAt(h.commitsOf(e.a!.id).find((c) => c.status === 'WITHDRAWN')!.at, starts);
      expect(h.latestView(e.a!.id).history.at(-1)).toMatchObject({ action: 'intake_started', toStatus: 'WITHDRAWN' });
      await h.waitFor(async () => (await capacity()).allocated === 0, 'place released');
      await e.a!.handle.result();
    });
  });

  it('declines an EOI still awaiting its funding decision when the programme starts, telling the organisation', async () => {
    await h.run(worker, async () => {
      const e = await submitted(1, [{ name: 'a', startsInDays: 20 }]);
      const starts = Date.parse(startOfLondonDay(e.a!.startsOn));
      await env.sleep(starts - (await env.currentTimeMs()) + HOUR);
      await h.waitFor(() => statusOf(e.a!.id) === 'DECLINED', 'intake started');
      expect(h.latestView(e.a!.id).history.at(-1)).toMatchObject({ action: 'intake_started', comment: 'intake started' });
      const told = h.noticesOf(e.a!.id).find((n) => n.key.endsWith('intake-started'))!;
      expect(told.audience).toContainEqual({ kind: 'organisation', organisationId: 'org-1' });
      await e.a!.handle.result();
    });
  });
});
