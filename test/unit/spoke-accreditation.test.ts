import { EXAMPLE_CRITERIA, EXAMPLE_CRITERIA_SET_NAME, exampleCriteriaSet } from '../../domain/example-criteria';
import { CreateCriteriaSetBody } from '../../domain/reference-data';
import type { Actor } from '../../domain/roles';
import {
  checkPracticeHub,
  allowedActions,
  applyEvidence,
  applyEvidenceReview,
  applyReinstatement,
  applySignature,
  applySuspension,
  applyTimedEvent,
  applyVisit,
  applyVisitOutcome,
  applyApproval,
  ApprovalBody,
  checkAction,
  checkEvidence,
  checkEvidenceReview,
  checkVisit,
  EvidenceBody,
  EvidenceReviewBody,
  isEvidenceComplete,
  nextTimedEvent,
  pendingTimedEvents,
  reaccreditationPlan,
  SPOKE_ACTIONS,
  spokeDeadlines,
  type SpokeState,
  spokeView,
  startReaccreditation,
  VisitOutcomeBody,
  waitingSteps,
} from '../../domain/spoke-accreditation';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { addMonths } from '../../domain/time';
import { admin, ctx, cycleData, DAY, lead, manager, openApplication, otherLead, settings, staff } from './fixtures/spoke';

const otherManager: Actor = { userId: 'u-pm2', role: 'practice_manager', name: 'Pia', practiceId: 'p2' };

const CRITERIA = [
  { code: 'C1', title: 'Named administrator', guidance: '' },
  { code: 'C2', title: 'Named educationalist', guidance: '' },
];

const data = (criteria = CRITERIA, validityMonths = 36) => cycleData(criteria, validityMonths);

const T0 = new Date('2027-01-04T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const open = (validityMonths = 36) => openApplication(T0, data(CRITERIA, validityMonths));

const items = (...codes: string[]) => ({ items: codes.map((criterionCode) => ({ criterionCode, statement: `About ${criterionCode}` })) });
const decisions = (d: Record<string, 'accept' | 'reject'>) => ({
  items: Object.entries(d).map(([criterionCode, decision]) => ({ criterionCode, decision, comment: decision === 'reject' ? 'More' : '' })),
});

/** An application taken to ACCREDITED at day 10. */
function accredited(validityMonths = 36): SpokeState {
  const s = open(validityMonths);
  applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
  applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), at(2), ctx);
  applyVisit(s, lead, { scheduledFor: at(5).toISOString() }, at(3), ctx);
  applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'Good' }, at(5), ctx);
  applyApproval(s, staff, { decision: 'approve', comment: '' }, at(6), ctx);
  applySignature(s, manager, { signedBy: 'Dr P' }, at(10), ctx);
  return s;
}

describe('who may take which action in which state', () => {
  it('opens every application awaiting evidence, evidence due 30 days later', () => {
    const s = open();
    expect(s).toMatchObject({ status: 'AWAITING_EVIDENCE', cycle: 1, evidenceDueAt: at(30).toISOString() });
    expect(s.evidence.map((e) => e.status)).toEqual(['missing', 'missing']);
  });

  it('lists the actions open to each role, in scope only', () => {
    const s = open();
    expect(allowedActions(s, manager)).toEqual(['evidence', 'withdrawal']);
    expect(allowedActions(s, lead)).toEqual([]);
    expect(allowedActions(s, staff)).toEqual(['withdrawal']);
    expect(allowedActions(s, admin)).toEqual([]);
    expect(allowedActions(s, otherManager)).toEqual([]);
    const a = accredited();
    expect(allowedActions(a, manager)).toEqual([]);
    expect(allowedActions(a, staff)).toEqual(['suspension', 'withdrawal', 'validity-extension']);
    applySuspension(a, staff, { reason: 'x' }, at(20), ctx);
    expect(allowedActions(a, staff)).toEqual(['reinstatement', 'withdrawal']);
  });

  it('answers 403 for a role that never acts, an actor out of scope, or when someone else must act; 409 when nobody may', () => {
    const s = open();
    expect(checkAction(s, manager, 'approval')).toMatchObject({
      status: 403,
      state: 'AWAITING_EVIDENCE',
      allowedActions: ['evidence', 'withdrawal'],
    });
    expect(checkAction(s, otherManager, 'evidence')).toMatchObject({
      status: 403,
      detail: 'This spoke application is outside your scope',
      allowedActions: [],
    });
    expect(checkAction(s, otherLead, 'evidence-review')).toMatchObject({ status: 403 });
    expect(checkAction(s, admin, 'withdrawal')).toMatchObject({ status: 403 });
    expect(checkAction(s, lead, 'evidence-review')).toMatchObject({ status: 409, allowedActions: [] });
    expect(checkAction(s, staff, 'suspension')).toMatchObject({ status: 409 });
    expect(checkAction(s, manager, 'evidence')).toBeUndefined();
    const a = accredited();
    expect(checkAction(a, manager, 'withdrawal')).toEqual({
      status: 403,
      detail: 'Only HEE staff can withdraw now',
      state: 'ACCREDITED',
      allowedActions: [],
    });
    expect(checkAction(a, staff, 'withdrawal')).toBeUndefined();
  });

  it('refuses every action on a closed application with 409 and no allowed actions', () => {
    const s = open();
    s.status = 'LAPSED';
    for (const action of SPOKE_ACTIONS) {
      const actor =
        action === 'evidence' || action === 'agreement-signature'
          ? manager
          : action.startsWith('visit') || action === 'evidence-review'
            ? lead
            : staff;
      expect(checkAction(s, actor, action)).toMatchObject({ status: 409, state: 'LAPSED', allowedActions: [] });
    }
  });

  it('asks for the visit to be scheduled before its outcome is recorded', () => {
    const s = open();
    applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
    applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), at(2), ctx);
    expect(checkAction(s, lead, 'visit-outcome')).toMatchObject({
      status: 409,
      detail: 'Schedule the quality visit before recording its outcome',
    });
    expect(checkVisit(s, lead, { scheduledFor: at(1).toISOString() }, at(2))).toMatchObject({
      status: 400,
      errors: [{ path: 'body.scheduledFor', message: 'must be in the future' }],
    });
    applyVisit(s, lead, { scheduledFor: at(9).toISOString() }, at(3), ctx);
    expect(checkAction(s, lead, 'visit-outcome')).toBeUndefined();
  });
});

describe('the evidence loop', () => {
  it('names unknown criteria by item path (400) and moves to review only when every criterion has evidence', () => {
    const s = open();
    expect(checkEvidence(s, manager, items('C1', 'C7'))).toMatchObject({
      status: 400,
      errors: [{ path: 'body.items.1.criterionCode', message: 'not a criterion of Spoke criteria v1' }],
    });
    applyEvidence(s, manager, items('C1'), at(1), ctx);
    expect(s.status).toBe('AWAITING_EVIDENCE');
    expect(isEvidenceComplete(s.evidence)).toBe(false);
    // Replacing an item while gathering is fine.
    expect(checkEvidence(s, manager, items('C1'))).toBeUndefined();
    const effects = applyEvidence(s, manager, items('C2'), at(2), ctx);
    expect(s.status).toBe('UNDER_HUB_REVIEW');
    expect(s.evidenceDueAt).toBeUndefined();
    expect(effects.notices.map((n) => [n.key, n.audience])).toEqual([['spoke_1:evidence-ready:3', [{ kind: 'hub', hubId: 'h1' }]]]);
    expect(effects.audit).toEqual([
      expect.objectContaining({
        key: '3:evidence',
        action: 'spoke.evidence',
        before: { status: 'AWAITING_EVIDENCE' },
        after: { status: 'UNDER_HUB_REVIEW' },
      }),
    ]);
  });

  it('returns rejected items with the comment and a deadline; accepted ones stay accepted; a partial review waits', () => {
    const s = open();
    applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
    applyEvidenceReview(s, lead, decisions({ C1: 'accept' }), at(2), ctx);
    expect(s.status).toBe('UNDER_HUB_REVIEW');
    expect(checkEvidenceReview(s, lead, decisions({ C1: 'reject' }))).toMatchObject({
      status: 409,
      errors: [{ path: 'body.items.0.criterionCode' }],
    });
    const effects = applyEvidenceReview(s, lead, decisions({ C2: 'reject' }), at(3), ctx);
    expect(s.status).toBe('EVIDENCE_CHANGES_REQUESTED');
    expect(s.evidenceDueAt).toBe(at(33).toISOString());
    expect(s.evidence[1]).toMatchObject({
      status: 'rejected',
      resubmissionDueAt: at(33).toISOString(),
      review: { comment: 'More', reviewer: { name: 'Hal Lead' } },
    });
    expect(effects.notices[0]).toMatchObject({ action: 'Resubmit the evidence for C2', dueAt: at(33).toISOString() });
    expect(checkEvidence(s, manager, items('C1'))).toMatchObject({ status: 409, errors: [{ message: 'C1 is already accepted' }] });
    applyEvidence(s, manager, items('C2'), at(4), ctx);
    expect(s.status).toBe('UNDER_HUB_REVIEW');
    expect(s.evidence.map((e) => e.status)).toEqual(['accepted', 'submitted']);
    applyEvidenceReview(s, lead, decisions({ C2: 'accept' }), at(5), ctx);
    expect(s.status).toBe('VISIT_PENDING');
  });

  it('returns only the criteria a quality visit names', () => {
    const s = open();
    applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
    applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), at(2), ctx);
    applyVisit(s, lead, { scheduledFor: at(5).toISOString() }, at(3), ctx);
    applyVisitOutcome(s, lead, { outcome: 'actions_required', notes: 'Induction pack missing', criteria: ['C1'] }, at(5), ctx);
    expect(s.status).toBe('EVIDENCE_CHANGES_REQUESTED');
    expect(s.evidence.map((e) => [e.status, e.review?.source])).toEqual([
      ['rejected', 'quality_visit'],
      ['accepted', 'hub_review'],
    ]);
  });

  it('validates bodies: no repeated criteria, web links only, a comment when rejecting, criteria with actions_required', () => {
    expect(
      EvidenceBody.safeParse({
        items: [
          { criterionCode: 'C1', statement: 'a' },
          { criterionCode: 'C1', statement: 'b' },
        ],
      }).success,
    ).toBe(false);
    expect(EvidenceBody.safeParse({ items: [{ criterionCode: 'C1', statement: 'a', documentUrl: 'javascript:alert(1)' }] }).success).toBe(
      false,
    );
    expect(
      EvidenceBody.safeParse({ items: [{ criterionCode: 'C1', statement: 'a', documentUrl: 'https://docs.example.nhs.uk/a.pdf' }] })
        .success,
    ).toBe(true);
    expect(EvidenceBody.safeParse({ items: [{ criterionCode: 'C1', statement: 'x'.repeat(4001) }] }).success).toBe(false);
    expect(EvidenceBody.safeParse({ items: [] }).success).toBe(false);
    expect(
      EvidenceReviewBody.safeParse({ items: [{ criterionCode: 'C1', decision: 'reject', comment: ' ' }] }).error?.issues[0]?.path,
    ).toEqual(['items', 0, 'comment']);
    expect(VisitOutcomeBody.safeParse({ outcome: 'actions_required', notes: 'n' }).success).toBe(false);
    expect(VisitOutcomeBody.safeParse({ outcome: 'satisfactory', notes: 'n', criteria: ['C1'] }).success).toBe(false);
    expect(ApprovalBody.safeParse({ decision: 'reject', comment: '' }).success).toBe(false);
    expect(ApprovalBody.safeParse({ decision: 'approve', comment: '' }).success).toBe(true);
  });
});

describe('deadlines and timers', () => {
  it('plans reminders 7 and 2 days before the evidence is due, then an overdue notice, each once', () => {
    const s = open();
    expect(pendingTimedEvents(s, settings).map((e) => [e.key, e.at])).toEqual([
      ['s1:evidence:reminder-7d', at(23).toISOString()],
      ['s1:evidence:reminder-2d', at(28).toISOString()],
      ['s1:evidence:overdue', at(30).toISOString()],
    ]);
    const first = nextTimedEvent(s, settings)!;
    const effects = applyTimedEvent(s, first, at(23), ctx);
    expect(effects.notices.map((n) => [n.key, n.audience])).toEqual([
      ['spoke_1:evidence-reminder-7d:2', [{ kind: 'practice', practiceId: 'p1' }]],
    ]);
    expect(nextTimedEvent(s, settings)!.key).toBe('s1:evidence:reminder-2d');
    expect(spokeDeadlines(s, settings)).toEqual([
      {
        key: 'evidence',
        action: 'Submit evidence for every criterion',
        owner: 'Farnworth Surgery',
        ownerRole: 'practice_manager',
        dueAt: at(30).toISOString(),
      },
    ]);
  });

  it('gives each review step a reminder after 10 days and an escalation to HEE staff after 20', () => {
    const s = open();
    applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
    const [step] = waitingSteps(s, settings);
    expect(step).toMatchObject({ key: 'hub-review', owner: 'hub', dueAt: at(21).toISOString() });
    expect(step!.events.map((e) => [e.kind, e.at])).toEqual([
      ['reminder', at(11).toISOString()],
      ['escalation', at(21).toISOString()],
    ]);
    const escalation = applyTimedEvent(s, step!.events[1]!, at(21), ctx);
    expect(escalation.notices[0]!.audience).toEqual([
      { kind: 'hub', hubId: 'h1' },
      { kind: 'role', role: 'hee_staff' },
    ]);
  });

  it('sends no visit reminder that would fall before the visit was scheduled', () => {
    const s = open();
    applyEvidence(s, manager, items('C1', 'C2'), at(1), ctx);
    applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), at(2), ctx);
    applyVisit(s, lead, { scheduledFor: at(6).toISOString() }, at(3), ctx);
    expect(pendingTimedEvents(s, settings).map((e) => e.key)).toEqual(['s3:visit1:reminder-1d']);
    expect(spokeView(s, settings).nextDeadline).toEqual({
      action: 'Hold the quality visit and record its outcome',
      owner: 'Bolton Training Hub',
      dueAt: at(6).toISOString(),
    });
  });

  it('accredits for the hub’s validity from the signature, to the end of that London day, with re-accreditation six months before expiry', () => {
    const s = accredited();
    const until = endOfLondonDay(addCalendarMonths(londonDateOf(at(10)), 36));
    expect(s.accreditedUntil).toBe(until);
    expect(pendingTimedEvents(s, settings).map((e) => [e.kind, e.at])).toEqual([
      ['reaccreditation-due', addMonths(new Date(until), -6).toISOString()],
      ['lapse', until],
    ]);
    const short = accredited(24);
    expect(short.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(londonDateOf(at(10)), 24)));
    // A validity shorter than the re-accreditation lead time starts the renewal at once, never before accreditation.
    expect(reaccreditationPlan(at(10).toISOString(), addMonths(at(10), 4).toISOString(), settings).startsAt).toBe(at(10).toISOString());
  });

  it('starts the next cycle with the hub’s latest criteria, carried-over evidence to re-confirm and the 1-month reminder', () => {
    const s = accredited();
    const due = nextTimedEvent(s, settings)!;
    const opensAt = new Date(due.at);
    const latest = { ...data([...CRITERIA, { code: 'C3', title: 'Induction', guidance: '' }]) };
    latest.criteriaSet = { ...latest.criteriaSet, id: 'crit-2', version: 2 };
    const effects = startReaccreditation(s, due, latest, opensAt, ctx);
    expect(s).toMatchObject({
      status: 'REACCREDITATION_DUE',
      cycle: 2,
      criteriaSet: { id: 'crit-2', version: 2 },
      accreditedUntil: endOfLondonDay(addCalendarMonths(londonDateOf(at(10)), 36)),
    });
    expect(s.evidence.map((e) => [e.criterionCode, e.status, e.statement])).toEqual([
      ['C1', 'to_reconfirm', 'About C1'],
      ['C2', 'to_reconfirm', 'About C2'],
      ['C3', 'missing', undefined],
    ]);
    expect(s.visit).toBeUndefined();
    expect(effects.notices.map((n) => n.key)).toEqual(['spoke_1:reaccreditation-due:8', 'spoke_1:reaccreditation-due-hub:8']);
    expect(pendingTimedEvents(s, settings).map((e) => e.kind)).toEqual(['reminder', 'reminder', 'overdue', 'expiry-reminder', 'lapse']);
    // Re-confirming every item goes to the hub again.
    applyEvidence(s, manager, items('C1', 'C2', 'C3'), new Date(opensAt.getTime() + DAY), ctx);
    expect(s.status).toBe('UNDER_HUB_REVIEW');
  });

  it('keeps the set of fired timers small however many cycles pass', () => {
    const s = accredited();
    for (let cycle = 0; cycle < 10; cycle++) {
      const due = nextTimedEvent(s, settings)!;
      startReaccreditation(s, due, data(), new Date(due.at), ctx);
      for (let i = 0; i < 2; i++) {
        const reminder = nextTimedEvent(s, settings)!;
        applyTimedEvent(s, reminder, new Date(reminder.at), ctx);
      }
      const t = Date.parse(s.evidenceDueAt!) - 3 * DAY;
      applyEvidence(s, manager, items('C1', 'C2'), new Date(t), ctx);
      applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), new Date(t + DAY), ctx);
      applyVisit(s, lead, { scheduledFor: new Date(t + 3 * DAY).toISOString() }, new Date(t + DAY), ctx);
      applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'ok' }, new Date(t + 3 * DAY), ctx);
      applyApproval(s, staff, { decision: 'approve', comment: '' }, new Date(t + 4 * DAY), ctx);
      applySignature(s, manager, { signedBy: 'Dr P' }, new Date(t + 5 * DAY), ctx);
    }
    expect(s).toMatchObject({ status: 'ACCREDITED', cycle: 11 });
    expect(s.fired.length).toBeLessThanOrEqual(2);
  });
});

describe('suspension and reinstatement', () => {
  it('stops every timer while suspended', () => {
    const s = accredited();
    applySuspension(s, staff, { reason: 'Concerns' }, at(40), ctx);
    expect(s.status).toBe('SUSPENDED');
    expect(pendingTimedEvents(s, settings)).toEqual([]);
    expect(spokeView(s, settings)).toMatchObject({ deadlines: [], suspension: { fromStatus: 'ACCREDITED', reason: 'Concerns' } });
  });

  it('returns to the suspended-from state, skipping reminders that fell due meanwhile but not the due dates', () => {
    const s = accredited();
    const due = nextTimedEvent(s, settings)!;
    startReaccreditation(s, due, data(), new Date(due.at), ctx);
    const evidenceDue = Date.parse(s.evidenceDueAt!);
    applySuspension(s, staff, { reason: 'Concerns' }, new Date(Date.parse(due.at) + DAY), ctx);
    applyReinstatement(s, staff, { reason: 'Resolved' }, new Date(evidenceDue - DAY), ctx);
    expect(s.status).toBe('REACCREDITATION_DUE');
    expect(pendingTimedEvents(s, settings).map((e) => e.kind)).toEqual(['overdue', 'expiry-reminder', 'lapse']);
    expect(s.history.at(-1)).toMatchObject({ action: 'reinstatement', fromStatus: 'SUSPENDED', toStatus: 'REACCREDITATION_DUE' });
  });

  it('lapses on reinstatement once the expiry date has passed', () => {
    const s = accredited();
    applySuspension(s, staff, { reason: 'Concerns' }, at(40), ctx);
    const effects = applyReinstatement(s, staff, { reason: 'Resolved' }, new Date(Date.parse(s.accreditedUntil!) + DAY), ctx);
    expect(s.status).toBe('LAPSED');
    expect(effects.notices[0]).toMatchObject({ headline: 'Spoke accreditation lapsed' });
  });
});

describe('the example criteria set', () => {
  it('follows the scheme’s quality markers, is marked as an editable example and is valid as a criteria set', () => {
    const set = exampleCriteriaSet('hub_abc');
    expect(set).toMatchObject({ id: 'crit_example_hub_abc', hubId: 'hub_abc', isExample: true, name: EXAMPLE_CRITERIA_SET_NAME });
    expect(set.name).toMatch(/example/i);
    expect(set.name).toMatch(/editable/i);
    const titles = EXAMPLE_CRITERIA.map((c) => c.title.toLowerCase());
    for (const heading of ['administrator', 'educationalist', 'inter-professional', 'supervision', 'induction', 'patient and public']) {
      expect(titles.some((t) => t.includes(heading))).toBe(true);
    }
    expect(CreateCriteriaSetBody.safeParse({ hubId: set.hubId, name: set.name, criteria: set.criteria }).success).toBe(true);
  });
});

describe('renewing an accreditation', () => {
  /** Accredited, then the renewal cycle opened and taken to the agreement. */
  function renewalAwaitingSignature(): SpokeState {
    const s = accredited();
    const due = nextTimedEvent(s, settings)!;
    const opensAt = new Date(due.at);
    startReaccreditation(s, due, data(), opensAt, ctx);
    const day = (n: number) => new Date(opensAt.getTime() + n * DAY);
    applyEvidence(s, manager, items('C1', 'C2'), day(1), ctx);
    applyEvidenceReview(s, lead, decisions({ C1: 'accept', C2: 'accept' }), day(2), ctx);
    applyVisit(s, lead, { scheduledFor: day(5).toISOString() }, day(3), ctx);
    applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'Good' }, day(5), ctx);
    applyApproval(s, staff, { decision: 'approve', comment: '' }, day(6), ctx);
    return s;
  }

  it('runs a renewal signed before expiry from the current expiry date: signing six months early loses nothing', () => {
    const s = renewalAwaitingSignature();
    const expiry = s.accreditedUntil!;
    const signedAt = new Date(Date.parse(expiry) - 150 * DAY);
    const effects = applySignature(s, manager, { signedBy: 'Dr P' }, signedAt, ctx);
    expect(s).toMatchObject({ status: 'ACCREDITED', accreditedAt: signedAt.toISOString() });
    expect(s.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(londonDateOf(expiry), 36)));
    expect(effects.notices[0]!.lines![0]).toContain('36 months from the end of the accreditation it renews');
  });

  it('runs a renewal signed after the expiry passed (while suspended, say) from the signature', () => {
    const s = renewalAwaitingSignature();
    const signedAt = new Date(Date.parse(s.accreditedUntil!) + 3 * DAY);
    applySignature(s, manager, { signedBy: 'Dr P' }, signedAt, ctx);
    expect(s.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(londonDateOf(signedAt), 36)));
  });

  it('keeps the old rule, from the signature, for an application that started before the change', () => {
    const s = renewalAwaitingSignature();
    s.rules = [];
    const signedAt = new Date(Date.parse(s.accreditedUntil!) - 150 * DAY);
    applySignature(s, manager, { signedBy: 'Dr P' }, signedAt, ctx);
    expect(s.accreditedUntil).toBe(addMonths(signedAt, 36).toISOString());
  });
});

describe('which hub a practice may apply to', () => {
  it('lets a practice of a hub apply to that hub only, and a practice without a hub to any', () => {
    expect(checkPracticeHub({ name: 'Farnworth Surgery', hubId: 'h1' }, 'h1')).toBeUndefined();
    expect(checkPracticeHub({ name: 'Farnworth Surgery', hubId: null }, 'h2')).toBeUndefined();
    expect(checkPracticeHub({ name: 'Farnworth Surgery', hubId: 'h1' }, 'h2', 'Stockport Hub')).toEqual({
      status: 400,
      detail: 'Farnworth Surgery is a spoke of hub h1: it applies to that hub only, not to Stockport Hub',
      errors: [{ path: 'body.hubId', message: 'the practice belongs to hub h1' }],
    });
  });
});
