/**
 * The fair-share requests and answers: one source for validation, TypeScript types and OpenAPI.
 * A profession is named by its code; professions are reference data (admins add more), so a
 * code's existence is checked against the database, and only its form here.
 */
import { z } from 'zod';
import { IdSchema, NameSchema, ORGANISATION_KINDS } from '../reference-data';
import { PeriodSchema } from './period';

/** The professions of the placement partnership, always present (the migration creates them). */
export const DEFAULT_PROFESSIONS = [
  { code: 'physiotherapy', name: 'Physiotherapy' },
  { code: 'occupational_therapy', name: 'Occupational therapy' },
  { code: 'speech_and_language_therapy', name: 'Speech and language therapy' },
] as const;

export const ProfessionCodeSchema = z
  .string()
  .trim()
  .min(2)
  .max(50)
  .regex(/^[a-z][a-z0-9_]*$/, 'a profession code: lower-case letters, digits and _, such as physiotherapy')
  .meta({ id: 'ProfessionCode', example: 'physiotherapy' });

/** A figure: finite, at least 0, and below any real region's total. */
const Figure = z.number().min(0).max(10_000_000);

/** At most this many rows in one request: a region's providers × professions fit easily. */
export const MAX_FIGURE_ROWS = 1000;

function uniqueRows<T>(keyOf: (row: T) => string) {
  return (body: { rows: T[] }, ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    body.rows.forEach((row, index) => {
      const earlier = seen.get(keyOf(row));
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rows', index], message: `repeats rows[${earlier}] (one figure per row)` });
      } else {
        seen.set(keyOf(row), index);
      }
    });
  };
}

export const WorkforceRowSchema = z
  .strictObject({ organisationId: IdSchema, profession: ProfessionCodeSchema, wte: Figure.meta({ description: 'Whole-time equivalents' }) })
  .meta({ id: 'FairShareWorkforceRow' });
export const RequiredWeeksRowSchema = z
  .strictObject({ profession: ProfessionCodeSchema, weeks: Figure })
  .meta({ id: 'FairShareRequiredWeeksRow' });
export const OfferedWeeksRowSchema = z
  .strictObject({ organisationId: IdSchema, profession: ProfessionCodeSchema, weeks: Figure })
  .meta({ id: 'FairShareOfferedWeeksRow' });

export type WorkforceRow = z.infer<typeof WorkforceRowSchema>;
export type RequiredWeeksRow = z.infer<typeof RequiredWeeksRowSchema>;
export type OfferedWeeksRow = z.infer<typeof OfferedWeeksRowSchema>;

export const WorkforceBody = z
  .strictObject({ rows: z.array(WorkforceRowSchema).min(1).max(MAX_FIGURE_ROWS) })
  .superRefine(uniqueRows<WorkforceRow>((row) => `${row.organisationId}|${row.profession}`))
  .meta({ id: 'FairShareWorkforce' });
export const RequiredWeeksBody = z
  .strictObject({ rows: z.array(RequiredWeeksRowSchema).min(1).max(MAX_FIGURE_ROWS) })
  .superRefine(uniqueRows<RequiredWeeksRow>((row) => row.profession))
  .meta({ id: 'FairShareRequiredWeeks' });
export const OfferedWeeksBody = z
  .strictObject({ rows: z.array(OfferedWeeksRowSchema).min(1).max(MAX_FIGURE_ROWS) })
  .superRefine(uniqueRows<OfferedWeeksRow>((row) => `${row.organisationId}|${row.profession}`))
  .meta({ id: 'FairShareOfferedWeeks' });

/** The three kinds of figure, as they are named in paths, the admin command line and the pages. */
export const FIGURE_KINDS = ['workforce', 'required-weeks', 'offered-weeks'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export const FIGURE_BODIES = {
  workforce: WorkforceBody,
  'required-weeks': RequiredWeeksBody,
  'offered-weeks': OfferedWeeksBody,
} as const satisfies Record<FigureKind, z.ZodType>;

export const FIGURE_ROWS = {
  workforce: WorkforceRowSchema,
  'required-weeks': RequiredWeeksRowSchema,
  'offered-weeks': OfferedWeeksRowSchema,
} as const satisfies Record<FigureKind, z.ZodType>;

/** Which numeric column each kind carries. */
export const FIGURE_VALUE = { workforce: 'wte', 'required-weeks': 'weeks', 'offered-weeks': 'weeks' } as const;

export const PeriodParams = z.strictObject({ period: PeriodSchema });

// ---------- answers ----------

export const StoredWorkforceSchema = z
  .object({ period: PeriodSchema, rows: z.array(WorkforceRowSchema) })
  .meta({ id: 'FairShareStoredWorkforce' });
export const StoredRequiredWeeksSchema = z
  .object({ period: PeriodSchema, rows: z.array(RequiredWeeksRowSchema) })
  .meta({ id: 'FairShareStoredRequiredWeeks' });
export const StoredOfferedWeeksSchema = z
  .object({ period: PeriodSchema, rows: z.array(OfferedWeeksRowSchema) })
  .meta({ id: 'FairShareStoredOfferedWeeks' });

export const RagSchema = z.enum(['green', 'amber', 'red']).meta({ id: 'FairShareRag' });

export const ReportRowSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    organisationKind: z.enum(ORGANISATION_KINDS).meta({ description: 'The provider type' }),
    profession: z.string(),
    wte: z.number(),
    expectedWeeks: z.number().meta({ description: 'requiredWeeks × wte ÷ the region’s total wte in the profession, to 2 decimals' }),
    offeredWeeks: z.number().meta({ description: '0 when none recorded' }),
    ratio: z
      .number()
      .nullable()
      .meta({ description: 'offeredWeeks ÷ unrounded expectedWeeks, to 2 decimals; null when expectedWeeks is 0' }),
    rag: RagSchema.nullable(),
  })
  .meta({ id: 'FairShareReportRow' });
export type ReportRow = z.infer<typeof ReportRowSchema>;

export const ReportTotalSchema = z
  .object({ profession: z.string(), requiredWeeks: z.number(), wte: z.number(), expectedWeeks: z.number(), offeredWeeks: z.number() })
  .meta({ id: 'FairShareReportTotal' });

export const OfferedWithoutWorkforceSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    organisationKind: z.enum(ORGANISATION_KINDS),
    profession: z.string(),
    weeks: z.number(),
  })
  .meta({ id: 'FairShareOfferedWithoutWorkforce' });

export const ReportSchema = z
  .object({
    period: PeriodSchema,
    rows: z.array(ReportRowSchema),
    totals: z.array(ReportTotalSchema).meta({ description: 'The whole region’s, per profession, whatever rows the caller sees' }),
    offeredWithoutWorkforce: z.array(OfferedWithoutWorkforceSchema).meta({
      description:
        'Weeks offered by a provider with no workforce figure in the profession: counted in the totals’ offeredWeeks, ' +
        'but with no fair share to compare until its workforce is entered (an organisation’s submitter sees only its own)',
    }),
    thresholds: z.object({ greenAt: z.number(), amberAt: z.number() }),
  })
  .meta({ id: 'FairShareReport' });
export type Report = z.infer<typeof ReportSchema>;

export const ReportQuery = z
  .strictObject({
    profession: ProfessionCodeSchema.optional(),
    kind: z.enum(ORGANISATION_KINDS).optional().meta({ description: 'Provider type: the organisation kind' }),
  })
  .meta({ id: 'FairShareReportQuery' });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const TrendParams = z.strictObject({ organisationId: IdSchema });
export const TrendQuery = z.strictObject({ profession: ProfessionCodeSchema.optional() });
export const TrendSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    items: z.array(
      ReportRowSchema.omit({ organisationId: true, organisationName: true, organisationKind: true }).extend({ period: PeriodSchema }),
    ),
  })
  .meta({ id: 'FairShareTrend' });
export type Trend = z.infer<typeof TrendSchema>;

export const PeriodListSchema = z.object({ items: z.array(z.object({ period: PeriodSchema })) }).meta({ id: 'FairSharePeriods' });

// ---------- professions ----------

export const CreateProfessionBody = z.strictObject({ code: ProfessionCodeSchema, name: NameSchema }).meta({ id: 'CreateProfession' });
export const ProfessionSchema = z.object({ code: z.string(), name: z.string(), createdAt: z.string() }).meta({ id: 'Profession' });
export const ProfessionListSchema = z.object({ items: z.array(ProfessionSchema) }).meta({ id: 'ProfessionList' });
