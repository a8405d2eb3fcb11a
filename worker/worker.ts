import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerInterceptors, type WorkflowBundleOption } from '@temporalio/worker';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../observability/tracing';
import type { Activities } from '../activities';

export const workflowsPath = require.resolve('../workflows');

/** Part of the bundle whether tracing is on or not, so the workflow code is the same either way. */
export const workflowInterceptorModules = [WORKFLOW_TRACING_INTERCEPTORS];

let bundle: Promise<WorkflowBundleOption> | undefined;

/**
 * Bundles the workflow code once per process (webpack, a second or two). The test suite bundles
 * once for all test files and passes the file in TRAINFLOW_WORKFLOW_BUNDLE.
 */
export function workflowBundle(): Promise<WorkflowBundleOption> {
  const prebuilt = process.env.TRAINFLOW_WORKFLOW_BUNDLE;
  bundle ??= prebuilt
    ? Promise.resolve({ codePath: prebuilt })
    : bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quietBundlerLogger });
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
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.maxConcurrentWorkflowTasks === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks }),
  });
}
