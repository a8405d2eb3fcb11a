/**
 * Closed-loop load bounded by time as well as by count: `concurrency` clients send requests until
 * `maxCount` are done, or, once `minCount` are, until `maxMs` have passed. A page that takes a
 * second is measured on fewer samples than one that takes 5 ms, and the section keeps to its
 * time budget whatever the machine does. The clock is injectable for the unit test.
 */
import { performance } from 'node:perf_hooks';
import type { LoadRun } from './load';

export interface TimedLoadOptions {
  concurrency: number;
  minCount: number;
  maxCount: number;
  maxMs: number;
  /** Requests sent one at a time before measuring, not recorded. */
  warmup?: number;
  op: (i: number) => Promise<unknown>;
  clock?: () => number;
}

export async function runTimedLoad(options: TimedLoadOptions): Promise<LoadRun> {
  const clock = options.clock ?? (() => performance.now());
  let i = 0;
  for (let w = 0; w < (options.warmup ?? 0); w++) await options.op(i++).catch(() => undefined);
  const samples: number[] = [];
  const errors: string[] = [];
  const started = clock();
  let issued = 0;
  const more = () => issued < options.maxCount && (issued < options.minCount || clock() - started < options.maxMs);
  const client = async () => {
    while (more()) {
      issued += 1;
      const at = clock();
      try {
        await options.op(i++);
        samples.push(clock() - at);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { samples, errors, elapsedMs: clock() - started };
}
