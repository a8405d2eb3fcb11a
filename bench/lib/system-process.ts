/** Starts bench/system-child.ts as a child process and talks to it over IPC. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildConfig, ChildMessage, ChildRequest, ChildStats } from '../system-child';
import type { SeedTable } from './seed-handlers';

export interface SystemProcess {
  apiUrl: string;
  pid: number;
  dbKind: string;
  logFile: string;
  stats(): Promise<ChildStats>;
  eoiStates(ids: string[]): Promise<{ id: string; status: string; updatedAt: number }[]>;
  /** Section 5: rows written straight into the system's database; sessions started as the pages start them. */
  seed(table: SeedTable, rows: Record<string, unknown>[]): Promise<number>;
  startSessions(userIds: string[]): Promise<string[]>;
  stop(): Promise<void>;
}

type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export async function startSystemProcess(
  name: string,
  config: ChildConfig,
  options: { logDir: string; cpuProfileDir?: string; env?: NodeJS.ProcessEnv },
): Promise<SystemProcess> {
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const nodeArgs = ['--import', 'tsx'];
  // One file per thread (the main thread's is the largest; tsx's loader thread writes one too).
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfileDir, name)}`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '..', 'system-child.ts')], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, ...options.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (${code ?? signal}); see ${logFile}`));
    pending.clear();
  });

  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited with ${code} while starting; see ${logFile}`));
    child.once('exit', onExit);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        child.off('exit', onExit);
        resolve(message);
      } else if (message.type === 'failed') {
        reject(new Error(`${name} failed to start: ${message.error}`));
      } else if (message.type === 'reply') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      }
    });
  });

  const call = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id } as ChildRequest);
    });

  return {
    apiUrl: ready.apiUrl,
    pid: ready.pid,
    dbKind: ready.dbKind,
    logFile,
    stats: () => call<ChildStats>({ type: 'stats' }),
    eoiStates: (ids) => call({ type: 'eoiStates', ids }),
    seed: (table, rows) => call({ type: 'seed', table, rows }),
    startSessions: (userIds) => call({ type: 'startSessions', userIds }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      try {
        await Promise.race([call({ type: 'stop' }), exited]);
      } catch {
        /* exited meanwhile */
      }
      await exited;
      clearTimeout(timer);
    },
  };
}
