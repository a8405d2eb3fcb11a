/**
 * The commissioning process (DOMAIN.md, process A) as pure rules: who may do what in which
 * state, what each action and each timer changes, which deadlines are open and who is told.
 * The workflow owns an EoiState and applies these; the API uses the same checks for its answers.
 */
import type { ProcessSettings } from '../config/config';
import type { Audience, Notice } from './notifications';
import type { DeadlineRecord, HistoryEntry } from './process';
import type { Rejection } from './rejection';
import type { Actor, Role } from './roles';
import { addDays, DAY_MS } from './time';
import type { ServiceType } from './reference-data';
import type { Amendment, EoiStatus, EoiView, FundingDecision } from './eoi-schemas';

export type { EoiStatus } from './eoi-schemas';

export const OPEN_STATUSES: readonly EoiStatus[] = [
  'UNDER_UNIVERSITY_REVIEW',
  'CHANGES_REQUESTED',
  'AWAITING_FUNDING_DECISION',
  'WAITLISTED',
  'FUNDED',
  'CONFIRMATION_OVERDUE',
];
export const isTerminal = (status: EoiStatus) => !OPEN_STATUSES.includes(status);

/** A promoted EOI always gets at least this long to confirm its candidates. */
export const MIN_DAYS_TO_CONFIRM_AFTER_OFFER = 14;
/** Target times for steps the source pages give no deadline for. */
export const AMENDMENT_DUE_DAYS = 14;
export const FUNDING_DECISION_DUE_DAYS = 14;

// ---------- state ----------

export interface Candidate {
  id: string;
  name: string;
  email: string;
  currentRole: string;
  addedAt: string;
  outcome?: 'offered' | 'accepted' | 'declined';
  outcomeAt?: string;
  confirmation?: { signedBy: string; confirmedAt: string; confirmedBy: string; late: boolean };
}

export interface EoiState {
  id: string;
  organisationId: string;
  universityId: string;
  intakeId: string;
  programmeId: string;
  serviceType: ServiceType;
  pathway?: string;
  placesRequested: number;
  contact: { name: string; email: string };
  declarations: { jobDescriptionAndPersonSpec: boolean; hrArrangementsConfirmed: boolean; bandedPostGuaranteed: boolean };
  submittedAt: string;
  submittedBy: string;
  /** The intake names this EOI's service type as a priority. */
  priority: boolean;
  intake: { startsOn: string; standardConfirmationDueAt: string };
  labels: { organisation: string; university: string; programme: string };
  status: EoiStatus;
  /** When the current status began. */
  statusSince: string;
  reviewRound: number;
  allocatedPlaces: number;
  waitlistPosition?: number;
  /** A funding decision waiting for the intake's answer. */
  pendingFunding?: { requestId: string; places: number; allowPartial: boolean; actor: Actor; comment: string };
  confirmationDueAt?: string;
  /** When the current confirmation deadline was set: reminders before this are not sent. */
  deadlineSetAt?: string;
  candidates: Candidate[];
  history: HistoryEntry[];
  firedTimers: string[];
  /** Rises with every change: keys notices and audit entries uniquely and deterministically. */
  seq: number;
}

export interface NewEoi {
  id: string;
  organisationId: string;
  universityId: string;
  intakeId: string;
  programmeId: string;
  serviceType: ServiceType;
  pathway?: string;
  placesRequested: number;
  contact: { name: string; email: string };
  declarations: EoiState['declarations'];
  submittedBy: Actor;
  intake: { startsOn: string; confirmationDueAt: string; priorityServiceTypes: readonly string[] };
  labels: EoiState['labels'];
}

/** What a change produced besides the new state: who to tell and what to audit. */
export interface Effects {
  notices: Notice[];
  audit: { key: string; actor: Actor; action: string; comment?: string; requestId?: string }[];
}

// ---------- actions and who may take them ----------

export const EOI_ACTIONS = {
  review: { path: 'review', roles: ['university_reviewer'], states: ['UNDER_UNIVERSITY_REVIEW'] },
  amend: { path: 'amendments', roles: ['org_submitter'], states: ['CHANGES_REQUESTED'] },
  fundingDecision: { path: 'funding-decision', roles: ['hee_staff'], states: ['AWAITING_FUNDING_DECISION', 'WAITLISTED'] },
  addCandidate: { path: 'candidates', roles: ['org_submitter'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'] },
  recordCandidateOutcome: { path: 'candidate-outcome', roles: ['university_reviewer'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'] },
  confirmSupport: { path: 'confirmations', roles: ['org_submitter'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'] },
  extendDeadline: { path: 'extension', roles: ['hee_staff'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'] },
  releasePlaces: { path: 'place-release', roles: ['org_submitter', 'hee_staff'], states: ['FUNDED', 'CONFIRMATION_OVERDUE'] },
  withdraw: { path: 'withdrawal', roles: ['org_submitter', 'hee_staff'], states: OPEN_STATUSES },
} as const satisfies Record<string, { path: string; roles: readonly Role[]; states: readonly EoiStatus[] }>;
export type EoiAction = keyof typeof EOI_ACTIONS;

/** The actor is the one this EOI concerns: its organisation, its university, or HEE staff. */
type ScopedState = Pick<EoiState, 'status' | 'organisationId' | 'universityId'> & { pendingFunding?: unknown };

function inScope(state: ScopedState, actor: Actor): boolean {
  if (actor.role === 'org_submitter') return actor.organisationId === state.organisationId;
  if (actor.role === 'university_reviewer') return actor.universityId === state.universityId;
  return actor.role === 'hee_staff';
}

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

export function confirmedCount(state: EoiState): number {
  return state.candidates.filter((c) => c.confirmation).length;
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

// ---------- audiences and notices ----------

const organisationAudience = (s: EoiState): Audience[] => [
  { kind: 'address', email: s.contact.email, name: s.contact.name },
  { kind: 'organisation', organisationId: s.organisationId },
];
const universityAudience = (s: EoiState): Audience[] => [{ kind: 'university', universityId: s.universityId }];
const heeAudience: Audience[] = [{ kind: 'role', role: 'hee_staff' }];

export function eoiLabel(s: EoiState): string {
  return `EOI ${s.id} (${s.labels.organisation}, ${s.labels.programme} starting ${s.intake.startsOn})`;
}

function notice(s: EoiState, step: string, audience: Audience[], headline: string, extra: Partial<Notice> = {}): Notice {
  return {
    key: `${s.id}:${s.seq}:${step}`,
    audience,
    subjectType: 'eoi',
    subjectId: s.id,
    subjectLabel: eoiLabel(s),
    headline,
    link: `/api/eois/${s.id}`,
    ...extra,
  };
}

// ---------- transitions ----------

function nowIso(at: Date) {
  return at.toISOString();
}

function move(s: EoiState, to: EoiStatus, actor: Actor, action: string, at: Date, effects: Effects, comment?: string, requestId?: string) {
  const from = s.status;
  s.seq += 1;
  s.history.push({
    at: nowIso(at),
    actor: { userId: actor.userId, role: actor.role, name: actor.name },
    action,
    fromStatus: from,
    toStatus: to,
    ...(comment ? { comment } : {}),
  });
  if (from !== to) s.statusSince = nowIso(at);
  s.status = to;
  effects.audit.push({ key: `${s.seq}:${action}`, actor, action: `eoi.${action}`, comment, requestId });
}

const noEffects = (): Effects => ({ notices: [], audit: [] });

export function createEoi(input: NewEoi, at: Date, requestId?: string): { state: EoiState; effects: Effects } {
  const state: EoiState = {
    id: input.id,
    organisationId: input.organisationId,
    universityId: input.universityId,
    intakeId: input.intakeId,
    programmeId: input.programmeId,
    serviceType: input.serviceType,
    ...(input.pathway ? { pathway: input.pathway } : {}),
    placesRequested: input.placesRequested,
    contact: input.contact,
    declarations: input.declarations,
    submittedAt: nowIso(at),
    submittedBy: input.submittedBy.userId,
    priority: input.intake.priorityServiceTypes.includes(input.serviceType),
    intake: { startsOn: input.intake.startsOn, standardConfirmationDueAt: input.intake.confirmationDueAt },
    labels: input.labels,
    status: 'UNDER_UNIVERSITY_REVIEW',
    statusSince: nowIso(at),
    reviewRound: 1,
    allocatedPlaces: 0,
    candidates: [],
    history: [],
    firedTimers: [],
    seq: 0,
  };
  const effects = noEffects();
  state.seq += 1;
  state.history.push({
    at: nowIso(at),
    actor: { userId: input.submittedBy.userId, role: input.submittedBy.role, name: input.submittedBy.name },
    action: 'submitted',
    fromStatus: null,
    toStatus: 'UNDER_UNIVERSITY_REVIEW',
  });
  effects.audit.push({ key: `${state.seq}:submitted`, actor: input.submittedBy, action: 'eoi.submitted', requestId });
  effects.notices.push(
    notice(state, 'submitted-university', universityAudience(state), 'A new expression of interest needs your review', {
      action: 'Review the expression of interest and support it, decline it or ask for changes',
      dueAt: reviewDueAt(state),
      lines: [`${state.labels.organisation} asks for ${state.placesRequested} place(s) (${state.serviceType.replace(/_/g, ' ')}).`],
    }),
    notice(state, 'submitted-organisation', organisationAudience(state), 'Your expression of interest was received', {
      lines: [`${state.labels.university} will review it.`],
    }),
  );
  return { state, effects };
}

export function reviewDueAt(s: EoiState, settings?: Pick<ProcessSettings, 'reviewReminderAfterDays'>): string {
  const started = lastEntryInto(s, 'UNDER_UNIVERSITY_REVIEW') ?? s.submittedAt;
  return addDays(new Date(started), settings?.reviewReminderAfterDays ?? 10).toISOString();
}

function lastEntryInto(s: EoiState, status: EoiStatus): string | undefined {
  for (let i = s.history.length - 1; i >= 0; i--)
    if (s.history[i]!.toStatus === status && s.history[i]!.fromStatus !== status) return s.history[i]!.at;
  return undefined;
}

export function applyReview(
  s: EoiState,
  actor: Actor,
  review: { decision: 'support' | 'decline' | 'changes_requested'; comment: string },
  at: Date,
  requestId?: string,
): Effects {
  const effects = noEffects();
  if (review.decision === 'support') {
    move(s, 'AWAITING_FUNDING_DECISION', actor, 'university_supported', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'supported-hee', heeAudience, 'An expression of interest is ready for a funding decision', {
        action: 'Fund, waitlist or decline it',
        dueAt: addDays(at, FUNDING_DECISION_DUE_DAYS).toISOString(),
        lines: [`${s.labels.university} supports it: ${review.comment}`],
      }),
      notice(s, 'supported-organisation', organisationAudience(s), 'The university supports your expression of interest', {
        lines: ['It now waits for a funding decision by HEE staff.'],
      }),
    );
  } else if (review.decision === 'decline') {
    move(s, 'DECLINED', actor, 'university_declined', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'university-declined', organisationAudience(s), 'The university declined your expression of interest', {
        lines: [review.comment],
      }),
    );
  } else {
    move(s, 'CHANGES_REQUESTED', actor, 'changes_requested', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'changes-requested', organisationAudience(s), 'The university asks for changes to your expression of interest', {
        action: 'Amend the expression of interest',
        dueAt: addDays(at, AMENDMENT_DUE_DAYS).toISOString(),
        lines: [review.comment],
      }),
    );
  }
  return effects;
}

export function applyAmendment(
  s: EoiState,
  actor: Actor,
  amendment: Amendment,
  universityLabel: string | undefined,
  at: Date,
  requestId?: string,
): Effects {
  const effects = noEffects();
  if (amendment.universityId && amendment.universityId !== s.universityId) {
    s.universityId = amendment.universityId;
    if (universityLabel) s.labels.university = universityLabel;
  }
  if (amendment.serviceType) s.serviceType = amendment.serviceType;
  if (amendment.pathway === null) delete s.pathway;
  else if (amendment.pathway) s.pathway = amendment.pathway;
  if (amendment.placesRequested) s.placesRequested = amendment.placesRequested;
  if (amendment.contact) s.contact = amendment.contact;
  if (amendment.declarations) s.declarations = amendment.declarations;
  s.reviewRound += 1;
  move(s, 'UNDER_UNIVERSITY_REVIEW', actor, 'amended', at, effects, amendment.comment, requestId);
  effects.notices.push(
    notice(s, 'amended-university', universityAudience(s), 'An amended expression of interest needs your review', {
      action: 'Review the amended expression of interest',
      dueAt: reviewDueAt(s),
    }),
  );
  return effects;
}

/** The deadline for a place offered from the waitlist: the usual one, or at least two weeks. */
export function confirmationDueForOffer(s: EoiState, offeredAt: Date): string {
  const standard = Date.parse(s.intake.standardConfirmationDueAt);
  const minimum = offeredAt.getTime() + MIN_DAYS_TO_CONFIRM_AFTER_OFFER * DAY_MS;
  return new Date(Math.max(standard, minimum)).toISOString();
}

export type AllocationOutcome = { kind: 'allocated'; places: number } | { kind: 'waitlisted'; position: number };

export function applyFunding(
  s: EoiState,
  actor: Actor,
  decision: { places: number; comment: string },
  outcome: AllocationOutcome,
  at: Date,
  requestId?: string,
): Effects {
  const effects = noEffects();
  if (outcome.kind === 'waitlisted') {
    s.waitlistPosition = outcome.position;
    move(s, 'WAITLISTED', actor, 'waitlisted', at, effects, decision.comment, requestId);
    effects.notices.push(
      notice(s, 'waitlisted', organisationAudience(s), 'Your expression of interest is on the waitlist', {
        lines: [
          `HEE staff agreed to fund ${decision.places} place(s), but the intake is full. You are number ${outcome.position} on the waitlist and will be offered places automatically when they become free.`,
        ],
      }),
    );
    return effects;
  }
  s.allocatedPlaces = outcome.places;
  delete s.waitlistPosition;
  s.confirmationDueAt = s.intake.standardConfirmationDueAt;
  s.deadlineSetAt = at.toISOString();
  const partial = outcome.places < decision.places ? ` (${decision.places} decided; only ${outcome.places} were free)` : '';
  move(s, 'FUNDED', actor, 'funded', at, effects, decision.comment, requestId);
  fundedNotices(s, effects, `${outcome.places} place(s) funded${partial}.`);
  return effects;
}

function fundedNotices(s: EoiState, effects: Effects, line: string) {
  effects.notices.push(
    notice(s, 'funded-organisation', organisationAudience(s), 'Your expression of interest is funded', {
      action: 'Recruit trainees with the university and return a confirmation of support for each successful candidate',
      dueAt: s.confirmationDueAt,
      lines: [line],
    }),
    notice(s, 'funded-university', universityAudience(s), 'A funded expression of interest is ready for recruitment', {
      action: 'Recruit with the organisation and record each candidate’s outcome',
      dueAt: s.confirmationDueAt,
      lines: [line],
    }),
  );
}

/** Places offered from the waitlist by the intake. */
export function applyOffer(s: EoiState, places: number, at: Date): Effects {
  const effects = noEffects();
  s.allocatedPlaces = places;
  delete s.waitlistPosition;
  s.confirmationDueAt = confirmationDueForOffer(s, at);
  s.deadlineSetAt = at.toISOString();
  move(s, 'FUNDED', SYSTEM, 'promoted_from_waitlist', at, effects, `${places} place(s) became free`);
  fundedNotices(s, effects, `${places} place(s) became free in the intake and are now yours.`);
  return effects;
}

export function applyDecline(s: EoiState, actor: Actor, comment: string, at: Date, requestId?: string): Effects {
  const effects = noEffects();
  delete s.waitlistPosition;
  move(s, 'DECLINED', actor, 'funding_declined', at, effects, comment, requestId);
  effects.notices.push(
    notice(s, 'funding-declined', organisationAudience(s), 'Funding was not agreed for your expression of interest', { lines: [comment] }),
  );
  return effects;
}

export function applyWaitlistPosition(s: EoiState, position: number): boolean {
  if (s.status !== 'WAITLISTED' || s.waitlistPosition === position) return false;
  s.waitlistPosition = position;
  s.seq += 1;
  return true;
}

export function applyAddCandidate(
  s: EoiState,
  actor: Actor,
  candidate: { name: string; email: string; currentRole: string },
  at: Date,
  requestId?: string,
) {
  const effects = noEffects();
  const id = `cand-${s.candidates.length + 1}`;
  s.candidates.push({ id, ...candidate, addedAt: at.toISOString() });
  move(s, s.status, actor, 'candidate_added', at, effects, undefined, requestId);
  effects.notices.push(
    notice(s, `candidate-added-${id}`, universityAudience(s), 'A candidate was put forward', {
      action: `Record the recruitment outcome for candidate ${id}`,
      dueAt: s.confirmationDueAt,
    }),
  );
  return { effects, candidateId: id };
}

export function applyCandidateOutcome(
  s: EoiState,
  actor: Actor,
  candidateId: string,
  outcome: 'offered' | 'accepted' | 'declined',
  at: Date,
  comment?: string,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const candidate = s.candidates.find((c) => c.id === candidateId)!;
  candidate.outcome = outcome;
  candidate.outcomeAt = at.toISOString();
  if (outcome === 'declined') delete candidate.confirmation;
  move(s, s.status, actor, `candidate_${outcome}`, at, effects, comment ?? `${candidateId}: ${outcome}`, requestId);
  if (outcome === 'accepted') {
    effects.notices.push(
      notice(s, `candidate-accepted-${candidateId}`, organisationAudience(s), 'A candidate accepted a place', {
        action: `Return the confirmation of support for candidate ${candidateId}`,
        dueAt: s.confirmationDueAt,
      }),
    );
  }
  return effects;
}

export function applyConfirmation(s: EoiState, actor: Actor, candidateId: string, signedBy: string, at: Date, requestId?: string): Effects {
  const effects = noEffects();
  const candidate = s.candidates.find((c) => c.id === candidateId)!;
  const late = s.status === 'CONFIRMATION_OVERDUE';
  candidate.confirmation = { signedBy, confirmedAt: at.toISOString(), confirmedBy: actor.userId, late };
  const enrolled = confirmedCount(s) >= s.allocatedPlaces;
  move(
    s,
    enrolled ? 'ENROLLED' : s.status,
    actor,
    'support_confirmed',
    at,
    effects,
    `${candidateId} signed by ${signedBy}${late ? ' (late)' : ''}`,
    requestId,
  );
  if (enrolled) enrolledNotices(s, effects);
  return effects;
}

function enrolledNotices(s: EoiState, effects: Effects) {
  const line = `${confirmedCount(s)} candidate(s) confirmed for ${s.allocatedPlaces} funded place(s).`;
  effects.notices.push(
    notice(s, 'enrolled-organisation', organisationAudience(s), 'Every funded place has a confirmed candidate', { lines: [line] }),
    notice(s, 'enrolled-university', universityAudience(s), 'Every funded place has a confirmed candidate', { lines: [line] }),
    notice(s, 'enrolled-hee', heeAudience, 'Confirmations of support are complete', { lines: [line] }),
  );
}

export function applyExtension(
  s: EoiState,
  actor: Actor,
  confirmationDueAt: string,
  reason: string,
  at: Date,
  requestId?: string,
): Effects {
  const effects = noEffects();
  s.confirmationDueAt = new Date(confirmationDueAt).toISOString();
  s.deadlineSetAt = at.toISOString();
  move(s, 'FUNDED', actor, 'deadline_extended', at, effects, reason, requestId);
  effects.notices.push(
    notice(s, 'extended', organisationAudience(s), 'The confirmation of support deadline was extended', {
      action: 'Return a confirmation of support for each successful candidate',
      dueAt: s.confirmationDueAt,
      lines: [reason],
    }),
  );
  return effects;
}

/** Returns how many places go back to the intake. */
export function applyPlaceRelease(s: EoiState, actor: Actor, places: number, reason: string, at: Date, requestId?: string) {
  const effects = noEffects();
  s.allocatedPlaces -= places;
  const done = s.allocatedPlaces === 0 ? 'WITHDRAWN' : confirmedCount(s) >= s.allocatedPlaces ? 'ENROLLED' : s.status;
  move(s, done, actor, 'places_released', at, effects, `${places} place(s): ${reason}`, requestId);
  if (done === 'ENROLLED') enrolledNotices(s, effects);
  return { effects, released: places };
}

/** Returns how many places go back to the intake. */
export function applyWithdrawal(s: EoiState, actor: Actor, reason: string, at: Date, requestId?: string) {
  const effects = noEffects();
  const released = s.allocatedPlaces;
  const wasWaitlisted = s.status === 'WAITLISTED';
  s.allocatedPlaces = 0;
  delete s.waitlistPosition;
  move(s, 'WITHDRAWN', actor, actor.role === 'hee_staff' ? 'funding_withdrawn' : 'withdrawn', at, effects, reason, requestId);
  const audience =
    actor.role === 'hee_staff' ? [...organisationAudience(s), ...universityAudience(s)] : [...universityAudience(s), ...heeAudience];
  effects.notices.push(notice(s, 'withdrawn', audience, 'An expression of interest was withdrawn', { lines: [reason] }));
  return { effects, released, wasWaitlisted };
}

// ---------- timers ----------

export const SYSTEM: Actor = { userId: 'system', role: 'admin', name: 'Trainflow' };

export type EoiTimer =
  | { key: string; at: string; kind: 'review-reminder' | 'review-escalation' }
  | { key: string; at: string; kind: 'confirmation-reminder'; daysBefore: number }
  | { key: string; at: string; kind: 'confirmation-overdue' }
  | { key: string; at: string; kind: 'waitlist-expiry' };

/** Every timer the current state calls for and that has not fired yet, soonest first. */
export function pendingTimers(s: EoiState, settings: ProcessSettings): EoiTimer[] {
  const timers: EoiTimer[] = [];
  if (s.status === 'UNDER_UNIVERSITY_REVIEW') {
    const since = Date.parse(s.statusSince);
    timers.push(
      {
        key: `review-reminder:${s.reviewRound}`,
        at: new Date(since + settings.reviewReminderAfterDays * DAY_MS).toISOString(),
        kind: 'review-reminder',
      },
      {
        key: `review-escalation:${s.reviewRound}`,
        at: new Date(since + settings.reviewEscalationAfterDays * DAY_MS).toISOString(),
        kind: 'review-escalation',
      },
    );
  }
  if (s.status === 'FUNDED' && s.confirmationDueAt) {
    const due = Date.parse(s.confirmationDueAt);
    const setAt = Date.parse(s.deadlineSetAt ?? s.statusSince);
    for (const days of settings.confirmationReminderDaysBefore) {
      const at = due - days * DAY_MS;
      // A reminder whose moment had passed when the deadline was set is not sent late.
      if (at > setAt)
        timers.push({
          key: `confirmation-reminder:${s.confirmationDueAt}:${days}`,
          at: new Date(at).toISOString(),
          kind: 'confirmation-reminder',
          daysBefore: days,
        });
    }
    timers.push({ key: `confirmation-overdue:${s.confirmationDueAt}`, at: s.confirmationDueAt, kind: 'confirmation-overdue' });
  }
  if (s.status === 'WAITLISTED') {
    timers.push({ key: 'waitlist-expiry', at: new Date(`${s.intake.startsOn}T00:00:00Z`).toISOString(), kind: 'waitlist-expiry' });
  }
  return timers.filter((t) => !s.firedTimers.includes(t.key)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Applies a timer that came due. Returns whether the EOI must leave the intake's waitlist. */
export function applyTimer(s: EoiState, timer: EoiTimer, at: Date): { effects: Effects; leftWaitlist: boolean } {
  const effects = noEffects();
  s.firedTimers.push(timer.key);
  s.seq += 1;
  switch (timer.kind) {
    case 'review-reminder':
      effects.notices.push(
        notice(
          s,
          `review-reminder-${s.reviewRound}`,
          universityAudience(s),
          'Reminder: an expression of interest is waiting for your review',
          {
            action: 'Review the expression of interest',
            dueAt: timer.at,
          },
        ),
      );
      break;
    case 'review-escalation':
      effects.notices.push(
        notice(
          s,
          `review-escalation-${s.reviewRound}`,
          heeAudience,
          'Escalation: a university has not reviewed an expression of interest',
          {
            lines: [`${s.labels.university} has had it since ${s.statusSince.slice(0, 10)} without a decision.`],
          },
        ),
      );
      break;
    case 'confirmation-reminder':
      effects.notices.push(
        notice(
          s,
          `confirmation-reminder-${timer.daysBefore}`,
          organisationAudience(s),
          `Reminder: confirmation of support is due in ${timer.daysBefore} day(s)`,
          {
            action: `Return a confirmation of support for each successful candidate (${confirmedCount(s)} of ${s.allocatedPlaces} so far)`,
            dueAt: s.confirmationDueAt,
          },
        ),
      );
      break;
    case 'confirmation-overdue':
      move(
        s,
        'CONFIRMATION_OVERDUE',
        SYSTEM,
        'confirmation_overdue',
        at,
        effects,
        `${confirmedCount(s)} of ${s.allocatedPlaces} confirmed`,
      );
      effects.notices.push(
        notice(s, 'overdue-hee', heeAudience, 'Confirmation of support is overdue', {
          action: 'Grant an extension or withdraw the funding',
          lines: [`${confirmedCount(s)} of ${s.allocatedPlaces} funded place(s) have a confirmed candidate.`],
        }),
        notice(s, 'overdue-organisation', organisationAudience(s), 'Your confirmation of support is overdue', {
          lines: ['HEE staff have been told and may extend the deadline or withdraw the funding.'],
        }),
      );
      break;
    case 'waitlist-expiry':
      delete s.waitlistPosition;
      move(s, 'DECLINED', SYSTEM, 'waitlist_expired', at, effects, 'The programme started before a place became free');
      effects.notices.push(
        notice(s, 'waitlist-expired', organisationAudience(s), 'No place became free for your expression of interest', {
          lines: ['The programme has started; your expression of interest is closed.'],
        }),
      );
      return { effects, leftWaitlist: true };
  }
  return { effects, leftWaitlist: false };
}

// ---------- deadlines and the view ----------

export function eoiDeadlines(s: EoiState, settings: ProcessSettings): DeadlineRecord[] {
  const org = s.labels.organisation;
  switch (s.status) {
    case 'UNDER_UNIVERSITY_REVIEW':
      return [
        {
          key: 'review',
          action: 'Review the expression of interest',
          owner: s.labels.university,
          ownerRole: 'university_reviewer',
          dueAt: reviewDueAt(s, settings),
        },
      ];
    case 'CHANGES_REQUESTED':
      return [
        {
          key: 'amendment',
          action: 'Amend the expression of interest as the university asked',
          owner: org,
          ownerRole: 'org_submitter',
          dueAt: addDays(new Date(s.statusSince), AMENDMENT_DUE_DAYS).toISOString(),
        },
      ];
    case 'AWAITING_FUNDING_DECISION':
      return [
        {
          key: 'funding-decision',
          action: 'Make the funding decision',
          owner: 'HEE staff',
          ownerRole: 'hee_staff',
          dueAt: addDays(new Date(s.statusSince), FUNDING_DECISION_DUE_DAYS).toISOString(),
        },
      ];
    case 'FUNDED':
    case 'CONFIRMATION_OVERDUE': {
      const due = s.confirmationDueAt!;
      const deadlines: DeadlineRecord[] = [];
      const missing = s.allocatedPlaces - confirmedCount(s);
      deadlines.push({
        key: 'confirmation',
        action: `Return confirmation of support for ${missing} more candidate(s)`,
        owner: org,
        ownerRole: 'org_submitter',
        dueAt: due,
      });
      const awaitingOutcome = s.candidates.filter((c) => !c.outcome || c.outcome === 'offered').length;
      if (awaitingOutcome > 0) {
        deadlines.push({
          key: 'recruitment',
          action: `Record the recruitment outcome of ${awaitingOutcome} candidate(s)`,
          owner: s.labels.university,
          ownerRole: 'university_reviewer',
          dueAt: due,
        });
      }
      if (s.status === 'CONFIRMATION_OVERDUE') {
        deadlines.push({
          key: 'overdue-decision',
          action: 'Grant an extension or withdraw the funding',
          owner: 'HEE staff',
          ownerRole: 'hee_staff',
          dueAt: due,
        });
      }
      return deadlines;
    }
    default:
      return [];
  }
}

export function nextDeadline(deadlines: DeadlineRecord[]): DeadlineRecord | undefined {
  return [...deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}

export function eoiView(s: EoiState, settings: ProcessSettings, actor?: Actor): EoiView {
  const next = nextDeadline(eoiDeadlines(s, settings));
  return {
    id: s.id,
    status: s.status,
    organisationId: s.organisationId,
    universityId: s.universityId,
    intakeId: s.intakeId,
    programmeId: s.programmeId,
    serviceType: s.serviceType,
    ...(s.pathway ? { pathway: s.pathway } : {}),
    placesRequested: s.placesRequested,
    contact: s.contact,
    declarations: s.declarations,
    submittedAt: s.submittedAt,
    allocatedPlaces: s.allocatedPlaces,
    ...(s.waitlistPosition !== undefined ? { waitlistPosition: s.waitlistPosition } : {}),
    ...(s.confirmationDueAt ? { confirmationDueAt: s.confirmationDueAt } : {}),
    candidates: s.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      currentRole: c.currentRole,
      addedAt: c.addedAt,
      ...(c.outcome ? { outcome: c.outcome, outcomeAt: c.outcomeAt } : {}),
      ...(c.confirmation
        ? { confirmation: { signedBy: c.confirmation.signedBy, confirmedAt: c.confirmation.confirmedAt, late: c.confirmation.late } }
        : {}),
    })),
    ...(next ? { nextDeadline: { action: next.action, owner: next.owner, dueAt: next.dueAt } } : {}),
    ...(actor ? { allowedActions: allowedActions(s, actor) } : {}),
    history: s.history.map((h) => ({
      at: h.at,
      actor: h.actor,
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      ...(h.comment ? { comment: h.comment } : {}),
    })),
  };
}
