/**
 * `npm run bench`: how fast and how far Trainflow goes, measured against raw Temporal calls in
 * the same run on the same Temporal server. Starts its own servers (a Temporal dev server unless
 * TEMPORAL_ADDRESS names one, the system in a child process on PGlite, and a second one on
 * PostgreSQL when one is available), prints a table per section and writes the figures as JSON
 * under bench/results/. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startTemporalDevServer, type DevServer } from '../temporal/dev-server';
import { allSearchAttributeKeys } from '../workflows/search-attributes';
import { findTemporalCli } from '../temporal/servers';
import { freePort } from '../system/ports';
import { workflowBundleOptions } from '../worker/worker';
import type { Bench } from './lib/bench';
import { readOptions } from './lib/options';
import { createBenchDatabase, findPostgres } from './lib/postgres';
import { findProcess, machine } from './lib/proc';
import { READ_ENDPOINTS, type ReadName } from './lib/reads';
import { pair, table, times, trio } from './lib/report';
import { startSmtpSink } from './lib/smtp-sink';
import { round } from './lib/stats';
import { startTarget, type Target } from './lib/target';
import { evaluateTargets, printTargets } from './lib/targets';
import { actionLatency, type ActionLevel, finishFloors, openForReview, reviewsNeeded } from './sections/actions';
import { compareDatabases, type DatabaseComparison } from './sections/database';
import { pagesAndReports, type PagesResult } from './sections/pages';
import { printPages } from './sections/pages-report';
import { scale, type ScaleResult } from './sections/scale';
import { startOverhead, type StartLevel } from './sections/start-overhead';

const startedAt = Date.now();
const elapsed = () =>
  `${Math.round((Date.now() - startedAt) / 1000)
    .toString()
    .padStart(4)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);

async function main() {
  const options = readOptions();
  const host = machine();
  log(
    `Trainflow bench on ${host.cpus} x ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node} (load average ${host.loadAverageAtStart.join(' ')})`,
  );
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-bench-'));
  // The systems' logs outlive the run, for whoever wants to see why something was slow.
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-bench-logs-'));
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  };
  process.once('SIGINT', () => {
    log('interrupted: stopping servers');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    // Temporal
    let temporalAddress = options.temporalAddress;
    let devServer: DevServer | undefined;
    let temporalDbFile: string | undefined;
    if (temporalAddress) {
      log(`Temporal: ${temporalAddress} (TEMPORAL_ADDRESS), namespace ${options.temporalNamespace}`);
    } else {
      const cliPath = findTemporalCli({ build: true, log });
      if (!cliPath)
        throw new Error(
          'No Temporal CLI: install Go (it is built from the Go module proxy), set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS',
        );
      temporalDbFile = options.temporalDb === 'file' ? path.join(workDir, 'temporal.sqlite') : undefined;
      devServer = await startTemporalDevServer({
        cliPath,
        port: await freePort(),
        dbFilename: temporalDbFile,
        namespace: options.temporalNamespace,
        searchAttributes: allSearchAttributeKeys,
      });
      const server = devServer;
      cleanups.push(() => server.stop());
      temporalAddress = devServer.address;
      log(`Temporal dev server ${temporalAddress} (SQLite ${temporalDbFile ?? 'in memory'})`);
    }
    const devServerPid = devServer?.process.pid ? findProcess(devServer.process.pid, 'temporal') : undefined;
    const connection = await Connection.connect({ address: temporalAddress });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: options.temporalNamespace });

    log('bundling the workflow code once for both systems');
    const bundle = await bundleWorkflowCode({
      ...workflowBundleOptions,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: log },
    });
    const bundlePath = path.join(workDir, 'workflows.js');
    fs.writeFileSync(bundlePath, bundle.code);
    process.env.TRAINFLOW_WORKFLOW_BUNDLE = bundlePath;

    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());

    const bench: Bench = { options, log, client, devServerPid, temporalDbFile, startedAt };
    const targetOptions = { temporalAddress, smtpUrl: smtp.url, client, options, logDir };

    log('starting the system on PGlite (API + worker in a child process)');
    const pglite = await startTarget({ name: 'pglite', ...targetOptions });
    cleanups.push(() => pglite.stop());

    const run = (section: number) => options.sections.includes(section);
    let database: DatabaseComparison | undefined;
    if (run(4)) {
      log('looking for PostgreSQL');
      const server = await findPostgres(log);
      let postgres: Target | { skipped: string };
      if ('url' in server) {
        log(`  PostgreSQL: ${server.how}`);
        const created = await createBenchDatabase(server.url);
        log('starting the system on PostgreSQL (API + worker in a child process)');
        postgres = await startTarget({ name: 'postgresql', databaseUrl: created.url, dropDatabase: created.drop, ...targetOptions });
        const started = postgres;
        cleanups.push(() => started.stop());
      } else {
        postgres = { skipped: server.skipped };
      }
      // Section 4 runs first, so both databases hold exactly the same EOIs when they are read.
      log('== 4. Database: the same reads on PGlite and on PostgreSQL ==');
      database = await compareDatabases(bench, pglite, postgres);
      if (!('skipped' in postgres)) {
        log('  stopping the PostgreSQL system');
        await postgres.stop();
      }
    }

    let starts: StartLevel[] | undefined;
    if (run(1)) {
      log('== 1. Start overhead: POST /api/eois against raw Temporal calls ==');
      starts = await startOverhead(bench, pglite);
    }

    let actions: ActionLevel[] | undefined;
    if (run(2)) {
      // Reviews need EOIs under review: section 1 leaves plenty, otherwise open some.
      await openForReview(bench, pglite, reviewsNeeded(bench));
      log('== 2. Action latency: POST /api/eois/:id/review against raw executeUpdate ==');
      actions = await actionLatency(bench, pglite);
    }

    let scaleResult: ScaleResult | undefined;
    if (run(3)) {
      await finishFloors(pglite);
      log('== 3. Scale: open EOI workflows waiting on people ==');
      const last = actions?.[actions.length - 1];
      scaleResult = await scale(bench, pglite, last?.api.throughput ?? 20);
    }

    let pages: PagesResult | undefined;
    if (run(5)) {
      log('== 5. Pages and reports: a seeded region read over HTTP ==');
      // Its own system process: the PGlite one (and its open workflows) would only add noise now.
      await pglite.stop();
      pages = await pagesAndReports(bench, { temporalAddress, smtpUrl: smtp.url, logDir });
    }

    const targets = evaluateTargets(starts, actions);
    const results = {
      startedAt: new Date(startedAt).toISOString(),
      durationSeconds: Math.round((Date.now() - startedAt) / 1000),
      machine: host,
      temporal:
        temporalAddress && options.temporalAddress ? { address: temporalAddress } : { devServer: true, sqlite: temporalDbFile ?? 'memory' },
      options,
      startOverhead: starts,
      actionLatency: actions,
      scale: scaleResult,
      database,
      pages,
      targets,
      emailsDelivered: smtp.received(),
      loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
      logs: logDir,
    };
    fs.writeFileSync(options.out, JSON.stringify(results, null, 2));
    printReport(results.durationSeconds, starts, actions, scaleResult, database);
    if (pages) printPages(pages);
    printTargets(targets, out);
    console.log(`\nFigures: ${path.relative(process.cwd(), options.out)}; system logs: ${logDir}`);
  } finally {
    log('stopping servers');
    await cleanup();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function printReport(
  seconds: number,
  starts: StartLevel[] | undefined,
  actions: ActionLevel[] | undefined,
  scaleResult: ScaleResult | undefined,
  database: DatabaseComparison | undefined,
) {
  out();
  out(`Trainflow bench: ${seconds} s. Latencies in ms as p50 / p95 / p99; rates in requests per second.`);
  out();
  if (starts) printStarts(starts);
  if (actions) printActions(actions);
  if (scaleResult) printScale(scaleResult);
  if (database) printDatabase(database);
}

const out = (text = '') => console.log(text);

function printStarts(starts: StartLevel[]) {
  out('1. Start overhead: POST /api/eois vs raw executeUpdateWithStart (same workflow, same input, same read-your-writes answer)');
  out(
    table(
      [
        'clients',
        'API',
        'API /s',
        'raw update-with-start',
        'raw /s',
        'API/raw p50',
        'p95',
        'p99',
        'raw start (no answer)',
        'start /s',
        'floor: no-I/O update-with-start',
        'floor /s',
      ],
      starts.map((l) => [
        l.concurrency,
        trio(l.api),
        l.api.throughput,
        trio(l.rawUpdateWithStart),
        l.rawUpdateWithStart.throughput,
        times(l.ratio.p50),
        times(l.ratio.p95),
        times(l.ratio.p99),
        trio(l.rawStart),
        l.rawStart.throughput,
        trio(l.floorUpdateWithStart),
        l.floorUpdateWithStart.throughput,
      ]),
    ),
  );
  out();
}

function printActions(actions: ActionLevel[]) {
  out('2. Action latency: POST /api/eois/:id/review vs raw handle.executeUpdate(reviewUpdate)');
  out(
    table(
      ['clients', 'API', 'API /s', 'raw executeUpdate', 'raw /s', 'API/raw p50', 'p95', 'p99', 'floor: no-I/O Update', 'floor /s'],
      actions.map((l) => [
        l.concurrency,
        trio(l.api),
        l.api.throughput,
        trio(l.raw),
        l.raw.throughput,
        times(l.ratio.p50),
        times(l.ratio.p95),
        times(l.ratio.p99),
        trio(l.floorUpdate),
        l.floorUpdate.throughput,
      ]),
    ),
  );
  out();
}

function printScale(scaleResult: ScaleResult) {
  out('3. Scale: open EOI workflows (waiting on people); reads and actions at 8 clients, p50 / p99');
  out(
    table(
      [
        'open',
        'opened /s',
        'system RSS MiB',
        'heap MiB',
        'dev server RSS',
        'GET :id',
        'list (staff)',
        'list (org)',
        'list filtered',
        'review',
        'timers fired (last, p50 ms)',
      ],
      scaleResult.steps.map((s) => [
        s.open,
        s.opening.started ? s.opening.rate : '-',
        s.memory.systemRssMiB,
        s.memory.systemHeapMiB,
        s.memory.devServerRssMiB,
        pair(s.reads.byId),
        pair(s.reads.listStaff),
        pair(s.reads.listOrganisation),
        pair(s.reads.listFiltered),
        pair(s.actions),
        s.timers ? `${s.timers.overdue}/${s.timers.count} in ${s.timers.lagMaxMs} (p50 ${s.timers.lagP50Ms})` : '-',
      ]),
    ),
  );
  out(
    `  Before: ${scaleResult.before.open} open, system RSS ${scaleResult.before.systemRssMiB} MiB.` +
      (scaleResult.rssMiBPer1000Open !== undefined
        ? ` RSS grows by about ${scaleResult.rssMiBPer1000Open} MiB per 1,000 more open workflows.`
        : ''),
  );
  for (const s of scaleResult.steps) if (s.opening.started) out(`  opening to ${s.open}: ${s.opening.bottleneck}`);
  out(scaleResult.stopped ? `  Stopped: ${scaleResult.stopped}` : '  Every BENCH_SCALE step completed without degrading.');
  out();
}

function printDatabase(database: DatabaseComparison) {
  out('4. Database: the same reads on PGlite and PostgreSQL, each holding the same EOIs; p50 / p99');
  if (database.skipped) out(`  PostgreSQL column skipped: ${database.skipped}`);
  const rows: (string | number | undefined)[][] = [];
  const pg = database.postgresql;
  rows.push([
    `POST /api/eois while filling (16 clients, ${database.pglite.rows} EOIs)`,
    pair(database.pglite.submit),
    pg ? pair(pg.submit) : 'skipped',
    pg ? times(round(pg.submit.p50 / database.pglite.submit.p50, 2)) : '-',
    pg ? times(round(pg.submit.p99 / database.pglite.submit.p99, 2)) : '-',
  ]);
  rows.push([
    'EOIs opened and committed per second (higher is better)',
    database.pglite.sustainedPerSecond,
    pg ? pg.sustainedPerSecond : 'skipped',
    pg ? times(round(pg.sustainedPerSecond / database.pglite.sustainedPerSecond, 2)) : '-',
    '',
  ]);
  for (const level of Object.keys(database.pglite.reads)) {
    for (const name of Object.keys(READ_ENDPOINTS) as ReadName[]) {
      const a = database.pglite.reads[level]![name];
      const b = database.postgresql?.reads[level]?.[name];
      const r = database.ratios?.[level]?.[name];
      rows.push([
        `${READ_ENDPOINTS[name]}, ${level.slice(1)} client(s)`,
        pair(a),
        b ? pair(b) : 'skipped',
        r ? times(r.p50) : '-',
        r ? times(r.p99) : '-',
      ]);
    }
  }
  out(table(['endpoint', 'PGlite', 'PostgreSQL', 'PG/PGlite p50', 'p99'], rows));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
