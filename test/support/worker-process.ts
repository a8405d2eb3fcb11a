import type { ChildProcess } from 'node:child_process';
import type { TestSystem } from './system';
import { startTrainflowProcess } from './trainflow-process';

export interface WorkerProcess {
  child: ChildProcess;
  /** kill -9: no shutdown, no cleanup, as a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The worker as its own operating-system process (`TRAINFLOW_ROLE=worker npm start`), so tests
 * can kill it mid-flight. Needs PostgreSQL: PGlite's data directory is one process's alone.
 * (The API runs the same way with startTrainflowProcess in ./trainflow-process.)
 */
export async function startWorkerProcess(env: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
}): Promise<WorkerProcess> {
  return startTrainflowProcess({ role: 'worker', ...env, adminToken: 'worker-process-admin-token-0123456789' });
}

/** A worker process for a test system started with role 'api': its database, Temporal and SMTP server. */
export function startWorkerFor(system: TestSystem, options: { temporalAddress?: string } = {}): Promise<WorkerProcess> {
  return startWorkerProcess({
    databaseUrl: system.database.location.databaseUrl!,
    temporalAddress: options.temporalAddress ?? system.temporalAddress,
    taskQueue: system.config.taskQueue,
    smtpUrl: system.smtp.url,
  });
}
