/** Everything the bench can be told, from the environment (see bench/README.md). */
import path from 'node:path';

function list(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback;
  const numbers = value
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);
  return numbers.length ? numbers : fallback;
}

function number(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? n : fallback;
}

export interface Options {
  /** Concurrent clients for the start-overhead comparison. */
  concurrency: number[];
  /** Requests per client at each level (at least minRequests). */
  requestsPerClient: number;
  minRequests: number;
  /** Alternating rounds the API and raw batches are split into. */
  rounds: number;
  /** Concurrent clients for the action comparison. */
  actionConcurrency: number[];
  /** Open-workflow targets for the scale section, ascending. */
  scale: number[];
  /** EOIs whose deadline timers fire together at each scale step. */
  timers: number;
  /** Requests per read endpoint at each scale step and in the database section. */
  reads: number;
  /** Actions (reviews) per scale step. */
  actions: number;
  /** EOIs in each database for the database section. */
  dbRows: number;
  /** Concurrent clients that open workflows in the scale section. */
  openConcurrency: number;
  /** A step degrades when its start rate falls below this share of the first chunk's. */
  minRateShare: number;
  /** ... or below this many starts a second. */
  minRate: number;
  /** ... or when the system process's RSS passes this. */
  maxRssMiB: number;
  /** The scale section stops before a step that would not finish within this (from bench start). */
  budgetSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  cpuProfile: boolean;
  temporalAddress?: string;
  temporalNamespace: string;
  /** The dev server's SQLite database: a file (as `npm start` runs it) or in memory. */
  temporalDb: 'file' | 'memory';
  out: string;
  /** Which sections to run (all by default): for profiling one part. */
  sections: number[];
  /** Section 5: EOIs and spoke applications seeded into the read model. */
  pagesEois: number;
  pagesSpokes: number;
  /** Section 5: at most this long per endpoint and client count (after a minimum of requests). */
  pagesSecondsPerLevel: number;
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): Options {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    concurrency: list(env.BENCH_CONCURRENCY, [1, 8, 32]),
    requestsPerClient: number(env.BENCH_REQUESTS_PER_CLIENT, 5),
    minRequests: number(env.BENCH_MIN_REQUESTS, 80),
    rounds: number(env.BENCH_ROUNDS, 2),
    // 32 too: issue 21's throughput targets are at 8 and 32 clients.
    actionConcurrency: list(env.BENCH_ACTION_CONCURRENCY, [1, 8, 32]),
    scale: list(env.BENCH_SCALE, [1500, 3000]).sort((a, b) => a - b),
    timers: number(env.BENCH_TIMERS, 150),
    reads: number(env.BENCH_READS, 300),
    actions: number(env.BENCH_ACTIONS, 100),
    dbRows: number(env.BENCH_DB_ROWS, 200),
    openConcurrency: number(env.BENCH_OPEN_CONCURRENCY, 32),
    minRateShare: number(env.BENCH_MIN_RATE_SHARE, 0.4),
    minRate: number(env.BENCH_MIN_RATE, 2),
    maxRssMiB: number(env.BENCH_MAX_RSS_MIB, 8192),
    budgetSeconds: number(env.BENCH_BUDGET_SECONDS, 540),
    logLevel: (env.BENCH_LOG_LEVEL as Options['logLevel']) ?? 'info',
    cpuProfile: env.BENCH_CPU_PROFILE === '1',
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalDb: env.BENCH_TEMPORAL_DB === 'memory' ? 'memory' : 'file',
    out: env.BENCH_OUT ?? path.resolve(__dirname, '..', 'results', `bench-${stamp}.json`),
    sections: list(env.BENCH_SECTIONS, [1, 2, 3, 4, 5]),
    pagesEois: number(env.BENCH_PAGES_EOIS, 10_000),
    pagesSpokes: number(env.BENCH_PAGES_SPOKES, 1_000),
    pagesSecondsPerLevel: number(env.BENCH_PAGES_SECONDS, 3),
  };
}

export function requestsAt(options: Options, concurrency: number): number {
  return Math.max(options.minRequests, concurrency * options.requestsPerClient);
}
