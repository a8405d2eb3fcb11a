/**
 * The action plan a quality visit with outcome actions_required opens: the body's rules, who may
 * complete an action and choose the next step (hub lead of the hub, HEE staff, admin), that the
 * next step waits for every action, due dates, and the overdue notice to the owner and the hub.
 */
import type { Actor } from '../../domain/roles';
import { endOfLondonDay } from '../../domain/london-calendar';
import {
  actionDueDateErrors,
  actionStatus,
  allowedActions,
  applyEvidence,
  applyEvidenceReview,
  applySpokeAction,
  applyTimedEvent,
  applyVisit,
  applyVisitOutcome,
  checkSpokeAction,
  isActionPlanComplete,
  nextTimedEvent,
  type PlannedAction,
  pendingTimedEvents,
  spokeDeadlines,
  type SpokeState,
  spokeView,
  VisitOutcomeBody,
} from '../../domain/spoke-accreditation';
import { SPOKE_RULE_CHANGES } from '../../domain/rule-changes';
import { admin, ctx, cycleData, DAY, lead, manager, openApplication, otherLead, settings, staff } from './fixtures/spoke';

const data = cycleData();

// Monday 4 January 2027, 09:00 London (GMT).
const T0 = new Date('2027-01-04T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const ACTIONS: PlannedAction[] = [
  { description: 'Write an induction pack for learners', owner: 'administrator', dueDate: '2027-01-20' },
  { description: 'Book protected teaching time', owner: 'hub_lead', dueDate: '2027-01-25' },
];

const open = (rules: readonly string[] = SPOKE_RULE_CHANGES) => openApplication(T0, data, rules);

/** Evidence accepted and a visit on day 5: the outcome is next. */
function visited(rules?: readonly string[]): SpokeState {
  const s = open(rules);
  applyEvidence(s, manager, { items: [{ criterionCode: 'C1', statement: 'About C1' }] }, at(1), ctx);
  applyEvidenceReview(s, lead, { items: [{ criterionCode: 'C1', decision: 'accept', comment: '' }] }, at(2), ctx);
  applyVisit(s, lead, { scheduledFor: at(5).toISOString() }, at(3), ctx);
  return s;
}

const outcome = (actions: PlannedAction[] = ACTIONS) => ({ outcome: 'actions_required' as const, notes: 'Two things to do', actions });

/** A visit with outcome actions_required and the plan of ACTIONS, recorded on day 5. */
function inProgress(): SpokeState {
  const s = visited();
  applyVisitOutcome(s, lead, outcome(), at(5), ctx);
  return s;
}

const complete = (s: SpokeState, actionId: string, actor: Actor, day: number) =>
  applySpokeAction(s, actor, 'action-completion', { actionId }, at(day), ctx);

describe('the visit outcome body with an action plan', () => {
  it('takes actions with actions_required only, not together with criteria, each with a London date and a named owner', () => {
    expect(VisitOutcomeBody.safeParse(outcome()).success).toBe(true);
    const issuePaths = (body: unknown) => VisitOutcomeBody.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(issuePaths({ outcome: 'actions_required', notes: 'n' })).toEqual(['actions']);
    expect(issuePaths({ ...outcome(), criteria: ['C1'] })).toEqual(['criteria']);
    expect(issuePaths({ outcome: 'satisfactory', notes: 'n', actions: ACTIONS })).toEqual(['actions']);
    expect(issuePaths(outcome([{ ...ACTIONS[0]!, dueDate: '2027-02-30' }]))).toEqual(['actions.0.dueDate']);
    expect(issuePaths(outcome([{ ...ACTIONS[0]!, owner: 'receptionist' as never }]))).toEqual(['actions.0.owner']);
    expect(issuePaths(outcome([{ ...ACTIONS[0]!, description: '  ' }]))).toEqual(['actions.0.description']);
    expect(issuePaths(outcome([]))).toEqual(['actions']);
  });

  it('refuses a due date before today in London or more than a year ahead, naming the action', () => {
    // 00:30 on 5 January in London is still 5 January: the 4th is in the past, the 5th is not.
    const now = new Date('2027-01-05T00:30:00Z');
    expect(actionDueDateErrors([{ ...ACTIONS[0]!, dueDate: '2027-01-05' }], now)).toEqual([]);
    expect(actionDueDateErrors([ACTIONS[0]!, { ...ACTIONS[1]!, dueDate: '2027-01-04' }], now)).toEqual([
      { path: 'body.actions.1.dueDate', message: 'must be today (2027-01-05) or later' },
    ]);
    expect(actionDueDateErrors([{ ...ACTIONS[0]!, dueDate: '2028-01-06' }], now)).toEqual([
      { path: 'body.actions.0.dueDate', message: 'must be within 365 days: 2028-01-05 at the latest' },
    ]);
    const s = visited();
    expect(checkSpokeAction(s, lead, 'visit-outcome', outcome([{ ...ACTIONS[0]!, dueDate: '2027-01-08' }]), at(5))).toMatchObject({
      status: 400,
      errors: [{ path: 'body.actions.0.dueDate' }],
    });
  });
});

describe('an action plan', () => {
  it('opens ACTIONS_IN_PROGRESS with numbered actions due at the end of their London day, each a deadline, everyone told', () => {
    const s = visited();
    const effects = applyVisitOutcome(s, lead, outcome(), at(5), ctx);
    expect(s.status).toBe('ACTIONS_IN_PROGRESS');
    expect(s.evidence.map((e) => e.status)).toEqual(['accepted']);
    expect(s.actionPlan).toMatchObject({
      visitNumber: 1,
      recordedBy: { userId: 'u-hl' },
      actions: [
        { id: 'A1', owner: 'administrator', dueDate: '2027-01-20', dueAt: endOfLondonDay('2027-01-20') },
        { id: 'A2', owner: 'hub_lead', dueDate: '2027-01-25', dueAt: endOfLondonDay('2027-01-25') },
      ],
    });
    expect(spokeDeadlines(s, settings)).toEqual([
      {
        key: 'action-A1',
        action: 'A1: Write an induction pack for learners (Practice-based administrator)',
        owner: 'Farnworth Surgery',
        ownerRole: 'practice_manager',
        dueAt: endOfLondonDay('2027-01-20'),
      },
      {
        key: 'action-A2',
        action: 'A2: Book protected teaching time (Hub lead)',
        owner: 'Bolton Training Hub',
        ownerRole: 'hub_lead',
        dueAt: endOfLondonDay('2027-01-25'),
      },
    ]);
    const told = effects.notices[0]!;
    expect(told.headline).toBe('Action plan after the quality visit');
    expect(told.lines!.join('\n')).toContain('A1: Write an induction pack for learners (Practice-based administrator, due');
    expect(spokeView(s, settings).actionPlan?.actions).toHaveLength(2);
  });

  it('keeps returning evidence for criteria when the visit names criteria rather than actions', () => {
    const s = visited();
    applyVisitOutcome(s, lead, { outcome: 'actions_required', notes: 'Redo C1', criteria: ['C1'] }, at(5), ctx);
    expect(s.status).toBe('EVIDENCE_CHANGES_REQUESTED');
    expect(s.actionPlan).toBeUndefined();
  });

  it('is opened only by workflows that follow the rule spoke:visit-action-plan', () => {
    const before = visited(SPOKE_RULE_CHANGES.filter((r) => r !== 'spoke:visit-action-plan'));
    applyVisitOutcome(before, lead, { ...outcome(), criteria: ['C1'] } as never, at(5), ctx);
    expect(before.status).toBe('EVIDENCE_CHANGES_REQUESTED');
    expect(before.actionPlan).toBeUndefined();
  });

  it('lets the hub lead of the hub, HEE staff or an admin complete an action, not the practice or another hub', () => {
    const s = inProgress();
    for (const actor of [lead, staff, admin]) expect(allowedActions(s, actor)).toContain('action-completion');
    expect(allowedActions(s, manager)).not.toContain('action-completion');
    expect(allowedActions(s, otherLead)).toEqual([]);
    expect(checkSpokeAction(s, manager, 'action-completion', { actionId: 'A1' }, at(6))).toMatchObject({ status: 403 });
    expect(checkSpokeAction(s, otherLead, 'action-completion', { actionId: 'A1' }, at(6))).toMatchObject({
      status: 403,
      detail: 'This spoke application is outside your scope',
    });
    expect(checkSpokeAction(s, lead, 'action-completion', { actionId: 'A9' }, at(6))).toMatchObject({
      status: 400,
      errors: [{ path: 'body.actionId', message: 'not an action of the plan: one of A1, A2' }],
    });
    complete(s, 'A1', staff, 6);
    expect(s.actionPlan!.actions[0]).toMatchObject({ completedAt: at(6).toISOString(), completedBy: { userId: 'u-hee' } });
    expect(s.status).toBe('ACTIONS_IN_PROGRESS');
    expect(checkSpokeAction(s, lead, 'action-completion', { actionId: 'A1' }, at(6))).toMatchObject({
      status: 409,
      errors: [{ path: 'body.actionId', message: 'A1 is already complete' }],
    });
  });

  it('asks for HEE approval or a follow-up visit only once every action is complete', () => {
    const s = inProgress();
    expect(checkSpokeAction(s, lead, 'approval-request', {}, at(6))).toMatchObject({
      status: 409,
      detail: 'Cannot send the application for HEE approval until every action is complete: 2 still open',
    });
    complete(s, 'A1', lead, 6);
    expect(checkSpokeAction(s, lead, 'follow-up-visit', { scheduledFor: at(20).toISOString() }, at(6))).toMatchObject({ status: 409 });
    expect(isActionPlanComplete(s.actionPlan)).toBe(false);
    const effects = complete(s, 'A2', lead, 7);
    expect(isActionPlanComplete(s.actionPlan)).toBe(true);
    expect(effects.notices.map((n) => n.headline)).toEqual(['Every action is complete']);
    expect(allowedActions(s, lead)).toEqual(['approval-request', 'follow-up-visit']);
    expect(allowedActions(s, manager)).toEqual(['withdrawal']);
    expect(spokeDeadlines(s, settings)).toEqual([
      expect.objectContaining({
        key: 'after-actions',
        ownerRole: 'hub_lead',
        dueAt: at(7 + settings.reviewEscalationAfterDays).toISOString(),
      }),
    ]);
    expect(checkSpokeAction(s, lead, 'approval-request', {}, at(7))).toBeUndefined();
  });

  it('goes to HEE for approval once complete', () => {
    const s = inProgress();
    complete(s, 'A1', lead, 6);
    complete(s, 'A2', lead, 7);
    const effects = applySpokeAction(s, lead, 'approval-request', { comment: 'All done' }, at(8), ctx);
    expect(s.status).toBe('AWAITING_HEE_APPROVAL');
    expect(effects.notices[0]).toMatchObject({
      headline: 'Spoke accreditation awaiting HEE approval',
      audience: [{ kind: 'role', role: 'hee_staff' }],
    });
    expect(allowedActions(s, staff)).toEqual(['approval', 'withdrawal']);
  });

  it('schedules a follow-up visit (in the future) once complete, whose outcome is recorded as any visit’s', () => {
    const s = inProgress();
    complete(s, 'A1', lead, 6);
    complete(s, 'A2', lead, 7);
    expect(checkSpokeAction(s, lead, 'follow-up-visit', { scheduledFor: at(7).toISOString() }, at(8))).toMatchObject({
      status: 400,
      errors: [{ path: 'body.scheduledFor' }],
    });
    applySpokeAction(s, lead, 'follow-up-visit', { scheduledFor: at(14).toISOString() }, at(8), ctx);
    expect(s).toMatchObject({ status: 'VISIT_PENDING', visit: { number: 2, scheduledFor: at(14).toISOString() } });
    expect(allowedActions(s, lead)).toEqual(['visit', 'visit-outcome']);
    applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'All in place' }, at(14), ctx);
    expect(s.status).toBe('AWAITING_HEE_APPROVAL');
  });

  it('emails an overdue action’s owner and the hub once, at the end of its due date; a completed action never', () => {
    const s = inProgress();
    complete(s, 'A2', lead, 6);
    expect(pendingTimedEvents(s, settings).map((e) => [e.kind, e.at])).toEqual([['action-overdue', endOfLondonDay('2027-01-20')]]);
    const event = nextTimedEvent(s, settings)!;
    const effects = applyTimedEvent(s, event, new Date(event.at), ctx);
    expect(effects.notices).toEqual([
      expect.objectContaining({
        headline: 'Overdue: action A1 after the quality visit',
        audience: [
          { kind: 'address', email: 'ann@p1.nhs.uk', name: 'Ann' },
          { kind: 'hub', hubId: 'h1' },
        ],
        action: 'Write an induction pack for learners',
      }),
    ]);
    expect(nextTimedEvent(s, settings)).toBeUndefined();
    // Overdue is a tag, not a refusal: the action may still be completed.
    expect(actionStatus(s.actionPlan!.actions[0]!, new Date(Date.parse(event.at) + 1000))).toBe('overdue');
    expect(checkSpokeAction(s, lead, 'action-completion', { actionId: 'A1' }, at(30))).toBeUndefined();
  });

  it('tags each action Complete, Due or Overdue against the London due date', () => {
    const action = { dueAt: endOfLondonDay('2027-01-20') };
    expect(actionStatus(action, new Date('2027-01-20T23:59:00Z'))).toBe('due');
    expect(actionStatus(action, new Date('2027-01-21T00:00:00Z'))).toBe('overdue');
    expect(actionStatus({ ...action, completedAt: '2027-01-22T10:00:00Z' }, new Date('2027-01-23T00:00:00Z'))).toBe('complete');
  });
});
