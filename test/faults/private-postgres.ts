/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, from the same Debian
 * installation as the shared cluster), so a test can stop and start a real PostgreSQL without
 * taking the database away from every other test and developer on the machine. As root the
 * server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../system/ports';

export interface PrivatePostgres {
  /** The server's URL (the `postgres` database, user trainflow): a base for createTestDatabase. */
  url: string;
  start(): void;
  /** pg_ctl stop -m fast: the server goes away, connections are cut. */
  stop(): void;
  isRunning(): boolean;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(root, versions[0]!, 'bin');
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'trainflow', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let running = false;
  const server: PrivatePostgres = {
    url: `postgresql://trainflow@127.0.0.1:${port}/postgres`,
    start() {
      pgCtl('-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start');
      running = true;
    },
    stop() {
      pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
      running = false;
    },
    isRunning: () => running,
    destroy() {
      try {
        if (running) server.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  server.start();
  // Should this process die without cleaning up, the server must not outlive it.
  process.once('exit', () => {
    if (running) {
      try {
        pgCtl('-m', 'immediate', 'stop');
      } catch {
        /* already gone */
      }
    }
  });
  return server;
}
