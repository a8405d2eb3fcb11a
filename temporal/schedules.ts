/**
 * Temporal Schedules Trainflow keeps: the weekly digest of deadlines, and the daily document
 * retention run. Created or updated at worker start-up, so DIGEST_CRON takes effect on the next
 * start; a schedule paused by an operator stays paused.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleHandle,
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type Workflow,
} from '@temporalio/client';
import type { Config } from '../config/config';
import { TIME_ZONE } from '../domain/deadlines';
import { documentRetention } from '../workflows/document-retention';
import { documentScan } from '../workflows/document-scan';
import { weeklyDigest } from '../workflows/weekly-digest';

/**
 * A schedule that starts one workflow type on a cron spec (Europe/London), its workflow id the
 * schedule's own. Both schedules share the policy: never two runs at once (a digest stuck on a
 * mail outage, a long retention run, gives way to the next one rather than blocking it), and a
 * run missed by more than a day (server down) is skipped; within a day it is caught up.
 */
function cronWorkflowSchedule<W extends Workflow>(options: { scheduleId: string; cron: string; workflowType: W; taskQueue: string }) {
  return {
    scheduleId: options.scheduleId,
    spec: { cronExpressions: [options.cron], timezone: TIME_ZONE },
    action: {
      type: 'startWorkflow' as const,
      workflowType: options.workflowType,
      workflowId: options.scheduleId,
      taskQueue: options.taskQueue,
      args: [] as [],
      workflowExecutionTimeout: '1 day',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  } satisfies ScheduleOptions;
}

/** One schedule per task queue: test systems sharing a dev server each keep their own. */
export const digestScheduleId = (taskQueue: string) => `${taskQueue}-weekly-digest`;

export function digestScheduleOptions(config: Pick<Config, 'digestCron' | 'taskQueue'>) {
  return cronWorkflowSchedule({
    scheduleId: digestScheduleId(config.taskQueue),
    cron: config.digestCron,
    workflowType: weeklyDigest,
    taskQueue: config.taskQueue,
  });
}

/** Creates the digest schedule, or brings an existing one up to date with the configuration. */
export async function ensureDigestSchedule(client: Client, config: Pick<Config, 'digestCron' | 'taskQueue'>): Promise<ScheduleHandle> {
  return ensureSchedule(client, digestScheduleOptions(config), `the weekly digest schedule (DIGEST_CRON "${config.digestCron}")`);
}

export const retentionScheduleId = (taskQueue: string) => `${taskQueue}-document-retention`;

/** Every night at 02:00, Europe/London, when little else runs. */
export const RETENTION_CRON = '0 2 * * *';

export function retentionScheduleOptions(config: Pick<Config, 'taskQueue'>) {
  return cronWorkflowSchedule({
    scheduleId: retentionScheduleId(config.taskQueue),
    cron: RETENTION_CRON,
    workflowType: documentRetention,
    taskQueue: config.taskQueue,
  });
}

/** Creates the daily retention schedule, or brings an existing one up to date. */
export async function ensureRetentionSchedule(client: Client, config: Pick<Config, 'taskQueue'>): Promise<ScheduleHandle> {
  return ensureSchedule(client, retentionScheduleOptions(config), 'the document retention schedule');
}

async function ensureSchedule(client: Client, options: ScheduleOptions, what: string): Promise<ScheduleHandle> {
  try {
    try {
      return await client.schedule.create(options);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      const handle = client.schedule.getHandle(options.scheduleId);
      await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
      return handle;
    }
  } catch (error) {
    throw new Error(`Could not set up ${what}: ${(error as Error).message}`, { cause: error });
  }
}

export const scanScheduleId = (taskQueue: string) => `${taskQueue}-document-scan`;

/** Every five minutes: a file held while the scanner was away waits at most that long after it is back. */
export const SCAN_CRON = '*/5 * * * *';

export function scanScheduleOptions(config: Pick<Config, 'taskQueue'>) {
  return cronWorkflowSchedule({
    scheduleId: scanScheduleId(config.taskQueue),
    cron: SCAN_CRON,
    workflowType: documentScan,
    taskQueue: config.taskQueue,
  });
}

/** Creates the virus-scan sweep's schedule (only with CLAMD_ADDRESS), or brings an existing one up to date. */
export async function ensureScanSchedule(client: Client, config: Pick<Config, 'taskQueue'>): Promise<ScheduleHandle> {
  return ensureSchedule(client, scanScheduleOptions(config), 'the virus-scan sweep schedule');
}
