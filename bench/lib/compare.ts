/**
 * Runs several kinds of request against each other at one concurrency, in alternating rounds
 * (A B C, then C B A, ...), each batch starting from a settled system. Slow drift on the machine
 * (other work, a growing history) then weighs on every kind alike, and ratios stay fair.
 */
import type { Bench } from './bench';
import { type LoadRun, runLoadRaw, summarizeRuns } from './load';
import { CpuMeter } from './proc';
import type { Summary } from './stats';
import type { Target } from './target';

export interface Measured {
  summary: Summary;
  /** Mean CPU use while this kind ran, % of one core: dev server, system process, bench, machine. */
  cpu: Record<string, number>;
}

export async function compareInRounds<K extends string>(
  bench: Bench,
  target: Target,
  options: { concurrency: number; count: number; rounds: number; kinds: Record<K, (i: number) => Promise<unknown>> },
): Promise<Record<K, Measured>> {
  const names = Object.keys(options.kinds) as K[];
  const runs = new Map<K, LoadRun[]>(names.map((name) => [name, []]));
  const cpu = new Map<K, Record<string, number>[]>(names.map((name) => [name, []]));
  const perRound = Math.ceil(options.count / options.rounds);
  let index = 0;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      await target.settle();
      const meter = new CpuMeter({ devServer: bench.devServerPid, system: target.system.pid, bench: process.pid });
      const op = options.kinds[name];
      const base = index;
      const run = await runLoadRaw({
        concurrency: options.concurrency,
        count: perRound,
        warmup: options.concurrency,
        op: (i) => op(base + i),
      });
      index += perRound + options.concurrency;
      runs.get(name)!.push(run);
      cpu.get(name)!.push(meter.read());
    }
  }
  const result = {} as Record<K, Measured>;
  for (const name of names) {
    const readings = cpu.get(name)!;
    const mean: Record<string, number> = {};
    for (const key of new Set(readings.flatMap((r) => Object.keys(r)))) {
      const values = readings.map((r) => r[key]).filter((v): v is number => v !== undefined);
      mean[key] = Math.round(values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1));
    }
    result[name] = { summary: summarizeRuns(runs.get(name)!), cpu: mean };
  }
  await target.settle();
  return result;
}

export const cpuText = (cpu: Record<string, number>) =>
  `CPU dev server ${cpu.devServer ?? '?'}%, system ${cpu.system ?? '?'}%, machine ${cpu.machine ?? '?'}%`;
