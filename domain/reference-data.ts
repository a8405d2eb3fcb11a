/**
 * Reference data: the request schemas (strict: unknown fields are refused) and the shapes the
 * API answers with. One source for validation, TypeScript types and OpenAPI.
 */
import { z } from 'zod';
import { addCalendarDays, endOfLondonDay } from './london-calendar';
import type { Actor } from './roles';
import { formatCalendarDate, isCalendarDate } from './time';

export const CONFIRMATION_LEAD_DAYS = 28;

export const SERVICE_TYPES = ['primary_care', 'integrated_community_care', 'urgent_emergency_care', 'other'] as const;
export const ServiceTypeSchema = z.enum(SERVICE_TYPES).meta({ id: 'ServiceType' });
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

export const ORGANISATION_KINDS = ['nhs_trust', 'gp_practice', 'not_for_profit', 'other'] as const;
export const PROGRAMME_ROLES = ['trainee_assistant_practitioner', 'assistant_practitioner', 'advanced_practitioner'] as const;

// ---------- building blocks ----------

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const NameSchema = z.string().trim().min(1).max(200);
export const EmailSchema = z.string().trim().max(254).email();
export const OdsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,10}$/, 'an ODS code: 3 to 10 letters or digits');
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'a calendar date YYYY-MM-DD').meta({ example: '2027-09-01' });
export const InstantSchema = z.iso.datetime({ offset: true }).meta({ example: '2027-01-31T09:00:00Z' });
export const CommentSchema = z.string().trim().max(2000);

export const IdParams = z.strictObject({ id: IdSchema });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() }).meta({ id });
}

// ---------- organisations ----------

export const CreateOrganisationBody = z
  .strictObject({
    name: NameSchema,
    odsCode: OdsCodeSchema,
    kind: z.enum(ORGANISATION_KINDS),
    serviceType: ServiceTypeSchema,
  })
  .meta({ id: 'CreateOrganisation' });
export const OrganisationSchema = CreateOrganisationBody.extend({ id: z.string(), createdAt: z.string() }).meta({ id: 'Organisation' });

// ---------- universities ----------

export const CreateUniversityBody = z.strictObject({ name: NameSchema }).meta({ id: 'CreateUniversity' });
export const UniversitySchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).meta({ id: 'University' });

// ---------- programmes ----------

export const CreateProgrammeBody = z
  .strictObject({
    name: NameSchema,
    role: z.enum(PROGRAMME_ROLES),
    universityIds: z.array(IdSchema).min(1).max(50),
  })
  .meta({ id: 'CreateProgramme' });
export const ProgrammeSchema = CreateProgrammeBody.extend({
  id: z.string(),
  universities: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
}).meta({ id: 'Programme' });

// ---------- intakes ----------

export const CreateIntakeBody = z
  .strictObject({
    programmeId: IdSchema,
    startsOn: CalendarDateSchema,
    fundedPlaces: z.number().int().min(0).max(10_000),
    eoiOpensAt: InstantSchema,
    eoiClosesAt: InstantSchema,
    priorityServiceTypes: z.array(ServiceTypeSchema).max(SERVICE_TYPES.length).default([]),
  })
  .superRefine((intake, ctx) => {
    if (Date.parse(intake.eoiClosesAt) <= Date.parse(intake.eoiOpensAt)) {
      ctx.addIssue({ code: 'custom', path: ['eoiClosesAt'], message: 'must be after eoiOpensAt' });
    }
    if (new Set(intake.priorityServiceTypes).size !== intake.priorityServiceTypes.length) {
      ctx.addIssue({ code: 'custom', path: ['priorityServiceTypes'], message: 'must not repeat a service type' });
    }
  })
  .meta({ id: 'CreateIntake' });
export type CreateIntake = z.infer<typeof CreateIntakeBody>;

export const IntakeSchema = z
  .object({
    id: z.string(),
    programmeId: z.string(),
    startsOn: z.string(),
    fundedPlaces: z.number().int(),
    eoiOpensAt: z.string(),
    eoiClosesAt: z.string(),
    priorityServiceTypes: z.array(ServiceTypeSchema),
    confirmationDueAt: z
      .string()
      .meta({ description: 'startsOn − 28 days, at the end of that day in Europe/London: confirmations of support are due by then' }),
    createdAt: z.string(),
  })
  .meta({ id: 'Intake' });

/**
 * Confirmation of support is due four weeks before the programme starts: by the end of that day
 * in London (a programme starting 30 April 2027 needs it by 23:59:59 on 2 April, 22:59:59Z).
 */
export function confirmationDueAt(startsOn: string): string {
  return endOfLondonDay(addCalendarDays(startsOn, -CONFIRMATION_LEAD_DAYS));
}

export function isEoiWindowOpen(intake: { eoiOpensAt: string; eoiClosesAt: string }, at: Date): boolean {
  const t = at.getTime();
  return t >= Date.parse(intake.eoiOpensAt) && t < Date.parse(intake.eoiClosesAt);
}

export { formatCalendarDate };

// ---------- hubs and practices ----------

export const CreateHubBody = z
  .strictObject({
    name: NameSchema,
    areas: z.array(NameSchema).max(100).default([]),
    accreditationValidityMonths: z.number().int().min(1).max(120).default(36),
  })
  .meta({ id: 'CreateHub' });
export const HubSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    areas: z.array(z.string()),
    accreditationValidityMonths: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Hub' });

export const CreatePracticeBody = z
  .strictObject({
    name: NameSchema,
    odsCode: OdsCodeSchema,
    isTrainingPractice: z.boolean(),
    hubId: IdSchema.optional(),
  })
  .meta({ id: 'CreatePractice' });
export const PracticeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    odsCode: z.string(),
    isTrainingPractice: z.boolean(),
    hubId: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Practice' });

// ---------- criteria sets ----------

export const CriterionSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    title: z.string().trim().min(1).max(300),
    guidance: z.string().trim().max(4000).default(''),
  })
  .meta({ id: 'Criterion' });
export type Criterion = z.infer<typeof CriterionSchema>;

export const CreateCriteriaSetBody = z
  .strictObject({
    hubId: IdSchema,
    name: NameSchema,
    criteria: z.array(CriterionSchema).min(1).max(50),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.criteria.forEach((criterion, index) => {
      if (seen.has(criterion.code))
        ctx.addIssue({ code: 'custom', path: ['criteria', index, 'code'], message: 'duplicate criterion code' });
      seen.add(criterion.code);
    });
  })
  .meta({ id: 'CreateCriteriaSet' });
export const CriteriaSetSchema = z
  .object({
    id: z.string(),
    hubId: z.string(),
    name: z.string(),
    version: z.number().int(),
    criteria: z.array(CriterionSchema),
    isExample: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'CriteriaSet' });

type Of<K extends string, S extends z.ZodType, Extra = object> = { kind: K; data: z.infer<S> & Extra };

/** One reference record to create, by whom: what the API hands to the write path. */
export type ReferenceCreation = { id: string; actor: Actor; requestId?: string } & (
  | Of<'organisation', typeof CreateOrganisationBody>
  | Of<'university', typeof CreateUniversityBody>
  | Of<'programme', typeof CreateProgrammeBody>
  | Of<'intake', typeof CreateIntakeBody>
  | Of<'hub', typeof CreateHubBody>
  | Of<'practice', typeof CreatePracticeBody>
  | Of<'criteriaSet', typeof CreateCriteriaSetBody, { isExample?: boolean }>
);

// ---------- renaming ----------

/** The kinds of record that have a name to change (an intake is named by its programme and start). */
export const RENAMABLE_KINDS = ['organisation', 'university', 'programme', 'hub', 'practice'] as const;
export type RenamableKind = (typeof RENAMABLE_KINDS)[number];

export const RenameReferenceBody = z.strictObject({ name: NameSchema }).meta({ id: 'RenameReference' });

/**
 * A record's new name, by whom. `changeId` names this change (derived from the Idempotency-Key
 * when there is one): its workflow's id and its audit entry's, so a retry renames once.
 */
export interface ReferenceRename {
  kind: 'rename';
  /** The record renamed. */
  id: string;
  actor: Actor;
  requestId?: string;
  data: { target: RenamableKind; name: string; changeId: string };
}

/** What the write path records: a new record, or a record's new name. */
export type ReferenceChange = ReferenceCreation | ReferenceRename;
