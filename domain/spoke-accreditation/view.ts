/** The read model of an application: what the API answers with and the workflow's query returns. */
import type { Actor } from '../roles';
import { allowedActions } from './policy';
import type { SpokeView } from './schemas';
import type { SpokeSettings, SpokeState } from './state';
import { soonestDeadline } from '../process';
import { spokeDeadlines } from './timers';

export function spokeView(s: SpokeState, settings: SpokeSettings, actor?: Actor): SpokeView {
  const deadlines = spokeDeadlines(s, settings);
  const next = soonestDeadline(deadlines);
  return {
    id: s.id,
    practiceId: s.practiceId,
    practiceName: s.practiceName,
    hubId: s.hubId,
    hubName: s.hubName,
    status: s.status,
    cycle: s.cycle,
    isTrainingPractice: s.isTrainingPractice,
    administrator: s.administrator,
    educationalist: s.educationalist,
    criteriaSet: s.criteriaSet,
    criteria: s.criteria,
    evidence: s.evidence,
    ...(s.evidenceDueAt ? { evidenceDueAt: s.evidenceDueAt } : {}),
    ...(s.visit ? { visit: s.visit } : {}),
    ...(s.actionPlan ? { actionPlan: s.actionPlan } : {}),
    ...(s.approval ? { approval: s.approval } : {}),
    ...(s.agreement ? { agreement: s.agreement } : {}),
    ...(s.accreditedAt ? { accreditedAt: s.accreditedAt } : {}),
    ...(s.accreditedUntil ? { accreditedUntil: s.accreditedUntil } : {}),
    ...(s.suspension ? { suspension: s.suspension } : {}),
    ...(s.renewalRefused ? { renewalRefused: s.renewalRefused } : {}),
    ...(s.validityExtensions?.length ? { validityExtensions: s.validityExtensions } : {}),
    history: s.history,
    ...(next ? { nextDeadline: { action: next.action, owner: next.owner, dueAt: next.dueAt } } : {}),
    deadlines: deadlines.map((d) => ({ key: d.key, action: d.action, owner: d.owner, dueAt: d.dueAt })),
    ...(actor ? { allowedActions: allowedActions(s, actor) } : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
