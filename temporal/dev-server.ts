/**
 * Runs the Temporal CLI dev server (a real Temporal server with SQLite persistence and the web
 * UI) as a child process. The SDK's own launcher gives it 5 s to come up, which a loaded 2-core
 * machine does not always manage; this waits until the frontend answers. A small shell guard
 * stops the server if this process dies without cleaning up, so no server is left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import { freePortPair } from '../system/ports';
import { allSearchAttributeKeys } from '../workflows/search-attributes';
import { findTemporalCli } from './servers';
import { devServerDynamicConfigArgs } from './server-settings';

export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  /** Web UI port; omitted means headless. */
  uiPort?: number;
  /** SQLite file for persistence; omitted means in memory. */
  dbFilename?: string;
  namespace?: string;
  searchAttributes?: readonly SearchAttributeKey<SearchAttributeType>[];
  startupTimeoutMs?: number;
  onOutput?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const TYPE_NAMES: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * `sh -c PARENT_GUARD guard command args...` runs the command in the background and stops it
 * when the Node parent goes away; SIGUSR1 to the guard kills the command with SIGKILL (a crash).
 */
export const PARENT_GUARD = `"$@" & server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server; exit 0' TERM INT
trap 'kill -KILL $server 2>/dev/null; wait $server; exit 0' USR1
while kill -0 "$TRAINFLOW_PARENT_PID" 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done
kill -TERM $server 2>/dev/null; wait $server`;

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--namespace', namespace, '--log-level', 'error'];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  // The same dynamic configuration as the production server's (docker/temporal/dynamicconfig.yaml).
  args.push(...devServerDynamicConfigArgs());
  for (const key of options.searchAttributes ?? []) {
    args.push('--search-attribute', `${key.name}=${TYPE_NAMES[key.type] ?? key.type}`);
  }
  const child = spawn('sh', ['-c', PARENT_GUARD, 'temporal-guard', options.cliPath, ...args], {
    env: { ...process.env, TRAINFLOW_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const address = `${ip}:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited during start-up:\n${output.join('\n')}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`Temporal dev server at ${address} did not answer in time: ${String(error)}\n${output.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { address, uiUrl: options.uiPort ? `http://${ip}:${options.uiPort}` : undefined, process: child, stop };
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * The Temporal dev server under DATA_DIR: the local CLI when there is one (built from the Go
 * module proxy if need be), otherwise the SDK's download (machines that reach the vendor).
 */
export async function startConfiguredDevServer(config: Config, logger: Logger, stablePorts = true): Promise<RunningDevServer> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  // People get the familiar 7233/8233 when free; tests running side by side take any free pair.
  const port = await freePortPair(stablePorts ? 7233 : undefined);
  const dbFilename = path.join(config.dataDir, 'temporal.sqlite');
  const cliPath = findTemporalCli({ build: true, log: (message) => logger.info(message) });
  if (cliPath) {
    return startTemporalDevServer({
      cliPath,
      port,
      uiPort: port + 1000,
      dbFilename,
      namespace: config.temporalNamespace,
      searchAttributes: allSearchAttributeKeys,
      onOutput: (line) => logger.debug({ temporal: line }),
    });
  }
  // Loaded here only: a development dependency, absent from the production image.
  const { TestWorkflowEnvironment } = require('@temporalio/testing') as typeof import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port,
      ui: true,
      uiPort: port + 1000,
      dbFilename,
      namespace: config.temporalNamespace,
      searchAttributes: allSearchAttributeKeys,
      log: { format: 'pretty', level: 'error' },
      extraArgs: devServerDynamicConfigArgs(),
    },
  });
  return { address: env.address, uiUrl: `http://127.0.0.1:${port + 1000}`, stop: () => env.teardown() };
}
