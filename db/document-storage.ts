/**
 * Which DocumentStore a deployment uses (DOCUMENT_STORE): the database by default, or an
 * S3-compatible object store. Built once per process, for the API and the worker alike.
 */
import type { PrismaClient } from './database';
import { databaseDocumentStore, type DocumentStore } from './document-store';
import { s3ClientFor, s3DocumentStore, type S3StoreOptions } from './s3-document-store';

export type DocumentStorage = { kind: 'database' } | ({ kind: 's3' } & S3StoreOptions);

export function createDocumentStore(storage: DocumentStorage, prisma: PrismaClient): DocumentStore {
  if (storage.kind === 'database') return databaseDocumentStore(prisma);
  return s3DocumentStore(prisma, s3ClientFor(storage), storage);
}
