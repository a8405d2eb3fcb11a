import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export type ProcessRole = 'worker' | 'api';

export interface TrainflowProcess {
  role: ProcessRole;
  child: ChildProcess;
  /** The API's base URL (role 'api'). */
  url?: string;
  /** What the process printed (stdout and stderr), for failure messages. */
  output(): string;
  /** kill -9: no shutdown, no cleanup, as a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export interface TrainflowProcessOptions {
  role: ProcessRole;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** Needed by the worker (role 'worker'). */
  smtpUrl?: string;
  /** The API's port (role 'api'); 0 or omitted means any free one. Restart on the same port with it. */
  port?: number;
  adminToken?: string;
  /** More environment (e.g. RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string>;
  startupTimeoutMs?: number;
}

const projectRoot = path.resolve(__dirname, '..', '..');
const live = new Set<ChildProcess>();
// A test that fails half-way must not leave a worker or an API behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * One half of Trainflow as its own operating-system process (`TRAINFLOW_ROLE=worker|api npm
 * start`), so tests can kill it mid-flight. Needs PostgreSQL: PGlite's data directory is one
 * process's alone.
 */
export async function startTrainflowProcess(options: TrainflowProcessOptions): Promise<TrainflowProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      TRAINFLOW_ROLE: options.role,
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      // Errors only, unless TRAINFLOW_TEST_LOG_LEVEL asks for more (see output()).
      LOG_LEVEL: process.env.TRAINFLOW_TEST_LOG_LEVEL ?? 'error',
      ADMIN_TOKEN: options.adminToken ?? `${options.role}-process-admin-token-0123456789`,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const output: string[] = [];
  const text = () => output.join('');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  // With TRAINFLOW_TEST_LOG_LEVEL set the process's logs also go to the test's stderr as they come.
  const echo = process.env.TRAINFLOW_TEST_LOG_LEVEL ? (chunk: Buffer) => process.stderr.write(chunk) : () => {};
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      echo(chunk);
    });
  let url: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${options.role} did not start:\n${text()}`)), options.startupTimeoutMs ?? 90_000);
      const onData = () => {
        if (!text().includes('Trainflow is running')) return;
        url = /API\s+(http:\/\/\S+)/.exec(text())?.[1];
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${options.role} exited (${code}) during start-up:\n${text()}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    role: options.role,
    child,
    url,
    output: text,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
