/** Who may take which action on an EOI in which state, and the checks of each action's input. */
import type { Rejection } from '../rejection';
import { type Actor, isInScope, type Role } from '../roles';
import type { z } from 'zod';
import {
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  ConfirmationBody,
  type EoiStatus,
  ExtensionBody,
  type FundingDecision,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
  WithdrawalBody,
} from './schemas';
import { intakeStartsAt } from './deadlines';
import { confirmedCount, OPEN_STATUSES, type Candidate, type EoiState } from './state';

/**
 * Every human action on an EOI: its name (the workflow's update), its API path, the roles that
 * take it, the states it is open in, and its body. The API's action routes are derived from here.
 */
/** The roles that may read EOIs (each within its own scope): the API's and the pages' read policy. */
export const EOI_READERS: readonly Role[] = ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'];

export const EOI_ACTIONS = {
  review: { path: 'review', roles: ['university_reviewer'], states: ['UNDER_UNIVERSITY_REVIEW'], body: ReviewBody },
  amend: { path: 'amendments', roles: ['org_submitter'], states: ['CHANGES_REQUESTED'], body: AmendmentBody },
  fundingDecision: {
    path: 'funding-decision',
    roles: ['hee_staff'],
    states: ['AWAITING_FUNDING_DECISION', 'WAITLISTED'],
    body: FundingDecisionBody,
  },
  addCandidate: { path: 'candidates', roles: ['org_submitter'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'], body: CandidateBody },
  recordCandidateOutcome: {
    path: 'candidate-outcome',
    roles: ['university_reviewer'],
    states: ['FUNDED', 'CONFIRMATION_OVERDUE'],
    body: CandidateOutcomeBody,
  },
  confirmSupport: { path: 'confirmations', roles: ['org_submitter'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'], body: ConfirmationBody },
  extendDeadline: { path: 'extension', roles: ['hee_staff'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'], body: ExtensionBody },
  releasePlaces: {
    path: 'place-release',
    roles: ['org_submitter', 'hee_staff'],
    states: ['FUNDED', 'CONFIRMATION_OVERDUE'],
    body: PlaceReleaseBody,
  },
  withdraw: { path: 'withdrawal', roles: ['org_submitter', 'hee_staff'], states: OPEN_STATUSES, body: WithdrawalBody },
} as const satisfies Record<string, { path: string; roles: readonly Role[]; states: readonly EoiStatus[]; body: z.ZodType }>;
export type EoiAction = keyof typeof EOI_ACTIONS;
export type EoiActionBody<A extends EoiAction> = z.infer<(typeof EOI_ACTIONS)[A]['body']>;

/** The actor is the one this EOI concerns: its organisation, its university, or HEE staff. */
type ScopedState = Pick<EoiState, 'status' | 'organisationId' | 'universityId'> & { pendingFunding?: unknown };

const inScope = (state: ScopedState, actor: Actor) => isInScope(actor, state);

/** The actions (by API path) the actor may take on this EOI now. */
export function allowedActions(state: ScopedState, actor: Actor): string[] {
  if (!inScope(state, actor) || state.pendingFunding) return [];
  return Object.values(EOI_ACTIONS)
    .filter((a) => (a.roles as readonly Role[]).includes(actor.role) && (a.states as readonly EoiStatus[]).includes(state.status))
    .map((a) => a.path);
}

function rejection(state: EoiState, actor: Actor, status: Rejection['status'], detail: string, errors?: Rejection['errors']): Rejection {
  return { status, detail, state: state.status, allowedActions: allowedActions(state, actor), ...(errors ? { errors } : {}) };
}

/** Role, scope and state: the checks every action shares. */
export function checkAction(state: EoiState, actor: Actor, action: EoiAction): Rejection | undefined {
  const rule = EOI_ACTIONS[action];
  if (!(rule.roles as readonly Role[]).includes(actor.role)) {
    return rejection(state, actor, 403, `The ${actor.role} role cannot take the ${rule.path} action`);
  }
  if (!inScope(state, actor)) return rejection(state, actor, 403, 'This EOI is outside your scope');
  if (state.pendingFunding) return rejection(state, actor, 409, 'A funding decision is being applied to this EOI; try again in a moment');
  if (!(rule.states as readonly EoiStatus[]).includes(state.status)) {
    return rejection(state, actor, 409, `The ${rule.path} action is not possible while the EOI is ${state.status}`);
  }
  return undefined;
}

/**
 * Who may correct an EOI's contact: its organisation, regional staff and administrators, while
 * the EOI is open. Not one of EOI_ACTIONS: a correction is not a step of the process, so it is
 * never listed among the actions an EOI waits for.
 */
export const CONTACT_CORRECTORS: readonly Role[] = ['org_submitter', 'hee_staff', 'admin'];

export function checkContactCorrection(state: EoiState, actor: Actor): Rejection | undefined {
  if (!CONTACT_CORRECTORS.includes(actor.role)) return rejection(state, actor, 403, `The ${actor.role} role cannot correct the contact`);
  if (!inScope(state, actor)) return rejection(state, actor, 403, 'This EOI is outside your scope');
  if (!OPEN_STATUSES.includes(state.status)) {
    return rejection(state, actor, 409, `The contact cannot be corrected while the EOI is ${state.status}`);
  }
  return undefined;
}

export function checkFundingDecision(state: EoiState, actor: Actor, decision: FundingDecision): Rejection | undefined {
  const common = checkAction(state, actor, 'fundingDecision');
  if (common) return common;
  if (decision.decision === 'fund' && state.status !== 'AWAITING_FUNDING_DECISION') {
    return rejection(state, actor, 409, `The EOI is already ${state.status}: it is offered the next free places automatically`);
  }
  if (decision.places !== undefined && decision.places > state.placesRequested) {
    return rejection(state, actor, 400, `places must not exceed the ${state.placesRequested} requested`, [
      { path: 'body.places', message: `at most ${state.placesRequested}` },
    ]);
  }
  return undefined;
}

export function checkCandidateOutcome(
  state: EoiState,
  actor: Actor,
  candidateId: string,
  outcome: Candidate['outcome'],
): Rejection | undefined {
  const common = checkAction(state, actor, 'recordCandidateOutcome');
  if (common) return common;
  const candidate = state.candidates.find((c) => c.id === candidateId);
  if (!candidate) return rejection(state, actor, 404, `No candidate ${candidateId} on this EOI`);
  if (candidate.outcome === 'declined') return rejection(state, actor, 409, 'The candidate has declined; record a new candidate instead');
  if (candidate.outcome === outcome) return rejection(state, actor, 409, `The candidate's outcome is already ${outcome}`);
  return undefined;
}

export const MAX_CANDIDATES_PER_PLACE = 5;

export function checkAddCandidate(state: EoiState, actor: Actor): Rejection | undefined {
  const common = checkAction(state, actor, 'addCandidate');
  if (common) return common;
  if (state.candidates.length >= Math.max(state.allocatedPlaces, 1) * MAX_CANDIDATES_PER_PLACE) {
    return rejection(state, actor, 409, `At most ${MAX_CANDIDATES_PER_PLACE} candidates per funded place`);
  }
  return undefined;
}

export function checkConfirmation(state: EoiState, actor: Actor, candidateId: string): Rejection | undefined {
  const common = checkAction(state, actor, 'confirmSupport');
  if (common) return common;
  const candidate = state.candidates.find((c) => c.id === candidateId);
  if (!candidate) {
    return rejection(state, actor, 409, `No candidate ${candidateId} on this EOI`, [
      { path: 'body.candidateId', message: 'unknown candidate' },
    ]);
  }
  if (candidate.outcome !== 'accepted') {
    return rejection(state, actor, 409, `Candidate ${candidateId} has not accepted a place (outcome: ${candidate.outcome ?? 'none yet'})`, [
      { path: 'body.candidateId', message: 'candidate has not accepted' },
    ]);
  }
  if (candidate.confirmation) return rejection(state, actor, 409, `Support for candidate ${candidateId} is already confirmed`);
  if (confirmedCount(state) >= state.allocatedPlaces)
    return rejection(state, actor, 409, 'Every funded place already has a confirmed candidate');
  return undefined;
}

export function checkExtension(state: EoiState, actor: Actor, confirmationDueAt: string, now: Date): Rejection | undefined {
  const common = checkAction(state, actor, 'extendDeadline');
  if (common) return common;
  const due = Date.parse(confirmationDueAt);
  if (due <= now.getTime()) {
    return rejection(state, actor, 400, 'The new deadline must be in the future', [
      { path: 'body.confirmationDueAt', message: 'must be in the future' },
    ]);
  }
  if (due >= Date.parse(intakeStartsAt(state))) {
    return rejection(state, actor, 400, `The new deadline must be before the programme starts on ${state.intake.startsOn}`, [
      { path: 'body.confirmationDueAt', message: `must be before the programme starts on ${state.intake.startsOn}` },
    ]);
  }
  if (state.confirmationDueAt && due <= Date.parse(state.confirmationDueAt)) {
    return rejection(state, actor, 400, `An extension must be later than the current deadline ${state.confirmationDueAt}`, [
      { path: 'body.confirmationDueAt', message: 'must be later than the current deadline' },
    ]);
  }
  return undefined;
}

export function checkPlaceRelease(state: EoiState, actor: Actor, places: number): Rejection | undefined {
  const common = checkAction(state, actor, 'releasePlaces');
  if (common) return common;
  const unconfirmed = state.allocatedPlaces - confirmedCount(state);
  if (places > unconfirmed) {
    return rejection(state, actor, 409, `Only ${unconfirmed} funded places have no confirmed candidate`, [
      { path: 'body.places', message: `at most ${unconfirmed}` },
    ]);
  }
  return undefined;
}
