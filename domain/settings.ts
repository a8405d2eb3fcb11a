/** Reminder and escalation settings a deployment may tune (config/config.ts reads them); passed into workflows at start. */
import { z } from 'zod';

export const ProcessSettingsSchema = z.object({
  confirmationReminderDaysBefore: z.array(z.number().int().positive()).default([14, 7, 2]),
  reviewReminderAfterDays: z.number().int().positive().default(10),
  reviewEscalationAfterDays: z.number().int().positive().default(20),
  /** The organisation is reminded of an amendment the university asked for, which is due then. */
  amendmentReminderAfterDays: z.number().int().positive().default(14),
  /** HEE staff are reminded of a supported EOI awaiting their funding decision, which is due then. */
  fundingDecisionReminderAfterDays: z.number().int().positive().default(10),
  /** Places stop being offered from the waitlist this long before the programme starts; waitlisted EOIs close then. */
  waitlistOffersCloseDaysBeforeStart: z.number().int().min(0).default(14),
  /** Places funded close to or after the usual confirmation deadline get at least this many days; 0: none (overdue at once). */
  minDaysToConfirmAfterFunding: z.number().int().min(0).default(14),
  evidenceResubmissionDays: z.number().int().positive().default(30),
  evidenceReminderDaysBefore: z.array(z.number().int().positive()).default([7, 2]),
  visitReminderDaysBefore: z.array(z.number().int().positive()).default([7, 1]),
  reaccreditationReminderMonthsBefore: z.array(z.number().int().positive()).default([6, 1]),
});
export type ProcessSettings = z.infer<typeof ProcessSettingsSchema>;
