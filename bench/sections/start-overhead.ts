/**
 * Section 1. POST /api/eois (auth, validation, reference-data reads, update-with-start, answer
 * with the EOI) against the same workflow started straight through the SDK, same input:
 * - executeUpdateWithStart with the submission Update: the same call the API makes and the same
 *   answer, so the like-for-like baseline and the one the ratio uses;
 * - client.workflow.start: answers as soon as the server recorded the start, before the workflow
 *   ran at all;
 * - the floor (bench/floor/): executeUpdateWithStart of a workflow whose Update does no I/O, on
 *   the same server and worker settings; the issue 21 targets are measured against it.
 */
import { randomUUID } from 'node:crypto';
import type { Bench } from '../lib/bench';
import { compareInRounds, cpuText, type Measured } from '../lib/compare';
import { requestsAt } from '../lib/options';
import { commissioningInput } from '../lib/raw';
import { ratio, type Summary } from '../lib/stats';
import type { Target } from '../lib/target';

export interface StartLevel {
  concurrency: number;
  api: Summary;
  rawUpdateWithStart: Summary;
  rawStart: Summary;
  floorUpdateWithStart: Summary;
  cpu: Record<'api' | 'rawUpdateWithStart' | 'rawStart' | 'floorUpdateWithStart', Record<string, number>>;
  /** API / raw executeUpdateWithStart. */
  ratio: { p50: number; p95: number; p99: number; throughput: number };
}

export async function startOverhead(bench: Bench, target: Target): Promise<StartLevel[]> {
  const { region } = target;
  const orgs = region.organisations.length;
  const unis = region.universities.length;
  const levels: StartLevel[] = [];
  for (const concurrency of bench.options.concurrency) {
    const count = requestsAt(bench.options, concurrency);
    bench.log(`  ${concurrency} client(s): ${count} requests of each kind, in ${bench.options.rounds} alternating rounds`);
    const m = await compareInRounds(bench, target, {
      concurrency,
      count,
      rounds: bench.options.rounds,
      kinds: {
        api: (i) => target.submit(i % orgs, i % unis),
        rawUpdateWithStart: async (i) => {
          const input = commissioningInput(region, i % orgs, i % unis);
          await target.raw.updateWithStart(input, region.organisations[i % orgs]!.actor);
          target.record(input.eoi.id, i % unis);
        },
        rawStart: async (i) => {
          const input = commissioningInput(region, i % orgs, i % unis);
          await target.raw.start(input);
          target.record(input.eoi.id, i % unis);
        },
        floorUpdateWithStart: async () => {
          const id = `floor-${randomUUID()}`;
          await target.raw.floorUpdateWithStart(id);
          target.floors.push(id);
        },
      },
    });
    const line = (label: string, x: Measured) =>
      bench.log(
        `    ${label.padEnd(32)} p50 ${x.summary.p50} ms  p99 ${x.summary.p99} ms  ${x.summary.throughput}/s  errors ${x.summary.errors}; ${cpuText(x.cpu)}`,
      );
    line('API POST /api/eois', m.api);
    line('raw executeUpdateWithStart', m.rawUpdateWithStart);
    line('raw workflow.start (no answer)', m.rawStart);
    line('floor: no-I/O update-with-start', m.floorUpdateWithStart);
    const api = m.api.summary;
    const raw = m.rawUpdateWithStart.summary;
    levels.push({
      concurrency,
      api,
      rawUpdateWithStart: raw,
      rawStart: m.rawStart.summary,
      floorUpdateWithStart: m.floorUpdateWithStart.summary,
      cpu: {
        api: m.api.cpu,
        rawUpdateWithStart: m.rawUpdateWithStart.cpu,
        rawStart: m.rawStart.cpu,
        floorUpdateWithStart: m.floorUpdateWithStart.cpu,
      },
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
