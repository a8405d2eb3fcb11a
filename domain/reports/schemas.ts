/** The report requests and answers (docs/reports.md): one source for validation, types and OpenAPI. */
import { z } from 'zod';
import { EOI_STATUSES } from '../eoi/schemas';
import { SPOKE_STATUSES } from '../spoke-accreditation/schemas';
import { CalendarDateSchema, IdSchema, ServiceTypeSchema } from '../reference-data';

export const CommissioningReportQuery = z
  .strictObject({
    intakeId: IdSchema.optional(),
    programmeId: IdSchema.optional(),
    universityId: IdSchema.optional(),
    organisationId: IdSchema.optional(),
    serviceType: ServiceTypeSchema.optional(),
    submittedFrom: CalendarDateSchema.optional().meta({ description: 'EOIs submitted on or after this London date' }),
    submittedTo: CalendarDateSchema.optional().meta({ description: 'EOIs submitted on or before this London date' }),
  })
  .refine((q) => !q.submittedFrom || !q.submittedTo || q.submittedFrom <= q.submittedTo, {
    path: ['submittedTo'],
    message: 'must not be before submittedFrom',
  })
  .meta({ id: 'CommissioningReportQuery' });
export type CommissioningReportQuery = z.infer<typeof CommissioningReportQuery>;

const Count = z.number().int();
const StepDurationSchema = z.object({
  medianDays: z.number().nullable().meta({ description: 'Median in days, to 1 decimal; null when none took the step' }),
  measured: Count.meta({ description: 'How many took the step (the sample the median is of)' }),
});

export const FunnelFiguresSchema = z
  .object({
    eois: z.object({
      submitted: Count,
      supported: Count.meta({ description: 'Ever supported by the university' }),
      changesRequested: Count.meta({ description: 'Ever asked for changes' }),
      declinedByUniversity: Count,
      declinedByHee: Count,
      declinedAtIntakeStart: Count.meta({ description: 'Closed because the programme started before funding' }),
      waitlistExpired: Count,
      funded: Count.meta({ description: 'Ever funded, by decision or from the waitlist' }),
      waitlisted: Count.meta({ description: 'Ever on the waitlist' }),
      enrolled: Count,
      withdrawn: Count,
      withdrawnAfterFunding: Count,
    }),
    byStatus: z.object(Object.fromEntries(EOI_STATUSES.map((s) => [s, Count])) as Record<(typeof EOI_STATUSES)[number], typeof Count>),
    places: z.object({
      requested: Count,
      allocated: Count.meta({ description: 'Held now by funded, overdue and enrolled EOIs' }),
      confirmed: Count.meta({ description: 'Candidates with a confirmation of support on those EOIs' }),
      released: z.object({
        givenBack: Count.meta({ description: 'Funded places given back while funded (place release)' }),
        atWithdrawal: Count.meta({ description: 'Funded places released when the EOI was withdrawn while funded' }),
        afterMissedDeadline: Count.meta({
          description: 'Funded places given back or withdrawn after the confirmation deadline had passed (CONFIRMATION_OVERDUE)',
        }),
        atIntakeStart: Count.meta({ description: 'Unconfirmed places released when the programme started' }),
      }),
    }),
    durations: z.object({
      submissionToReview: StepDurationSchema,
      reviewToDecision: StepDurationSchema,
      fundingToConfirmation: StepDurationSchema,
    }),
  })
  .meta({ id: 'CommissioningFunnel' });

export const IntakeCapacityFiguresSchema = z
  .object({
    intakeId: z.string(),
    programmeId: z.string(),
    programmeName: z.string(),
    startsOn: z.string(),
    confirmationDueAt: z.string(),
    fundedPlaces: Count,
    allocated: Count,
    confirmed: Count,
    remaining: Count,
    waitlistLength: Count,
    daysToConfirmationDeadline: Count.meta({ description: 'London calendar days from today; negative once passed' }),
    daysToStart: Count.meta({ description: 'London calendar days from today; negative once started' }),
  })
  .meta({ id: 'IntakeCapacityFigures' });

export const CommissioningReportSchema = z
  .object({
    generatedAt: z.string(),
    total: FunnelFiguresSchema.meta({ description: 'Across every intake the filters keep' }),
    intakes: z.array(
      z.object({
        intakeId: z.string(),
        programmeId: z.string(),
        programmeName: z.string(),
        startsOn: z.string(),
        figures: FunnelFiguresSchema,
      }),
    ),
  })
  .meta({ id: 'CommissioningReport' });
export type CommissioningReport = z.infer<typeof CommissioningReportSchema>;

export const CapacityReportQuery = z
  .strictObject({
    programmeId: IdSchema.optional(),
    intakeId: IdSchema.optional(),
    include: z
      .enum(['open', 'all'])
      .default('open')
      .meta({ description: 'open: intakes not yet started (the default); all: every intake' }),
  })
  .meta({ id: 'CapacityReportQuery' });
export type CapacityReportQuery = z.infer<typeof CapacityReportQuery>;

export const CapacityReportSchema = z
  .object({ generatedAt: z.string(), intakes: z.array(IntakeCapacityFiguresSchema) })
  .meta({ id: 'CapacityReport' });
export type CapacityReport = z.infer<typeof CapacityReportSchema>;

export const AccreditationReportQuery = z.strictObject({ hubId: IdSchema.optional() }).meta({ id: 'AccreditationReportQuery' });
export type AccreditationReportQuery = z.infer<typeof AccreditationReportQuery>;

export const AccreditationFiguresSchema = z
  .object({
    applications: Count,
    byStatus: z.object(Object.fromEntries(SPOKE_STATUSES.map((s) => [s, Count])) as Record<(typeof SPOKE_STATUSES)[number], typeof Count>),
    accredited: Count.meta({ description: 'Holding an accreditation that has not expired (suspended ones excluded)' }),
    expiring: z
      .object({ within3Months: Count, within6Months: Count, within12Months: Count })
      .meta({ description: 'Accredited ones expiring on or before now + 3, 6, 12 months (each includes the shorter)' }),
    reaccreditationsInProgress: Count.meta({ description: 'A second or later cycle, open and not yet accredited again' }),
    reaccreditationsOverdue: Count.meta({ description: 'Of those, with a step past its due time' }),
    lapsed: Count,
    durations: z
      .object({
        evidence: StepDurationSchema.meta({ description: 'The practice submitting its evidence (again after changes, too)' }),
        hubReview: StepDurationSchema.meta({ description: 'The hub reviewing the evidence' }),
        visit: StepDurationSchema.meta({ description: 'The quality visit agreed, held and its outcome recorded' }),
        actionPlan: StepDurationSchema.meta({ description: 'A visit’s actions completed' }),
        heeApproval: StepDurationSchema.meta({ description: 'HEE staff approving or rejecting' }),
        agreement: StepDurationSchema.meta({ description: 'The practice signing the agreement' }),
        applicationToAccreditation: StepDurationSchema.meta({
          description: 'A cycle (application or re-accreditation) from its opening to ACCREDITED',
        }),
      })
      .meta({
        description:
          'Median days each step takes: the time in its states until the process moved on (withdrawn, suspended or lapsed ones are not counted); each time counts',
      }),
  })
  .meta({ id: 'AccreditationFigures' });

export const AccreditationReportSchema = z
  .object({
    generatedAt: z.string(),
    total: AccreditationFiguresSchema,
    hubs: z.array(z.object({ hubId: z.string(), hubName: z.string(), figures: AccreditationFiguresSchema })),
  })
  .meta({ id: 'AccreditationReport' });
export type AccreditationReport = z.infer<typeof AccreditationReportSchema>;
