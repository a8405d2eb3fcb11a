/**
 * Issue 21's latency and throughput targets, each a ratio against the floor measured in the same
 * run (bench/floor/), so the machine's speed cancels out: what Trainflow adds on top of Temporal's
 * own round trips.
 */
import type { ActionLevel } from '../sections/actions';
import type { StartLevel } from '../sections/start-overhead';
import { table, times } from './report';
import { ratio } from './stats';

export interface TargetResult {
  target: string;
  /** API figure / floor figure. */
  ratio: number;
  /** The bound the ratio must meet: at most (latency) or at least (throughput). */
  limit: number;
  bound: 'at most' | 'at least';
  pass: boolean;
  api: number;
  floor: number;
}

function check(target: string, api: number, floor: number, bound: TargetResult['bound'], limit: number): TargetResult {
  const r = ratio(api, floor);
  const pass = Number.isFinite(r) && (bound === 'at most' ? r <= limit : r >= limit);
  return { target, ratio: r, limit, bound, pass, api, floor };
}

/** The targets the sections that ran can show; a level not measured is left out. */
export function evaluateTargets(starts: StartLevel[] | undefined, actions: ActionLevel[] | undefined): TargetResult[] {
  const results: TargetResult[] = [];
  const start = (c: number) => starts?.find((l) => l.concurrency === c);
  const action = (c: number) => actions?.find((l) => l.concurrency === c);
  const review1 = action(1);
  if (review1) results.push(check('review p50 at 1 client vs no-I/O Update', review1.api.p50, review1.floorUpdate.p50, 'at most', 2));
  const submit1 = start(1);
  if (submit1)
    results.push(
      check(
        'EOI submission p50 at 1 client vs no-I/O update-with-start',
        submit1.api.p50,
        submit1.floorUpdateWithStart.p50,
        'at most',
        1.5,
      ),
    );
  for (const c of [8, 32]) {
    const s = start(c);
    if (s)
      results.push(
        check(
          `submissions/s at ${c} clients vs no-I/O update-with-start`,
          s.api.throughput,
          s.floorUpdateWithStart.throughput,
          'at least',
          0.6,
        ),
      );
    const a = action(c);
    if (a) results.push(check(`reviews/s at ${c} clients vs no-I/O Update`, a.api.throughput, a.floorUpdate.throughput, 'at least', 0.6));
  }
  return results;
}

export function printTargets(results: TargetResult[], out: (text?: string) => void): void {
  if (results.length === 0) return;
  out('Targets (issue 21 items 1 and 2): API against the floor in the same run');
  out(
    table(
      ['target', 'API', 'floor', 'ratio', 'bound', 'result'],
      results.map((r) => [r.target, r.api, r.floor, times(r.ratio), `${r.bound} ${r.limit}x`, r.pass ? 'PASS' : 'FAIL']),
    ),
  );
  out();
}
