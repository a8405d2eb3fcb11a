import v8 from 'node:v8';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerInterceptors, type WorkflowBundleOption } from '@temporalio/worker';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../observability/tracing';
import type { Activities } from '../activities';

export const workflowsPath = require.resolve('../workflows');

/** Part of the bundle whether tracing is on or not, so the workflow code is the same either way. */
export const workflowInterceptorModules = [WORKFLOW_TRACING_INTERCEPTORS];

/**
 * Libraries the workflow code uses that are evaluated once per worker and shared by every
 * workflow, instead of once per workflow. Without this each cached workflow evaluated its own
 * copy of zod and of js-joda with the time-zone database: about 8 MiB of heap per open workflow,
 * 2.7 MiB with it (bench/README.md, "Memory per workflow"). The SDK freezes what it shares, so
 * only libraries that keep no state of a workflow's belong here: never `domain/` (zod schemas
 * define their methods on first use, which a frozen schema refuses) nor `workflows/`.
 */
export const sharedWorkflowModules = ['zod', '@js-joda/core', '@js-joda/timezone'];

/** How the workflow code is bundled, everywhere it is (the worker, the tests, the production image, the bench). */
export const workflowBundleOptions = { workflowsPath, workflowInterceptorModules, preloadModules: sharedWorkflowModules };

let bundle: Promise<WorkflowBundleOption> | undefined;

/**
 * Bundles the workflow code once per process (webpack, a second or two). The test suite bundles
 * once for all test files and passes the file in TRAINFLOW_WORKFLOW_BUNDLE.
 */
export function workflowBundle(): Promise<WorkflowBundleOption> {
  const prebuilt = process.env.TRAINFLOW_WORKFLOW_BUNDLE;
  bundle ??= prebuilt
    ? Promise.resolve({ codePath: prebuilt })
    : bundleWorkflowCode({ ...workflowBundleOptions, logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};

/**
 * Heap one cached workflow takes: 2.7 MiB measured for a workflow that has just started (the
 * workflow code's own modules, evaluated per workflow), rounded up for the state an EOI or an
 * application gathers (bench/README.md, "Memory per workflow").
 */
export const CACHED_WORKFLOW_MIB = 4;
/** Heap kept for what is not a cached workflow: the SDK, activations under way, garbage not yet collected. */
const RESERVED_HEAP_MIB = 256;

/**
 * How many workflows the worker keeps in memory unless WORKER_MAX_CACHED_WORKFLOWS says: as many
 * as fit in the heap. The SDK's own default assumes about 1.7 MiB a workflow, and a worker that
 * filled it ran out of heap and crashed with a few hundred open EOIs. A workflow evicted from the
 * cache is replayed from its history on its next task: CPU instead of memory, never lost state.
 */
export function defaultMaxCachedWorkflows(heapLimitMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20): number {
  return Math.max(10, Math.floor((heapLimitMiB - RESERVED_HEAP_MIB) / CACHED_WORKFLOW_MIB));
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Bounds the worker's memory: an evicted workflow is replayed from history on its next task. */
  maxCachedWorkflows?: number;
  /** config.maxConcurrentWorkflowTasks: see there why it is small. */
  maxConcurrentWorkflowTasks?: number;
  /** Payload encryption (temporal/payload-encryption.ts), when configured. */
  dataConverter?: DataConverter;
  /** Tracing (observability/tracing.ts): activity interceptors and the workflows' span sink. */
  interceptors?: WorkerInterceptors;
  sinks?: Parameters<typeof Worker.create>[0]['sinks'];
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    interceptors: options.interceptors,
    sinks: options.sinks,
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows(),
    ...(options.maxConcurrentWorkflowTasks === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks }),
  });
}
