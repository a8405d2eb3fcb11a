/**
 * The commissioning funnel (docs/reports.md): how many EOIs reached each step, where they ended,
 * the places they asked for, hold, confirmed and gave back, and how long the steps took. Pure:
 * computed from the EOI read models (their views and histories) the workflows keep, so every
 * figure is the processes' own state at the moment it is read.
 */
import type { EoiStatus, EoiView } from '../eoi/schemas';
import { EOI_STATUSES } from '../eoi/schemas';
import { DAY_MS } from '../time';

/** What the funnel reads of one EOI: its view as the read model stores it. */
export type FunnelEoi = Pick<
  EoiView,
  'id' | 'status' | 'intakeId' | 'submittedAt' | 'placesRequested' | 'allocatedPlaces' | 'candidates' | 'history'
>;

export interface StepDuration {
  /** The median in days, to one decimal; null when no EOI has taken the step yet. */
  medianDays: number | null;
  /** How many EOIs took the step (the sample the median is of). */
  measured: number;
}

export interface FunnelFigures {
  eois: {
    submitted: number;
    /** Ever supported by the university (those amended and supported again count once). */
    supported: number;
    /** Ever asked for changes. */
    changesRequested: number;
    declinedByUniversity: number;
    declinedByHee: number;
    /** Closed because the programme started before they were funded. */
    declinedAtIntakeStart: number;
    /** Closed because no place became free while they were on the waitlist. */
    waitlistExpired: number;
    /** Ever funded: by HEE staff, or promoted from the waitlist. */
    funded: number;
    /** Ever put on the waitlist. */
    waitlisted: number;
    enrolled: number;
    withdrawn: number;
    /** Funded, then withdrawn (by the organisation or HEE staff, or at the start with none confirmed). */
    withdrawnAfterFunding: number;
  };
  /** How many are in each status now. */
  byStatus: Record<EoiStatus, number>;
  places: {
    requested: number;
    /** Held now by funded, overdue and enrolled EOIs. */
    allocated: number;
    /** Candidates with a returned confirmation of support, on EOIs holding places. */
    confirmed: number;
    /** Funded places given back to the intake, by why (each release counts once). */
    released: PlacesReleased;
  };
  durations: {
    submissionToReview: StepDuration;
    reviewToDecision: StepDuration;
    fundingToConfirmation: StepDuration;
  };
}

/**
 * Why funded places went back to the intake: the organisation or HEE staff gave some back while
 * funded; the EOI was withdrawn while funded; either happened after the confirmation deadline had
 * passed (CONFIRMATION_OVERDUE); or the programme started with places unconfirmed.
 */
export interface PlacesReleased {
  givenBack: number;
  atWithdrawal: number;
  afterMissedDeadline: number;
  atIntakeStart: number;
}

const REVIEW_ACTIONS = new Set(['university_supported', 'university_declined', 'changes_requested']);
const DECISION_ACTIONS = new Set(['funded', 'waitlisted', 'funding_declined']);
const FUNDING_ACTIONS = new Set(['funded', 'promoted_from_waitlist']);
const HOLDING: readonly EoiStatus[] = ['FUNDED', 'CONFIRMATION_OVERDUE', 'ENROLLED'];

/**
 * The places a history entry gave back. Entries record the count (`placesReleased`); older ones
 * only have it in their words: "2 place(s): <reason>" (domain/eoi/transitions.ts,
 * applyPlaceRelease) and "… 1 released." at the start (domain/eoi/timers.ts, intakeStarted). An
 * older withdrawal recorded no count, so it counts none.
 */
export function placesReleasedBy(entry: { action: string; comment?: string; placesReleased?: number }): number {
  if (entry.placesReleased !== undefined) return entry.placesReleased;
  if (entry.action === 'places_released') return Number(/^(\d+) place\(s\)/.exec(entry.comment ?? '')?.[1] ?? 0);
  if (entry.action === 'intake_started') return Number(/(\d+) released\.$/.exec(entry.comment ?? '')?.[1] ?? 0);
  return 0;
}

/** Which of `PlacesReleased` a history entry's released places belong to. */
export function releaseReason(entry: { action: string; fromStatus: string | null }): keyof PlacesReleased | undefined {
  if (entry.action === 'intake_started') return 'atIntakeStart';
  if (entry.action !== 'places_released' && entry.action !== 'withdrawn' && entry.action !== 'funding_withdrawn') return undefined;
  if (entry.fromStatus === 'CONFIRMATION_OVERDUE') return 'afterMissedDeadline';
  return entry.action === 'places_released' ? 'givenBack' : 'atWithdrawal';
}

/** The middle value (the mean of the two middle ones for an even count), in days to 1 decimal. */
export function medianDays(durationsMs: readonly number[]): StepDuration {
  if (durationsMs.length === 0) return { medianDays: null, measured: 0 };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianDays: Math.round((median / DAY_MS) * 10) / 10, measured: sorted.length };
}

const between = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** The entry that ended the EOI (moved it into its final status), if it has ended. */
function closingAction(eoi: FunnelEoi): string | undefined {
  const last = [...eoi.history].reverse().find((h) => h.toStatus === eoi.status && h.fromStatus !== eoi.status);
  return last?.action;
}

export function emptyFunnel(): FunnelFigures {
  return {
    eois: {
      submitted: 0,
      supported: 0,
      changesRequested: 0,
      declinedByUniversity: 0,
      declinedByHee: 0,
      declinedAtIntakeStart: 0,
      waitlistExpired: 0,
      funded: 0,
      waitlisted: 0,
      enrolled: 0,
      withdrawn: 0,
      withdrawnAfterFunding: 0,
    },
    byStatus: Object.fromEntries(EOI_STATUSES.map((status) => [status, 0])) as Record<EoiStatus, number>,
    places: {
      requested: 0,
      allocated: 0,
      confirmed: 0,
      released: { givenBack: 0, atWithdrawal: 0, afterMissedDeadline: 0, atIntakeStart: 0 },
    },
    durations: {
      submissionToReview: { medianDays: null, measured: 0 },
      reviewToDecision: { medianDays: null, measured: 0 },
      fundingToConfirmation: { medianDays: null, measured: 0 },
    },
  };
}

/**
 * What the funnel needs of one EOI, a few hundred bytes instead of its whole view: written beside
 * the view by each commit (activities/process-commit.ts), so a report over thousands of EOIs reads
 * these facts, not every history. Durations are in milliseconds; absent when the step was not taken.
 */
export interface EoiFunnelFacts {
  intakeId: string;
  status: EoiStatus;
  supported: boolean;
  changesRequested: boolean;
  waitlisted: boolean;
  funded: boolean;
  /** The action that moved it into its final status, if it has ended. */
  closedBy?: string;
  placesRequested: number;
  allocatedPlaces: number;
  confirmed: number;
  releasedGivenBack: number;
  releasedAtIntakeStart: number;
  /** Absent in facts stored before withdrawals recorded their count: none. */
  releasedAtWithdrawal?: number;
  releasedAfterMissedDeadline?: number;
  toReviewMs?: number;
  toDecisionMs?: number;
  toConfirmationMs?: number;
}

/**
 * One EOI's facts. Durations: submission → the university's first review answer; the support →
 * HEE staff's first decision after it (fund, waitlist or decline); the first funding (decided or
 * from the waitlist) → the EOI became ENROLLED.
 */
export function eoiFunnelFacts(eoi: FunnelEoi): EoiFunnelFacts {
  const actions = new Set(eoi.history.map((h) => h.action));
  const facts: EoiFunnelFacts = {
    intakeId: eoi.intakeId,
    status: eoi.status,
    supported: actions.has('university_supported'),
    changesRequested: actions.has('changes_requested'),
    waitlisted: actions.has('waitlisted'),
    funded: actions.has('funded') || actions.has('promoted_from_waitlist'),
    placesRequested: eoi.placesRequested,
    allocatedPlaces: eoi.allocatedPlaces,
    confirmed: eoi.candidates.filter((c) => c.confirmation).length,
    releasedGivenBack: 0,
    releasedAtIntakeStart: 0,
    releasedAtWithdrawal: 0,
    releasedAfterMissedDeadline: 0,
  };
  const closedBy = closingAction(eoi);
  if (closedBy) facts.closedBy = closedBy;
  const factOf = {
    givenBack: 'releasedGivenBack',
    atWithdrawal: 'releasedAtWithdrawal',
    afterMissedDeadline: 'releasedAfterMissedDeadline',
    atIntakeStart: 'releasedAtIntakeStart',
  } as const;
  for (const entry of eoi.history) {
    const reason = releaseReason(entry);
    if (reason) facts[factOf[reason]] = (facts[factOf[reason]] ?? 0) + placesReleasedBy(entry);
  }
  const review = eoi.history.find((h) => REVIEW_ACTIONS.has(h.action));
  if (review) facts.toReviewMs = between(eoi.submittedAt, review.at);
  const decisionIndex = eoi.history.findIndex((h) => DECISION_ACTIONS.has(h.action));
  const support = eoi.history
    .slice(0, Math.max(decisionIndex, 0))
    .reverse()
    .find((h) => h.action === 'university_supported');
  if (support && decisionIndex >= 0) facts.toDecisionMs = between(support.at, eoi.history[decisionIndex]!.at);
  const fundingIndex = eoi.history.findIndex((h) => FUNDING_ACTIONS.has(h.action));
  const enrolled = fundingIndex >= 0 ? eoi.history.slice(fundingIndex).find((h) => h.toStatus === 'ENROLLED') : undefined;
  if (enrolled) facts.toConfirmationMs = between(eoi.history[fundingIndex]!.at, enrolled.at);
  return facts;
}

/** The funnel of a set of EOIs, from their facts. */
export function funnelOfFacts(eois: readonly EoiFunnelFacts[]): FunnelFigures {
  const figures = emptyFunnel();
  const toReview: number[] = [];
  const toDecision: number[] = [];
  const toConfirmation: number[] = [];
  for (const eoi of eois) {
    const count = figures.eois;
    count.submitted += 1;
    if (eoi.supported) count.supported += 1;
    if (eoi.changesRequested) count.changesRequested += 1;
    if (eoi.waitlisted) count.waitlisted += 1;
    if (eoi.funded) count.funded += 1;
    figures.byStatus[eoi.status] += 1;
    if (eoi.status === 'ENROLLED') count.enrolled += 1;
    if (eoi.status === 'WITHDRAWN') {
      count.withdrawn += 1;
      if (eoi.funded) count.withdrawnAfterFunding += 1;
    }
    if (eoi.status === 'DECLINED') {
      if (eoi.closedBy === 'university_declined') count.declinedByUniversity += 1;
      else if (eoi.closedBy === 'funding_declined') count.declinedByHee += 1;
      else if (eoi.closedBy === 'intake_started') count.declinedAtIntakeStart += 1;
      else if (eoi.closedBy === 'waitlist_expired') count.waitlistExpired += 1;
    }
    figures.places.requested += eoi.placesRequested;
    if (HOLDING.includes(eoi.status)) {
      figures.places.allocated += eoi.allocatedPlaces;
      figures.places.confirmed += eoi.confirmed;
    }
    const released = figures.places.released;
    released.givenBack += eoi.releasedGivenBack;
    released.atWithdrawal += eoi.releasedAtWithdrawal ?? 0;
    released.afterMissedDeadline += eoi.releasedAfterMissedDeadline ?? 0;
    released.atIntakeStart += eoi.releasedAtIntakeStart;
    if (eoi.toReviewMs !== undefined) toReview.push(eoi.toReviewMs);
    if (eoi.toDecisionMs !== undefined) toDecision.push(eoi.toDecisionMs);
    if (eoi.toConfirmationMs !== undefined) toConfirmation.push(eoi.toConfirmationMs);
  }
  figures.durations = {
    submissionToReview: medianDays(toReview),
    reviewToDecision: medianDays(toDecision),
    fundingToConfirmation: medianDays(toConfirmation),
  };
  return figures;
}

/** The funnel of a set of EOIs, from their views. */
export function commissioningFunnel(eois: readonly FunnelEoi[]): FunnelFigures {
  return funnelOfFacts(eois.map(eoiFunnelFacts));
}

/** The funnel per intake (in the order given) and across them all, from the EOIs' facts. */
export function funnelOfFactsByIntake(
  eois: readonly EoiFunnelFacts[],
  intakeIds: readonly string[],
): { total: FunnelFigures; intakes: { intakeId: string; figures: FunnelFigures }[] } {
  return {
    total: funnelOfFacts(eois),
    intakes: intakeIds.map((intakeId) => ({ intakeId, figures: funnelOfFacts(eois.filter((e) => e.intakeId === intakeId)) })),
  };
}

/** The funnel per intake (in the order given) and across them all, from the EOIs' views. */
export function commissioningFunnelByIntake(
  eois: readonly FunnelEoi[],
  intakeIds: readonly string[],
): { total: FunnelFigures; intakes: { intakeId: string; figures: FunnelFigures }[] } {
  return funnelOfFactsByIntake(eois.map(eoiFunnelFacts), intakeIds);
}
