import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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
  letWasmTimersNotHoldTheProcess();
  if (isPostgresUrl(env.DATABASE_URL))
    return new PrismaPg(new NameAsTextPool({ connectionString: env.DATABASE_URL, allowExitOnIdle: true }));
  const dataDir = env.DATA_DIR ?? '.data';
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
function letWasmTimersNotHoldTheProcess(): void {
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

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * The schema engine reads catalog columns of PostgreSQL's `name` type, which @prisma/adapter-pg
 * 6.19 refuses ("Column type 'name' could not be deserialized", prisma/orm#27403), so
 * `migrate deploy` fails on a real server. For the CLI only, this pool reports `name` columns as
 * text: their values already arrive as strings.
 */
class NameAsTextPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((r: pg.QueryResult) => {
      for (const field of r?.fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
      return r;
    });
  }
}
