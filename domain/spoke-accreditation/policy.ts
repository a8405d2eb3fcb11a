/** Who may take which action in which state, and the checks of each action's body against the application. */
import { formatDueDate } from '../notifications';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../london-calendar';
import type { Rejection } from '../rejection';
import { type Actor, isInScope, type Role, ROLES } from '../roles';
import { follows } from '../rule-changes';
import { ACTION_PLAN_ROLES, actionDueDateErrors, isActionComplete, isActionPlanComplete, openActions } from './action-plan';
import { SPOKE_ACTIONS, type EvidenceItem, type SpokeAction, type SpokeActionBody } from './schemas';
import { EVIDENCE_STATUSES, isTerminal, type SpokeFacts, type SpokeState } from './state';

/** The roles that ever take each action (the API's route policies come from here). */
export const SPOKE_ACTION_ROLES: Record<SpokeAction, readonly Role[]> = {
  evidence: ['practice_manager'],
  'evidence-review': ['hub_lead'],
  visit: ['hub_lead'],
  'visit-outcome': ['hub_lead'],
  approval: ['hee_staff'],
  'agreement-signature': ['practice_manager'],
  suspension: ['hee_staff'],
  reinstatement: ['hee_staff'],
  withdrawal: ['hee_staff', 'practice_manager'],
  'validity-extension': ['hee_staff', 'admin'],
  'action-completion': ACTION_PLAN_ROLES,
  'approval-request': ACTION_PLAN_ROLES,
  'follow-up-visit': ACTION_PLAN_ROLES,
};

const ACTION_WORDS: Record<SpokeAction, string> = {
  evidence: 'submit evidence',
  'evidence-review': 'review evidence',
  visit: 'schedule the quality visit',
  'visit-outcome': 'record the quality visit outcome',
  approval: 'decide on HEE approval',
  'agreement-signature': 'sign the Learning and Development Agreement',
  suspension: 'suspend the accreditation',
  reinstatement: 'reinstate the accreditation',
  withdrawal: 'withdraw',
  'validity-extension': 'extend the accreditation’s validity',
  'action-completion': 'mark an action complete',
  'approval-request': 'send the application for HEE approval',
  'follow-up-visit': 'schedule a follow-up visit',
};

/** The roles that read spoke applications, each within its scope. */
export const SPOKE_READERS: readonly Role[] = ['admin', 'hee_staff', 'hub_lead', 'practice_manager'];

// ---------- who may do what ----------

export const inScope = (facts: Pick<SpokeFacts, 'practiceId' | 'hubId'>, actor: Actor) => isInScope(actor, facts);

/** Whether a role may take an action in the application's present state (scope aside). */
export function permits(facts: SpokeFacts, role: Role, action: SpokeAction): boolean {
  if (!SPOKE_ACTION_ROLES[action].includes(role) || isTerminal(facts.status)) return false;
  const s = facts.status;
  switch (action) {
    case 'evidence':
      return EVIDENCE_STATUSES.includes(s);
    case 'evidence-review':
      return s === 'UNDER_HUB_REVIEW';
    case 'visit':
      return s === 'VISIT_PENDING';
    case 'visit-outcome':
      return s === 'VISIT_PENDING' && facts.visit !== undefined;
    case 'approval':
      return s === 'AWAITING_HEE_APPROVAL';
    case 'agreement-signature':
      return s === 'AWAITING_AGREEMENT';
    case 'suspension':
      return facts.accreditedUntil !== undefined && s !== 'SUSPENDED';
    case 'reinstatement':
      return s === 'SUSPENDED';
    case 'withdrawal':
      return role === 'hee_staff' || facts.accreditedUntil === undefined;
    case 'validity-extension':
      // Held, or being renewed; not while suspended (reinstate first): docs/domain.md.
      return facts.accreditedUntil !== undefined && s !== 'SUSPENDED';
    case 'action-completion':
      return s === 'ACTIONS_IN_PROGRESS' && !isActionPlanComplete(facts.actionPlan);
    case 'approval-request':
    case 'follow-up-visit':
      // The next step comes only once every action of the plan is complete.
      return s === 'ACTIONS_IN_PROGRESS' && isActionPlanComplete(facts.actionPlan);
  }
}

/** The actions the actor may take on this application now. */
export function allowedActions(facts: SpokeFacts, actor: Actor): SpokeAction[] {
  if (!inScope(facts, actor)) return [];
  return SPOKE_ACTIONS.filter((action) => permits(facts, actor.role, action));
}

function reject(facts: SpokeFacts, actor: Actor, status: Rejection['status'], detail: string, errors?: Rejection['errors']): Rejection {
  return { status, detail, state: facts.status, allowedActions: allowedActions(facts, actor), ...(errors?.length ? { errors } : {}) };
}

function whoMay(facts: SpokeFacts, action: SpokeAction): Role[] {
  return ROLES.filter((role) => permits(facts, role, action));
}

const ROLE_WORDS: Record<Role, string> = {
  admin: 'administrators',
  hee_staff: 'HEE staff',
  hub_lead: 'the hub lead',
  practice_manager: 'the practice manager',
  org_submitter: 'organisations',
  university_reviewer: 'universities',
};

/**
 * Role, scope and state, in that order: a role that never takes the action, an actor outside the
 * application's practice or hub, or an action that someone else must take now is 403; an action
 * nobody may take in this state is 409. Both name the state and the caller's allowed actions.
 */
export function checkAction(facts: SpokeFacts, actor: Actor, action: SpokeAction): Rejection | undefined {
  const words = ACTION_WORDS[action];
  if (!SPOKE_ACTION_ROLES[action].includes(actor.role)) {
    return reject(facts, actor, 403, `The ${actor.role} role cannot ${words}`);
  }
  if (!inScope(facts, actor)) return reject(facts, actor, 403, 'This spoke application is outside your scope');
  if (permits(facts, actor.role, action)) return undefined;
  if (isTerminal(facts.status)) {
    return reject(facts, actor, 409, `Cannot ${words}: the application is ${facts.status}`);
  }
  const others = whoMay(facts, action);
  if (others.length > 0) {
    return reject(facts, actor, 403, `Only ${others.map((r) => ROLE_WORDS[r]).join(' or ')} can ${words} now`);
  }
  if (action === 'visit-outcome' && facts.status === 'VISIT_PENDING') {
    return reject(facts, actor, 409, 'Schedule the quality visit before recording its outcome');
  }
  if ((action === 'approval-request' || action === 'follow-up-visit') && facts.status === 'ACTIONS_IN_PROGRESS') {
    const open = (facts.actionPlan?.actions ?? []).filter((a) => !isActionComplete(a)).length;
    return reject(facts, actor, 409, `Cannot ${words} until every action is complete: ${open} still open`);
  }
  if (action === 'action-completion' && facts.status === 'ACTIONS_IN_PROGRESS') {
    return reject(facts, actor, 409, 'Every action is already complete');
  }
  return reject(facts, actor, 409, `Cannot ${words} while the application is ${facts.status}`);
}

// ---------- the named people ----------

/** Who corrects the named administrator or educationalist: the practice, its hub, regional staff, admins. */
export const PEOPLE_CORRECTORS: readonly Role[] = ['practice_manager', 'hub_lead', 'hee_staff', 'admin'];

/** Role, scope, then state: any open application or accreditation (suspended included); a closed one is 409. */
export function checkPeopleCorrection(facts: SpokeFacts, actor: Actor): Rejection | undefined {
  if (!PEOPLE_CORRECTORS.includes(actor.role)) return reject(facts, actor, 403, `The ${actor.role} role cannot correct the named people`);
  if (!inScope(facts, actor)) return reject(facts, actor, 403, 'This spoke application is outside your scope');
  if (isTerminal(facts.status)) return reject(facts, actor, 409, `Cannot correct the named people: the application is ${facts.status}`);
  return undefined;
}

// ---------- evidence rules ----------

export function isEvidenceComplete(evidence: readonly EvidenceItem[]): boolean {
  return evidence.every((item) => item.status === 'submitted' || item.status === 'accepted');
}

/** The items the practice may (re)submit now: all of them while gathering, only the returned ones after a review. */
export function isSubmittable(state: Pick<SpokeState, 'status'>, item: EvidenceItem): boolean {
  if (state.status === 'EVIDENCE_CHANGES_REQUESTED') return item.status === 'rejected' || item.status === 'submitted';
  return item.status !== 'accepted';
}

/** The criterion codes a body names, each with its path in the body. */
const namedInItems = (items: { criterionCode: string }[]) =>
  items.map((item, i) => ({ code: item.criterionCode, path: `body.items.${i}.criterionCode` }));

/** A 400 naming every code the application's criteria set does not have, or undefined. */
function refuseUnknownCriteria(state: SpokeState, actor: Actor, named: { code: string; path: string }[]): Rejection | undefined {
  const known = new Set(state.criteria.map((c) => c.code));
  const unknown = named
    .filter((c) => !known.has(c.code))
    .map((c) => ({ path: c.path, message: `not a criterion of ${state.criteriaSet.name} v${state.criteriaSet.version}` }));
  if (!unknown.length) return undefined;
  return reject(state, actor, 400, `Unknown criterion code: ${unknown.map((e) => e.path).join(', ')}`, unknown);
}

/** The evidence item of each named (known) code. */
const evidenceNamed = (state: SpokeState, named: { code: string; path: string }[]) =>
  named.map(({ code, path }) => ({ item: state.evidence.find((e) => e.criterionCode === code)!, path }));

export function checkEvidence(state: SpokeState, actor: Actor, body: SpokeActionBody<'evidence'>): Rejection | undefined {
  const common = checkAction(state, actor, 'evidence');
  if (common) return common;
  const named = namedInItems(body.items);
  const unknown = refuseUnknownCriteria(state, actor, named);
  if (unknown) return unknown;
  const closed = evidenceNamed(state, named)
    .filter(({ item }) => !isSubmittable(state, item))
    .map(({ item, path }) => ({ path, message: `${item.criterionCode} is already ${item.status}` }));
  if (closed.length) {
    return reject(
      state,
      actor,
      409,
      `Only the evidence the hub returned needs resubmitting: ${closed.map((e) => e.message).join('; ')}`,
      closed,
    );
  }
  return undefined;
}

export function checkEvidenceReview(state: SpokeState, actor: Actor, body: SpokeActionBody<'evidence-review'>): Rejection | undefined {
  const common = checkAction(state, actor, 'evidence-review');
  if (common) return common;
  const named = namedInItems(body.items);
  const unknown = refuseUnknownCriteria(state, actor, named);
  if (unknown) return unknown;
  const notWaiting = evidenceNamed(state, named)
    .filter(({ item }) => item.status !== 'submitted')
    .map(({ item, path }) => ({ path, message: `${item.criterionCode} is not awaiting review (${item.status})` }));
  if (notWaiting.length) return reject(state, actor, 409, notWaiting.map((e) => e.message).join('; '), notWaiting);
  return undefined;
}

export function checkVisit(
  state: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit'>,
  now: Date,
  action: 'visit' | 'follow-up-visit' = 'visit',
): Rejection | undefined {
  const common = checkAction(state, actor, action);
  if (common) return common;
  if (Date.parse(body.scheduledFor) <= now.getTime()) {
    return reject(state, actor, 400, 'The visit must be scheduled in the future', [
      { path: 'body.scheduledFor', message: 'must be in the future' },
    ]);
  }
  return undefined;
}

/** Role, scope and state; then the criteria must be the application's (400), the actions' due dates today or later (400). */
export function checkVisitOutcome(
  state: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit-outcome'>,
  now: Date,
): Rejection | undefined {
  const common = checkAction(state, actor, 'visit-outcome');
  if (common) return common;
  const unknown = refuseUnknownCriteria(
    state,
    actor,
    (body.criteria ?? []).map((code, i) => ({ code, path: `body.criteria.${i}` })),
  );
  if (unknown) return unknown;
  const dates = actionDueDateErrors(body.actions ?? [], now);
  if (dates.length) return reject(state, actor, 400, `Invalid due date: ${dates.map((e) => `${e.path} ${e.message}`).join('; ')}`, dates);
  return undefined;
}

/** Role, scope and state; then the action must be one of the plan's (400) and still open (409). */
export function checkActionCompletion(state: SpokeState, actor: Actor, body: SpokeActionBody<'action-completion'>): Rejection | undefined {
  const common = checkAction(state, actor, 'action-completion');
  if (common) return common;
  const action = state.actionPlan!.actions.find((a) => a.id === body.actionId);
  if (!action) {
    const ids = state.actionPlan!.actions.map((a) => a.id).join(', ');
    return reject(state, actor, 400, `actionId ${body.actionId} is not an action of the plan (${ids})`, [
      { path: 'body.actionId', message: `not an action of the plan: one of ${ids}` },
    ]);
  }
  if (isActionComplete(action)) {
    return reject(
      state,
      actor,
      409,
      `${action.id} is already complete; still open: ${openActions(state.actionPlan)
        .map((a) => a.id)
        .join(', ')}`,
      [{ path: 'body.actionId', message: `${action.id} is already complete` }],
    );
  }
  return undefined;
}

/** Whether a visit outcome with actions opens an action plan: for workflows that follow 'spoke:visit-action-plan'. */
export const opensActionPlan = (state: SpokeState, body: SpokeActionBody<'visit-outcome'>) =>
  body.outcome === 'actions_required' && (body.actions?.length ?? 0) > 0 && follows(state, 'spoke:visit-action-plan');

/** How far past the current expiry HEE staff may extend an accreditation in one step. */
export const VALIDITY_EXTENSION_MAX_MONTHS = 12;

/** The latest expiry an extension may set: the end of the London day 12 months after the current expiry. */
export function latestExtendedExpiry(accreditedUntil: string): string {
  return endOfLondonDay(addCalendarMonths(londonDateOf(accreditedUntil), VALIDITY_EXTENSION_MAX_MONTHS));
}

/**
 * Role, scope and state first; then the accreditation must still be valid (409), and the new date
 * (the end of that London day) after the current expiry and at most 12 months after it (400).
 */
export function checkValidityExtension(
  state: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'validity-extension'>,
  now: Date,
): Rejection | undefined {
  const common = checkAction(state, actor, 'validity-extension');
  if (common) return common;
  const current = state.accreditedUntil!;
  if (Date.parse(current) <= now.getTime()) {
    return reject(state, actor, 409, `Cannot extend the accreditation: it expired on ${formatDueDate(current)}`);
  }
  const wanted = Date.parse(endOfLondonDay(body.accreditedUntil));
  const refuse = (message: string) => reject(state, actor, 400, `accreditedUntil ${message}`, [{ path: 'body.accreditedUntil', message }]);
  if (wanted <= Date.parse(current)) return refuse(`must be after the current expiry, ${londonDateOf(current)}`);
  const latest = latestExtendedExpiry(current);
  if (wanted > Date.parse(latest)) {
    return refuse(
      `must be no more than ${VALIDITY_EXTENSION_MAX_MONTHS} months after the current expiry: ${londonDateOf(latest)} at the latest`,
    );
  }
  return undefined;
}

/** Every action's check, by name: what the workflow's update validators run. */
export function checkSpokeAction<A extends SpokeAction>(
  state: SpokeState,
  actor: Actor,
  action: A,
  body: SpokeActionBody<A>,
  now: Date,
): Rejection | undefined {
  switch (action) {
    case 'evidence':
      return checkEvidence(state, actor, body as SpokeActionBody<'evidence'>);
    case 'evidence-review':
      return checkEvidenceReview(state, actor, body as SpokeActionBody<'evidence-review'>);
    case 'visit':
      return checkVisit(state, actor, body as SpokeActionBody<'visit'>, now);
    case 'follow-up-visit':
      return checkVisit(state, actor, body as SpokeActionBody<'follow-up-visit'>, now, 'follow-up-visit');
    case 'visit-outcome':
      return checkVisitOutcome(state, actor, body as SpokeActionBody<'visit-outcome'>, now);
    case 'action-completion':
      return checkActionCompletion(state, actor, body as SpokeActionBody<'action-completion'>);
    case 'validity-extension':
      return checkValidityExtension(state, actor, body as SpokeActionBody<'validity-extension'>, now);
    default:
      return checkAction(state, actor, action);
  }
}

/**
 * A practice that belongs to a hub applies to that hub only; one without a hub may apply to any
 * hub (and becomes that hub's when accredited). A 400 naming `body.hubId`, or undefined.
 */
export function checkPracticeHub(practice: { name: string; hubId: string | null }, hubId: string, hubName?: string): Rejection | undefined {
  if (!practice.hubId || practice.hubId === hubId) return undefined;
  const detail = `${practice.name} is a spoke of hub ${practice.hubId}: it applies to that hub only, not to ${hubName ?? hubId}`;
  return { status: 400, detail, errors: [{ path: 'body.hubId', message: `the practice belongs to hub ${practice.hubId}` }] };
}
