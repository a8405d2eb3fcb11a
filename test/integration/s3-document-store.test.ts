/**
 * The object-store back end of documents against a real S3-compatible server (s3rver) and a real
 * database: bytes in the bucket under their SHA-256 and the index row in the database, the same
 * content stored once, deletion of both (the object only once the deleting transaction has
 * committed), bytes that no longer match their hash refused, and content stored in the database
 * before a move to the object store still read.
 */
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { databaseDocumentStore } from '../../db/document-store';
import { createDocumentStore } from '../../db/document-storage';
import { s3ClientFor, s3DocumentStore } from '../../db/s3-document-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestS3Server, type TestS3Server } from '../support/s3-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text));

describe('the S3 document store', () => {
  let database: TestDatabase;
  let s3: TestS3Server;

  beforeAll(async () => {
    [database, s3] = await Promise.all([createTestDatabase(), startTestS3Server()]);
  });

  afterAll(async () => {
    await Promise.all([database?.close(), s3?.close()]);
  });

  const store = () => createDocumentStore({ kind: 's3', ...s3.options }, database.db.prisma);
  const rowOf = (hash: string) => database.db.prisma.documentContent.findUnique({ where: { sha256: hash } });

  it('keeps the bytes in the bucket under their hash, and only the index in the database', async () => {
    const bytes = bytesOf('%PDF-1.4 a teaching plan');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    expect(await s3.has(`documents/${hash}`)).toBe(true);
    const row = await rowOf(hash);
    expect(row).toMatchObject({ sha256: hash, size: bytes.byteLength, store: 's3' });
    expect(row!.bytes.byteLength).toBe(0);
    expect(Buffer.from((await store().get(hash))!).toString()).toBe('%PDF-1.4 a teaching plan');
  });

  it('stores the same content once, however often it is put, inside a transaction or not', async () => {
    const bytes = bytesOf('the same timetable');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    const first = await s3.client.send(new HeadObjectCommand({ Bucket: s3.options.bucket, Key: `documents/${hash}` }));
    await database.db.prisma.$transaction(async (tx) => store().put(hash, bytes, tx));
    const second = await s3.client.send(new HeadObjectCommand({ Bucket: s3.options.bucket, Key: `documents/${hash}` }));
    // Not written again: the object is the first put's.
    expect(second.LastModified).toEqual(first.LastModified);
    expect(second.ETag).toBe(first.ETag);
    expect(await database.db.prisma.documentContent.count({ where: { sha256: hash } })).toBe(1);
  });

  it('deletes the object and its row, and answers nothing for them afterwards', async () => {
    const bytes = bytesOf('a policy withdrawn');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    await database.db.prisma.$transaction(async (tx) => store().delete(hash, tx));
    await store().purgeReleased([hash]);
    expect(await s3.has(`documents/${hash}`)).toBe(false);
    expect(await rowOf(hash)).toBeNull();
    expect(await store().get(hash)).toBeUndefined();
    // Deleting what is not there is not an error: a retried clean-up finds it done.
    await store().delete(hash);
    await store().purgeReleased([hash]);
  });

  it('keeps the object when the transaction that deleted its row is rolled back', async () => {
    const bytes = bytesOf('a placement agreement');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    const failed = database.db.prisma.$transaction(async (tx) => {
      await store().delete(hash, tx);
      throw new Error('the audit event could not be written');
    });
    await expect(failed).rejects.toThrow('the audit event could not be written');
    // The row came back with the rollback, and its bytes are still there to read.
    expect(await rowOf(hash)).not.toBeNull();
    expect(await s3.has(`documents/${hash}`)).toBe(true);
    expect(Buffer.from((await store().get(hash))!).toString()).toBe('a placement agreement');
  });

  it('keeps an object whose content was stored again between the deleting commit and the purge', async () => {
    const bytes = bytesOf('a supervision rota');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    await database.db.prisma.$transaction(async (tx) => store().delete(hash, tx));
    await store().put(hash, bytes);
    await store().purgeReleased([hash]);
    expect(Buffer.from((await store().get(hash))!).toString()).toBe('a supervision rota');
  });

  it('refuses bytes that no longer match their hash', async () => {
    const bytes = bytesOf('an induction pack');
    const hash = sha256(bytes);
    await store().put(hash, bytes);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.options.bucket, Key: `documents/${hash}`, Body: 'tampered' }));
    await expect(store().get(hash)).rejects.toThrow(`do not match their hash`);
  });

  it('reads content stored in the database before the move, and the database store names a row it cannot read', async () => {
    const old = bytesOf('stored before the move');
    const oldHash = sha256(old);
    await databaseDocumentStore(database.db.prisma).put(oldHash, old);
    expect(Buffer.from((await store().get(oldHash))!).toString()).toBe('stored before the move');

    const moved = bytesOf('stored after the move');
    const movedHash = sha256(moved);
    await s3DocumentStore(database.db.prisma, s3ClientFor(s3.options), s3.options).put(movedHash, moved);
    await expect(databaseDocumentStore(database.db.prisma).get(movedHash)).rejects.toThrow('set DOCUMENT_STORE=s3');
  });
});
