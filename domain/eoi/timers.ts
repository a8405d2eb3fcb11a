/** The timers an EOI's state calls for (reminders, escalation, overdue, waitlist expiry) and what each does when it fires. */
import { type Effects, noEffects } from '../process';
import { SYSTEM_ACTOR } from '../roles';
import type { ProcessSettings } from '../settings';
import { addCalendarDays, londonDateOf, reminderTimeFor, reminderTimeOn, startOfLondonDay } from '../london-calendar';
import { formatDue, quotedFrom } from '../notifications';
import { follows } from '../rule-changes';
import { DAY_MS } from '../time';
import { amendmentDueAt, fundingDecisionDueAt, intakeStartsAt, reviewDueAt, waitlistOffersCloseAt } from './deadlines';
import { heeAudience, notice, organisationAudience, universityAudience } from './notices';
import { confirmedCount, OPEN_STATUSES, type EoiState } from './state';
import { move } from './transitions';

export type EoiTimer =
  | { key: string; at: string; kind: 'review-reminder' | 'review-escalation' | 'amendment-reminder' | 'funding-decision-reminder' }
  | { key: string; at: string; kind: 'confirmation-reminder'; daysBefore: number }
  | { key: string; at: string; kind: 'confirmation-overdue' }
  | { key: string; at: string; kind: 'waitlist-expiry' }
  | { key: string; at: string; kind: 'intake-started' };

/** Every timer the current state calls for and that has not fired yet, soonest first. */
export function pendingTimers(s: EoiState, settings: ProcessSettings): EoiTimer[] {
  const timers = follows(s, 'eoi:london-calendar') ? londonTimers(s, settings) : timersBeforeLondonCalendar(s, settings);
  return timers.filter((t) => !s.firedTimers.includes(t.key)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * Reminders at 09:00 London time on the working day on or before the day they are meant for:
 * the day a step is due (review, amendment, funding decision), the day the review escalates,
 * and 14, 7 and 2 days before the confirmation deadline. Deadlines pass at their own instant.
 */
function londonTimers(s: EoiState, settings: ProcessSettings): EoiTimer[] {
  const timers: EoiTimer[] = [];
  const round = s.reviewRound;
  if (s.status === 'UNDER_UNIVERSITY_REVIEW') {
    timers.push(
      { key: `review-reminder:${round}`, at: reminderTimeFor(reviewDueAt(s, settings)), kind: 'review-reminder' },
      {
        key: `review-escalation:${round}`,
        at: reminderTimeOn(addCalendarDays(londonDateOf(s.statusSince), settings.reviewEscalationAfterDays)),
        kind: 'review-escalation',
      },
    );
  }
  if (s.status === 'CHANGES_REQUESTED') {
    timers.push({ key: `amendment-reminder:${round}`, at: reminderTimeFor(amendmentDueAt(s, settings)), kind: 'amendment-reminder' });
  }
  if (s.status === 'AWAITING_FUNDING_DECISION') {
    timers.push({
      key: `funding-decision-reminder:${round}`,
      at: reminderTimeFor(fundingDecisionDueAt(s, settings)),
      kind: 'funding-decision-reminder',
    });
  }
  if (s.status === 'FUNDED' && s.confirmationDueAt) {
    const dueDate = londonDateOf(s.confirmationDueAt);
    const setAt = Date.parse(s.deadlineSetAt ?? s.statusSince);
    for (const days of settings.confirmationReminderDaysBefore) {
      const at = reminderTimeOn(addCalendarDays(dueDate, -days));
      // A reminder whose moment had passed when the deadline was set is not sent late.
      if (Date.parse(at) > setAt)
        timers.push({ key: `confirmation-reminder:${s.confirmationDueAt}:${days}`, at, kind: 'confirmation-reminder', daysBefore: days });
    }
    timers.push({ key: `confirmation-overdue:${s.confirmationDueAt}`, at: s.confirmationDueAt, kind: 'confirmation-overdue' });
  }
  const bounded = follows(s, 'eoi:intake-bounds');
  if (s.status === 'WAITLISTED') {
    const at = bounded ? waitlistOffersCloseAt(s, settings) : startOfLondonDay(s.intake.startsOn);
    timers.push({ key: 'waitlist-expiry', at, kind: 'waitlist-expiry' });
  }
  // Nothing stays open once the programme has started.
  if (bounded && OPEN_STATUSES.includes(s.status)) timers.push({ key: 'intake-started', at: intakeStartsAt(s), kind: 'intake-started' });
  return timers;
}

/** The timers of EOIs started before the London calendar (exact day counts from the step's start, UTC midnights). */
function timersBeforeLondonCalendar(s: EoiState, settings: ProcessSettings): EoiTimer[] {
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
  return timers;
}

/** The university's comment when it last asked for changes, as lines of a notice. */
function lastComment(s: EoiState, action: string): string[] {
  const entry = [...s.history].reverse().find((h) => h.action === action);
  return entry?.comment ? ['The university asked for changes.', quotedFrom(entry.actor, s.labels.university, entry.comment)] : [];
}

/**
 * Applies a timer that came due. Returns whether the EOI must leave the intake's waitlist, and
 * how many funded places go back to the intake.
 */
export function applyTimer(
  s: EoiState,
  timer: EoiTimer,
  at: Date,
  settings: ProcessSettings,
): { effects: Effects; leftWaitlist: boolean; released?: number } {
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
            dueAt: follows(s, 'eoi:london-calendar') ? reviewDueAt(s, settings) : timer.at,
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
    case 'amendment-reminder':
      effects.notices.push(
        notice(
          s,
          `amendment-reminder-${s.reviewRound}`,
          organisationAudience(s),
          'Reminder: the university is waiting for your amendments',
          {
            action: 'Amend the expression of interest as the university asked',
            dueAt: amendmentDueAt(s, settings),
            lines: lastComment(s, 'changes_requested'),
          },
        ),
      );
      break;
    case 'funding-decision-reminder':
      effects.notices.push(
        notice(
          s,
          `funding-decision-reminder-${s.reviewRound}`,
          heeAudience,
          'Reminder: a supported expression of interest awaits your funding decision',
          {
            action: 'Fund or decline it',
            dueAt: fundingDecisionDueAt(s, settings),
            lines: [`${s.labels.university} supported it on ${formatDue(s.statusSince)}.`],
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
          follows(s, 'eoi:london-calendar')
            ? `Reminder: confirmation of support is due on ${formatDue(s.confirmationDueAt!)}`
            : `Reminder: confirmation of support is due in ${timer.daysBefore} day(s)`,
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
        SYSTEM_ACTOR,
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
    case 'waitlist-expiry': {
      const bounded = follows(s, 'eoi:intake-bounds');
      const why = bounded
        ? `Places are offered from the waitlist until ${settings.waitlistOffersCloseDaysBeforeStart} days before the programme starts on ${formatDue(intakeStartsAt(s))}, and none became free`
        : 'The programme started before a place became free';
      delete s.waitlistPosition;
      move(s, 'DECLINED', SYSTEM_ACTOR, 'waitlist_expired', at, effects, why);
      effects.notices.push(
        notice(s, 'waitlist-expired', organisationAudience(s), 'No place became free for your expression of interest', {
          lines: [
            bounded
              ? `${why}: your expression of interest is closed.`
              : 'The programme has started; your expression of interest is closed.',
          ],
        }),
      );
      return { effects, leftWaitlist: true };
    }
    case 'intake-started':
      return intakeStarted(s, at);
  }
  return { effects, leftWaitlist: false };
}

/**
 * The programme has started: an EOI still under review, awaiting a decision or waitlisted is
 * declined ("intake started"); a funded one keeps its confirmed places (ENROLLED) and gives the
 * rest back to the intake, or is withdrawn when none is confirmed.
 */
function intakeStarted(s: EoiState, at: Date): { effects: Effects; leftWaitlist: boolean; released?: number } {
  const effects = noEffects();
  const started = `The programme started on ${formatDue(intakeStartsAt(s))}`;
  if (s.status !== 'FUNDED' && s.status !== 'CONFIRMATION_OVERDUE') {
    const wasWaitlisted = s.status === 'WAITLISTED';
    const inReview = s.status === 'UNDER_UNIVERSITY_REVIEW' || s.status === 'CHANGES_REQUESTED';
    delete s.waitlistPosition;
    move(s, 'DECLINED', SYSTEM_ACTOR, 'intake_started', at, effects, 'intake started');
    const audience = inReview ? [...organisationAudience(s), ...universityAudience(s)] : organisationAudience(s);
    effects.notices.push(
      notice(s, 'intake-started', audience, 'Your expression of interest is closed: the programme has started', {
        lines: [`${started} before the expression of interest was funded, so it is closed.`],
      }),
    );
    return { effects, leftWaitlist: wasWaitlisted };
  }
  const confirmed = confirmedCount(s);
  const released = s.allocatedPlaces - confirmed;
  s.allocatedPlaces = confirmed;
  const line = `${started}: ${confirmed} place(s) with a confirmed candidate kept, ${released} released.`;
  move(s, confirmed > 0 ? 'ENROLLED' : 'WITHDRAWN', SYSTEM_ACTOR, 'intake_started', at, effects, line, undefined, released);
  effects.notices.push(
    notice(s, 'intake-started', [...organisationAudience(s), ...universityAudience(s), ...heeAudience], 'The programme has started', {
      lines: [line],
    }),
  );
  return { effects, leftWaitlist: false, released };
}
