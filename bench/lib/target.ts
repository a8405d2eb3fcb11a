/**
 * One system under test: its process, its reference data, the EOIs the bench created in it, and
 * a way to wait until it has no background work left (so one measurement does not pay for the
 * emails and commits of the previous one).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { EoiView } from '../../domain/eoi/schemas';
import type { Options } from './options';
import { RawTemporal } from './raw';
import { createRegion, eoiBody, type Region } from './region';
import { startSystemProcess, type SystemProcess } from './system-process';

export interface CreatedEoi {
  id: string;
  /** Index of its university in region.universities (whose reviewer may act on it). */
  university: number;
}

export interface Target {
  name: string;
  dbKind: string;
  system: SystemProcess;
  region: Region;
  raw: RawTemporal;
  taskQueue: string;
  /** EOIs the bench created here, still under university review (targets for reviews). */
  underReview: CreatedEoi[];
  /** Every EOI created here, for reads. */
  all: string[];
  /** Floor workflows (bench/floor/) started here, each waiting for more Updates. */
  floors: string[];
  /** EOIs the read model should hold once everything settled. */
  expectedRows: number;
  settle(timeoutMs?: number): Promise<void>;
  /** POST /api/eois as organisation o for university u; records the EOI. */
  submit(o: number, u: number): Promise<EoiView>;
  /** Records an EOI created another way (raw Temporal calls); under review unless said otherwise. */
  record(id: string, u: number, underReview?: boolean): void;
  stop(): Promise<void>;
}

export interface TargetOptions {
  name: string;
  databaseUrl?: string;
  temporalAddress: string;
  smtpUrl: string;
  client: Client;
  options: Options;
  logDir: string;
  dropDatabase?: () => Promise<void>;
}

export async function startTarget(t: TargetOptions): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `trainflow-bench-${t.name}-`));
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const taskQueue = `bench-${t.name}-${randomBytes(4).toString('hex')}`;
  // Profiles go next to the logs (outside the repository): one directory per system.
  const profileDir = t.options.cpuProfile ? path.join(t.logDir, 'profiles') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const system = await startSystemProcess(
    t.name,
    {
      dataDir,
      databaseUrl: t.databaseUrl,
      temporalAddress: t.temporalAddress,
      taskQueue,
      smtpUrl: t.smtpUrl,
      adminToken,
      logLevel: t.options.logLevel,
    },
    { logDir: t.logDir, cpuProfileDir: profileDir },
  );
  const region = await createRegion(system.apiUrl, adminToken, { organisations: 10, universities: 4, timerPlaces: t.options.timers });
  const target: Target = {
    name: t.name,
    dbKind: system.dbKind,
    system,
    region,
    raw: new RawTemporal(t.client, taskQueue),
    taskQueue,
    underReview: [],
    all: [],
    floors: [],
    expectedRows: 0,
    async settle(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const stats = await system.stats();
        const rows = Object.values(stats.eoisByStatus).reduce((sum, n) => sum + n, 0);
        if (stats.pendingOutbox === 0 && rows >= target.expectedRows) break;
        if (Date.now() > deadline) {
          throw new Error(
            `${t.name} did not settle in ${timeoutMs / 1000}s: ${rows}/${target.expectedRows} EOIs, ${stats.pendingOutbox} emails pending`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // The last workflow tasks complete just after their final activity.
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
    async submit(o, u) {
      const organisation = region.organisations[o % region.organisations.length]!;
      const view = await organisation.api.post<EoiView>('/api/eois', eoiBody(region, o, u), 201);
      target.record(view.id, u);
      return view;
    },
    record(id, u, underReview = true) {
      if (underReview) target.underReview.push({ id, university: u % region.universities.length });
      target.all.push(id);
      target.expectedRows += 1;
    },
    async stop() {
      await system.stop();
      await t.dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return target;
}
