/** Opening an application and the evidence and quality-visit steps: what each accepted action changes. */
import { type Effects, noEffects, recordTransition } from '../process';
import { formatDueDate } from '../notifications';
import type { Criterion } from '../reference-data';
import type { Actor } from '../roles';
import { SPOKE_RULE_CHANGES } from '../rule-changes';
import { addDays } from '../time';
import {
  changesRequestedNotice,
  criterionLine,
  heeAudience,
  hubAudience,
  namedAudience,
  notice,
  practiceAudience,
  quoted,
} from './notices';
import { reviewEvidence, submitEvidence } from './evidence-rounds';
import { isEvidenceComplete, opensActionPlan } from './policy';
import { openActionPlan } from './action-plan-steps';
import type { EvidenceItem, SpokeActionBody, SpokeStatus } from './schemas';
import { iso, personRef, type NewSpokeApplication, type SpokeContext, type SpokeCycleData, type SpokeState } from './state';
import { pruneFired, spokeDeadlines } from './timers';

export function record(
  s: SpokeState,
  effects: Effects,
  actor: Actor,
  action: string,
  to: SpokeStatus,
  at: Date,
  options: { comment?: string; requestId?: string; newStep?: boolean; after?: Record<string, unknown> } = {},
) {
  const from = recordTransition(s, effects, 'spoke', {
    actor,
    action,
    to,
    at,
    comment: options.comment,
    requestId: options.requestId,
    ...(options.after ? { after: options.after } : {}),
  });
  s.updatedAt = iso(at);
  if (options.newStep ?? from !== to) {
    s.step += 1;
    s.stepSince = iso(at);
    pruneFired(s);
  }
}

function evidenceFrom(criteria: readonly Criterion[]): EvidenceItem[] {
  return criteria.map((c) => ({ criterionCode: c.code, title: c.title, status: 'missing' }));
}

/** A new application, waiting for the practice's evidence. */
/** `rules`: the rule changes it follows; all of them unless the workflow replays an older history. */
export function openSpokeApplication(
  input: NewSpokeApplication,
  data: SpokeCycleData,
  at: Date,
  ctx: SpokeContext,
  rules: readonly string[] = SPOKE_RULE_CHANGES,
): { state: SpokeState; effects: Effects } {
  const s: SpokeState = {
    id: input.id,
    practiceId: input.practiceId,
    hubId: input.hubId,
    practiceName: data.practice.name,
    hubName: data.hub.name,
    isTrainingPractice: data.practice.isTrainingPractice,
    administrator: input.administrator,
    educationalist: input.educationalist,
    status: 'AWAITING_EVIDENCE',
    cycle: 1,
    step: 1,
    stepSince: iso(at),
    seq: 0,
    validityMonths: data.hub.accreditationValidityMonths,
    criteriaSet: {
      id: data.criteriaSet.id,
      version: data.criteriaSet.version,
      name: data.criteriaSet.name,
      isExample: data.criteriaSet.isExample,
    },
    criteria: data.criteriaSet.criteria,
    evidence: evidenceFrom(data.criteriaSet.criteria),
    evidenceDueAt: iso(addDays(at, ctx.settings.evidenceResubmissionDays)),
    visitsScheduled: 0,
    history: [],
    fired: [],
    createdAt: iso(at),
    updatedAt: iso(at),
    rules: [...rules],
  };
  const effects = noEffects();
  recordTransition(s, effects, 'spoke', {
    actor: input.appliedBy,
    action: 'applied',
    to: 'AWAITING_EVIDENCE',
    at,
    requestId: input.requestId,
    opening: true,
    after: { criteriaSet: s.criteriaSet },
  });
  effects.notices.push(
    notice(s, ctx, 'opened-practice', practiceAudience(s), 'Spoke application opened: evidence needed', {
      action: `Submit evidence for each of the ${s.criteria.length} criteria`,
      dueAt: s.evidenceDueAt,
      lines: [`Criteria (${s.criteriaSet.name}, version ${s.criteriaSet.version}):`, ...s.criteria.map((c) => `- ${c.code}: ${c.title}`)],
    }),
    notice(s, ctx, 'opened-hub', hubAudience(s), `New spoke application from ${s.practiceName}`, {
      lines: ['You will be asked to review the evidence once the practice has submitted it for every criterion.'],
    }),
    notice(s, ctx, 'opened-named', namedAudience(s), 'You are named on a spoke application', {
      lines: [
        `${s.practiceName} named ${s.administrator.name} as the practice-based administrator responsible for the learners’ timetable, and ${s.educationalist.name} as the practice-based educationalist who offers regular teaching and is responsible for the learning programme.`,
      ],
    }),
  );
  return { state: s, effects };
}

export function applyEvidence(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'evidence'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  for (const item of body.items) {
    const target = s.evidence.find((e) => e.criterionCode === item.criterionCode)!;
    submitEvidence(
      target,
      { statement: item.statement, documentUrl: item.documentUrl, submittedAt: iso(at), submittedBy: personRef(actor) },
      s.cycle,
    );
  }
  const complete = isEvidenceComplete(s.evidence);
  const codes = body.items.map((i) => i.criterionCode).join(', ');
  record(s, effects, actor, 'evidence', complete ? 'UNDER_HUB_REVIEW' : s.status, at, { comment: `Evidence for ${codes}`, requestId });
  if (complete) {
    delete s.evidenceDueAt;
    s.evidence.forEach((e) => delete e.resubmissionDueAt);
    const due = spokeDeadlines(s, ctx.settings).find((d) => d.key === 'hub-review')?.dueAt;
    const toReview = s.evidence.filter((e) => e.status === 'submitted').map((e) => criterionLine(s, e.criterionCode));
    effects.notices.push(
      notice(s, ctx, 'evidence-ready', hubAudience(s), 'Evidence ready for review', {
        action: 'Review the evidence for each criterion (accept, or reject with a comment)',
        dueAt: due,
        lines: [`${s.practiceName} has submitted evidence for:`, ...toReview.map((l) => `- ${l}`)],
      }),
    );
  }
  return effects;
}

export function applyEvidenceReview(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'evidence-review'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  for (const item of body.items) {
    const target = s.evidence.find((e) => e.criterionCode === item.criterionCode)!;
    const review = {
      decision: item.decision,
      comment: item.comment,
      reviewer: personRef(actor),
      at: iso(at),
      source: 'hub_review',
    } as const;
    reviewEvidence(target, review, s.cycle);
  }
  const summary = body.items.map((i) => `${i.criterionCode} ${i.decision === 'accept' ? 'accepted' : 'rejected'}`).join(', ');
  const stillWaiting = s.evidence.some((e) => e.status === 'submitted');
  if (stillWaiting) {
    record(s, effects, actor, 'evidence-review', s.status, at, { comment: summary, requestId });
    return effects;
  }
  const rejected = s.evidence.filter((e) => e.status === 'rejected');
  if (rejected.length > 0) {
    returnEvidence(s, rejected, at, ctx);
    record(s, effects, actor, 'evidence-review', 'EVIDENCE_CHANGES_REQUESTED', at, { comment: summary, requestId });
    effects.notices.push(changesRequestedNotice(s, ctx, 'evidence-changes', 'Changes requested to your evidence', rejected));
    return effects;
  }
  delete s.visit;
  record(s, effects, actor, 'evidence-review', 'VISIT_PENDING', at, { comment: summary, requestId });
  effects.notices.push(
    notice(s, ctx, 'evidence-accepted-hub', hubAudience(s), 'Evidence accepted: schedule the quality visit', {
      action: 'Agree a date with the practice and schedule the quality visit',
      dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'visit-scheduling')?.dueAt,
    }),
    notice(s, ctx, 'evidence-accepted-practice', practiceAudience(s), 'All your evidence is accepted', {
      lines: ['The hub will contact you to arrange the quality visit.'],
    }),
  );
  return effects;
}

function returnEvidence(s: SpokeState, items: EvidenceItem[], at: Date, ctx: SpokeContext) {
  s.evidenceDueAt = iso(addDays(at, ctx.settings.evidenceResubmissionDays));
  for (const item of items) item.resubmissionDueAt = s.evidenceDueAt;
}

export function applyVisit(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const rescheduled = s.visit !== undefined;
  s.visitsScheduled += 1;
  s.visit = { number: s.visitsScheduled, scheduledFor: body.scheduledFor, scheduledAt: iso(at), scheduledBy: personRef(actor) };
  record(s, effects, actor, 'visit', s.status, at, {
    comment: `${rescheduled ? 'Rescheduled' : 'Scheduled'} for ${body.scheduledFor}`,
    requestId,
  });
  effects.notices.push(
    notice(
      s,
      ctx,
      'visit-scheduled',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
      `Quality visit ${rescheduled ? 'rescheduled' : 'scheduled'}`,
      {
        lines: [`The quality visit to ${s.practiceName} is on ${formatDueDate(body.scheduledFor)} (${body.scheduledFor}).`],
      },
    ),
  );
  return effects;
}

export function applyVisitOutcome(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit-outcome'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const visit = s.visit!;
  visit.outcome = body.outcome;
  visit.notes = body.notes;
  if (body.criteria?.length) visit.criteria = [...body.criteria];
  visit.recordedAt = iso(at);
  visit.recordedBy = personRef(actor);
  if (body.outcome === 'satisfactory') {
    record(s, effects, actor, 'visit-outcome', 'AWAITING_HEE_APPROVAL', at, { comment: body.notes, requestId });
    effects.notices.push(
      notice(s, ctx, 'approval-needed', heeAudience, 'Spoke accreditation awaiting HEE approval', {
        action: 'Approve or reject the accreditation',
        dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'hee-approval')?.dueAt,
        lines: ['The hub recorded a satisfactory quality visit.', quoted(s, actor, body.notes, 'Notes')],
      }),
      notice(s, ctx, 'visit-satisfactory', [...practiceAudience(s), ...namedAudience(s)], 'Quality visit satisfactory', {
        lines: ['The application now goes to HEE for approval.', quoted(s, actor, body.notes, 'Notes')],
      }),
    );
    return effects;
  }
  if (opensActionPlan(s, body)) {
    openActionPlan(s, actor, body.actions!, body.notes, at, ctx, effects, requestId);
    return effects;
  }
  const items = s.evidence.filter((e) => (body.criteria ?? []).includes(e.criterionCode));
  for (const item of items) {
    reviewEvidence(
      item,
      { decision: 'reject', comment: body.notes, reviewer: personRef(actor), at: iso(at), source: 'quality_visit' },
      s.cycle,
    );
  }
  returnEvidence(s, items, at, ctx);
  record(s, effects, actor, 'visit-outcome', 'EVIDENCE_CHANGES_REQUESTED', at, { comment: body.notes, requestId });
  effects.notices.push(changesRequestedNotice(s, ctx, 'visit-actions', 'Actions required after the quality visit', items));
  return effects;
}
