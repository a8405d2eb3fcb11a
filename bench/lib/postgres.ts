/**
 * Finds a PostgreSQL server for the database comparison: BENCH_DATABASE_URL or DATABASE_URL when
 * it is a postgres:// URL, otherwise a local Debian cluster (pg_lsclusters), started and given the
 * same `trainflow` role .ci/run creates when we are allowed to. Each run gets its own database,
 * dropped at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { isPostgresUrl } from '../../db/adapter';
import { createScratchPostgresDatabase } from '../../test/support/database';

export type PostgresServer = { url: string; how: string } | { skipped: string };

async function answers(url: string): Promise<string | undefined> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export async function findPostgres(log: (line: string) => void): Promise<PostgresServer> {
  const configured = [process.env.BENCH_DATABASE_URL, process.env.DATABASE_URL].find(isPostgresUrl);
  if (configured) {
    const problem = await answers(configured);
    return problem ? { skipped: `${redact(configured)} did not answer: ${problem}` } : { url: configured, how: redact(configured) };
  }
  if (process.env.BENCH_POSTGRES === 'off') return { skipped: 'BENCH_POSTGRES=off' };

  let clusters: string[][];
  try {
    clusters = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/));
  } catch {
    return { skipped: 'no PostgreSQL: set BENCH_DATABASE_URL, or install the postgresql package (as .ci/run does)' };
  }
  const cluster = clusters[0];
  if (!cluster) return { skipped: 'pg_lsclusters lists no cluster: set BENCH_DATABASE_URL, or create one (as .ci/run does)' };
  const [version, name, port, status] = cluster as [string, string, string, string];
  const isRoot = process.getuid?.() === 0;
  if (status !== 'online') {
    if (!isRoot) return { skipped: `cluster ${version}/${name} is ${status} and this user may not start it` };
    log(`  starting PostgreSQL cluster ${version}/${name} (pg_ctlcluster)`);
    spawnSync('pg_ctlcluster', [version, name, 'start'], { stdio: 'ignore' });
  }
  const url = `postgresql://trainflow:trainflow@127.0.0.1:${port}/trainflow`;
  let problem = await answers(url);
  if (problem && isRoot) {
    // The role and database .ci/run creates for the test suite.
    log(`  creating the trainflow role and database on cluster ${version}/${name}, as .ci/run does`);
    spawnSync('su', ['postgres', '-c', 'psql -q -v ON_ERROR_STOP=1'], {
      input: `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trainflow') THEN
    CREATE ROLE trainflow LOGIN SUPERUSER PASSWORD 'trainflow';
  END IF;
END $$;`,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    spawnSync('su', ['postgres', '-c', 'createdb -O trainflow trainflow'], { stdio: 'ignore' });
    problem = await answers(url);
  }
  if (problem) return { skipped: `local cluster ${version}/${name} on port ${port}: ${problem}` };
  return { url, how: `local cluster ${version}/${name} (${redact(url)})` };
}

/** A fresh database on the server for this run; drop() removes it. */
export const createBenchDatabase = (serverUrl: string) => createScratchPostgresDatabase(serverUrl, 'trainflow_bench');
