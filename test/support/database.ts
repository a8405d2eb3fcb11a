import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { isPostgresUrl } from '../../db/adapter';
import { type Database, type DatabaseLocation, migrateDatabase, openDatabase } from '../../db/database';

export interface TestDatabase {
  db: Database;
  location: DatabaseLocation;
  close(): Promise<void>;
}

/**
 * A new, empty database on the PostgreSQL server serverUrl names (the suites and the bench make
 * one per run); drop() removes it, connections and all.
 */
export async function createScratchPostgresDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new PgClient({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new PgClient({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * A fresh, migrated database for one test file: a copy of the PGlite template by default, or a
 * new PostgreSQL database on the server DATABASE_URL names (CI runs the suite both ways).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (isPostgresUrl(serverUrl)) {
    const scratch = await createScratchPostgresDatabase(serverUrl, 'trainflow_test');
    const location = { databaseUrl: scratch.url, dataDir: os.tmpdir() };
    await migrateDatabase(location);
    const db = await openDatabase(location);
    return {
      db,
      location,
      async close() {
        await db.close();
        await scratch.drop();
      },
    };
  }
  const template = process.env.TRAINFLOW_TEST_PGLITE_TEMPLATE;
  if (!template) throw new Error('TRAINFLOW_TEST_PGLITE_TEMPLATE is set by test/support/global-setup.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-test-db-'));
  fs.cpSync(path.join(template, 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  const location = { dataDir };
  const db = await openDatabase(location);
  return {
    db,
    location,
    async close() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
