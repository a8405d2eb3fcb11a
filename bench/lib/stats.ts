/** Latency samples and their summary: exact percentiles over the recorded samples (nearest rank). */
export interface Summary {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Completed requests per second over the wall-clock time of the run. */
  throughput: number;
  elapsedMs: number;
  /** The first few distinct error messages, to say why something failed. */
  errorSamples?: string[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samplesMs: readonly number[], elapsedMs: number, errors = 0, errorSamples: string[] = []): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    errors,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.length ? sum / sorted.length : NaN),
    throughput: round(elapsedMs > 0 ? (sorted.length * 1000) / elapsedMs : NaN),
    elapsedMs: Math.round(elapsedMs),
    ...(errorSamples.length ? { errorSamples } : {}),
  };
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(a: number, b: number): number {
  return round(a / b, 2);
}
