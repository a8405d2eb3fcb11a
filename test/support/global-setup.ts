/**
 * Runs once before all test files: makes sure the Temporal servers exist (building them from
 * the Go module proxy / Maven Central on a fresh machine), starts the Temporal server the test
 * files share, migrates a PGlite template database that each test copies, and bundles the
 * workflow code once.
 *
 * The shared Temporal server is the dev server (SQLite, in memory) by default, and the
 * production server on PostgreSQL (./temporal-server.ts) when DATABASE_URL names a PostgreSQL
 * server, as in CI's PostgreSQL suites. TRAINFLOW_TEST_TEMPORAL=dev|postgres chooses explicitly.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { migrateDatabase } from '../../db/database';
import { isPostgresUrl } from '../../db/adapter';
import { startTemporalDevServer } from '../../temporal/dev-server';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import { findTemporalCli, findTimeSkippingServer } from '../../temporal/servers';
import { freePort } from '../../system/ports';
import { workflowBundleOptions } from '../../worker/worker';
import { startTemporalServer, testTemporalKind } from './temporal-server';

function migrationsHash(): string {
  const dir = path.resolve(__dirname, '../../prisma/migrations');
  const hash = createHash('sha256');
  for (const entry of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isFile()) hash.update(entry).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export default async function globalSetup(): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const cli = findTemporalCli({ build: true, log });
  if (!cli) throw new Error('No Temporal CLI: install Go (it is built from the Go module proxy) or set TEMPORAL_CLI_PATH');
  const timeSkipping = findTimeSkippingServer({ build: true, log });
  if (!timeSkipping) throw new Error('No time-skipping server: install Java and Maven, or set TEMPORAL_TEST_SERVER_PATH');
  process.env.TEMPORAL_CLI_PATH = cli;
  process.env.TEMPORAL_TEST_SERVER_PATH = timeSkipping;

  if (!isPostgresUrl(process.env.DATABASE_URL)) {
    const template = path.join(os.tmpdir(), `trainflow-test-template-${migrationsHash()}`);
    if (!fs.existsSync(path.join(template, 'ready'))) {
      fs.rmSync(template, { recursive: true, force: true });
      await migrateDatabase({ dataDir: template });
      fs.writeFileSync(path.join(template, 'ready'), '');
    }
    process.env.TRAINFLOW_TEST_PGLITE_TEMPLATE = template;
  }

  // One Temporal server shared by the test files (each uses its own task queue); tests that
  // stop or kill Temporal start their own.
  const kind = testTemporalKind();
  process.env.TRAINFLOW_TEST_TEMPORAL = kind;
  if (kind === 'postgres') {
    const server = await startTemporalServer({ postgresUrl: process.env.DATABASE_URL! });
    (globalThis as Record<string, unknown>).__trainflowTemporalStop = () => server.destroy();
    process.env.TRAINFLOW_TEST_TEMPORAL_ADDRESS = server.address;
  } else {
    const devServer = await startTemporalDevServer({ cliPath: cli, port: await freePort(), searchAttributes: allSearchAttributeKeys });
    (globalThis as Record<string, unknown>).__trainflowTemporalStop = () => devServer.stop();
    process.env.TRAINFLOW_TEST_TEMPORAL_ADDRESS = devServer.address;
  }

  const bundle = await bundleWorkflowCode({
    ...workflowBundleOptions,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: log, error: log },
  });
  const bundlePath = path.join(os.tmpdir(), `trainflow-workflows-${process.pid}.js`);
  fs.writeFileSync(bundlePath, bundle.code);
  process.env.TRAINFLOW_WORKFLOW_BUNDLE = bundlePath;
  (globalThis as Record<string, unknown>).__trainflowBundlePath = bundlePath;
}
