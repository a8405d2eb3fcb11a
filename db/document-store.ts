/**
 * Where documents' bytes live, behind one small interface so another store (an S3-compatible
 * object store) can take the database's place. Content is addressed by its SHA-256: putting the
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
        ON CONFLICT ("sha256") DO NOTHING`;
    },
    async get(sha256) {
      const row = await prisma.documentContent.findUnique({ where: { sha256 }, select: { bytes: true } });
      return row ? new Uint8Array(row.bytes) : undefined;
    },
  };
}
