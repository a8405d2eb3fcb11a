/**
 * Supporting documents: the files an organisation sends with its EOI (a job description, a
 * business case) and a practice with its spoke application beside the evidence (the CQC report,
 * a training policy), on the API (api/routes/documents.ts) and the pages. Stored and checked as
 * evidence files are (api/services/documents.ts), under item `supporting`, with no review
 * rounds; who may change them and when is the process's rule (domain/eoi/documents.ts,
 * domain/spoke-accreditation/documents.ts).
 */
import { type DocumentView, SUPPORTING_DOCUMENTS } from '../../domain/documents';
import { eoiDocumentRemovalRefusal, eoiDocumentsRefusal } from '../../domain/eoi';
import type { Rejection } from '../../domain/rejection';
import type { Actor } from '../../domain/roles';
import { spokeDocumentRemovalRefusal, spokeDocumentsRefusal } from '../../domain/spoke-accreditation';
import type { ApiDeps } from '../deps';
import { notFound, ProblemError } from '../http/problem';
import { attachFiles, removeAttachment, toView, type UploadedFile } from './documents';
import type { StoredEoi } from './eois';
import type { StoredSpoke } from './spoke-applications';

/** A process that takes supporting documents, with its rules bound. */
export interface SupportingSubject {
  subjectType: 'eoi' | 'spoke_application';
  id: string;
  status: string;
  /** Why the actor may not change the files now (role, scope, state), or undefined. */
  refusal(actor: Actor): Omit<Rejection, 'allowedActions'> | undefined;
  /** Why this file cannot be removed now (its stage), or undefined. */
  removalRefusal(document: { uploadedAt: Date }): string | undefined;
  /** The count rule in words ({n}: the limit). */
  countRule: string;
}

export const eoiSubject = (eoi: StoredEoi): SupportingSubject => ({
  subjectType: 'eoi',
  id: eoi.id,
  status: eoi.view.status,
  refusal: (actor) => eoiDocumentsRefusal(eoi.view, actor),
  removalRefusal: (document) => eoiDocumentRemovalRefusal(eoi.view, document),
  countRule: 'an EOI may have at most {n} supporting documents',
});

export const spokeSubject = (spoke: StoredSpoke): SupportingSubject => ({
  subjectType: 'spoke_application',
  id: spoke.id,
  status: spoke.view.status,
  refusal: (actor) => spokeDocumentsRefusal(spoke.view, actor),
  removalRefusal: (document) => spokeDocumentRemovalRefusal(spoke.view, document),
  countRule: 'an application may have at most {n} supporting documents',
});

const where = (subject: SupportingSubject) => ({ subjectType: subject.subjectType, subjectId: subject.id, itemKey: SUPPORTING_DOCUMENTS });

function refuseUnlessOpen(subject: SupportingSubject, actor: Actor, doing?: string) {
  const refusal = subject.refusal(actor);
  if (refusal) {
    throw new ProblemError(refusal.status, doing && refusal.status === 409 ? `${doing}: ${refusal.detail}` : refusal.detail, {
      extensions: { state: refusal.state },
    });
  }
}

/** Attaches supporting documents while the subject's rule allows the actor to. */
export async function attachSupportingDocuments(
  deps: ApiDeps,
  actor: Actor,
  subject: SupportingSubject,
  files: readonly UploadedFile[],
  requestId: string,
  idempotencyKey?: string,
): Promise<DocumentView[]> {
  refuseUnlessOpen(subject, actor);
  const target = {
    ...where(subject),
    // One set of files, no review rounds.
    round: 1,
    auditItem: { item: SUPPORTING_DOCUMENTS, status: subject.status },
    countRule: subject.countRule,
  };
  return attachFiles(deps, actor, target, files, requestId, idempotencyKey);
}

/** Removes a supporting document attached in the subject's current stage; the row stays as the record. */
export async function removeSupportingDocument(
  deps: ApiDeps,
  actor: Actor,
  subject: SupportingSubject,
  documentId: string,
  requestId: string,
): Promise<void> {
  const row = await deps.db.prisma.documentAttachment.findFirst({ where: { id: documentId, ...where(subject), removedAt: null } });
  if (!row) throw notFound('Document');
  const doing = `Cannot remove “${row.fileName}”`;
  refuseUnlessOpen(subject, actor, doing);
  const refusal = subject.removalRefusal(row);
  if (refusal) throw new ProblemError(409, `${doing}: ${refusal}`, { extensions: { state: subject.status } });
  await removeAttachment(deps, actor, row, { item: SUPPORTING_DOCUMENTS }, requestId);
}

/** The subject's supporting documents (not removed), oldest first, each saying whether the actor may remove it now. */
export async function supportingDocuments(
  deps: Pick<ApiDeps, 'db'>,
  actor: Actor,
  subject: SupportingSubject,
): Promise<(DocumentView & { removable: boolean })[]> {
  const rows = await deps.db.prisma.documentAttachment.findMany({
    where: { ...where(subject), removedAt: null },
    orderBy: [{ uploadedAt: 'asc' }, { position: 'asc' }],
  });
  const open = !subject.refusal(actor);
  return rows.map((row) => ({ ...toView(row), removable: open && !subject.removalRefusal(row) }));
}

/** The name of a supporting document removed from the subject (for the page that says so), or undefined. */
export async function removedSupportingDocumentName(
  deps: Pick<ApiDeps, 'db'>,
  subject: SupportingSubject,
  documentId: string,
): Promise<string | undefined> {
  const row = await deps.db.prisma.documentAttachment.findFirst({
    where: { id: documentId, ...where(subject), removedAt: { not: null } },
  });
  return row?.fileName;
}
