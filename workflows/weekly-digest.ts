/**
 * The weekly digest of deadlines, started by a Temporal Schedule (temporal/schedules.ts).
 * The week is taken from the time the schedule meant the run for (the TemporalScheduledStartTime
 * search attribute the schedule sets; the start time for a run started by hand), so two runs for
 * one week queue the same outbox keys and nothing is sent twice.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { digest } from './activities';
import { deliverEmail } from './shared/deliver';

const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export interface WeeklyDigestResult {
  /** The Monday (Europe/London) of the digest's week. */
  week: string;
  scheduledAt: string;
  asOf: string;
  /** Outbox keys, one per recipient with something to report. */
  keys: string[];
}

export async function weeklyDigest(): Promise<WeeklyDigestResult> {
  const info = workflowInfo();
  const scheduledAt = (info.typedSearchAttributes.get(scheduledStartTime) ?? info.startTime).toISOString();
  const asOf = new Date().toISOString();
  const { week, keys } = await digest.queueWeeklyDigest({ scheduledAt, asOf });
  await Promise.all(keys.map((key) => deliverEmail(key)));
  return { week, scheduledAt, asOf, keys };
}
