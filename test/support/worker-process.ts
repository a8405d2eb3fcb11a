import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcess {
  child: ChildProcess;
  /** kill -9: no shutdown, no cleanup, as a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

const projectRoot = path.resolve(__dirname, '..', '..');

/**
 * The worker as its own operating-system process (`TRAINFLOW_ROLE=worker npm start`), so tests
 * can kill it mid-flight. Needs PostgreSQL: PGlite's data directory is one process's alone.
 */
export async function startWorkerProcess(env: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      TRAINFLOW_ROLE: 'worker',
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      SMTP_URL: env.smtpUrl,
      LOG_LEVEL: 'error',
      ADMIN_TOKEN: 'worker-process-admin-token-0123456789',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('Trainflow is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) during start-up:\n${output.join('')}`));
    });
  });
  return {
    child,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
