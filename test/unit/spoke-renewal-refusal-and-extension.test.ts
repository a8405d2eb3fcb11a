/**
 * A renewal HEE refuses while the accreditation it renews is valid (that accreditation runs to its
 * expiry, then lapses), and HEE staff extending an accreditation's validity: who may, when, to
 * which dates, and what moves with it.
 */
import {
  allowedActions,
  applyApproval,
  applyEvidence,
  applyEvidenceReview,
  applySignature,
  applySuspension,
  applyTimedEvent,
  applyValidityExtension,
  applyVisit,
  applyVisitOutcome,
  checkValidityExtension,
  nextTimedEvent,
  pendingTimedEvents,
  reaccreditationPlan,
  type SpokeState,
  spokeView,
  startReaccreditation,
  ValidityExtensionBody,
} from '../../domain/spoke-accreditation';
import { endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { formatDueDate } from '../../domain/notifications';
import { addMonths } from '../../domain/time';
import { admin, ctx, cycleData, DAY, lead, manager, openApplication, settings, staff } from './fixtures/spoke';

const CRITERIA = [{ code: 'C1', title: 'Named administrator', guidance: '' }];
const data = cycleData(CRITERIA);

const T0 = new Date('2027-01-04T09:00:00Z');
const plus = (from: Date | string, days: number) => new Date(new Date(from).getTime() + days * DAY);
const items = { items: [{ criterionCode: 'C1', statement: 'About C1' }] };
const accept = { items: [{ criterionCode: 'C1', decision: 'accept' as const, comment: '' }] };
const refusal = { decision: 'reject' as const, comment: 'Supervision arrangements not evidenced' };

const open = () => openApplication(T0, data);

/** Evidence, review and a satisfactory visit from `from`: the cycle then awaits HEE's decision. */
function toHeeApproval(s: SpokeState, from: Date): Date {
  applyEvidence(s, manager, items, plus(from, 1), ctx);
  applyEvidenceReview(s, lead, accept, plus(from, 2), ctx);
  applyVisit(s, lead, { scheduledFor: plus(from, 5).toISOString() }, plus(from, 3), ctx);
  applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'Good' }, plus(from, 5), ctx);
  return plus(from, 6);
}

/** Accredited on day 10, until the end of 14 January 2030 in London. */
function accredited(): SpokeState {
  const s = open();
  applyApproval(s, staff, { decision: 'approve', comment: '' }, toHeeApproval(s, T0), ctx);
  applySignature(s, manager, { signedBy: 'Dr P' }, plus(T0, 10), ctx);
  return s;
}

/** Accredited, its re-accreditation opened by its timer and taken to HEE's decision; returns when that is due. */
function renewalAwaitingHee(): { s: SpokeState; decideAt: Date } {
  const s = accredited();
  const due = nextTimedEvent(s, settings)!;
  startReaccreditation(s, due, data, new Date(due.at), ctx);
  return { s, decideAt: toHeeApproval(s, new Date(due.at)) };
}

describe('HEE refusing a renewal while the accreditation is valid', () => {
  it('keeps the practice accredited until its expiry, records the refusal and tells the practice and the hub', () => {
    const { s, decideAt } = renewalAwaitingHee();
    const until = s.accreditedUntil!;
    const effects = applyApproval(s, staff, refusal, decideAt, ctx);

    expect(s).toMatchObject({
      status: 'ACCREDITED',
      accreditedUntil: until,
      cycle: 2,
      renewalRefused: { cycle: 2, accreditationCycle: 1, comment: refusal.comment, by: { userId: 'u-hee' }, at: decideAt.toISOString() },
    });
    expect(s.history.at(-1)).toMatchObject({
      action: 'approval',
      fromStatus: 'AWAITING_HEE_APPROVAL',
      toStatus: 'ACCREDITED',
      comment: refusal.comment,
    });
    expect(effects.audit).toEqual([
      expect.objectContaining({
        action: 'spoke.approval',
        before: { status: 'AWAITING_HEE_APPROVAL' },
        after: { status: 'ACCREDITED', renewalRefused: true },
      }),
    ]);
    expect(effects.notices).toHaveLength(1);
    expect(effects.notices[0]).toMatchObject({
      headline: 'Re-accreditation not approved',
      audience: [
        { kind: 'practice', practiceId: 'p1' },
        { kind: 'hub', hubId: 'h1' },
      ],
    });
    expect(effects.notices[0]!.lines).toContain(`The current accreditation remains valid until ${formatDueDate(until)} and then lapses.`);
    expect(spokeView(s, settings).renewalRefused).toEqual(s.renewalRefused);
  });

  it('does not reopen re-accreditation: the only timer left is the lapse at the expiry, which ends it', () => {
    const { s, decideAt } = renewalAwaitingHee();
    applyApproval(s, staff, refusal, decideAt, ctx);
    expect(pendingTimedEvents(s, settings).map((e) => [e.kind, e.at])).toEqual([['lapse', s.accreditedUntil]]);
    expect(spokeView(s, settings).deadlines).toEqual([
      expect.objectContaining({ key: 'accreditation-expiry', dueAt: s.accreditedUntil, action: expect.stringContaining('lapses') }),
    ]);
    expect(allowedActions(s, manager)).toEqual([]);

    const effects = applyTimedEvent(s, nextTimedEvent(s, settings)!, new Date(s.accreditedUntil!), ctx);
    expect(s.status).toBe('LAPSED');
    expect(effects.notices[0]).toMatchObject({ headline: 'Spoke accreditation lapsed' });
    expect(effects.notices[0]!.lines!.join(' ')).toContain('HEE did not approve its renewal');
  });

  it('rejects a first application, or a renewal once the accreditation has expired, for good (REJECTED)', () => {
    const first = open();
    applyApproval(first, staff, refusal, toHeeApproval(first, T0), ctx);
    expect(first).toMatchObject({ status: 'REJECTED' });
    expect(first.renewalRefused).toBeUndefined();

    const { s } = renewalAwaitingHee();
    applyApproval(s, staff, refusal, plus(s.accreditedUntil!, 1), ctx);
    expect(s.status).toBe('REJECTED');
  });

  it('keeps the old rule, REJECTED at once, for a workflow that has not adopted the change', () => {
    const { s, decideAt } = renewalAwaitingHee();
    s.rules = ['spoke:renewal-from-expiry'];
    applyApproval(s, staff, refusal, decideAt, ctx);
    expect(s.status).toBe('REJECTED');
  });
});

describe('extending an accreditation’s validity', () => {
  const now = plus(T0, 400);
  /** 14 January 2030 is the current expiry of accredited(). */
  const body = (accreditedUntil: string) => ({ accreditedUntil, reason: 'Hub visit delayed by staff absence' });

  it('is for HEE staff and admins (403 otherwise), while the accreditation is held or being renewed (409 otherwise)', () => {
    const s = accredited();
    expect(checkValidityExtension(s, staff, body('2030-04-14'), now)).toBeUndefined();
    expect(checkValidityExtension(s, admin, body('2030-04-14'), now)).toBeUndefined();
    expect(checkValidityExtension(s, manager, body('2030-04-14'), now)).toMatchObject({ status: 403 });
    expect(checkValidityExtension(s, lead, body('2030-04-14'), now)).toMatchObject({ status: 403 });
    expect(allowedActions(s, staff)).toContain('validity-extension');

    const { s: renewing } = renewalAwaitingHee();
    expect(renewing.status).toBe('AWAITING_HEE_APPROVAL');
    expect(checkValidityExtension(renewing, staff, body('2030-04-14'), now)).toBeUndefined();

    expect(checkValidityExtension(open(), staff, body('2030-04-14'), now)).toMatchObject({ status: 409, state: 'AWAITING_EVIDENCE' });
    const suspended = accredited();
    applySuspension(suspended, staff, { reason: 'Concerns' }, now, ctx);
    expect(checkValidityExtension(suspended, staff, body('2030-04-14'), now)).toMatchObject({ status: 409, state: 'SUSPENDED' });
    expect(checkValidityExtension(s, staff, body('2030-04-14'), plus(s.accreditedUntil!, 1))).toMatchObject({ status: 409 });
  });

  it('takes a date after the current expiry and no more than 12 months after it, else 400 naming accreditedUntil', () => {
    const s = accredited();
    expect(s.accreditedUntil).toBe(endOfLondonDay('2030-01-14'));
    const named = { status: 400, errors: [{ path: 'body.accreditedUntil', message: expect.any(String) }] };
    expect(checkValidityExtension(s, staff, body('2030-01-14'), now)).toMatchObject(named);
    expect(checkValidityExtension(s, staff, body('2029-12-01'), now)).toMatchObject(named);
    expect(checkValidityExtension(s, staff, body('2031-01-15'), now)).toMatchObject(named);
    expect(checkValidityExtension(s, staff, body('2031-01-14'), now)).toBeUndefined();
    expect(checkValidityExtension(s, staff, body('2030-01-15'), now)).toBeUndefined();

    expect(ValidityExtensionBody.safeParse({ accreditedUntil: '14/04/2030', reason: 'x' }).error?.issues[0]?.path).toEqual([
      'accreditedUntil',
    ]);
    expect(ValidityExtensionBody.safeParse({ accreditedUntil: '2030-04-14', reason: '  ' }).error?.issues[0]?.path).toEqual(['reason']);
  });

  it('moves the expiry to the end of that London day, and the re-accreditation start and the lapse with it', () => {
    const s = accredited();
    const from = s.accreditedUntil!;
    const effects = applyValidityExtension(s, staff, body('2030-04-14'), now, ctx);
    const to = endOfLondonDay('2030-04-14');
    expect(to).toBe('2030-04-14T22:59:59.000Z');
    expect(s).toMatchObject({ status: 'ACCREDITED', accreditedUntil: to });
    expect(s.history.at(-1)).toMatchObject({
      action: 'validity-extension',
      fromStatus: 'ACCREDITED',
      toStatus: 'ACCREDITED',
      comment: 'Valid until 2030-04-14 (was 2030-01-14): Hub visit delayed by staff absence',
    });
    expect(effects.audit[0]).toMatchObject({
      action: 'spoke.validity-extension',
      after: { status: 'ACCREDITED', accreditedUntil: to, previousAccreditedUntil: from },
    });
    expect(effects.notices[0]).toMatchObject({
      headline: `Accreditation extended until ${formatDueDate(to)}`,
      audience: [
        { kind: 'practice', practiceId: 'p1' },
        { kind: 'hub', hubId: 'h1' },
      ],
    });
    expect(pendingTimedEvents(s, settings).map((e) => [e.kind, e.at])).toEqual([
      ['reaccreditation-due', reaccreditationPlan(s.accreditedAt!, to, settings).startsAt],
      ['lapse', to],
    ]);
    expect(spokeView(s, settings).validityExtensions).toEqual([
      {
        accreditationCycle: 1,
        from,
        to,
        reason: 'Hub visit delayed by staff absence',
        by: { userId: 'u-hee', name: 'Hana Staff' },
        at: now.toISOString(),
      },
    ]);
  });

  it('plans the 1-month expiry reminder again from the new expiry when it had already gone out', () => {
    const s = accredited();
    const due = nextTimedEvent(s, settings)!;
    startReaccreditation(s, due, data, new Date(due.at), ctx);
    // Let every timed event up to the 1-month expiry reminder fire.
    for (let e = nextTimedEvent(s, settings)!; ; e = nextTimedEvent(s, settings)!) {
      applyTimedEvent(s, e, new Date(e.at), ctx);
      if (e.kind === 'expiry-reminder') break;
    }
    const extendedAt = addMonths(new Date(s.accreditedUntil!), -1);
    applyValidityExtension(s, staff, body('2030-04-14'), plus(extendedAt, 1), ctx);
    const to = endOfLondonDay('2030-04-14');
    expect(pendingTimedEvents(s, settings).map((e) => [e.kind, e.key, e.at])).toEqual([
      ['expiry-reminder', 'a1:x1:expiry-reminder-1m', addMonths(new Date(to), -1).toISOString()],
      ['lapse', 'a1:lapse', to],
    ]);
    expect(londonDateOf(spokeView(s, settings).deadlines.find((d) => d.key === 'accreditation-expiry')!.dueAt)).toBe('2030-04-14');
  });
});
