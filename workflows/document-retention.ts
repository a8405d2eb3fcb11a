/**
 * The daily document retention run, started by a Temporal Schedule (temporal/schedules.ts):
 * deletes the documents whose retention period has passed (domain/document-retention.ts) through
 * one activity. Retention is measured at the time the schedule meant the run for (the
 * TemporalScheduledStartTime search attribute; the start time for a run started by hand), or at
 * `asOf` when an operator or a test starts it for a given instant.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { type DocumentRetentionResult, retention } from './activities';

const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function documentRetention(options: { asOf?: string } = {}): Promise<DocumentRetentionResult> {
  const info = workflowInfo();
  const asOf = options.asOf ?? (info.typedSearchAttributes.get(scheduledStartTime) ?? info.startTime).toISOString();
  return await retention.deleteExpiredDocuments({ asOf });
}
