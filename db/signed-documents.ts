/**
 * Signed versions of documents (pdf/signed-documents.ts) in the database: the row, its bytes in
 * the document store and the audit entry, in the caller's transaction. Saving a version that is
 * there already does nothing, so a retried commit adds nothing.
 */
import type { SignedVersion } from '../pdf/signed-documents';
import { appendAudit, type AuditEntry } from './audit';
import type { Prisma, PrismaClient } from './database';
import type { DocumentStore } from './document-store';

/** Stores the version unless it is there; answers whether it was new. */
export async function saveSignedVersion(
  tx: Prisma.TransactionClient,
  store: DocumentStore,
  version: SignedVersion,
  audit: Pick<AuditEntry, 'actor' | 'action' | 'comment' | 'requestId'>,
): Promise<boolean> {
  if (await tx.signedDocument.findUnique({ where: { id: version.id }, select: { id: true } })) return false;
  const { bytes, ...row } = version;
  await store.put(version.sha256, bytes, tx);
  await tx.signedDocument.create({
    data: {
      ...row,
      size: bytes.byteLength,
      terms: row.terms as unknown as Prisma.InputJsonValue,
      signatures: row.signatures as unknown as Prisma.InputJsonValue,
      createdAt: new Date(row.createdAt),
    },
  });
  const signature = row.signatures[row.signatures.length - 1]!;
  await appendAudit(tx, {
    ...audit,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    after: {
      documentId: row.id,
      version: row.version,
      termsSha256: row.termsSha256,
      sha256: row.sha256,
      signedAs: signature.signedAs,
      signer: { name: signature.name, role: signature.role, organisation: signature.organisation },
      signedAt: signature.signedAt,
    },
    dedupeKey: `signed-document:${row.id}`,
  });
  return true;
}

/**
 * The agreements the practices signed that HEE staff have not countersigned yet, oldest first:
 * each signed version 1 with no later version of the same agreement (the home page of HEE staff
 * and their weekly digest list them).
 */
export async function uncountersignedAgreements(prisma: PrismaClient) {
  const [signed, countersigned] = await Promise.all([
    prisma.signedDocument.findMany({ where: { kind: 'agreement', version: 1 }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    prisma.signedDocument.findMany({ where: { kind: 'agreement', version: { gt: 1 } }, select: { subjectId: true, documentKey: true } }),
  ]);
  const done = new Set(countersigned.map((row) => `${row.subjectId} ${row.documentKey}`));
  return signed.filter((row) => !done.has(`${row.subjectId} ${row.documentKey}`));
}
