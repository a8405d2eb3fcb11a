/** Request and response schemas of the commissioning process (`/api/eois`). */
import { z } from 'zod';
import { HistoryEntrySchema } from '../process';
import { CommentSchema, EmailSchema, IdSchema, InstantSchema, NameSchema, ServiceTypeSchema } from '../reference-data';

export const EOI_STATUSES = [
  'UNDER_UNIVERSITY_REVIEW',
  'CHANGES_REQUESTED',
  'AWAITING_FUNDING_DECISION',
  'WAITLISTED',
  'FUNDED',
  'CONFIRMATION_OVERDUE',
  'ENROLLED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export const EoiStatusSchema = z.enum(EOI_STATUSES).meta({ id: 'EoiStatus' });
export type EoiStatus = z.infer<typeof EoiStatusSchema>;

const PathwaySchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_ -]+$/i, 'letters, digits, spaces, _ and -');

export const ContactSchema = z.strictObject({ name: NameSchema, email: EmailSchema }).meta({ id: 'Contact' });

export const DeclarationsSchema = z
  .strictObject({
    jobDescriptionAndPersonSpec: z.boolean(),
    hrArrangementsConfirmed: z.boolean(),
    bandedPostGuaranteed: z.boolean(),
  })
  .meta({ id: 'Declarations', description: 'The development work done; all three must be true' });

const DECLARATION_MESSAGES = {
  jobDescriptionAndPersonSpec: 'the job description and person specification must be completed',
  hrArrangementsConfirmed: 'HR arrangements for successful candidates must be confirmed',
  bandedPostGuaranteed: 'an appropriately banded post must be guaranteed on qualification',
} as const;

/** Every declaration must be true; each false one is named. */
export function refineDeclarations(
  declarations: z.infer<typeof DeclarationsSchema> | undefined,
  ctx: z.RefinementCtx,
  path: (string | number)[],
) {
  if (!declarations) return;
  for (const [key, message] of Object.entries(DECLARATION_MESSAGES)) {
    if (declarations[key as keyof typeof DECLARATION_MESSAGES] !== true) {
      ctx.addIssue({ code: 'custom', path: [...path, key], message: `must be true: ${message}` });
    }
  }
}

export const MAX_PLACES_PER_EOI = 500;
const PlacesSchema = z.number().int().min(1).max(MAX_PLACES_PER_EOI);

export const SubmitEoiBody = z
  .strictObject({
    organisationId: IdSchema,
    universityId: IdSchema,
    intakeId: IdSchema,
    serviceType: ServiceTypeSchema,
    pathway: PathwaySchema.optional(),
    placesRequested: PlacesSchema,
    contact: ContactSchema,
    declarations: DeclarationsSchema,
  })
  .superRefine((body, ctx) => refineDeclarations(body.declarations, ctx, ['declarations']))
  .meta({ id: 'SubmitEoi' });
export type SubmitEoi = z.infer<typeof SubmitEoiBody>;

export const ReviewBody = z
  .strictObject({ decision: z.enum(['support', 'decline', 'changes_requested']), comment: CommentSchema.min(1) })
  .meta({ id: 'EoiReview' });

export const AmendmentBody = z
  .strictObject({
    universityId: IdSchema.optional(),
    serviceType: ServiceTypeSchema.optional(),
    pathway: PathwaySchema.nullable().optional(),
    placesRequested: PlacesSchema.optional(),
    contact: ContactSchema.optional(),
    declarations: DeclarationsSchema.optional(),
    comment: CommentSchema.optional(),
  })
  .superRefine((body, ctx) => {
    refineDeclarations(body.declarations, ctx, ['declarations']);
    const { comment: _comment, ...fields } = body;
    if (Object.keys(fields).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'change at least one field' });
  })
  .meta({ id: 'EoiAmendment', description: 'Any EOI fields to change; organisationId and intakeId cannot change' });
export type Amendment = z.infer<typeof AmendmentBody>;

export const FundingDecisionBody = z
  .strictObject({
    decision: z.enum(['fund', 'decline']),
    places: PlacesSchema.optional(),
    allowPartial: z.boolean().default(false),
    comment: CommentSchema.min(1),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'decline' && body.places !== undefined)
      ctx.addIssue({ code: 'custom', path: ['places'], message: 'only with decision "fund"' });
  })
  .meta({ id: 'FundingDecision', description: '`fund` allocates `places` (default: all requested) from the intake, or waitlists' });
export type FundingDecision = z.infer<typeof FundingDecisionBody>;

export const CandidateBody = z
  .strictObject({ name: NameSchema, email: EmailSchema, currentRole: z.string().trim().min(1).max(200) })
  .meta({ id: 'NewCandidate' });

export const CandidateOutcomeBody = z
  .strictObject({ outcome: z.enum(['offered', 'accepted', 'declined']), comment: CommentSchema.optional() })
  .meta({ id: 'CandidateOutcome' });

export const ConfirmationBody = z.strictObject({ candidateId: IdSchema, signedBy: NameSchema }).meta({ id: 'ConfirmationOfSupport' });

export const ExtensionBody = z.strictObject({ confirmationDueAt: InstantSchema, reason: CommentSchema.min(1) }).meta({ id: 'Extension' });

export const ContactCorrectionBody = z.strictObject({ contact: ContactSchema, comment: CommentSchema.optional() }).meta({
  id: 'EoiContactCorrection',
  description: 'The EOI’s contact, corrected: undelivered email to the old address is sent to the new one',
});
export type ContactCorrection = z.infer<typeof ContactCorrectionBody>;

export const WithdrawalBody = z.strictObject({ reason: CommentSchema.min(1) }).meta({ id: 'Withdrawal' });

export const PlaceReleaseBody = z
  .strictObject({ places: PlacesSchema, reason: CommentSchema.min(1) })
  .meta({ id: 'PlaceRelease', description: 'Gives funded places that will not be filled back to the intake' });

export const EoiListQuery = z.strictObject({
  status: EoiStatusSchema.optional(),
  intakeId: IdSchema.optional(),
  universityId: IdSchema.optional(),
  organisationId: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const CandidateParams = z.strictObject({ id: IdSchema, candidateId: IdSchema });

// ---------- the view the API answers with ----------

export const CandidateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    currentRole: z.string(),
    addedAt: z.string(),
    outcome: z.enum(['offered', 'accepted', 'declined']).optional(),
    outcomeAt: z.string().optional(),
    confirmation: z.object({ signedBy: z.string(), confirmedAt: z.string(), late: z.boolean() }).optional(),
  })
  .meta({ id: 'Candidate' });

export const NextDeadlineSchema = z.object({ action: z.string(), owner: z.string(), dueAt: z.string() }).meta({ id: 'NextDeadline' });

export const EoiSchema = z
  .object({
    id: z.string(),
    status: EoiStatusSchema,
    organisationId: z.string(),
    universityId: z.string(),
    intakeId: z.string(),
    programmeId: z.string(),
    serviceType: ServiceTypeSchema,
    pathway: z.string().optional(),
    placesRequested: z.number().int(),
    contact: ContactSchema,
    declarations: DeclarationsSchema,
    submittedAt: z.string(),
    allocatedPlaces: z.number().int(),
    waitlistPosition: z.number().int().optional(),
    confirmationDueAt: z.string().optional(),
    candidates: z.array(CandidateSchema),
    nextDeadline: NextDeadlineSchema.optional(),
    allowedActions: z.array(z.string()).optional().meta({ description: "The caller's possible actions now" }),
    history: z.array(HistoryEntrySchema),
  })
  .meta({ id: 'Eoi' });
export type EoiView = z.infer<typeof EoiSchema>;
