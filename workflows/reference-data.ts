import { patched } from '@temporalio/workflow';
import type { ReferenceChange } from '../domain/reference-data';
import { record, tell } from './activities';

/**
 * Renames a reference record durably: started by the API with a workflow id derived from the
 * change, so a retried request can never write twice. A renamed practice or hub is then told to
 * its open applications, which hold its name (domain/spoke-accreditation/reference-names.ts).
 * A creation is written by the API itself (db/reference-records.ts); runs that were started for
 * one before that still record it here, with the same function.
 */
export async function recordReferenceData(change: ReferenceChange): Promise<unknown> {
  const saved = await record.saveReferenceRecord(change);
  // Histories recorded before renames reached open applications replay without the step.
  if (change.kind === 'rename' && (change.data.target === 'practice' || change.data.target === 'hub')) {
    if (patched('reference:rename-reaches-open-spokes')) {
      await tell.renameInOpenSpokes({ target: change.data.target, id: change.id, name: change.data.name });
    }
  }
  return saved;
}
