import { proxyActivities } from '@temporalio/workflow';
import type { createReferenceDataActivities } from '../activities/reference-data';
import type { ReferenceChange } from '../domain/reference-data';

const { saveReferenceRecord } = proxyActivities<ReturnType<typeof createReferenceDataActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * Records one reference-data change durably: started by the API with a workflow id derived
 * from the record id, so a retried request can never write twice.
 */
export async function recordReferenceData(change: ReferenceChange): Promise<unknown> {
  return await saveReferenceRecord(change);
}
