/** The due dates of an EOI's steps and its open deadlines. */
import type { ProcessSettings } from '../../config/config';
import type { DeadlineRecord } from '../process';
import { addDays, DAY_MS } from '../time';
import type { EoiStatus } from './schemas';
import { AMENDMENT_DUE_DAYS, confirmedCount, FUNDING_DECISION_DUE_DAYS, MIN_DAYS_TO_CONFIRM_AFTER_OFFER, type EoiState } from './state';

export function reviewDueAt(s: EoiState, settings?: Pick<ProcessSettings, 'reviewReminderAfterDays'>): string {
  const started = lastEntryInto(s, 'UNDER_UNIVERSITY_REVIEW') ?? s.submittedAt;
  return addDays(new Date(started), settings?.reviewReminderAfterDays ?? 10).toISOString();
}

function lastEntryInto(s: EoiState, status: EoiStatus): string | undefined {
  for (let i = s.history.length - 1; i >= 0; i--)
    if (s.history[i]!.toStatus === status && s.history[i]!.fromStatus !== status) return s.history[i]!.at;
  return undefined;
}

/** The deadline for a place offered from the waitlist: the usual one, or at least two weeks. */
export function confirmationDueForOffer(s: EoiState, offeredAt: Date): string {
  const standard = Date.parse(s.intake.standardConfirmationDueAt);
  const minimum = offeredAt.getTime() + MIN_DAYS_TO_CONFIRM_AFTER_OFFER * DAY_MS;
  return new Date(Math.max(standard, minimum)).toISOString();
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
