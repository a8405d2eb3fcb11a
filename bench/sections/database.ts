/**
 * Section 4. The same reads on embedded PGlite and on PostgreSQL: two systems on the same
 * Temporal server, each holding the same number of EOIs created through its own API.
 */
import type { Bench } from '../lib/bench';
import { type LoadRun, runLoadRaw, summarizeRuns } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import { measureReads, type ReadName } from '../lib/reads';
import { ratio, round, type Summary } from '../lib/stats';
import type { Target } from '../lib/target';

export interface DatabaseSide {
  rows: number;
  /** POST /api/eois while filling (16 clients, alternating rounds with the other database). */
  submit: Summary;
  /** EOIs opened and fully committed (read model, emails) per second: rows / (submit + settle time). */
  sustainedPerSecond: number;
  cpu: Record<string, number>;
  reads: Record<string, Record<ReadName, Summary>>;
}

export interface DatabaseComparison {
  pglite: DatabaseSide;
  postgresql?: DatabaseSide;
  skipped?: string;
  /** PostgreSQL / PGlite p50 and p99, per concurrency and endpoint. */
  ratios?: Record<string, Record<ReadName, { p50: number; p99: number }>>;
}

const READ_CONCURRENCY = [1, 8];
const FILL_ROUNDS = 2;

interface Fill {
  runs: LoadRun[];
  busyMs: number;
  cpu: Record<string, number>[];
}

/** Opens rows/rounds EOIs through the target's API (16 clients) and waits until all is committed. */
async function fillRound(bench: Bench, target: Target, count: number, fill: Fill): Promise<void> {
  const orgs = target.region.organisations.length;
  const unis = target.region.universities.length;
  const offset = target.all.length;
  const started = performance.now();
  const meter = new CpuMeter({ devServer: bench.devServerPid, system: target.system.pid, bench: process.pid });
  const run = await runLoadRaw({ concurrency: 16, count, op: (i) => target.submit((offset + i) % orgs, ((offset + i) * 3) % unis) });
  await target.settle();
  fill.cpu.push(meter.read());
  fill.busyMs += performance.now() - started;
  fill.runs.push(run);
  bench.log(
    `    ${target.dbKind}: ${count} EOIs opened in ${round(run.elapsedMs / 1000)} s, all committed after ${round((performance.now() - started) / 1000)} s`,
  );
}

function side(rows: number, fill: Fill, reads: Record<string, Record<ReadName, Summary>>): DatabaseSide {
  const cpu: Record<string, number> = {};
  for (const key of new Set(fill.cpu.flatMap((c) => Object.keys(c)))) {
    const values = fill.cpu.map((c) => c[key]).filter((v): v is number => v !== undefined);
    cpu[key] = Math.round(values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1));
  }
  return { rows, submit: summarizeRuns(fill.runs), sustainedPerSecond: round((rows * 1000) / fill.busyMs), cpu, reads };
}

async function reads(bench: Bench, target: Target) {
  const result: Record<string, Record<ReadName, Summary>> = {};
  for (const concurrency of READ_CONCURRENCY) {
    bench.log(`  ${target.dbKind} reads, ${concurrency} client(s), ${bench.options.reads} requests each`);
    result[`c${concurrency}`] = await measureReads(bench, target, concurrency, bench.options.reads);
  }
  return result;
}

export async function compareDatabases(bench: Bench, pglite: Target, postgres: Target | { skipped: string }): Promise<DatabaseComparison> {
  const rows = bench.options.dbRows;
  const perRound = Math.ceil(rows / FILL_ROUNDS);
  const targets = 'skipped' in postgres ? [pglite] : [pglite, postgres];
  const fills = new Map<Target, Fill>(targets.map((t) => [t, { runs: [], busyMs: 0, cpu: [] }]));
  bench.log(`  opening ${perRound * FILL_ROUNDS} EOIs in each database through its API (16 clients), in ${FILL_ROUNDS} alternating rounds`);
  for (let r = 0; r < FILL_ROUNDS; r++) {
    for (const target of r % 2 === 0 ? targets : [...targets].reverse()) await fillRound(bench, target, perRound, fills.get(target)!);
  }
  const filled = perRound * FILL_ROUNDS;
  const pgliteSide = side(filled, fills.get(pglite)!, await reads(bench, pglite));
  if ('skipped' in postgres) {
    bench.log(`  PostgreSQL column skipped: ${postgres.skipped}`);
    return { pglite: pgliteSide, skipped: postgres.skipped };
  }
  const postgresSide = side(filled, fills.get(postgres)!, await reads(bench, postgres));
  const ratios: DatabaseComparison['ratios'] = {};
  for (const level of Object.keys(pgliteSide.reads)) {
    ratios[level] = {} as Record<ReadName, { p50: number; p99: number }>;
    for (const name of Object.keys(pgliteSide.reads[level]!) as ReadName[]) {
      const a = pgliteSide.reads[level]![name];
      const b = postgresSide.reads[level]![name];
      ratios[level]![name] = { p50: ratio(b.p50, a.p50), p99: ratio(b.p99, a.p99) };
    }
  }
  return { pglite: pgliteSide, postgresql: postgresSide, ratios };
}
