/**
 * The scan sweep's work: files held as "scanning" (the virus scanner could not be reached when
 * they were attached) are scanned again. A clean file is released for download; an infected one
 * is removed (kept as the record, its bytes deleted unless something else refers to them), each
 * audited once. A file the scanner still cannot reach stays held for the next sweep. Idempotent:
 * each change applies only to a row still held, and its audit event has a dedupe key.
 */
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import { type DocumentStore, releaseUnreferenced } from '../db/document-store';
import { SYSTEM_ACTOR } from '../domain/roles';
import type { Logger } from '../config/logger';
import type { VirusScanner } from '../virus-scan/clamd';
import type { DocumentScanResult } from '../workflows/activities';

export function createDocumentScanActivities(deps: {
  prisma: PrismaClient;
  store: DocumentStore;
  scanner: VirusScanner | undefined;
  logger: Logger;
  now: () => Date;
}) {
  const { prisma, store, scanner } = deps;

  return {
    async scanHeldDocuments(): Promise<DocumentScanResult> {
      const held = await prisma.documentAttachment.findMany({
        where: { scanStatus: 'scanning', removedAt: null },
        orderBy: { uploadedAt: 'asc' },
      });
      const result: DocumentScanResult = { clean: [], infected: [], stillHeld: [] };
      if (held.length && !scanner) {
        deps.logger.warn({ held: held.length }, 'files are held for a virus scan, but no scanner is configured (CLAMD_ADDRESS)');
      }
      for (const row of held) {
        const bytes = scanner ? await store.get(row.sha256) : undefined;
        let verdict;
        try {
          verdict = scanner && bytes ? await scanner.scan(bytes) : undefined;
        } catch (error) {
          deps.logger.warn({ err: error, documentId: row.id }, 'virus scanner still unreachable: the file stays held');
        }
        if (!verdict) {
          result.stillHeld.push(row.id);
          continue;
        }
        const at = deps.now();
        const subject = { subjectType: row.subjectType, subjectId: row.subjectId };
        const released = await prisma.$transaction(async (tx) => {
          const data = verdict.infected
            ? {
                scanStatus: 'infected',
                scannedAt: at,
                scanFinding: verdict.findings.join(', '),
                removedAt: at,
                removedById: SYSTEM_ACTOR.userId,
                removedByName: 'Trainflow (virus scan)',
              }
            : { scanStatus: 'clean', scannedAt: at };
          const changed = await tx.documentAttachment.updateMany({ where: { id: row.id, scanStatus: 'scanning', removedAt: null }, data });
          if (changed.count === 0) return undefined; // removed or scanned meanwhile
          const released = verdict.infected ? await releaseUnreferenced(tx, store, [row.sha256]) : [];
          await appendAudit(tx, {
            actor: SYSTEM_ACTOR,
            action: verdict.infected ? 'document.infected' : 'document.scanned',
            ...subject,
            before: { documentId: row.id, fileName: row.fileName, sha256: row.sha256, scanStatus: 'scanning' },
            after: verdict.infected
              ? { scanStatus: 'infected', findings: verdict.findings, removedAt: at.toISOString(), contentDeleted: released.length > 0 }
              : { scanStatus: 'clean' },
            dedupeKey: `document-scan:${row.id}`,
          });
          return released;
        });
        if (released === undefined) continue;
        if (verdict.infected) {
          // After the commit, never inside the transaction (DocumentStore.purgeReleased).
          await store.purgeReleased(released);
          result.infected.push(row.id);
        } else {
          result.clean.push(row.id);
        }
      }
      return result;
    },
  };
}
