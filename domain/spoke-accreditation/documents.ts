/**
 * Supporting documents of a spoke application, beside the evidence (the CQC report, the
 * practice's training policy, the insurance certificate): who may attach and remove them, and
 * when. Plain rules: the API and the application's page ask them.
 *
 * - The practice manager attaches files while the application is open (not rejected, withdrawn
 *   or lapsed).
 * - A file can be removed only in the stage it was attached in (domain/documents.ts).
 */
import { stageRemovalRefusal } from '../documents';
import type { Rejection } from '../rejection';
import { type Actor, isInScope } from '../roles';
import type { SpokeStatus } from './schemas';
import { TERMINAL_STATUSES } from './state';

interface SpokeForDocuments {
  status: SpokeStatus;
  practiceId: string;
  hubId: string;
  history: readonly { at: string; toStatus: string }[];
}

/** Why the actor may not attach or remove the application's supporting documents now, or undefined when they may. */
export function spokeDocumentsRefusal(spoke: SpokeForDocuments, actor: Actor): Omit<Rejection, 'allowedActions'> | undefined {
  if (actor.role !== 'practice_manager') {
    return { status: 403, state: spoke.status, detail: `The ${actor.role} role cannot change an application’s supporting documents` };
  }
  if (!isInScope(actor, spoke)) return { status: 403, state: spoke.status, detail: 'This application is outside your scope' };
  if (TERMINAL_STATUSES.includes(spoke.status)) {
    return { status: 409, state: spoke.status, detail: `The application is ${spoke.status}: its supporting documents cannot change` };
  }
  return undefined;
}

/** Why one supporting document cannot be removed (the actor may change them), or undefined when it can. */
export const spokeDocumentRemovalRefusal = (spoke: SpokeForDocuments, document: { uploadedAt: Date }) =>
  stageRemovalRefusal(spoke, document, 'the application');
