/** What each accepted action and each offer from the intake changes, and who is told. */
import type { ProcessSettings } from '../settings';
import { EOI_RULE_CHANGES, follows } from '../rule-changes';
import { type Effects, noEffects, recordTransition } from '../process';
import { type Actor, SYSTEM_ACTOR } from '../roles';
import { amendmentDueAt, confirmationDueForOffer, fundingDecisionDueAt, reviewDueAt } from './deadlines';
import { enrolledNotices, fundedNotices, heeAudience, notice, organisationAudience, quoted, universityAudience } from './notices';
import type { Amendment, ContactCorrection, EoiStatus } from './schemas';
import { confirmedCount, nowIso, type EoiState, type NewEoi } from './state';

export function move(
  s: EoiState,
  to: EoiStatus,
  actor: Actor,
  action: string,
  at: Date,
  effects: Effects,
  comment?: string,
  requestId?: string,
  placesReleased?: number,
) {
  const from = recordTransition(s, effects, 'eoi', { actor, action, to, at, comment, requestId, placesReleased });
  if (from !== to) s.statusSince = nowIso(at);
}

/** "You have 10 days to review it." */
const youHave = (days: number, what: string) => `You have ${days} day${days === 1 ? '' : 's'} to ${what}.`;

/**
 * A new EOI under university review. `rules`: the rule changes it follows (docs/domain.md, "Rule
 * changes and running workflows"); all of them unless the workflow replays an older history.
 */
export function createEoi(
  input: NewEoi,
  at: Date,
  settings: ProcessSettings,
  options: { requestId?: string; rules?: readonly string[] } = {},
): { state: EoiState; effects: Effects } {
  const { requestId, rules = EOI_RULE_CHANGES } = options;
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
    rules: [...rules],
  };
  const effects = noEffects();
  recordTransition(state, effects, 'eoi', {
    actor: input.submittedBy,
    action: 'submitted',
    to: 'UNDER_UNIVERSITY_REVIEW',
    at,
    requestId,
    opening: true,
  });
  effects.notices.push(
    notice(state, 'submitted-university', universityAudience(state), 'A new expression of interest needs your review', {
      action: 'Review the expression of interest and support it, decline it or ask for changes',
      dueAt: reviewDueAt(state, settings),
      lines: [
        `${state.labels.organisation} asks for ${state.placesRequested} place(s) (${state.serviceType.replace(/_/g, ' ')}).`,
        youHave(settings.reviewReminderAfterDays, 'review it'),
      ],
    }),
    notice(state, 'submitted-organisation', organisationAudience(state), 'Your expression of interest was received', {
      lines: [`${state.labels.university} will review it.`],
    }),
  );
  return { state, effects };
}

export function applyReview(
  s: EoiState,
  actor: Actor,
  review: { decision: 'support' | 'decline' | 'changes_requested'; comment: string },
  at: Date,
  settings: ProcessSettings,
  requestId?: string,
): Effects {
  const effects = noEffects();
  if (review.decision === 'support') {
    move(s, 'AWAITING_FUNDING_DECISION', actor, 'university_supported', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'supported-hee', heeAudience, 'An expression of interest is ready for a funding decision', {
        action: 'Fund, waitlist or decline it',
        dueAt: fundingDecisionDueAt(s, settings),
        lines: [
          `${s.labels.university} supports it.`,
          quoted(s, actor, review.comment),
          youHave(settings.fundingDecisionReminderAfterDays, 'decide'),
        ],
      }),
      notice(s, 'supported-organisation', organisationAudience(s), 'The university supports your expression of interest', {
        lines: ['It now waits for a funding decision by HEE staff.'],
      }),
    );
  } else if (review.decision === 'decline') {
    move(s, 'DECLINED', actor, 'university_declined', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'university-declined', organisationAudience(s), 'The university declined your expression of interest', {
        lines: [quoted(s, actor, review.comment)],
      }),
    );
  } else {
    move(s, 'CHANGES_REQUESTED', actor, 'changes_requested', at, effects, review.comment, requestId);
    effects.notices.push(
      notice(s, 'changes-requested', organisationAudience(s), 'The university asks for changes to your expression of interest', {
        action: 'Amend the expression of interest',
        dueAt: amendmentDueAt(s, settings),
        lines: [quoted(s, actor, review.comment), youHave(settings.amendmentReminderAfterDays, 'amend it')],
      }),
    );
  }
  return effects;
}

export function applyAmendment(
  s: EoiState,
  actor: Actor,
  amendment: Amendment,
  /** Looked up by the API: the new university's name, and the intake's priority service types. */
  context: { universityLabel?: string; priorityServiceTypes?: readonly string[] },
  at: Date,
  settings: ProcessSettings,
  requestId?: string,
): Effects {
  const effects = noEffects();
  if (amendment.universityId && amendment.universityId !== s.universityId) {
    s.universityId = amendment.universityId;
    if (context.universityLabel) s.labels.university = context.universityLabel;
  }
  if (amendment.serviceType) {
    s.serviceType = amendment.serviceType;
    // Its rank on the waitlist follows the service type it has now, not the one it was submitted with.
    if (context.priorityServiceTypes) s.priority = context.priorityServiceTypes.includes(amendment.serviceType);
  }
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
      dueAt: reviewDueAt(s, settings),
      lines: [youHave(settings.reviewReminderAfterDays, 'review it')],
    }),
  );
  return effects;
}

/**
 * A corrected contact: recorded in the history (the status stays), and every undelivered email of
 * this EOI to the old address goes to the new one instead (Effects.readdress).
 */
export function applyContactCorrection(s: EoiState, actor: Actor, body: ContactCorrection, at: Date, requestId?: string): Effects {
  const effects = noEffects();
  const from = s.contact.email;
  s.contact = body.contact;
  recordTransition(s, effects, 'eoi', {
    actor,
    action: 'contact_corrected',
    to: s.status,
    at,
    comment: body.comment,
    requestId,
    after: { contact: { from, to: body.contact.email } },
  });
  if (from.toLowerCase() !== body.contact.email.toLowerCase()) effects.readdress = [{ from, to: body.contact.email, actor, requestId }];
  return effects;
}

export type AllocationOutcome = { kind: 'allocated'; places: number } | { kind: 'waitlisted'; position: number };

export function applyFunding(
  s: EoiState,
  actor: Actor,
  decision: { places: number; comment: string },
  outcome: AllocationOutcome,
  at: Date,
  requestId?: string,
  minDays?: number,
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
  // Funded after the usual deadline (or close to it): 14 days from now (minDays), not overdue at once.
  s.confirmationDueAt = follows(s, 'eoi:intake-bounds') ? confirmationDueForOffer(s, at, minDays) : s.intake.standardConfirmationDueAt;
  s.deadlineSetAt = at.toISOString();
  const partial = outcome.places < decision.places ? ` (${decision.places} decided; only ${outcome.places} were free)` : '';
  move(s, 'FUNDED', actor, 'funded', at, effects, decision.comment, requestId);
  fundedNotices(s, effects, `${outcome.places} place(s) funded${partial}.`);
  return effects;
}

export function applyOffer(s: EoiState, places: number, at: Date, minDays?: number): Effects {
  const effects = noEffects();
  s.allocatedPlaces = places;
  delete s.waitlistPosition;
  s.confirmationDueAt = confirmationDueForOffer(s, at, minDays);
  s.deadlineSetAt = at.toISOString();
  move(s, 'FUNDED', SYSTEM_ACTOR, 'promoted_from_waitlist', at, effects, `${places} place(s) became free`);
  fundedNotices(s, effects, `${places} place(s) became free in the intake and are now yours.`);
  return effects;
}

export function applyDecline(s: EoiState, actor: Actor, comment: string, at: Date, requestId?: string): Effects {
  const effects = noEffects();
  delete s.waitlistPosition;
  move(s, 'DECLINED', actor, 'funding_declined', at, effects, comment, requestId);
  effects.notices.push(
    notice(s, 'funding-declined', organisationAudience(s), 'Funding was not agreed for your expression of interest', {
      lines: [quoted(s, actor, comment)],
    }),
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
      lines: [quoted(s, actor, reason, 'Reason')],
    }),
  );
  return effects;
}

/** Returns how many places go back to the intake. */
export function applyPlaceRelease(s: EoiState, actor: Actor, places: number, reason: string, at: Date, requestId?: string) {
  const effects = noEffects();
  s.allocatedPlaces -= places;
  const done = s.allocatedPlaces === 0 ? 'WITHDRAWN' : confirmedCount(s) >= s.allocatedPlaces ? 'ENROLLED' : s.status;
  move(s, done, actor, 'places_released', at, effects, `${places} place(s): ${reason}`, requestId, places);
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
  const action = actor.role === 'hee_staff' ? 'funding_withdrawn' : 'withdrawn';
  move(s, 'WITHDRAWN', actor, action, at, effects, reason, requestId, released);
  const audience =
    actor.role === 'hee_staff' ? [...organisationAudience(s), ...universityAudience(s)] : [...universityAudience(s), ...heeAudience];
  effects.notices.push(
    notice(s, 'withdrawn', audience, 'An expression of interest was withdrawn', { lines: [quoted(s, actor, reason, 'Reason')] }),
  );
  return { effects, released, wasWaitlisted };
}
