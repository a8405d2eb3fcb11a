/** The waiting steps of an application, their due dates and timed events (reminders, escalations, expiry), and its deadlines. */
import { formatDueDate } from '../notifications';
import type { DeadlineRecord } from '../process';
import { addDays, addMonths } from '../time';
import { ACTION_OWNER_WORDS, isActionPlanComplete, openActions } from './action-plan';
import { isTerminal, iso, type SpokeSettings, type SpokeState } from './state';

export type TimedEventKind =
  | 'reminder' // to whoever must act, before the step is due
  | 'escalation' // a review step passed its due date: the owner and HEE staff are told
  | 'overdue' // the practice's step passed its due date: the practice and the hub are told
  | 'visit-reminder' // before the quality visit, to both sides
  | 'reaccreditation-due' // starts the next cycle
  | 'expiry-reminder' // the accreditation expires soon and the renewal is not signed yet
  | 'lapse' // the accreditation expired without renewal
  | 'action-overdue'; // an action of the plan passed its due date: its owner and the hub are told

export type StepKey =
  | 'evidence'
  | 'hub-review'
  | 'visit-scheduling'
  | 'visit'
  | 'hee-approval'
  | 'agreement'
  | 'accreditation-expiry'
  | 'after-actions'
  | ActionStepKey;
/** One open action of the plan: `action-A1`, ... */
export type ActionStepKey = `action-${string}`;
export const actionStepKey = (actionId: string): ActionStepKey => `action-${actionId}`;

export interface TimedEvent {
  /** Unique for the life of the application (across cycles and continue-as-new). */
  key: string;
  at: string;
  kind: TimedEventKind;
  step: StepKey;
  /** For reminders: how long before the due date (days, or months for expiry). */
  before?: { days?: number; months?: number };
}

type Owner = 'practice' | 'hub' | 'hee';

export interface WaitingStep {
  key: StepKey;
  action: string;
  owner: Owner;
  dueAt: string;
  events: TimedEvent[];
}

const uniqueDescending = (values: readonly number[]) => [...new Set(values)].sort((a, b) => b - a);

/** The re-accreditation points: when the next cycle starts, and the later expiry reminders. */
export function reaccreditationPlan(accreditedAt: string, accreditedUntil: string, settings: SpokeSettings) {
  const months = uniqueDescending(settings.reaccreditationReminderMonthsBefore);
  const startMonths = months[0] ?? 6;
  const until = new Date(accreditedUntil);
  const startsAt = new Date(Math.max(addMonths(until, -startMonths).getTime(), Date.parse(accreditedAt)));
  return {
    startsAt: iso(startsAt),
    startMonths,
    reminders: months.slice(1).map((m) => ({ months: m, at: iso(addMonths(until, -m)) })),
  };
}

/** The waiting steps of the application now, each with its due date and its timed events. */
export function waitingSteps(state: SpokeState, settings: SpokeSettings): WaitingStep[] {
  if (isTerminal(state.status) || state.status === 'SUSPENDED') return [];
  const steps: WaitingStep[] = [];
  const s = `s${state.step}`;
  const since = new Date(state.stepSince);

  const practiceStep = (key: StepKey, action: string, due: Date): WaitingStep => ({
    key,
    action,
    owner: 'practice',
    dueAt: iso(due),
    events: [
      ...uniqueDescending(settings.evidenceReminderDaysBefore)
        .map((days) => ({
          key: `${s}:${key}:reminder-${days}d`,
          at: iso(addDays(due, -days)),
          kind: 'reminder' as const,
          step: key,
          before: { days },
        }))
        // A reminder that would fall before the step began is never sent.
        .filter((event) => Date.parse(event.at) >= since.getTime()),
      { key: `${s}:${key}:overdue`, at: iso(due), kind: 'overdue', step: key },
    ],
  });
  const reviewStep = (key: StepKey, action: string, owner: Owner, from = since): WaitingStep => {
    const due = addDays(from, settings.reviewEscalationAfterDays);
    return {
      key,
      action,
      owner,
      dueAt: iso(due),
      events: [
        { key: `${s}:${key}:reminder`, at: iso(addDays(from, settings.reviewReminderAfterDays)), kind: 'reminder', step: key },
        { key: `${s}:${key}:escalation`, at: iso(due), kind: 'escalation', step: key },
      ],
    };
  };

  switch (state.status) {
    case 'AWAITING_EVIDENCE':
      steps.push(practiceStep('evidence', 'Submit evidence for every criterion', new Date(state.evidenceDueAt!)));
      break;
    case 'EVIDENCE_CHANGES_REQUESTED':
      steps.push(practiceStep('evidence', 'Resubmit the evidence the hub returned', new Date(state.evidenceDueAt!)));
      break;
    case 'REACCREDITATION_DUE':
      steps.push(practiceStep('evidence', 'Re-confirm or update the evidence for re-accreditation', new Date(state.evidenceDueAt!)));
      break;
    case 'UNDER_HUB_REVIEW':
      steps.push(reviewStep('hub-review', 'Review the evidence for each criterion', 'hub'));
      break;
    case 'VISIT_PENDING':
      if (!state.visit) {
        steps.push(reviewStep('visit-scheduling', 'Schedule the quality visit', 'hub'));
      } else {
        const visitAt = new Date(state.visit.scheduledFor);
        steps.push({
          key: 'visit',
          action: 'Hold the quality visit and record its outcome',
          owner: 'hub',
          dueAt: iso(visitAt),
          events: uniqueDescending(settings.visitReminderDaysBefore)
            .map((days) => ({
              key: `${s}:visit${state.visit!.number}:reminder-${days}d`,
              at: iso(addDays(visitAt, -days)),
              kind: 'visit-reminder' as const,
              step: 'visit' as const,
              before: { days },
            }))
            .filter((event) => Date.parse(event.at) >= Date.parse(state.visit!.scheduledAt)),
        });
      }
      break;
    case 'ACTIONS_IN_PROGRESS':
      steps.push(...actionPlanSteps(state, s, reviewStep));
      break;
    case 'AWAITING_HEE_APPROVAL':
      steps.push(reviewStep('hee-approval', 'Approve or reject the accreditation', 'hee'));
      break;
    case 'AWAITING_AGREEMENT':
      steps.push(
        practiceStep('agreement', 'Sign the Learning and Development Agreement', addDays(since, settings.evidenceResubmissionDays)),
      );
      break;
    default:
      break;
  }

  if (state.accreditedUntil && state.accreditedAt) {
    const a = `a${state.accreditationCycle ?? state.cycle}`;
    const plan = reaccreditationPlan(state.accreditedAt, state.accreditedUntil, settings);
    const events: TimedEvent[] = [];
    const refused = isRenewalRefused(state);
    const extension = latestExtension(state);
    if (refused) {
      // Re-accreditation was refused: nothing reopens it; the accreditation runs to its expiry.
    } else if (state.status === 'ACCREDITED') {
      events.push({
        key: `${a}:reaccreditation-due`,
        at: plan.startsAt,
        kind: 'reaccreditation-due',
        step: 'accreditation-expiry',
        before: { months: plan.startMonths },
      });
    } else {
      // After an extension the reminders count from the new expiry, under new keys, none before the extension.
      const since = extension?.at ?? state.accreditedAt;
      const prefix = extension ? `${a}:x${extension.number}` : a;
      for (const r of plan.reminders.filter((r) => r.at >= since)) {
        events.push({
          key: `${prefix}:expiry-reminder-${r.months}m`,
          at: r.at,
          kind: 'expiry-reminder',
          step: 'accreditation-expiry',
          before: { months: r.months },
        });
      }
    }
    events.push({ key: `${a}:lapse`, at: state.accreditedUntil, kind: 'lapse', step: 'accreditation-expiry' });
    steps.push({
      key: 'accreditation-expiry',
      action: refused
        ? 'The accreditation lapses: its renewal was not approved'
        : state.status === 'ACCREDITED'
          ? `Renew the accreditation (re-accreditation opens ${formatDueDate(plan.startsAt)})`
          : 'Complete re-accreditation before the accreditation expires',
      owner: 'practice',
      dueAt: state.accreditedUntil,
      events,
    });
  }
  return steps;
}

/**
 * While actions are open: one step per open action, due at the end of its date, with an overdue
 * notice to its owner and the hub (once). Once all are complete: the hub's next step, reminded and
 * escalated as a review step from the last completion.
 */
function actionPlanSteps(
  state: SpokeState,
  s: string,
  reviewStep: (key: StepKey, action: string, owner: Owner, from?: Date) => WaitingStep,
): WaitingStep[] {
  if (isActionPlanComplete(state.actionPlan)) {
    const last =
      state
        .actionPlan!.actions.map((a) => a.completedAt!)
        .sort()
        .at(-1) ?? state.stepSince;
    return [reviewStep('after-actions', 'Send the application for HEE approval or schedule a follow-up visit', 'hub', new Date(last))];
  }
  return openActions(state.actionPlan).map((a) => {
    const key = actionStepKey(a.id);
    return {
      key,
      action: `${a.id}: ${a.description} (${ACTION_OWNER_WORDS[a.owner]})`,
      owner: a.owner === 'hub_lead' ? 'hub' : 'practice',
      dueAt: a.dueAt,
      events: [{ key: `${s}:${key}:overdue`, at: a.dueAt, kind: 'action-overdue', step: key }],
    };
  });
}

/** HEE refused renewing the accreditation held now. */
export function isRenewalRefused(state: Pick<SpokeState, 'renewalRefused' | 'accreditationCycle'>): boolean {
  return state.renewalRefused !== undefined && state.renewalRefused.accreditationCycle === state.accreditationCycle;
}

/** The last extension of the accreditation held now, numbered from 1, if any. */
function latestExtension(state: SpokeState): { number: number; at: string } | undefined {
  const extensions = (state.validityExtensions ?? []).filter((x) => x.accreditationCycle === state.accreditationCycle);
  const last = extensions.at(-1);
  return last ? { number: extensions.length, at: last.at } : undefined;
}

/** Every timed event of the current state that has not fired yet, soonest first. */
export function pendingTimedEvents(state: SpokeState, settings: SpokeSettings): TimedEvent[] {
  const fired = new Set(state.fired);
  return waitingSteps(state, settings)
    .flatMap((step) => step.events)
    .filter((event) => !fired.has(event.key))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || eventOrder(a) - eventOrder(b) || a.key.localeCompare(b.key));
}

// At the same instant: tell people before changing state, and change state before lapsing.
const eventOrder = (e: TimedEvent) => (e.kind === 'lapse' ? 2 : e.kind === 'reaccreditation-due' ? 1 : 0);

/** The next timed event the workflow must wait for, if any. */
export function nextTimedEvent(state: SpokeState, settings: SpokeSettings): TimedEvent | undefined {
  return pendingTimedEvents(state, settings)[0];
}

function ownerWords(state: SpokeState, owner: Owner): Pick<DeadlineRecord, 'owner' | 'ownerRole'> {
  if (owner === 'practice') return { owner: state.practiceName, ownerRole: 'practice_manager' };
  if (owner === 'hub') return { owner: state.hubName, ownerRole: 'hub_lead' };
  return { owner: 'HEE staff', ownerRole: 'hee_staff' };
}

/** The open deadlines, as the Deadline table and calendar feeds hold them. */
export function spokeDeadlines(state: SpokeState, settings: SpokeSettings): DeadlineRecord[] {
  return waitingSteps(state, settings).map((step) => ({
    key: step.key,
    action: step.action,
    ...ownerWords(state, step.owner),
    dueAt: step.dueAt,
  }));
}

/** Forget fired keys of steps and accreditations that are over, so the set stays small for decades. */
export function pruneFired(state: SpokeState) {
  state.fired = state.fired.filter((key) => {
    const match = /^([sa])(\d+):/.exec(key);
    if (!match) return true;
    const n = Number(match[2]);
    return match[1] === 's' ? n >= state.step : n >= (state.accreditationCycle ?? 0);
  });
}
