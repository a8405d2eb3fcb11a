/**
 * The daily retention run's work: deletes the documents of spoke applications and EOIs whose
 * retention period has passed (domain/document-retention.ts), one transaction and one audit event
 * per application or EOI: its attached files and its signed documents (the agreement, the
 * confirmations of support), which are part of the same record. Idempotent: a run again (a retry, a second run the same day) finds nothing left to
 * delete and appends nothing (the audit event's dedupe key is per application). Bytes are deleted
 * only when no remaining live attachment refers to them, and from an object store only once the
 * application's transaction has committed.
 */
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import { type DocumentStore, releaseUnreferenced } from '../db/document-store';
import { documentDeletionDue, type RetentionPeriods, retentionFactsOf } from '../domain/document-retention';
import { SYSTEM_ACTOR } from '../domain/roles';
import { TERMINAL_STATUSES } from '../domain/spoke-accreditation';
import type { DocumentRetentionRequest, DocumentRetentionResult } from '../workflows/activities';

/**
 * What carries documents, and its closed records with their views (the facts retention reads).
 * An EOI enrolled is the record of funded training: its documents are kept; withdrawn or declined, they age out.
 */
const SUBJECTS = {
  spoke_application: (prisma: PrismaClient, ids: string[]) =>
    prisma.spokeApplication.findMany({
      where: { id: { in: ids }, status: { in: [...TERMINAL_STATUSES] } },
      select: { id: true, view: true },
    }),
  eoi: (prisma: PrismaClient, ids: string[]) =>
    prisma.eoi.findMany({ where: { id: { in: ids }, status: { in: ['WITHDRAWN', 'DECLINED'] } }, select: { id: true, view: true } }),
} as const;

export function createDocumentRetentionActivities(deps: {
  prisma: PrismaClient;
  documentRetention: RetentionPeriods;
  store: DocumentStore;
}) {
  const { prisma, store } = deps;

  return {
    async deleteExpiredDocuments(request: DocumentRetentionRequest): Promise<DocumentRetentionResult> {
      const asOf = new Date(request.asOf);
      const deleted: DocumentRetentionResult['deleted'] = [];
      for (const [subjectType, closedOf] of Object.entries(SUBJECTS)) {
        const attached = await prisma.documentAttachment.findMany({
          where: { subjectType },
          distinct: ['subjectId'],
          select: { subjectId: true },
        });
        const signed = await prisma.signedDocument.findMany({
          where: { subjectType },
          distinct: ['subjectId'],
          select: { subjectId: true },
        });
        const closed = await closedOf(prisma, [...new Set([...attached, ...signed].map((d) => d.subjectId))]);
        for (const subject of closed) {
          const due = documentDeletionDue(retentionFactsOf(subject.view as never), deps.documentRetention);
          if (!due || due.from.getTime() > asOf.getTime()) continue;
          const outcome = await prisma.$transaction(async (tx) => {
            const where = { subjectType, subjectId: subject.id };
            const rows = await tx.documentAttachment.findMany({ where });
            // The signed agreement and confirmations go with the record they belong to.
            const signedRows = await tx.signedDocument.findMany({ where, select: { id: true, sha256: true } });
            if (rows.length + signedRows.length === 0) return undefined; // deleted by an earlier run
            await tx.documentAttachment.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
            await tx.signedDocument.deleteMany({ where: { id: { in: signedRows.map((r) => r.id) } } });
            const hashes = [...new Set([...rows, ...signedRows].map((r) => r.sha256))].sort();
            const contentDeleted = (await releaseUnreferenced(tx, store, hashes)).sort();
            await appendAudit(tx, {
              actor: SYSTEM_ACTOR,
              action: 'documents.deleted_by_retention',
              subjectType,
              subjectId: subject.id,
              before: {
                count: rows.length + signedRows.length,
                documentIds: rows.map((r) => r.id).sort(),
                signedDocumentIds: signedRows.map((r) => r.id).sort(),
                sha256: hashes,
              },
              after: {
                rule: due.rule,
                countedFrom: due.countedFrom,
                deletableFrom: due.from.toISOString(),
                asOf: request.asOf,
                contentDeleted,
              },
              dedupeKey: `documents-retention:${subject.id}`,
            });
            return { subjectType, applicationId: subject.id, count: rows.length + signedRows.length, sha256: hashes, contentDeleted };
          });
          if (!outcome) continue;
          // After the commit, never inside the transaction (DocumentStore.purgeReleased). A failure
          // fails the run for an operator to see: retention's bytes are meant to be gone.
          await store.purgeReleased(outcome.contentDeleted);
          deleted.push(outcome);
        }
      }
      return { asOf: request.asOf, deleted };
    },
  };
}
