/** CPU time and memory of other processes (the dev server, the system child) from /proc (Linux). */
import fs from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcSample {
  /** User + system CPU time, in ms. */
  cpuMs: number;
  rssBytes: number;
}

export function procSample(pid: number): ProcSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** All descendants of pid (children, grandchildren, ...). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let children: number[] = [];
    try {
      for (const task of fs.readdirSync(`/proc/${parent}/task`)) {
        const text = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
        if (text) children = children.concat(text.split(/\s+/).map(Number));
      }
    } catch {
      return;
    }
    for (const child of children) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** The process whose command line names the program, among pid and its descendants. */
export function findProcess(rootPid: number, program: string): number | undefined {
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith(program)) return pid;
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU use between two moments, as % of one core: of each named process, and of the whole
 * machine (`machine`, up to 100 x cores), so other work on the machine shows up too.
 */
export class CpuMeter {
  private readonly start = new Map<string, ProcSample | undefined>();
  private readonly startedAt = performance.now();
  private readonly machineStart = machineJiffies();

  constructor(private readonly pids: Record<string, number | undefined>) {
    for (const [name, pid] of Object.entries(pids)) this.start.set(name, pid ? procSample(pid) : undefined);
  }

  /** { name: % of one core, machine: % of one core } since construction. */
  read(): Record<string, number> {
    const elapsed = performance.now() - this.startedAt;
    const result: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.start.get(name);
      const after = pid ? procSample(pid) : undefined;
      if (before && after && elapsed > 0) result[name] = Math.round(((after.cpuMs - before.cpuMs) / elapsed) * 100);
    }
    const now = machineJiffies();
    if (this.machineStart && now && now.total > this.machineStart.total) {
      const share = (now.busy - this.machineStart.busy) / (now.total - this.machineStart.total);
      result.machine = Math.round(share * os.cpus().length * 100);
    }
    return result;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
