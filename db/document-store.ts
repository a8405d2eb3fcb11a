/**
 * Where documents' bytes live, behind one small interface: the database (here) or an
 * S3-compatible object store (s3-document-store.ts), chosen by DOCUMENT_STORE (document-storage.ts). Content is addressed by its SHA-256: putting the
 * same bytes twice stores them once.
 */
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from './database';

type Tx = Prisma.TransactionClient | PrismaClient;

export interface DocumentStore {
  /** Stores the bytes under their hash (a no-op when they are there already). `tx`: the transaction of the record that refers to them. */
  put(sha256: string, bytes: Uint8Array, tx?: Tx): Promise<void>;
  /** The bytes stored under a hash, or undefined. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  /**
   * Deletes the content row of a hash in the caller's transaction (a no-op when there is none),
   * with the bytes when they are in it. Callers check no attachment needs them: releaseUnreferenced.
   * Bytes kept outside the database stay until purgeReleased, after that transaction commits.
   */
  delete(sha256: string, tx?: Tx): Promise<void>;
  /**
   * Once the transaction that deleted their rows has committed: deletes the bytes of these hashes
   * kept outside the database (the object store's objects; a no-op for the database store, whose
   * bytes went with their row). Never inside that transaction: were it then to fail, its rows would
   * come back naming bytes that are gone. An object left behind (the process stopped between the
   * commit and this step, or this step failed) is harmless: addressed by its hash, no row names it,
   * and the same bytes put again reuse it.
   */
  purgeReleased(hashes: Iterable<string>): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The default store: the DocumentContent table, in the same transaction as the attachment that refers to it. */
export function databaseDocumentStore(prisma: PrismaClient): DocumentStore {
  return {
    async put(sha256, bytes, tx = prisma) {
      // Raw SQL, the bytes as base64 decoded by the database: the PGlite driver adapter cannot
      // bind a Bytes value the query engine hands it (it arrives as a base64 string).
      const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      await tx.$executeRaw`INSERT INTO "DocumentContent" ("sha256", "size", "bytes")
        VALUES (${sha256}, ${bytes.byteLength}, decode(${base64}, 'base64'))
        ON CONFLICT ("sha256") DO UPDATE SET "size" = EXCLUDED."size"`;
      // DO UPDATE (not DO NOTHING) locks the existing row until this transaction ends, so a
      // concurrent releaseUnreferenced waits and then sees the attachment that now refers to it.
    },
    async get(sha256) {
      const row = await prisma.documentContent.findUnique({ where: { sha256 }, select: { bytes: true, store: true } });
      if (row && row.store !== 'database') {
        throw new Error(`Document content ${sha256} is in the object store (${row.store}): set DOCUMENT_STORE=${row.store} to read it`);
      }
      return row ? new Uint8Array(row.bytes) : undefined;
    },
    async delete(sha256, tx = prisma) {
      await tx.documentContent.deleteMany({ where: { sha256 } });
    },
    async purgeReleased() {
      // The bytes were in the rows the transaction deleted.
    },
  };
}

/**
 * Deletes the content of each hash that no live attachment (not removed) nor signed document refers to any more, within
 * the caller's transaction; answers the hashes deleted, for the caller to hand to the store's
 * purgeReleased once the transaction has committed. The content row is locked first, so an
 * upload of the same bytes in flight either finishes first (and is counted) or stores them again.
 */
export async function releaseUnreferenced(tx: Prisma.TransactionClient, store: DocumentStore, hashes: Iterable<string>): Promise<string[]> {
  const released: string[] = [];
  for (const sha256 of new Set(hashes)) {
    await tx.$queryRaw`SELECT "sha256" FROM "DocumentContent" WHERE "sha256" = ${sha256} FOR UPDATE`;
    const live = await tx.documentAttachment.count({ where: { sha256, removedAt: null } });
    // A signed PDF is kept as the record; a practice may also have attached the same bytes as evidence.
    const signed = await tx.signedDocument.count({ where: { sha256 } });
    if (live + signed > 0) continue;
    await store.delete(sha256, tx);
    released.push(sha256);
  }
  return released;
}
