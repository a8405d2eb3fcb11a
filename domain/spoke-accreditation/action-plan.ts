/**
 * The action plan a quality visit with outcome `actions_required` opens (rule
 * 'spoke:visit-action-plan'): actions, each with an owner named in the application and a due date
 * (a London date, due at the end of that day). The hub lead, HEE staff or an admin marks each one
 * complete; only when every action is complete may the application go to HEE for approval or to a
 * follow-up visit. Pure data and rules: no I/O, no clock reads.
 */
import { z } from 'zod';
import { addCalendarDays, endOfLondonDay, londonDateOf } from '../london-calendar';
import type { Role } from '../roles';
import { CalendarDateSchema } from '../reference-data';

/** Who owns an action: a person or role the application names. */
export const ACTION_OWNERS = ['practice_manager', 'administrator', 'educationalist', 'hub_lead'] as const;
export const ActionOwnerSchema = z.enum(ACTION_OWNERS).meta({
  id: 'SpokeActionOwner',
  description: 'practice_manager: the practice; administrator / educationalist: the person the application names; hub_lead: the hub',
});
export type ActionOwner = z.infer<typeof ActionOwnerSchema>;

export const ACTION_OWNER_WORDS: Record<ActionOwner, string> = {
  practice_manager: 'Practice manager',
  administrator: 'Practice-based administrator',
  educationalist: 'Practice-based educationalist',
  hub_lead: 'Hub lead',
};

/** The most actions one plan holds, and how far ahead an action may be due. */
export const MAX_PLANNED_ACTIONS = 20;
export const ACTION_DUE_MAX_DAYS = 365;

export const PlannedActionBody = z
  .strictObject({
    description: z.string().trim().min(1).max(1000),
    owner: ActionOwnerSchema,
    dueDate: CalendarDateSchema.meta({ format: 'date', description: 'Due at the end of that London day' }),
  })
  .meta({ id: 'SpokePlannedAction' });
export type PlannedAction = z.infer<typeof PlannedActionBody>;

const PersonRef = z.object({ userId: z.string(), name: z.string() });

export const ActionSchema = z
  .object({
    id: z.string().meta({ description: 'A1, A2, ... in the order given' }),
    description: z.string(),
    owner: ActionOwnerSchema,
    dueDate: z.string(),
    dueAt: z.string().meta({ description: 'The end of the due date in London' }),
    completedAt: z.string().optional(),
    completedBy: PersonRef.optional(),
  })
  .meta({ id: 'SpokeAction' });
export type ActionItem = z.infer<typeof ActionSchema>;

export const ActionPlanSchema = z
  .object({
    visitNumber: z.number().int().meta({ description: 'The quality visit that opened the plan' }),
    actions: z.array(ActionSchema),
    recordedAt: z.string(),
    recordedBy: PersonRef,
  })
  .meta({ id: 'SpokeActionPlan' });
export type ActionPlan = z.infer<typeof ActionPlanSchema>;

export const ActionCompletionBody = z.strictObject({ actionId: z.string().trim().min(1).max(10) }).meta({ id: 'SpokeActionCompletion' });

/** The roles that manage an action plan (complete its actions, choose the next step), each within its scope: the hub lead of the application's hub, HEE staff, admins. */
export const ACTION_PLAN_ROLES: readonly Role[] = ['hub_lead', 'hee_staff', 'admin'];

export const isActionComplete = (action: Pick<ActionItem, 'completedAt'>) => action.completedAt !== undefined;

/** Every action is complete: HEE approval or a follow-up visit may be asked for. */
export function isActionPlanComplete(plan: { actions: readonly Pick<ActionItem, 'completedAt'>[] } | undefined): boolean {
  return plan !== undefined && plan.actions.every(isActionComplete);
}

export type ActionStatus = 'complete' | 'due' | 'overdue';

/** Complete, due, or overdue (its due date has passed in London) at `now`. */
export function actionStatus(action: Pick<ActionItem, 'completedAt' | 'dueAt'>, now: Date): ActionStatus {
  if (isActionComplete(action)) return 'complete';
  return Date.parse(action.dueAt) < now.getTime() ? 'overdue' : 'due';
}

/**
 * Each action's due date problem, with its path in the visit-outcome body: a date before today in
 * London, or more than ACTION_DUE_MAX_DAYS ahead.
 */
export function actionDueDateErrors(actions: readonly PlannedAction[], now: Date): { path: string; message: string }[] {
  const today = londonDateOf(now);
  const latest = addCalendarDays(today, ACTION_DUE_MAX_DAYS);
  return actions.flatMap((action, i) => {
    const path = `body.actions.${i}.dueDate`;
    if (action.dueDate < today) return [{ path, message: `must be today (${today}) or later` }];
    if (action.dueDate > latest) return [{ path, message: `must be within ${ACTION_DUE_MAX_DAYS} days: ${latest} at the latest` }];
    return [];
  });
}

/** The plan's actions as recorded: numbered in the order given, each due at the end of its London date. */
export function numberedActions(actions: readonly PlannedAction[]): ActionItem[] {
  return actions.map((action, i) => ({
    id: `A${i + 1}`,
    description: action.description,
    owner: action.owner,
    dueDate: action.dueDate,
    dueAt: endOfLondonDay(action.dueDate),
  }));
}

/** The open actions, soonest due first. */
export function openActions(plan: ActionPlan | undefined): ActionItem[] {
  return (plan?.actions ?? [])
    .filter((a) => !isActionComplete(a))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}
