/**
 * The object-store back end of DocumentStore (DOCUMENT_STORE=s3): a document's bytes in an
 * S3-compatible bucket under `<prefix><sha256>`, the DocumentContent row kept as the index (its
 * size, `store = 's3'`, no bytes) in the transaction of the attachment that refers to it, so
 * releaseUnreferenced locks and counts the same rows on both back ends.
 *
 * Order matters where the two cannot share a transaction: the object is written before its row
 * (a row never names bytes that are not there; an upload that fails after the write leaves an
 * object no row names, harmless and stored once by its hash), and the row is deleted in the
 * caller's transaction but the object only after it commits (purgeReleased): a transaction that
 * fails brings its row back with the object still there. Bytes read back are checked against
 * their hash.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Prisma, PrismaClient } from './database';
import { type DocumentStore, sha256Of } from './document-store';

type Tx = Prisma.TransactionClient | PrismaClient;

export interface S3StoreOptions {
  bucket: string;
  /** Prepended to each object's key (`documents/`). */
  prefix: string;
  /** An S3-compatible server's URL; unset for AWS S3 itself. */
  endpoint?: string;
  region: string;
  /** Bucket in the path (`endpoint/bucket/key`), as most S3-compatible servers want. */
  forcePathStyle: boolean;
}

/** A client with the SDK's own defaults: credentials from its provider chain (AWS_ACCESS_KEY_ID..., a role). */
export const s3ClientFor = (options: S3StoreOptions): S3Client =>
  new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle });

const isMissing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound;

export function s3DocumentStore(prisma: PrismaClient, s3: S3Client, options: Pick<S3StoreOptions, 'bucket' | 'prefix'>): DocumentStore {
  const object = (sha256: string) => ({ Bucket: options.bucket, Key: `${options.prefix}${sha256}` });

  async function hasObject(sha256: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand(object(sha256)));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    async put(sha256, bytes, tx: Tx = prisma) {
      if (!(await hasObject(sha256))) {
        await s3.send(new PutObjectCommand({ ...object(sha256), Body: bytes, ContentLength: bytes.byteLength }));
      }
      // As the database store does: DO UPDATE locks an existing row until the transaction ends.
      await tx.$executeRaw`INSERT INTO "DocumentContent" ("sha256", "size", "bytes", "store")
        VALUES (${sha256}, ${bytes.byteLength}, ''::bytea, 's3')
        ON CONFLICT ("sha256") DO UPDATE SET "size" = EXCLUDED."size"`;
    },

    async get(sha256) {
      const row = await prisma.documentContent.findUnique({ where: { sha256 }, select: { store: true, bytes: true } });
      if (!row) return undefined;
      // Stored before the deployment moved to the object store: still in the database.
      if (row.store === 'database') return new Uint8Array(row.bytes);
      let bytes: Uint8Array;
      try {
        const answer = await s3.send(new GetObjectCommand(object(sha256)));
        bytes = await answer.Body!.transformToByteArray();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      if (sha256Of(bytes) !== sha256) throw new Error(`The object store's bytes for document content ${sha256} do not match their hash`);
      return bytes;
    },

    async delete(sha256, tx: Tx = prisma) {
      await tx.documentContent.deleteMany({ where: { sha256 } });
    },

    async purgeReleased(hashes) {
      const released = [...new Set(hashes)];
      if (released.length === 0) return;
      // Content stored again since its row was deleted has a row again, and needs its object.
      const storedAgain = await prisma.documentContent.findMany({ where: { sha256: { in: released } }, select: { sha256: true } });
      const keep = new Set(storedAgain.map((row) => row.sha256));
      for (const sha256 of released) {
        if (!keep.has(sha256)) await s3.send(new DeleteObjectCommand(object(sha256))); // a missing object is not an error in S3
      }
    },
  };
}
