/**
 * Closed-loop load: `concurrency` clients, each sending its next request as soon as the last one
 * answered, until `count` requests are done. Warm-up requests run first and are not recorded.
 */
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats';

export interface LoadOptions {
  concurrency: number;
  count: number;
  /** Requests sent (at the same concurrency) before measuring; default none. */
  warmup?: number;
  /** One request; i counts from 0 across warm-up and measured requests. Throw to count an error. */
  op: (i: number) => Promise<unknown>;
}

/** The raw outcome of one run, so several runs of the same kind can be merged. */
export interface LoadRun {
  samples: number[];
  errors: string[];
  elapsedMs: number;
}

export async function runLoadRaw(options: LoadOptions): Promise<LoadRun> {
  let next = 0;
  const run = async (total: number, record: boolean, samples: number[], errors: string[]) => {
    let issued = 0;
    const client = async () => {
      while (issued < total) {
        issued += 1;
        const i = next++;
        const started = performance.now();
        try {
          await options.op(i);
          if (record) samples.push(performance.now() - started);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, total) }, client));
  };
  if (options.warmup) await run(options.warmup, false, [], []);
  const samples: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  await run(options.count, true, samples, errors);
  return { samples, errors, elapsedMs: performance.now() - started };
}

/** One summary over several runs: all their samples, their summed time (for throughput). */
export function summarizeRuns(runs: LoadRun[]): Summary {
  const samples = runs.flatMap((r) => r.samples);
  const errors = runs.flatMap((r) => r.errors);
  const elapsed = runs.reduce((sum, r) => sum + r.elapsedMs, 0);
  return summarize(samples, elapsed, errors.length, [...new Set(errors)].slice(0, 3));
}

export async function runLoad(options: LoadOptions): Promise<Summary> {
  return summarizeRuns([await runLoadRaw(options)]);
}

/** Throws with the response text unless the status is the expected one; returns the parsed body. */
export async function expectStatus<T = unknown>(response: Response, expected: number, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
