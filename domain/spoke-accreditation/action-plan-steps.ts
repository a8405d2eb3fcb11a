/** What the action-plan steps change: opening the plan, completing an action, and the two next steps. */
import type { Audience } from '../notifications';
import { formatDueDate } from '../notifications';
import { type Effects, noEffects } from '../process';
import type { Actor } from '../roles';
import { ACTION_OWNER_WORDS, type ActionItem, type ActionOwner, numberedActions, openActions, type PlannedAction } from './action-plan';
import { heeAudience, hubAudience, namedAudience, notice, practiceAudience, quoted } from './notices';
import type { SpokeActionBody } from './schemas';
import { iso, personRef, type SpokeContext, type SpokeState } from './state';
import { spokeDeadlines } from './timers';
import { record } from './transitions';

/** Who hears of an action: its owner as the application names them. */
export function ownerAudience(s: SpokeState, owner: ActionOwner): Audience[] {
  switch (owner) {
    case 'practice_manager':
      return practiceAudience(s);
    case 'administrator':
      return [{ kind: 'address', email: s.administrator.email, name: s.administrator.name }];
    case 'educationalist':
      return [{ kind: 'address', email: s.educationalist.email, name: s.educationalist.name }];
    case 'hub_lead':
      return hubAudience(s);
  }
}

export const actionLine = (a: Pick<ActionItem, 'id' | 'description' | 'owner' | 'dueAt'>) =>
  `${a.id}: ${a.description} (${ACTION_OWNER_WORDS[a.owner]}, due ${formatDueDate(a.dueAt)})`;

/** The visit's outcome is actions_required with actions: the application waits in ACTIONS_IN_PROGRESS. */
export function openActionPlan(
  s: SpokeState,
  actor: Actor,
  planned: readonly PlannedAction[],
  notes: string,
  at: Date,
  ctx: SpokeContext,
  effects: Effects,
  requestId?: string,
): void {
  const actions = numberedActions(planned);
  s.actionPlan = { visitNumber: s.visit!.number, actions, recordedAt: iso(at), recordedBy: personRef(actor) };
  record(s, effects, actor, 'visit-outcome', 'ACTIONS_IN_PROGRESS', at, {
    comment: notes,
    requestId,
    after: { actions: actions.map((a) => ({ id: a.id, owner: a.owner, dueDate: a.dueDate })) },
  });
  effects.notices.push(
    notice(
      s,
      ctx,
      'visit-action-plan',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
      'Action plan after the quality visit',
      {
        action: 'Complete each action by its due date',
        dueAt: openActions(s.actionPlan)[0]?.dueAt,
        lines: [
          quoted(s, actor, notes, 'Notes'),
          'Actions:',
          ...actions.map((a) => `- ${actionLine(a)}`),
          'When every action is complete the hub sends the application for HEE approval or schedules a follow-up visit.',
        ],
      },
    ),
  );
}

/** One action marked complete; the status stays until the hub chooses the next step. */
export function applyActionCompletion(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'action-completion'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const action = s.actionPlan!.actions.find((a) => a.id === body.actionId)!;
  action.completedAt = iso(at);
  action.completedBy = personRef(actor);
  const open = openActions(s.actionPlan);
  record(s, effects, actor, 'action-completion', s.status, at, {
    comment: `${action.id} complete: ${action.description}`,
    requestId,
    after: { actionId: action.id },
  });
  if (open.length === 0) {
    effects.notices.push(
      notice(s, ctx, 'action-plan-complete', hubAudience(s), 'Every action is complete', {
        action: 'Send the application for HEE approval or schedule a follow-up visit',
        dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'after-actions')?.dueAt,
      }),
    );
  }
  return effects;
}

/** The plan is complete: the application goes to HEE, as after a satisfactory visit. */
export function applyApprovalRequest(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'approval-request'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const comment = body.comment || undefined;
  record(s, effects, actor, 'approval-request', 'AWAITING_HEE_APPROVAL', at, { comment, requestId });
  const lines = [`The hub recorded the action plan of quality visit ${s.actionPlan!.visitNumber} as complete.`];
  if (comment) lines.push(quoted(s, actor, comment));
  effects.notices.push(
    notice(s, ctx, 'approval-needed', heeAudience, 'Spoke accreditation awaiting HEE approval', {
      action: 'Approve or reject the accreditation',
      dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'hee-approval')?.dueAt,
      lines,
    }),
    notice(s, ctx, 'action-plan-approval', [...practiceAudience(s), ...namedAudience(s)], 'Action plan complete', {
      lines: ['The application now goes to HEE for approval.'],
    }),
  );
  return effects;
}

/** The plan is complete: a follow-up quality visit, whose outcome is recorded as any visit's. */
export function applyFollowUpVisit(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'follow-up-visit'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  s.visitsScheduled += 1;
  s.visit = { number: s.visitsScheduled, scheduledFor: body.scheduledFor, scheduledAt: iso(at), scheduledBy: personRef(actor) };
  record(s, effects, actor, 'follow-up-visit', 'VISIT_PENDING', at, { comment: `Follow-up visit for ${body.scheduledFor}`, requestId });
  effects.notices.push(
    notice(
      s,
      ctx,
      'visit-scheduled',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
      'Follow-up quality visit scheduled',
      {
        lines: [`The follow-up quality visit to ${s.practiceName} is on ${formatDueDate(body.scheduledFor)} (${body.scheduledFor}).`],
      },
    ),
  );
  return effects;
}
