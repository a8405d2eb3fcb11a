/**
 * One Trainflow system (API + worker + database) in its own process, driven by bench/run.ts over
 * Node's IPC channel. Keeping it apart from the load generator means the API's event loop and
 * memory are the system's own: RSS is the worker's and the API's, not the bench's.
 *
 * Input: BENCH_CHILD_CONFIG (JSON). Messages in: { id, type: 'stats' | 'eoiStates' | 'seed' | 'startSessions' | 'stop' }.
 */
import { loadConfig, type Config } from '../config/config';
import { createLogger } from '../config/logger';
import { startSystem, type System } from '../system/system';
import { seedHandlers, type SeedTable } from './lib/seed-handlers';
import { startFloorWorker } from './floor/worker';

export interface ChildConfig {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
  adminToken: string;
  logLevel: Config['logLevel'];
}

export type ChildRequest =
  | { id: number; type: 'stats' }
  | { id: number; type: 'eoiStates'; ids: string[] }
  | { id: number; type: 'seed'; table: SeedTable; rows: Record<string, unknown>[] }
  | { id: number; type: 'startSessions'; userIds: string[] }
  | { id: number; type: 'stop' };

export interface ChildStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory outside the V8 heap: Buffers, and PGlite's WebAssembly memory. */
  externalBytes: number;
  cpuUserMicros: number;
  cpuSystemMicros: number;
  pendingOutbox: number;
  eoisByStatus: Record<string, number>;
  eventLoopLagMs: number;
}

export type ChildMessage =
  | { type: 'ready'; apiUrl: string; dbKind: string; pid: number }
  | { type: 'failed'; error: string }
  | { id: number; type: 'reply'; result?: unknown; error?: string };

const send = (message: ChildMessage) => process.send?.(message);

async function main() {
  const input = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as ChildConfig;
  const config: Config = {
    ...loadConfig({ ADMIN_TOKEN: input.adminToken, LOG_LEVEL: input.logLevel, DATA_DIR: input.dataDir }),
    port: 0,
    databaseUrl: input.databaseUrl,
    temporalAddress: input.temporalAddress,
    taskQueue: input.taskQueue,
    smtpUrl: input.smtpUrl,
    // The bench measures the API, not the limiter.
    rateLimitPerMinute: 1_000_000_000,
  };
  let system: System;
  let floor: Awaited<ReturnType<typeof startFloorWorker>>;
  try {
    system = await startSystem(config, { logger: createLogger(input.logLevel), stablePorts: false });
    floor = await startFloorWorker(config);
  } catch (error) {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  const prisma = system.db.prisma;

  // Event-loop lag: how late a 100 ms timer fires, the worst in the last sampling window.
  let lag = 0;
  let expected = Date.now() + 100;
  setInterval(() => {
    const now = Date.now();
    lag = Math.max(lag, now - expected);
    expected = now + 100;
  }, 100).unref();

  const handlers = {
    async stats(): Promise<ChildStats> {
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      const [pendingOutbox, groups] = await Promise.all([
        prisma.outboxEmail.count({ where: { status: 'pending' } }),
        prisma.eoi.groupBy({ by: ['status'], _count: { _all: true } }),
      ]);
      const eventLoopLagMs = lag;
      lag = 0;
      return {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        externalBytes: memory.external,
        cpuUserMicros: cpu.user,
        cpuSystemMicros: cpu.system,
        pendingOutbox,
        eoisByStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])),
        eventLoopLagMs,
      };
    },
    async eoiStates(ids: string[]) {
      const rows = await prisma.eoi.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, updatedAt: true } });
      return rows.map((row) => ({ id: row.id, status: row.status, updatedAt: row.updatedAt.getTime() }));
    },
  };

  const seeding = seedHandlers(system);

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= floor.stop().then(() => system.stop()));

  process.on('message', (message: ChildRequest) => {
    void (async () => {
      try {
        if (message.type === 'stop') {
          await stop();
          send({ id: message.id, type: 'reply' });
          process.disconnect?.();
          setTimeout(() => process.exit(0), 100).unref();
          return;
        }
        const result =
          message.type === 'stats'
            ? await handlers.stats()
            : message.type === 'eoiStates'
              ? await handlers.eoiStates(message.ids)
              : message.type === 'seed'
                ? await seeding.seed(message.table, message.rows)
                : await seeding.startSessions(message.userIds);
        send({ id: message.id, type: 'reply', result });
      } catch (error) {
        send({ id: message.id, type: 'reply', error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The bench went away without stopping us: stop anyway, so nothing is left running.
  process.on('disconnect', () => {
    void stop().finally(() => process.exit(0));
  });

  send({ type: 'ready', apiUrl: system.apiUrl!, dbKind: system.db.kind, pid: process.pid });
}

void main();
