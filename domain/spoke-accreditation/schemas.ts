/** Spoke accreditation's request bodies (strict: unknown fields are refused) and the view the API answers with. */
import { z } from 'zod';
import { DocumentSchema } from '../documents';
import { HistoryEntrySchema } from '../process';
import {
  CalendarDateSchema,
  CommentSchema,
  CriterionSchema,
  EmailSchema,
  IdSchema,
  InstantSchema,
  NameSchema,
  PageQuery,
} from '../reference-data';
import { ActionCompletionBody, ActionPlanSchema, MAX_PLANNED_ACTIONS, PlannedActionBody } from './action-plan';

export const SPOKE_STATUSES = [
  'AWAITING_EVIDENCE',
  'UNDER_HUB_REVIEW',
  'EVIDENCE_CHANGES_REQUESTED',
  'VISIT_PENDING',
  'ACTIONS_IN_PROGRESS',
  'AWAITING_HEE_APPROVAL',
  'AWAITING_AGREEMENT',
  'ACCREDITED',
  'REACCREDITATION_DUE',
  'SUSPENDED',
  'REJECTED',
  'WITHDRAWN',
  'LAPSED',
] as const;
export const SpokeStatusSchema = z.enum(SPOKE_STATUSES).meta({ id: 'SpokeStatus' });
export type SpokeStatus = z.infer<typeof SpokeStatusSchema>;

/** Human actions, named as the API's action paths. */
export const SPOKE_ACTIONS = [
  'evidence',
  'evidence-review',
  'visit',
  'visit-outcome',
  'approval',
  'agreement-signature',
  'suspension',
  'reinstatement',
  'withdrawal',
  'validity-extension',
  'action-completion',
  'approval-request',
  'follow-up-visit',
] as const;
export type SpokeAction = (typeof SPOKE_ACTIONS)[number];

// ---------- request bodies (strict: unknown fields are refused) ----------

export const CriterionCodeSchema = z.string().trim().min(1).max(32);
export const PersonSchema = z.strictObject({ name: NameSchema, email: EmailSchema }).meta({ id: 'NamedPerson' });
export type Person = z.infer<typeof PersonSchema>;

export const ApplySpokeBody = z
  .strictObject({
    practiceId: IdSchema,
    hubId: IdSchema,
    administrator: PersonSchema.meta({ description: 'The practice-based administrator responsible for the learners’ timetable' }),
    educationalist: PersonSchema.meta({
      description: 'The practice-based educationalist who offers regular teaching and is responsible for the learning programme',
    }),
  })
  .meta({ id: 'ApplySpoke' });

function noRepeatedCodes(items: { criterionCode: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.criterionCode))
      ctx.addIssue({ code: 'custom', path: ['items', index, 'criterionCode'], message: 'repeats a criterion' });
    seen.add(item.criterionCode);
  });
}

export const EvidenceBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          criterionCode: CriterionCodeSchema,
          statement: z.string().trim().min(1).max(4000),
          documentUrl: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .optional(),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((body, ctx) => noRepeatedCodes(body.items, ctx))
  .meta({ id: 'SpokeEvidence' });

export const EvidenceReviewBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          criterionCode: CriterionCodeSchema,
          decision: z.enum(['accept', 'reject']),
          comment: CommentSchema,
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((body, ctx) => {
    noRepeatedCodes(body.items, ctx);
    body.items.forEach((item, index) => {
      if (item.decision === 'reject' && !item.comment) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'comment'], message: 'say what needs to change' });
      }
    });
  })
  .meta({ id: 'SpokeEvidenceReview' });

export const VisitBody = z.strictObject({ scheduledFor: InstantSchema }).meta({ id: 'SpokeVisit' });

export const VisitOutcomeBody = z
  .strictObject({
    outcome: z.enum(['satisfactory', 'actions_required']),
    notes: z.string().trim().min(1).max(4000),
    criteria: z
      .array(CriterionCodeSchema)
      .max(50)
      .optional()
      .meta({ description: 'With actions_required: the criteria whose evidence must be resubmitted (instead of an action plan)' }),
    actions: z.array(PlannedActionBody).max(MAX_PLANNED_ACTIONS).optional().meta({
      description:
        'With actions_required: the action plan (instead of criteria). The application waits in ACTIONS_IN_PROGRESS until every action is complete',
    }),
  })
  .superRefine((body, ctx) => {
    const required = body.outcome === 'actions_required';
    if (required && !body.criteria?.length && !body.actions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['actions'],
        message: 'give the actions, or name the criteria whose evidence must be resubmitted',
      });
    }
    if (required && body.criteria?.length && body.actions?.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'give either criteria to resubmit or actions, not both' });
    }
    if (!required && body.criteria?.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'only with actions_required' });
    }
    if (!required && body.actions?.length) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'only with actions_required' });
    }
    if (body.criteria && new Set(body.criteria).size !== body.criteria.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'repeats a criterion' });
    }
  })
  .meta({ id: 'SpokeVisitOutcome' });

/** The action plan is complete: the hub sends the application to HEE, with an optional note. */
export const ApprovalRequestBody = z.strictObject({ comment: CommentSchema.optional() }).meta({ id: 'SpokeApprovalRequest' });

export const ApprovalBody = z
  .strictObject({ decision: z.enum(['approve', 'reject']), comment: CommentSchema })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'give the reason' });
  })
  .meta({ id: 'SpokeApproval' });

export const SignatureBody = z.strictObject({ signedBy: NameSchema }).meta({ id: 'SpokeAgreementSignature' });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).meta({ id: 'SpokeReason' });

/** HEE staff extend a valid accreditation when its renewal is late for reasons on the hub's side. */
export const ValidityExtensionBody = z
  .strictObject({
    accreditedUntil: CalendarDateSchema.meta({
      format: 'date',
      description:
        'The new expiry date (the accreditation ends at the end of that London day): after the current expiry, and no more than 12 months after it',
    }),
    reason: z.string().trim().min(1).max(2000),
  })
  .meta({ id: 'SpokeValidityExtension' });

/** A named person corrected (they left, or the address was mistyped): not a step of the process, open while it is. */
export const PeopleCorrectionBody = z
  .strictObject({
    role: z.enum(['administrator', 'educationalist']).meta({ description: 'Which of the two named people is corrected' }),
    name: NameSchema,
    email: EmailSchema,
  })
  .meta({ id: 'SpokePeopleCorrection' });
export type PeopleCorrection = z.infer<typeof PeopleCorrectionBody>;

export const SPOKE_ACTION_BODIES = {
  evidence: EvidenceBody,
  'evidence-review': EvidenceReviewBody,
  visit: VisitBody,
  'visit-outcome': VisitOutcomeBody,
  approval: ApprovalBody,
  'agreement-signature': SignatureBody,
  suspension: ReasonBody,
  reinstatement: ReasonBody,
  withdrawal: ReasonBody,
  'validity-extension': ValidityExtensionBody,
  'action-completion': ActionCompletionBody,
  'approval-request': ApprovalRequestBody,
  'follow-up-visit': VisitBody,
} as const satisfies Record<SpokeAction, z.ZodType>;
export type SpokeActionBody<A extends SpokeAction> = z.infer<(typeof SPOKE_ACTION_BODIES)[A]>;

export const SpokeListQuery = PageQuery.extend({
  status: SpokeStatusSchema.optional(),
  hubId: IdSchema.optional(),
  practiceId: IdSchema.optional(),
});

// ---------- the view (read model and every action's answer) ----------

const PersonRef = z.object({ userId: z.string(), name: z.string() });
const EVIDENCE_ITEM_STATUSES = ['missing', 'submitted', 'accepted', 'rejected', 'to_reconfirm'] as const;

const EvidenceReviewSchema = z.object({
  decision: z.enum(['accept', 'reject']),
  comment: z.string(),
  reviewer: PersonRef,
  at: z.string(),
  source: z.enum(['hub_review', 'quality_visit']),
});
export type EvidenceReview = z.infer<typeof EvidenceReviewSchema>;

export const EvidenceRoundSchema = z
  .object({
    cycle: z.number().int().meta({ description: 'The accreditation cycle the evidence was submitted in (1 for the first application)' }),
    statement: z.string(),
    documentUrl: z.string().optional(),
    submittedAt: z.string(),
    submittedBy: PersonRef,
    review: EvidenceReviewSchema.optional().meta({ description: 'The hub’s decision on this submission; absent while it awaits review' }),
    visitReview: EvidenceReviewSchema.optional().meta({
      description: 'The quality visit’s rejection of this submission after the hub had accepted it (source quality_visit)',
    }),
  })
  .meta({ id: 'SpokeEvidenceRound' });
export type EvidenceRound = z.infer<typeof EvidenceRoundSchema>;

export const SpokeEvidenceItemSchema = z
  .object({
    criterionCode: z.string(),
    title: z.string(),
    status: z.enum(EVIDENCE_ITEM_STATUSES).meta({
      description:
        'missing: not yet submitted; submitted: awaiting the hub’s review; accepted; rejected: to resubmit by resubmissionDueAt; to_reconfirm: carried over from the last cycle',
    }),
    statement: z.string().optional(),
    documentUrl: z.string().optional(),
    submittedAt: z.string().optional(),
    submittedBy: PersonRef.optional(),
    review: EvidenceReviewSchema.optional(),
    rounds: z.array(EvidenceRoundSchema).optional().meta({
      description:
        'Every submission of the item and the decision on it, oldest first, earlier cycles’ included (each tagged with its cycle); the last is the current one. Absent only on an application stored before rounds were kept and unchanged since',
    }),
    resubmissionDueAt: z.string().optional(),
    documents: z
      .array(DocumentSchema)
      .optional()
      .meta({ description: 'The files attached to the item, every review round’s, oldest first (on GET /api/spoke-applications/{id})' }),
  })
  .meta({ id: 'SpokeEvidenceItem' });
export type EvidenceItem = z.infer<typeof SpokeEvidenceItemSchema>;

const VisitSchema = z.object({
  number: z.number().int(),
  scheduledFor: z.string(),
  scheduledAt: z.string(),
  scheduledBy: PersonRef,
  outcome: z.enum(['satisfactory', 'actions_required']).optional(),
  notes: z.string().optional(),
  criteria: z.array(z.string()).optional(),
  recordedAt: z.string().optional(),
  recordedBy: PersonRef.optional(),
});
export type Visit = z.infer<typeof VisitSchema>;

const RenewalRefusedSchema = z.object({
  cycle: z.number().int().meta({ description: 'The re-accreditation cycle HEE refused' }),
  accreditationCycle: z.number().int().optional().meta({ description: 'The cycle that granted the accreditation still held' }),
  comment: z.string(),
  by: PersonRef,
  at: z.string(),
});

const ValidityExtensionSchema = z.object({
  accreditationCycle: z.number().int().optional(),
  from: z.string().meta({ description: 'The expiry before the extension' }),
  to: z.string().meta({ description: 'The expiry after it' }),
  reason: z.string(),
  by: PersonRef,
  at: z.string(),
});

const DeadlineSchema = z.object({ key: z.string(), action: z.string(), owner: z.string(), dueAt: z.string() });

export const SpokeApplicationSchema = z
  .object({
    id: z.string(),
    practiceId: z.string(),
    practiceName: z.string(),
    hubId: z.string(),
    hubName: z.string(),
    status: SpokeStatusSchema,
    cycle: z.number().int().meta({ description: '1 for the first application, 2 for the first re-accreditation, ...' }),
    isTrainingPractice: z.boolean(),
    administrator: PersonSchema,
    educationalist: PersonSchema,
    criteriaSet: z.object({ id: z.string(), version: z.number().int(), name: z.string(), isExample: z.boolean() }),
    criteria: z.array(CriterionSchema).meta({ description: 'The criteria to evidence, from the pinned criteria set version' }),
    evidence: z.array(SpokeEvidenceItemSchema),
    evidenceDueAt: z.string().optional(),
    visit: VisitSchema.optional(),
    actionPlan: ActionPlanSchema.optional().meta({
      description: 'The action plan of the last quality visit with outcome actions_required, if it gave actions',
    }),
    approval: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string(), by: PersonRef, at: z.string() }).optional(),
    agreement: z.object({ signedBy: z.string(), signedAt: z.string(), by: PersonRef }).optional(),
    accreditedAt: z.string().optional(),
    accreditedUntil: z.string().optional(),
    suspension: z.object({ at: z.string(), reason: z.string(), by: PersonRef, fromStatus: SpokeStatusSchema }).optional(),
    renewalRefused: RenewalRefusedSchema.optional().meta({
      description: 'HEE refused the renewal of the accreditation held now: it stays valid until accreditedUntil and then lapses',
    }),
    validityExtensions: z
      .array(ValidityExtensionSchema)
      .optional()
      .meta({ description: 'Every extension of an accreditation’s validity by HEE staff, oldest first' }),
    history: z.array(HistoryEntrySchema),
    nextDeadline: z.object({ action: z.string(), owner: z.string(), dueAt: z.string() }).optional(),
    deadlines: z.array(DeadlineSchema),
    allowedActions: z.array(z.enum(SPOKE_ACTIONS)).optional().meta({ description: 'The actions open to the caller now' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SpokeApplication' });
export type SpokeView = z.infer<typeof SpokeApplicationSchema>;
