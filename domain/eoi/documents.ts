/**
 * Supporting documents of an EOI (a job description, a business case, the HR arrangements):
 * who may attach and remove them, and when. Plain rules: the API and the EOI's page ask them.
 *
 * - The organisation's submitter attaches files while the EOI is open (any stage before it is
 *   enrolled, declined or withdrawn).
 * - A file can be removed only in the stage it was attached in: once the EOI has moved on (the
 *   university reviewed it, the funding decision was made), the people who acted saw the file, so
 *   it stays as the record.
 */
import { currentStageSince, stageRemovalRefusal, SUPPORTING_DOCUMENTS } from '../documents';
import type { Rejection } from '../rejection';
import { type Actor, isInScope } from '../roles';
import type { EoiStatus } from './schemas';
import { OPEN_STATUSES } from './state';

/** The item key an EOI's files are stored under (evidence items use their criterion code). */
export const EOI_SUPPORTING_DOCUMENTS = SUPPORTING_DOCUMENTS;

interface EoiForDocuments {
  status: EoiStatus;
  organisationId: string;
  universityId: string;
  history: readonly { at: string; toStatus: string }[];
}

export { currentStageSince };

/** Why the actor may not attach or remove the EOI's files now, or undefined when they may. */
export function eoiDocumentsRefusal(eoi: EoiForDocuments, actor: Actor): Omit<Rejection, 'allowedActions'> | undefined {
  if (actor.role !== 'org_submitter') {
    return { status: 403, state: eoi.status, detail: `The ${actor.role} role cannot change an EOI’s supporting documents` };
  }
  if (!isInScope(actor, eoi)) return { status: 403, state: eoi.status, detail: 'This EOI is outside your scope' };
  if (!OPEN_STATUSES.includes(eoi.status)) {
    return { status: 409, state: eoi.status, detail: `The EOI is ${eoi.status}: its supporting documents cannot change` };
  }
  return undefined;
}

/** Why one file cannot be removed (the actor may change the files: eoiDocumentsRefusal), or undefined when it can. */
export const eoiDocumentRemovalRefusal = (eoi: EoiForDocuments, document: { uploadedAt: Date }) =>
  stageRemovalRefusal(eoi, document, 'the EOI');
