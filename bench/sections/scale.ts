/**
 * Section 3. Open EOI workflows through the API until N of them wait on people, for each N in
 * BENCH_SCALE, then at each step measure: memory of the system process (worker + API + PGlite)
 * and of the dev server, API reads and actions, and how long a batch of M deadline timers takes
 * to fire (M funded EOIs whose deadline is extended to the same instant T; the time from T until
 * the read model shows all of them CONFIRMATION_OVERDUE).
 *
 * Opening stops early, with the reason, when the start rate falls below a share of the first
 * chunk's rate or an absolute floor, when requests fail, when the system's memory passes a limit,
 * or when the next step would not fit the time budget.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { EoiView } from '../../domain/eoi/schemas';
import type { Bench } from '../lib/bench';
import { runLoad } from '../lib/load';
import { CpuMeter, mib, procSample } from '../lib/proc';
import { measureReads, type ReadName } from '../lib/reads';
import { eoiBody } from '../lib/region';
import { percentile, round, type Summary } from '../lib/stats';
import type { Target } from '../lib/target';
import { apiReview, openForReview, takeUnderReview } from './actions';

export interface OpeningChunk {
  openAfter: number;
  started: number;
  rate: number;
  errors: number;
  p50: number;
  p99: number;
  cpu: Record<string, number>;
}

export interface TimerBatch {
  count: number;
  /** How far ahead of the extension requests the common deadline T was set. */
  leadMs: number;
  extensions: Summary;
  overdue: number;
  /** From T until each EOI showed CONFIRMATION_OVERDUE in the read model. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** count / lagMax. */
  firedPerSecond: number;
  timedOut: boolean;
}

export interface ScaleStep {
  target: number;
  open: number;
  opening: { started: number; seconds: number; rate: number; errors: number; chunks: OpeningChunk[]; bottleneck: string };
  memory: { systemRssMiB: number; systemHeapMiB: number; systemExternalMiB: number; devServerRssMiB?: number; temporalDbMiB?: number };
  settleSeconds: number;
  reads: Record<ReadName, Summary>;
  actions: Summary;
  timers?: TimerBatch;
}

export interface ScaleResult {
  /** The system process before the section opened anything. */
  before: { open: number; systemRssMiB: number; systemHeapMiB: number };
  /** Growth of the system's RSS per 1,000 more open workflows, between the first and last step. */
  rssMiBPer1000Open?: number;
  steps: ScaleStep[];
  /** Why the section stopped before the last BENCH_SCALE step, if it did. */
  stopped?: string;
  timerPrep?: { count: number; seconds: number };
}

const CHUNK = 250;
const STEP_MEASURE_SECONDS = 45;

function bottleneck(cpu: Record<string, number>): string {
  const dev = cpu.devServer ?? 0;
  const system = cpu.system ?? 0;
  const total = dev + system + (cpu.bench ?? 0);
  const others = Math.max(0, (cpu.machine ?? total) - total);
  const capacity = os.cpus().length * 100;
  if ((cpu.machine ?? 0) >= capacity * 0.9 && others >= capacity * 0.25)
    return `the machine was saturated (${cpu.machine}% of ${capacity}%), ${others}% of it by other processes (dev server ${dev}%, system ${system}%): these figures understate what this machine does alone`;
  if (dev >= 85 && dev >= system)
    return `Temporal dev server at ${dev}% of a core: it persists through one SQLite connection, so every start, task and timer is written one at a time (the known ceiling of the dev server)`;
  if (system >= 85)
    return `system process at ${system}% of a core: the API, the worker and PGlite share one Node event loop (and PGlite one connection)`;
  if (total >= capacity * 0.85) return `the machine's ${capacity / 100} cores are saturated by the bench's own processes (${total}%)`;
  return `no process saturated (dev server ${dev}%, system ${system}%): latency-bound by round trips`;
}

function fileMiB(file: string | undefined): number | undefined {
  if (!file) return undefined;
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) bytes += fs.statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0;
  return bytes ? mib(bytes) : undefined;
}

async function untilFound<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= 100 || !String(error).includes('answered 404')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function prepareTimerEois(bench: Bench, target: Target): Promise<{ ids: string[]; seconds: number; perSecond: number }> {
  const { region } = target;
  const count = bench.options.timers;
  const started = performance.now();
  bench.log(`  preparing ${count} funded EOIs for the timer batches (submit, support, fund: 16 clients)`);
  const ids: string[] = [];
  const orgs = region.organisations.length;
  const unis = region.universities.length;
  const result = await runLoad({
    concurrency: 16,
    count,
    op: async (i) => {
      const organisation = region.organisations[i % orgs]!;
      const u = i % unis;
      const view = await organisation.api.post<EoiView>('/api/eois', eoiBody(region, i % orgs, u, region.timerIntake, 1), 201);
      target.record(view.id, u, false);
      // The submission answers before its read-model row is written (the commit activity runs
      // after the Update returned), so an immediate action can meet a 404: retry briefly.
      await untilFound(() =>
        region.universities[u]!.api.post(`/api/eois/${view.id}/review`, { decision: 'support', comment: 'Supported (bench)' }),
      );
      const funded = await region.staff.post<EoiView>(`/api/eois/${view.id}/funding-decision`, {
        decision: 'fund',
        places: 1,
        comment: 'Funded (bench)',
      });
      if (funded.status !== 'FUNDED' && funded.status !== 'CONFIRMATION_OVERDUE') throw new Error(`funding answered ${funded.status}`);
      ids.push(view.id);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.errors) bench.log(`    ${result.errors} failed: ${result.errorSamples?.join(' | ')}`);
  bench.log(`    ${ids.length} funded in ${round(seconds)} s`);
  return { ids, seconds, perSecond: (ids.length * 3) / seconds };
}

async function timerBatch(bench: Bench, target: Target, ids: string[], actionsPerSecond: number): Promise<TimerBatch> {
  const { region } = target;
  // Long enough for every extension to be in before T: twice the expected time, plus 5 s.
  const leadMs = Math.round(5_000 + (2 * ids.length * 1000) / Math.max(actionsPerSecond, 1));
  const dueAt = Date.now() + leadMs;
  bench.log(`    timers: extending ${ids.length} deadlines to T = now + ${round(leadMs / 1000)} s, then waiting for all to fire`);
  const extensions = await runLoad({
    concurrency: 16,
    count: ids.length,
    op: (i) =>
      region.staff.post(`/api/eois/${ids[i]}/extension`, { confirmationDueAt: new Date(dueAt).toISOString(), reason: 'Bench timer batch' }),
  });
  if (extensions.errors) bench.log(`    ${extensions.errors} extensions failed: ${extensions.errorSamples?.join(' | ')}`);
  const wait = dueAt - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const deadline = Date.now() + 180_000;
  let states: { id: string; status: string; updatedAt: number }[] = [];
  let timedOut = false;
  for (;;) {
    states = await target.system.eoiStates(ids);
    const overdue = states.filter((s) => s.status === 'CONFIRMATION_OVERDUE').length;
    if (overdue >= ids.length - extensions.errors) break;
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const lags = states
    .filter((s) => s.status === 'CONFIRMATION_OVERDUE')
    .map((s) => Math.max(0, s.updatedAt - dueAt))
    .sort((a, b) => a - b);
  const lagMaxMs = lags[lags.length - 1] ?? NaN;
  const batch: TimerBatch = {
    count: ids.length,
    leadMs,
    extensions,
    overdue: lags.length,
    lagP50Ms: Math.round(percentile(lags, 50)),
    lagP99Ms: Math.round(percentile(lags, 99)),
    lagMaxMs: Math.round(lagMaxMs),
    firedPerSecond: round((lags.length * 1000) / Math.max(lagMaxMs, 1)),
    timedOut,
  };
  bench.log(
    `    timers: ${batch.overdue}/${batch.count} overdue; from T: p50 ${batch.lagP50Ms} ms, p99 ${batch.lagP99Ms} ms, last ${batch.lagMaxMs} ms${timedOut ? ' (TIMED OUT)' : ''}`,
  );
  return batch;
}

export async function scale(bench: Bench, target: Target, actionsPerSecond: number): Promise<ScaleResult> {
  const { options } = bench;
  const initial = await target.system.stats();
  const result: ScaleResult = {
    before: { open: target.expectedRows, systemRssMiB: mib(initial.rssBytes), systemHeapMiB: mib(initial.heapUsedBytes) },
    steps: [],
  };
  bench.log(
    `  ${result.before.open} open so far; system RSS ${result.before.systemRssMiB} MiB (main heap ${result.before.systemHeapMiB} MiB)`,
  );
  const orgs = target.region.organisations.length;
  const unis = target.region.universities.length;
  const prep = await prepareTimerEois(bench, target);
  result.timerPrep = { count: prep.ids.length, seconds: round(prep.seconds) };
  let actionRate = actionsPerSecond;
  let firstRate: number | undefined;
  let lastRate: number | undefined;
  let submitted = 0;

  for (const goal of options.scale) {
    const open = () => target.expectedRows;
    if (open() >= goal) {
      bench.log(`  step ${goal}: already ${open()} open`);
    }
    const elapsed = (Date.now() - bench.startedAt) / 1000;
    const projected = (lastRate ? Math.max(0, goal - open()) / lastRate : 0) + STEP_MEASURE_SECONDS;
    if (elapsed + projected > options.budgetSeconds) {
      result.stopped = `step ${goal} skipped: projected to end ${Math.round(elapsed + projected)} s after the bench started, over the ${options.budgetSeconds} s budget (BENCH_BUDGET_SECONDS; raise it or lower BENCH_SCALE)`;
      bench.log(`  ${result.stopped}`);
      break;
    }
    bench.log(
      `  step ${goal}: opening ${Math.max(0, goal - open())} more EOI workflows (${options.openConcurrency} clients, chunks of ${CHUNK})`,
    );
    const chunks: OpeningChunk[] = [];
    const openingStarted = performance.now();
    const stepMeter = new CpuMeter({ devServer: bench.devServerPid, system: target.system.pid, bench: process.pid });
    let degraded: string | undefined;
    let stepErrors = 0;
    let stepStarted = 0;
    while (open() < goal && !degraded) {
      const count = Math.min(CHUNK, goal - open());
      const meter = new CpuMeter({ devServer: bench.devServerPid, system: target.system.pid, bench: process.pid });
      const chunk = await runLoad({
        concurrency: options.openConcurrency,
        count,
        op: () => {
          const i = submitted++;
          return target.submit(i % orgs, (i * 3) % unis);
        },
      });
      const cpu = meter.read();
      stepErrors += chunk.errors;
      stepStarted += chunk.count;
      chunks.push({
        openAfter: open(),
        started: chunk.count,
        rate: chunk.throughput,
        errors: chunk.errors,
        p50: chunk.p50,
        p99: chunk.p99,
        cpu,
      });
      firstRate ??= chunk.throughput;
      lastRate = chunk.throughput;
      const rss = target.system.pid ? procSample(target.system.pid)?.rssBytes : undefined;
      bench.log(
        `    ${open()} open: ${chunk.throughput}/s, p99 ${chunk.p99} ms, errors ${chunk.errors}; CPU dev server ${cpu.devServer ?? '?'}%, system ${cpu.system ?? '?'}%, bench ${cpu.bench ?? '?'}%, whole machine ${cpu.machine ?? '?'}%${rss ? `; system RSS ${mib(rss)} MiB` : ''}`,
      );
      const floor = Math.max(options.minRate, firstRate * options.minRateShare);
      if (chunk.errors > Math.max(1, chunk.count * 0.01)) {
        degraded = `${chunk.errors} of ${chunk.count} starts failed at ${open()} open (${chunk.errorSamples?.join(' | ')})`;
      } else if (chunk.throughput < floor) {
        degraded = `start rate fell to ${chunk.throughput}/s at ${open()} open, below ${round(floor)}/s (${Math.round(options.minRateShare * 100)}% of the first ${firstRate}/s, BENCH_MIN_RATE_SHARE / BENCH_MIN_RATE)`;
      } else if (rss && mib(rss) > options.maxRssMiB) {
        degraded = `system RSS ${mib(rss)} MiB passed BENCH_MAX_RSS_MIB=${options.maxRssMiB} at ${open()} open`;
      } else if (
        (Date.now() - bench.startedAt) / 1000 + ((goal - open()) / chunk.throughput || 0) + STEP_MEASURE_SECONDS >
        options.budgetSeconds
      ) {
        degraded = `time budget: reaching ${goal} would end past ${options.budgetSeconds} s (BENCH_BUDGET_SECONDS); measured at ${open()} open`;
      }
    }
    const openingSeconds = (performance.now() - openingStarted) / 1000;
    const cpu = stepMeter.read();
    const opening = {
      started: stepStarted,
      seconds: round(openingSeconds),
      rate: round(stepStarted / Math.max(openingSeconds, 0.001)),
      errors: stepErrors,
      chunks,
      bottleneck: bottleneck(cpu),
    };
    if (degraded) bench.log(`  DEGRADED: ${degraded}\n    while opening: ${opening.bottleneck}`);

    const settleStarted = performance.now();
    bench.log(`    settling (waiting for the backlog of commits and emails)`);
    await target.settle(240_000);
    const settleSeconds = round((performance.now() - settleStarted) / 1000);
    const stats = await target.system.stats();
    const devServer = bench.devServerPid ? procSample(bench.devServerPid) : undefined;
    const memory = {
      systemRssMiB: mib(stats.rssBytes),
      systemHeapMiB: mib(stats.heapUsedBytes),
      systemExternalMiB: mib(stats.externalBytes),
      ...(devServer ? { devServerRssMiB: mib(devServer.rssBytes) } : {}),
      ...(bench.temporalDbFile ? { temporalDbMiB: fileMiB(bench.temporalDbFile) } : {}),
    };
    bench.log(
      `    ${open()} open, settled in ${settleSeconds} s; system RSS ${memory.systemRssMiB} MiB (main heap ${memory.systemHeapMiB} MiB, external ${memory.systemExternalMiB} MiB)${memory.devServerRssMiB !== undefined ? `, dev server RSS ${memory.devServerRssMiB} MiB` : ''}`,
    );

    bench.log(`    reads (8 clients, ${options.reads} each)`);
    const reads = await measureReads(bench, target, 8, options.reads);
    await openForReview(bench, target, options.actions);
    const actionTargets = takeUnderReview(target, options.actions);
    const actions = await runLoad({ concurrency: 8, count: options.actions, op: (i) => apiReview(target, actionTargets[i]!) });
    bench.log(
      `    POST /api/eois/:id/review (8 clients)            p50 ${actions.p50} ms  p99 ${actions.p99} ms  ${actions.throughput}/s  errors ${actions.errors}`,
    );
    actionRate = actions.throughput || actionRate;
    await target.settle();
    const timers = prep.ids.length ? await timerBatch(bench, target, prep.ids, actionRate) : undefined;
    await target.settle();

    result.steps.push({ target: goal, open: open(), opening, memory, settleSeconds, reads, actions, timers });
    if (degraded) {
      result.stopped = degraded;
      break;
    }
  }
  const first = result.steps[0];
  const last = result.steps[result.steps.length - 1];
  const points = first && last && last.open > first.open ? [first, last] : undefined;
  const [a, b] = points ?? [{ open: result.before.open, memory: { systemRssMiB: result.before.systemRssMiB } }, first];
  if (a && b && b.open > a.open)
    result.rssMiBPer1000Open = round(((b.memory.systemRssMiB - a.memory.systemRssMiB) * 1000) / (b.open - a.open), 0);
  return result;
}
