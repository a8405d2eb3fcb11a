/** The timers an EOI's state calls for (reminders, escalation, overdue, waitlist expiry) and what each does when it fires. */
import type { ProcessSettings } from '../../config/config';
import { DAY_MS } from '../time';
import { heeAudience, notice, organisationAudience, universityAudience } from './notices';
import { confirmedCount, noEffects, SYSTEM, type Effects, type EoiState } from './state';
import { move } from './transitions';

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
