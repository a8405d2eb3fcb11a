/**
 * The daily retention run's work: deletes the documents of spoke applications whose retention
 * period has passed (domain/document-retention.ts), one transaction and one audit event per
 * application. Idempotent: a run again (a retry, a second run the same day) finds nothing left to
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

const SUBJECT = 'spoke_application';

export function createDocumentRetentionActivities(deps: {
  prisma: PrismaClient;
  documentRetention: RetentionPeriods;
  store: DocumentStore;
}) {
  const { prisma, store } = deps;

  return {
    async deleteExpiredDocuments(request: DocumentRetentionRequest): Promise<DocumentRetentionResult> {
      const asOf = new Date(request.asOf);
      const withDocuments = await prisma.documentAttachment.findMany({
        where: { subjectType: SUBJECT },
        distinct: ['subjectId'],
        select: { subjectId: true },
      });
      const closed = await prisma.spokeApplication.findMany({
        where: { id: { in: withDocuments.map((d) => d.subjectId) }, status: { in: [...TERMINAL_STATUSES] } },
        select: { id: true, view: true },
      });
      const deleted: DocumentRetentionResult['deleted'] = [];
      for (const application of closed) {
        const due = documentDeletionDue(retentionFactsOf(application.view as never), deps.documentRetention);
        if (!due || due.from.getTime() > asOf.getTime()) continue;
        const outcome = await prisma.$transaction(async (tx) => {
          const rows = await tx.documentAttachment.findMany({ where: { subjectType: SUBJECT, subjectId: application.id } });
          if (rows.length === 0) return undefined; // deleted by an earlier run
          await tx.documentAttachment.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
          const hashes = [...new Set(rows.map((r) => r.sha256))].sort();
          const contentDeleted = (await releaseUnreferenced(tx, store, hashes)).sort();
          await appendAudit(tx, {
            actor: SYSTEM_ACTOR,
            action: 'documents.deleted_by_retention',
            subjectType: SUBJECT,
            subjectId: application.id,
            before: { count: rows.length, documentIds: rows.map((r) => r.id).sort(), sha256: hashes },
            after: {
              rule: due.rule,
              countedFrom: due.countedFrom,
              deletableFrom: due.from.toISOString(),
              asOf: request.asOf,
              contentDeleted,
            },
            dedupeKey: `documents-retention:${application.id}`,
          });
          return { applicationId: application.id, count: rows.length, sha256: hashes, contentDeleted };
        });
        if (!outcome) continue;
        // After the commit, never inside the transaction (DocumentStore.purgeReleased). A failure
        // fails the run for an operator to see: retention's bytes are meant to be gone.
        await store.purgeReleased(outcome.contentDeleted);
        deleted.push(outcome);
      }
      return { asOf: request.asOf, deleted };
    },
  };
}
