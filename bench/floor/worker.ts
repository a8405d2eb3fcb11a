/**
 * Runs the floor workflow (./workflows.ts) in the system's own process, beside its worker, with
 * the worker settings the system's worker has (cache size, concurrent workflow tasks, the same
 * bundled workflow interceptors), on a task queue of its own.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../../config/config';
import { workflowInterceptorModules } from '../../worker/worker';

export const floorTaskQueue = (systemTaskQueue: string) => `${systemTaskQueue}-floor`;

export async function startFloorWorker(config: Config): Promise<{ stop(): Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.temporalAddress! });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    workflowInterceptorModules,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => console.error(message) },
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: floorTaskQueue(config.taskQueue),
    workflowBundle: { code: bundle.code },
    ...(config.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: config.maxCachedWorkflows }),
    maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
