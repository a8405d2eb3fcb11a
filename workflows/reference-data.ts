import type { ReferenceChange } from '../domain/reference-data';
import { record } from './activities';

/**
 * Records one reference-data change durably: started by the API with a workflow id derived
 * from the record id, so a retried request can never write twice.
 */
export async function recordReferenceData(change: ReferenceChange): Promise<unknown> {
  return await record.saveReferenceRecord(change);
}
