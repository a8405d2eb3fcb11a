/** What a timed event does when it comes due: reminders, escalations, lapse, and the start of re-accreditation. */
import { type Effects, noEffects } from '../process';
import { formatDueDate } from '../notifications';
import { SYSTEM_ACTOR } from '../roles';
import { addDays } from '../time';
import { carriedRounds } from './evidence-rounds';
import { criterionLine, heeAudience, hubAudience, namedAudience, notice, outstandingEvidenceLines, practiceAudience } from './notices';
import { actionLine, ownerAudience } from './action-plan-steps';
import { iso, type SpokeContext, type SpokeCycleData, type SpokeState } from './state';
import { type ActionStepKey, actionStepKey, isRenewalRefused, waitingSteps, type StepKey, type TimedEvent } from './timers';
import { record } from './transitions';

const STEP_WORDS: Record<Exclude<StepKey, ActionStepKey>, string> = {
  evidence: 'evidence',
  'hub-review': 'evidence review',
  'visit-scheduling': 'quality visit scheduling',
  visit: 'quality visit',
  'hee-approval': 'HEE approval',
  agreement: 'signed agreement',
  'accreditation-expiry': 'accreditation',
  'after-actions': 'next step after the action plan',
};

const stepWords = (step: StepKey) => (step.startsWith('action-') ? 'action' : STEP_WORDS[step as Exclude<StepKey, ActionStepKey>]);

/**
 * Applies a timed event that is due (not re-accreditation, which needs the hub's latest criteria:
 * see startReaccreditation). Marks it fired; reminders only tell people, lapse ends the process.
 */
export function applyTimedEvent(s: SpokeState, event: TimedEvent, at: Date, ctx: SpokeContext): Effects {
  const effects = noEffects();
  s.fired.push(event.key);
  if (event.kind !== 'lapse') s.seq += 1; // a lapse is recorded (and counted) by record()
  const step = waitingSteps(s, ctx.settings).find((w) => w.key === event.step);
  const due = step?.dueAt;
  const what = stepWords(event.step);
  switch (event.kind) {
    case 'reminder': {
      const audience = step?.owner === 'hub' ? hubAudience(s) : step?.owner === 'hee' ? heeAudience : practiceAudience(s);
      effects.notices.push(
        notice(
          s,
          ctx,
          `${event.step}-reminder${event.before?.days ? `-${event.before.days}d` : ''}`,
          audience,
          `Reminder: ${what} due ${due ? formatDueDate(due) : 'soon'}`,
          {
            action: step?.action,
            dueAt: due,
            ...(event.step === 'evidence' ? { lines: outstandingEvidenceLines(s) } : {}),
          },
        ),
      );
      break;
    }
    case 'escalation': {
      const owner = step?.owner === 'hub' ? hubAudience(s) : [];
      effects.notices.push(
        notice(s, ctx, `${event.step}-escalation`, [...owner, ...heeAudience], `Overdue: ${what}`, {
          action: step?.action,
          dueAt: due,
          lines: [`This step has waited since ${formatDueDate(s.stepSince)}.`],
        }),
      );
      break;
    }
    case 'overdue':
      effects.notices.push(
        notice(s, ctx, `${event.step}-overdue`, [...practiceAudience(s), ...hubAudience(s)], `Overdue: ${what}`, {
          action: step?.action,
          dueAt: due,
          ...(event.step === 'evidence' ? { lines: outstandingEvidenceLines(s) } : {}),
        }),
      );
      break;
    case 'visit-reminder':
      effects.notices.push(
        notice(
          s,
          ctx,
          `visit-reminder-${event.before?.days ?? 0}d`,
          [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
          `Reminder: quality visit in ${event.before?.days ?? 0} day${event.before?.days === 1 ? '' : 's'}`,
          { lines: [`The quality visit to ${s.practiceName} is on ${formatDueDate(s.visit!.scheduledFor)} (${s.visit!.scheduledFor}).`] },
        ),
      );
      break;
    case 'expiry-reminder':
      effects.notices.push(
        notice(
          s,
          ctx,
          `expiry-reminder-${event.before?.months ?? 0}m`,
          [...practiceAudience(s), ...hubAudience(s)],
          `Accreditation expires ${formatDueDate(s.accreditedUntil!)}`,
          {
            action: 'Complete re-accreditation',
            dueAt: s.accreditedUntil,
            lines: [`Re-accreditation is at this step: ${s.status}. Without renewal the accreditation lapses on the expiry date.`],
          },
        ),
      );
      break;
    case 'lapse':
      record(s, effects, SYSTEM_ACTOR, 'lapsed', 'LAPSED', at, { comment: `The accreditation expired on ${s.accreditedUntil}` });
      effects.notices.push(
        notice(s, ctx, 'lapsed', [...practiceAudience(s), ...hubAudience(s), ...heeAudience], 'Spoke accreditation lapsed', {
          lines: [
            isRenewalRefused(s)
              ? `The accreditation expired on ${formatDueDate(s.accreditedUntil!)}; HEE did not approve its renewal.`
              : `The accreditation expired on ${formatDueDate(s.accreditedUntil!)} without renewal.`,
            'The practice may apply again.',
          ],
        }),
      );
      break;
    case 'action-overdue': {
      const action = s.actionPlan?.actions.find((a) => actionStepKey(a.id) === event.step);
      if (!action) break;
      // The owner and the hub, once each even when the hub owns the action.
      const audience = [...ownerAudience(s, action.owner), ...(action.owner === 'hub_lead' ? [] : hubAudience(s))];
      effects.notices.push(
        notice(s, ctx, `${event.step}-overdue`, audience, `Overdue: action ${action.id} after the quality visit`, {
          action: action.description,
          dueAt: action.dueAt,
          lines: [`- ${actionLine(action)}`, 'Mark it complete on the application once it is done.'],
        }),
      );
      break;
    }
    case 'reaccreditation-due':
      throw new Error('Re-accreditation starts with startReaccreditation');
  }
  return effects;
}

/**
 * Opens the next cycle: REACCREDITATION_DUE with the hub's latest criteria, each carried-over
 * statement pre-filled and marked for re-confirmation. The accreditation held now stays valid
 * until it expires.
 */
export function startReaccreditation(s: SpokeState, event: TimedEvent, data: SpokeCycleData, at: Date, ctx: SpokeContext): Effects {
  const effects = noEffects();
  s.fired.push(event.key);
  const previous = new Map(s.evidence.map((e) => [e.criterionCode, e]));
  s.cycle += 1;
  s.criteriaSet = {
    id: data.criteriaSet.id,
    version: data.criteriaSet.version,
    name: data.criteriaSet.name,
    isExample: data.criteriaSet.isExample,
  };
  s.criteria = data.criteriaSet.criteria;
  s.validityMonths = data.hub.accreditationValidityMonths;
  s.practiceName = data.practice.name;
  s.hubName = data.hub.name;
  s.evidence = data.criteriaSet.criteria.map((c) => {
    const before = previous.get(c.code);
    if (!before?.statement) return { criterionCode: c.code, title: c.title, status: 'missing' };
    return {
      criterionCode: c.code,
      title: c.title,
      status: 'to_reconfirm',
      statement: before.statement,
      ...(before.documentUrl ? { documentUrl: before.documentUrl } : {}),
      ...(before.submittedAt ? { submittedAt: before.submittedAt } : {}),
      ...(before.submittedBy ? { submittedBy: before.submittedBy } : {}),
      ...carriedRounds(before, s.cycle - 1),
    };
  });
  s.evidenceDueAt = iso(addDays(at, ctx.settings.evidenceResubmissionDays));
  delete s.visit;
  delete s.actionPlan;
  delete s.approval;
  delete s.agreement;
  record(s, effects, SYSTEM_ACTOR, 'reaccreditation-due', 'REACCREDITATION_DUE', at, {
    comment: `Cycle ${s.cycle}: the accreditation expires on ${s.accreditedUntil}`,
  });
  const missing = s.evidence.filter((e) => e.status === 'missing');
  effects.notices.push(
    notice(s, ctx, 'reaccreditation-due', practiceAudience(s), 'Re-accreditation due', {
      action: 'Re-confirm or update the evidence for each criterion',
      dueAt: s.evidenceDueAt,
      lines: [
        `The accreditation of ${s.practiceName} expires on ${formatDueDate(s.accreditedUntil!)}.`,
        'Your evidence from the last cycle is pre-filled: re-confirm each item or update it.',
        ...(missing.length ? ['New criteria to evidence:', ...missing.map((e) => `- ${criterionLine(s, e.criterionCode)}`)] : []),
      ],
    }),
    notice(s, ctx, 'reaccreditation-due-hub', hubAudience(s), `Re-accreditation opened for ${s.practiceName}`, {
      lines: [`The accreditation expires on ${formatDueDate(s.accreditedUntil!)}.`],
    }),
  );
  return effects;
}
