/**
 * Section 2. A human action: POST /api/eois/:id/review (auth, scope read of the EOI, validation,
 * Update, answer with the EOI after the change) against handle.executeUpdate(reviewUpdate) with
 * the same arguments. Each review supports a different EOI that is under university review.
 * The floor (bench/floor/): an Update that does no I/O, each to a different floor workflow; the
 * issue 21 targets are measured against it.
 */
import { randomUUID } from 'node:crypto';
import type { EoiView } from '../../domain/eoi/schemas';
import type { Bench } from '../lib/bench';
import { compareInRounds, cpuText, type Measured } from '../lib/compare';
import { runLoad } from '../lib/load';
import { requestsAt } from '../lib/options';
import { ratio, type Summary } from '../lib/stats';
import type { CreatedEoi, Target } from '../lib/target';

export interface ActionLevel {
  concurrency: number;
  api: Summary;
  raw: Summary;
  floorUpdate: Summary;
  cpu: Record<'api' | 'raw' | 'floorUpdate', Record<string, number>>;
  ratio: { p50: number; p95: number; p99: number; throughput: number };
}

export function takeUnderReview(target: Target, count: number): CreatedEoi[] {
  if (target.underReview.length < count) throw new Error(`only ${target.underReview.length} EOIs under review, ${count} needed`);
  return target.underReview.splice(0, count);
}

export async function apiReview(target: Target, eoi: CreatedEoi): Promise<EoiView> {
  const reviewer = target.region.universities[eoi.university]!;
  return reviewer.api.post<EoiView>(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Supported (bench)' });
}

/** EOIs under review that section 2 will act on, warm-ups included. */
export function reviewsNeeded(bench: Bench): number {
  const { options } = bench;
  return options.actionConcurrency.reduce((sum, c) => sum + 2 * (requestsAt(options, c) + options.rounds * (c + 1)), 0);
}

export async function actionLatency(bench: Bench, target: Target): Promise<ActionLevel[]> {
  const levels: ActionLevel[] = [];
  // Floor workflows to send Updates to: section 1 leaves some; one per floor Update at most.
  const needed = Math.ceil(reviewsNeeded(bench) / 2) - target.floors.length;
  if (needed > 0) {
    bench.log(`  starting ${needed} floor workflows`);
    await runLoad({
      concurrency: 16,
      count: needed,
      op: async () => {
        const id = `floor-${randomUUID()}`;
        await target.raw.floorUpdateWithStart(id);
        target.floors.push(id);
      },
    });
  }
  let nextFloor = 0;
  for (const concurrency of bench.options.actionConcurrency) {
    const count = requestsAt(bench.options, concurrency);
    bench.log(`  ${concurrency} client(s): ${count} reviews of each kind, in ${bench.options.rounds} alternating rounds`);
    const m = await compareInRounds(bench, target, {
      concurrency,
      count,
      rounds: bench.options.rounds,
      kinds: {
        api: () => apiReview(target, takeUnderReview(target, 1)[0]!),
        raw: () => {
          const eoi = takeUnderReview(target, 1)[0]!;
          return target.raw.review(eoi.id, target.region.universities[eoi.university]!.actor);
        },
        floorUpdate: () => target.raw.floorUpdate(target.floors[nextFloor++ % target.floors.length]!),
      },
    });
    const line = (label: string, x: Measured) =>
      bench.log(
        `    ${label.padEnd(32)} p50 ${x.summary.p50} ms  p99 ${x.summary.p99} ms  ${x.summary.throughput}/s  errors ${x.summary.errors}; ${cpuText(x.cpu)}`,
      );
    line('API POST /api/eois/:id/review', m.api);
    line('raw handle.executeUpdate', m.raw);
    line('floor: no-I/O executeUpdate', m.floorUpdate);
    const api = m.api.summary;
    const raw = m.raw.summary;
    levels.push({
      concurrency,
      api,
      raw,
      floorUpdate: m.floorUpdate.summary,
      cpu: { api: m.api.cpu, raw: m.raw.cpu, floorUpdate: m.floorUpdate.cpu },
      ratio: {
        p50: ratio(api.p50, raw.p50),
        p95: ratio(api.p95, raw.p95),
        p99: ratio(api.p99, raw.p99),
        throughput: ratio(api.throughput, raw.throughput),
      },
    });
  }
  return levels;
}

/**
 * Ends the floor workflows, so that they leave the system process's worker cache before section 3
 * measures its memory.
 */
export async function finishFloors(target: Target): Promise<void> {
  const ids = target.floors.splice(0);
  await runLoad({ concurrency: 16, count: ids.length, op: (i) => target.raw.finishFloor(ids[i]!) });
}

/** Makes sure at least `count` EOIs are under review, opening more through the API (16 clients). */
export async function openForReview(bench: Bench, target: Target, count: number): Promise<void> {
  const missing = count - target.underReview.length;
  if (missing <= 0) return;
  const orgs = target.region.organisations.length;
  const unis = target.region.universities.length;
  bench.log(`  opening ${missing} EOIs to act on`);
  const offset = target.all.length;
  await runLoad({ concurrency: 16, count: missing, op: (i) => target.submit((offset + i) % orgs, (offset + i) % unis) });
  await target.settle();
}
