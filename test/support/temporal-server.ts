/**
 * The production Temporal server (built from the Go module proxy by `npm run servers`) on
 * PostgreSQL, for the suites that run on PostgreSQL: its two databases made on the PostgreSQL
 * server a URL names, the schemas set up by docker/temporal/schema.sh, the server started from
 * the same config template the temporalio/server image renders (config/docker.yaml of the
 * release, driven by the same environment variables as docker-compose.yml), on free ports, and
 * the namespace and search attributes registered by docker/temporal/namespace.sh through the
 * operator service. So CI runs the stack's own set-up scripts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection, type TLSConfig } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { isPostgresUrl } from '../../db/adapter';
import { freePort } from '../../system/ports';
import { PARENT_GUARD } from '../../temporal/dev-server';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import { findTemporalCli, findTemporalServer } from '../../temporal/servers';

const run = promisify(execFile);
const dockerDir = path.resolve(__dirname, '..', '..', 'docker', 'temporal');

export interface TemporalServerTls {
  /** The frontend's (and internode) certificate and key, PEM files. */
  certFile: string;
  keyFile: string;
  /** The CA that signed the server's and the clients' certificates. */
  caFile: string;
  /** mTLS: clients without a certificate from the CA are refused. */
  requireClientAuth: boolean;
  /** What the helper itself connects with (namespace set-up, readiness). */
  client: TLSConfig;
  /** The helper's client certificate, for the `temporal` CLI. */
  clientCertFile?: string;
  clientKeyFile?: string;
}

export interface TemporalServerOptions {
  /** A PostgreSQL server (any database on it, a user that may create databases). */
  postgresUrl: string;
  namespace?: string;
  tls?: TemporalServerTls;
  startupTimeoutMs?: number;
}

export interface TemporalServer {
  address: string;
  namespace: string;
  /** Started again after stop() or crash(): same ports, same databases. */
  start(): Promise<void>;
  /** SIGTERM: the server shuts down. */
  stop(): Promise<void>;
  /** kill -9: no shutdown, as a crash. */
  crash(): Promise<void>;
  isRunning(): boolean;
  /** Stops the server and drops its databases. */
  destroy(): Promise<void>;
  output(): string;
}

/** Which Temporal server the tests run on (see global-setup.ts). */
export function testTemporalKind(): 'dev' | 'postgres' {
  const chosen = process.env.TRAINFLOW_TEST_TEMPORAL;
  const onPostgres = isPostgresUrl(process.env.DATABASE_URL);
  if (chosen === 'postgres' && !onPostgres)
    throw new Error('TRAINFLOW_TEST_TEMPORAL=postgres needs DATABASE_URL to name a PostgreSQL server');
  if (chosen === 'dev' || chosen === 'postgres') return chosen;
  if (chosen) throw new Error('TRAINFLOW_TEST_TEMPORAL must be dev or postgres');
  return onPostgres ? 'postgres' : 'dev';
}

const SEARCH_ATTRIBUTE_COUNT = allSearchAttributeKeys.length;

export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const install = findTemporalServer({ build: true, log: (m) => process.stderr.write(`${m}\n`) });
  if (!install) throw new Error('No Temporal server: install Go (npm run servers builds it) or set TEMPORAL_SERVER_DIR');
  const cli = findTemporalCli({ build: true });
  if (!cli) throw new Error('No Temporal CLI: install Go or set TEMPORAL_CLI_PATH');
  const namespace = options.namespace ?? 'default';
  const pg = new URL(options.postgresUrl);
  const tag = randomBytes(4).toString('hex');
  const databases = { main: `temporal_${tag}`, visibility: `temporal_${tag}_visibility` };
  const sqlEnv = {
    SQL_HOST: pg.hostname,
    SQL_PORT: pg.port || '5432',
    SQL_USER: decodeURIComponent(pg.username),
    SQL_PASSWORD: decodeURIComponent(pg.password),
  };
  await run('sh', [path.join(dockerDir, 'schema.sh')], {
    env: {
      ...process.env,
      ...sqlEnv,
      DBNAME: databases.main,
      VISIBILITY_DBNAME: databases.visibility,
      TEMPORAL_SQL_TOOL: install.sqlTool,
      TEMPORAL_SCHEMA_DIR: install.postgresSchemaDir,
    },
    timeout: 180_000,
  });
  // A test server's databases are scratch: commits need not wait for the disk (a clean
  // PostgreSQL shutdown, as in the fault suite, still loses nothing). The shared cluster here
  // flushes every commit, which made history writes the tests' bottleneck.
  await withPg(options.postgresUrl, async (admin) => {
    for (const name of Object.values(databases)) await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });

  // Nine ports: each service's gRPC and membership ports, and the frontend's HTTP port. Below
  // 32768: the cluster_membership table keeps ports in a smallint.
  const ports: Record<string, string> = {};
  for (const name of [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'FRONTEND_HTTP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ]) {
    let port: number;
    do port = await freePort(10_000 + Math.floor(Math.random() * 22_000));
    while (port >= 32_768 || Object.values(ports).includes(String(port)));
    ports[name] = String(port);
  }
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-temporal-'));
  const dynamicConfig = path.join(workDir, 'dynamicconfig.yaml');
  // The stack's dynamic config plus one test-only key: search attributes usable at once.
  fs.writeFileSync(
    dynamicConfig,
    `${fs.readFileSync(path.join(dockerDir, 'dynamicconfig.yaml'), 'utf8')}
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`,
  );
  const tls = options.tls;
  const serverEnv: Record<string, string> = {
    // The variables docker-compose.yml gives the temporalio/server image.
    DB: 'postgres12',
    POSTGRES_SEEDS: sqlEnv.SQL_HOST,
    DB_PORT: sqlEnv.SQL_PORT,
    // The template takes the visibility store's port from these, not from DB_PORT.
    VISIBILITY_DB_PORT: sqlEnv.SQL_PORT,
    POSTGRES_USER: sqlEnv.SQL_USER,
    POSTGRES_PWD: sqlEnv.SQL_PASSWORD,
    DBNAME: databases.main,
    VISIBILITY_DBNAME: databases.visibility,
    BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: dynamicConfig,
    LOG_LEVEL: 'warn',
    // Each of the four services keeps its own pools (20 + 10 connections by default): two test
    // servers beside the tests' own would exhaust a default PostgreSQL's 100.
    SQL_MAX_CONNS: '5',
    SQL_MAX_IDLE_CONNS: '5',
    SQL_VIS_MAX_CONNS: '2',
    SQL_VIS_MAX_IDLE_CONNS: '2',
    ...ports,
    ...(tls
      ? {
          TEMPORAL_TLS_SERVER_CERT: tls.certFile,
          TEMPORAL_TLS_SERVER_KEY: tls.keyFile,
          TEMPORAL_TLS_SERVER_CA_CERT: tls.caFile,
          TEMPORAL_TLS_FRONTEND_CERT: tls.certFile,
          TEMPORAL_TLS_FRONTEND_KEY: tls.keyFile,
          TEMPORAL_TLS_CLIENT1_CA_CERT: tls.caFile,
          TEMPORAL_TLS_CLIENT2_CA_CERT: tls.caFile,
          TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: String(tls.requireClientAuth),
          // The server's own clients (history, matching, its system worker) check the certificate's name.
          TEMPORAL_TLS_INTERNODE_SERVER_NAME: 'localhost',
          TEMPORAL_TLS_FRONTEND_SERVER_NAME: 'localhost',
        }
      : {}),
  };

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const output: string[] = [];
  const text = () => output.join('');

  const connect = () => Connection.connect({ address, tls: tls?.client, connectTimeout: 2_000 });

  const start = async () => {
    const spawned = spawn(
      'sh',
      [
        '-c',
        PARENT_GUARD,
        'temporal-server-guard',
        install.server,
        '--root',
        install.root,
        '--config',
        'config',
        '--env',
        'docker',
        '--allow-no-auth',
        'start',
      ],
      {
        cwd: workDir,
        env: { ...process.env, ...serverEnv, TRAINFLOW_PARENT_PID: String(process.pid) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = spawned;
    exited = new Promise<void>((resolve) => spawned.once('exit', () => resolve()));
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 40) output.shift();
    };
    spawned.stdout?.on('data', collect);
    spawned.stderr?.on('data', collect);
    const deadline = Date.now() + (options.startupTimeoutMs ?? 90_000);
    for (;;) {
      if (spawned.exitCode !== null) throw new Error(`The Temporal server exited during start-up:\n${text()}`);
      try {
        const connection = await connect();
        try {
          await connection.healthService.check({});
          break;
        } finally {
          await connection.close();
        }
      } catch (error) {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`The Temporal server at ${address} did not answer in time: ${String(error)}\n${text()}`);
        }
        await sleep(250);
      }
    }
    await registerNamespace();
  };

  const registerNamespace = async () => {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PATH: `${path.dirname(cli)}${path.delimiter}${process.env.PATH ?? ''}`,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_RETENTION: '1d',
    };
    if (tls) {
      env.TEMPORAL_TLS = 'true';
      env.TEMPORAL_TLS_SERVER_CA_CERT_PATH = tls.caFile;
      if (tls.clientCertFile && tls.clientKeyFile) {
        env.TEMPORAL_TLS_CLIENT_CERT_PATH = tls.clientCertFile;
        env.TEMPORAL_TLS_CLIENT_KEY_PATH = tls.clientKeyFile;
      }
    }
    // The namespace cache and the search attributes take a moment to reach every service.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await run('sh', [path.join(dockerDir, 'namespace.sh')], { env, timeout: 60_000 });
        const connection = await connect();
        try {
          const listed = await connection.operatorService.listSearchAttributes({ namespace });
          const custom = Object.keys(listed.customAttributes ?? {}).filter((name) => name.startsWith('Trainflow'));
          if (custom.length !== SEARCH_ATTRIBUTE_COUNT) throw new Error(`search attributes registered: ${custom.join(', ')}`);
          await connection.workflowService.countWorkflowExecutions({ namespace, query: 'TrainflowProcess = "eoi"' });
          return;
        } finally {
          await connection.close();
        }
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Namespace ${namespace} was not ready: ${describe(error)}\n${text()}`);
        await sleep(500);
      }
    }
  };

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    current.kill('SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    address,
    namespace,
    start,
    stop,
    async crash() {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      current.kill('SIGUSR1'); // the guard kills the server with SIGKILL
      await exited;
    },
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async destroy() {
      await stop();
      fs.rmSync(workDir, { recursive: true, force: true });
      await withPg(options.postgresUrl, async (admin) => {
        for (const name of Object.values(databases)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
    output: text,
  };
}

async function withPg(url: string, work: (client: PgClient) => Promise<void>): Promise<void> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function describe(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return e.stderr?.trim() || e.message || String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
