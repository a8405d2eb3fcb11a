/** The due dates of an EOI's steps and its open deadlines. */
import type { ProcessSettings } from '../settings';
import { addCalendarDays, endOfDayAfter, endOfLondonDay, startOfLondonDay } from '../london-calendar';
import { follows } from '../rule-changes';
import type { DeadlineRecord } from '../process';
import { DAY_MS } from '../time';
import type { EoiStatus } from './schemas';
import { confirmedCount, MIN_DAYS_TO_CONFIRM_AFTER_OFFER, type EoiState } from './state';

/**
 * The waiting steps' due dates, each the end of a London day: the university reviews within
 * REVIEW_REMINDER_AFTER of the EOI reaching it (each round), the organisation amends within
 * AMENDMENT_REMINDER_AFTER, HEE staff decide within FUNDING_DECISION_REMINDER_AFTER.
 */
export function reviewDueAt(s: EoiState, settings: Pick<ProcessSettings, 'reviewReminderAfterDays'>): string {
  const started = lastEntryInto(s, 'UNDER_UNIVERSITY_REVIEW') ?? s.submittedAt;
  return endOfDayAfter(started, settings.reviewReminderAfterDays);
}

export function amendmentDueAt(s: EoiState, settings: Pick<ProcessSettings, 'amendmentReminderAfterDays'>): string {
  return endOfDayAfter(s.statusSince, settings.amendmentReminderAfterDays);
}

export function fundingDecisionDueAt(s: EoiState, settings: Pick<ProcessSettings, 'fundingDecisionReminderAfterDays'>): string {
  return endOfDayAfter(s.statusSince, settings.fundingDecisionReminderAfterDays);
}

function lastEntryInto(s: EoiState, status: EoiStatus): string | undefined {
  for (let i = s.history.length - 1; i >= 0; i--)
    if (s.history[i]!.toStatus === status && s.history[i]!.fromStatus !== status) return s.history[i]!.at;
  return undefined;
}

/**
 * The confirmation deadline of places funded at `at` (a funding decision, or an offer from the
 * waitlist): the usual one (28 days before the start), or at least 14 days, to the end of that
 * London day, when less is left; never later than the end of the day before the programme
 * starts. (Before the change, for offers only and without the cap.)
 */
export function confirmationDueForOffer(s: EoiState, at: Date, minDays = MIN_DAYS_TO_CONFIRM_AFTER_OFFER): string {
  const standard = Date.parse(s.intake.standardConfirmationDueAt);
  if (!follows(s, 'eoi:intake-bounds')) {
    return new Date(Math.max(standard, at.getTime() + MIN_DAYS_TO_CONFIRM_AFTER_OFFER * DAY_MS)).toISOString();
  }
  // With no minimum (CONFIRMATION_MIN_AFTER_FUNDING=P0D) the usual deadline stands, even if it has passed.
  const minimum = minDays > 0 ? Date.parse(endOfDayAfter(at, minDays)) : 0;
  return new Date(Math.min(Math.max(standard, minimum), Date.parse(lastDayBeforeStart(s)))).toISOString();
}

/** The end of the day before the programme starts: the latest any confirmation can be due. */
export function lastDayBeforeStart(s: Pick<EoiState, 'intake'>): string {
  return endOfLondonDay(addCalendarDays(s.intake.startsOn, -1));
}

/** When the programme starts: 00:00 London time on its first day. */
export function intakeStartsAt(s: Pick<EoiState, 'intake'>): string {
  return startOfLondonDay(s.intake.startsOn);
}

/** When places stop being offered from the waitlist (WAITLIST_OFFERS_CLOSE_BEFORE_START before the start). */
export function waitlistOffersCloseAt(
  s: Pick<EoiState, 'intake'>,
  settings: Pick<ProcessSettings, 'waitlistOffersCloseDaysBeforeStart'>,
): string {
  return startOfLondonDay(addCalendarDays(s.intake.startsOn, -settings.waitlistOffersCloseDaysBeforeStart));
}

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
          dueAt: amendmentDueAt(s, settings),
        },
      ];
    case 'AWAITING_FUNDING_DECISION':
      return [
        {
          key: 'funding-decision',
          action: 'Make the funding decision',
          owner: 'HEE staff',
          ownerRole: 'hee_staff',
          dueAt: fundingDecisionDueAt(s, settings),
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
