/**
 * An EOI's supporting documents (a job description, a business case): the files its
 * organisation attaches, on the API (api/routes/documents.ts) and the EOI's page. Stored and
 * checked as evidence files are (api/services/documents.ts); who may change them and when is
 * domain/eoi/documents.ts.
 */
import { EOI_SUPPORTING_DOCUMENTS, eoiDocumentRemovalRefusal, eoiDocumentsRefusal } from '../../domain/eoi';
import type { DocumentView } from '../../domain/documents';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { notFound, ProblemError } from '../http/problem';
import { attachFiles, removeAttachment, toView, type UploadedFile } from './documents';
import type { StoredEoi } from './eois';

const SUBJECT = 'eoi';
const where = (eoiId: string) => ({ subjectType: SUBJECT, subjectId: eoiId, itemKey: EOI_SUPPORTING_DOCUMENTS });

function refuseUnlessOpen(eoi: StoredEoi, actor: Actor, doing?: string) {
  const refusal = eoiDocumentsRefusal(eoi.view, actor);
  if (refusal) {
    throw new ProblemError(refusal.status, doing && refusal.status === 409 ? `${doing}: ${refusal.detail}` : refusal.detail, {
      extensions: { state: refusal.state },
    });
  }
}

/** Attaches supporting documents to an EOI in the actor's scope while it is open (its organisation's submitter). */
export async function attachEoiDocuments(
  deps: ApiDeps,
  actor: Actor,
  eoi: StoredEoi,
  files: readonly UploadedFile[],
  requestId: string,
  idempotencyKey?: string,
): Promise<DocumentView[]> {
  refuseUnlessOpen(eoi, actor);
  const target = {
    ...where(eoi.id),
    subjectType: SUBJECT,
    // One set of files, no review rounds.
    round: 1,
    auditItem: { item: EOI_SUPPORTING_DOCUMENTS, status: eoi.view.status },
    countRule: 'an EOI may have at most {n} supporting documents',
  } as const;
  return attachFiles(deps, actor, target, files, requestId, idempotencyKey);
}

/** Removes a supporting document attached in the EOI's current stage (the rule above); the row stays as the record. */
export async function removeEoiDocument(deps: ApiDeps, actor: Actor, eoi: StoredEoi, documentId: string, requestId: string): Promise<void> {
  const row = await deps.db.prisma.documentAttachment.findFirst({ where: { id: documentId, ...where(eoi.id), removedAt: null } });
  if (!row) throw notFound('Document');
  const doing = `Cannot remove “${row.fileName}”`;
  refuseUnlessOpen(eoi, actor, doing);
  const refusal = eoiDocumentRemovalRefusal(eoi.view, row);
  if (refusal) throw new ProblemError(409, `${doing}: ${refusal}`, { extensions: { state: eoi.view.status } });
  await removeAttachment(deps, actor, row, { item: EOI_SUPPORTING_DOCUMENTS }, requestId);
}

/** An EOI's supporting documents (not removed), oldest first, each saying whether the actor may remove it now. */
export async function eoiDocuments(
  deps: Pick<ApiDeps, 'db'>,
  actor: Actor,
  eoi: StoredEoi,
): Promise<(DocumentView & { removable: boolean })[]> {
  const rows = await deps.db.prisma.documentAttachment.findMany({
    where: { ...where(eoi.id), removedAt: null },
    orderBy: [{ uploadedAt: 'asc' }, { position: 'asc' }],
  });
  const open = !eoiDocumentsRefusal(eoi.view, actor);
  return rows.map((row) => ({ ...toView(row), removable: open && !eoiDocumentRemovalRefusal(eoi.view, row) }));
}

/** The name of a supporting document removed from an EOI (for the page that says so), or undefined. */
export async function removedEoiDocumentName(deps: Pick<ApiDeps, 'db'>, eoiId: string, documentId: string): Promise<string | undefined> {
  const row = await deps.db.prisma.documentAttachment.findFirst({ where: { id: documentId, ...where(eoiId), removedAt: { not: null } } });
  return row?.fileName;
}
