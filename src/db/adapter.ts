import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

export async function openPGlite(dataDir: string | 'memory'): Promise<PGlite> {
  if (dataDir === 'memory') return new PGlite();
  const directory = pgliteDirectory(dataDir);
  fs.mkdirSync(directory, { recursive: true });
  const pglite = new PGlite(directory);
  await pglite.waitReady;
  return pglite;
}

/**
 * The adapter the Prisma CLI uses (prisma.config.ts). PGlite is opened only inside connect():
 * the CLI builds this factory even for `prisma -v`, and an open PGlite would keep that process
 * (and so `npm ci`) alive for ever.
 */
export function cliAdapterFactory(env: NodeJS.ProcessEnv): SqlMigrationAwareDriverAdapterFactory {
  if (isPostgresUrl(env.DATABASE_URL)) return new PrismaPg({ connectionString: env.DATABASE_URL });
  const dataDir = env.DATA_DIR ?? '.data';
  letPostgresTimersNotHoldTheProcess();
  // One PGlite per data directory and process: a second instance on the same files deadlocks.
  let opening: Promise<PGlite> | undefined;
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pglite',
    async connect() {
      opening ??= openPGlite(dataDir);
      const pglite = await opening;
      const adapter = await new PrismaPGlite(pglite).connect();
      return Object.assign(adapter, {
        // Closing on dispose lets the CLI exit as soon as it is done.
        async dispose() {
          opening = undefined;
          await pglite.close();
        },
      });
    },
    async connectToShadowDb() {
      return new PrismaPGlite(await openPGlite('memory')).connect();
    },
  };
}

/**
 * PGlite re-arms PostgreSQL's internal interval timers (statistics, idle checks) for as long as
 * it is open, the Prisma CLI never disposes its adapter, and its WASM schema engine leaves a 10 s
 * timeout armed: `prisma migrate deploy` would linger or never exit. In the CLI process only,
 * timers armed from WebAssembly are unref'd; the CLI's own work keeps it alive, and everything
 * it wrote is committed before it exits.
 */
function letPostgresTimersNotHoldTheProcess(): void {
  const marker = Symbol.for('trainflow.pgliteTimersUnref');
  const globals = globalThis as unknown as Record<symbol, boolean>;
  if (globals[marker]) return;
  globals[marker] = true;
  const original = globalThis.setTimeout;
  const patched = ((...args: Parameters<typeof setTimeout>) => {
    const timer = original(...args);
    if (new Error().stack?.includes('wasm://')) timer.unref();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}
