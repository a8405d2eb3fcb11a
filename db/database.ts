import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client';
import { isPostgresUrl, openPGlite } from './adapter';

export { PrismaClient };
export type { Prisma } from './generated/prisma/client';

export interface DatabaseLocation {
  /** A postgres:// URL; anything else means embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgresql' | 'pglite';
  close(): Promise<void>;
}

const projectRoot = path.resolve(__dirname, '..');

/**
 * Applies pending migrations with `prisma migrate deploy` through the same driver adapter the
 * application uses (prisma.config.ts). Must run before the application opens PGlite: its data
 * directory is held by one process at a time.
 */
export async function migrateDatabase(location: DatabaseLocation): Promise<void> {
  const cli = require.resolve('prisma/build/index.js', { paths: [projectRoot] });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: location.dataDir,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  if (location.databaseUrl) env.DATABASE_URL = location.databaseUrl;
  else delete env.DATABASE_URL;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], { cwd: projectRoot, env });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output.join('')}`);
}

/** Opens the database the configuration names. PGlite may also be passed in (tests). */
export async function openDatabase(location: DatabaseLocation, pglite?: PGlite): Promise<Database> {
  if (isPostgresUrl(location.databaseUrl)) {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: location.databaseUrl }) });
    await prisma.$connect();
    return { prisma, kind: 'postgresql', close: () => prisma.$disconnect() };
  }
  const db = pglite ?? (await openPGlite(location.dataDir));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  await prisma.$connect();
  return {
    prisma,
    kind: 'pglite',
    async close() {
      await prisma.$disconnect();
      if (!db.closed) await db.close();
    },
  };
}

/** Ready when a trivial query answers. */
export async function databaseAnswers(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
