/**
 * Resident memory of another process while something runs (Linux /proc): VmRSS sampled every few
 * ms, and the kernel's own high-water mark VmHWM, reset first (writing 5 to clear_refs) so it
 * is the peak of this interval, not of the process's life.
 */
import fs from 'node:fs';

const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined => {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
};

export interface RssWindow {
  beforeMiB: number;
  /** Largest VmRSS sampled during the window. */
  peakMiB: number;
  /** VmHWM at the end, when the reset worked (else undefined). */
  hwmMiB?: number;
  growthMiB: number;
}

const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;

export function watchRss(pid: number, everyMs = 20): { stop(): RssWindow } {
  let reset = false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    reset = true;
  } catch {
    /* not permitted here: the sampled peak still stands */
  }
  const before = statusKb(pid, 'VmRSS') ?? 0;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, statusKb(pid, 'VmRSS') ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, statusKb(pid, 'VmRSS') ?? 0);
      const hwm = reset ? statusKb(pid, 'VmHWM') : undefined;
      const top = Math.max(peak, hwm ?? 0);
      return { beforeMiB: mib(before), peakMiB: mib(peak), ...(hwm ? { hwmMiB: mib(hwm) } : {}), growthMiB: mib(top - before) };
    },
  };
}
