import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { ReferenceRename } from '../../domain/reference-data';
import { recordReferenceData } from '../../workflows/reference-data';
import type { ApiDeps } from '../deps';

/**
 * A rename is written by an activity under a short workflow whose id is the change's: a retried
 * request attaches to the same run instead of writing twice, and the workflow then tells the
 * running processes that hold the old name (docs/architecture.md, "Writing plain records").
 */
export async function recordRename<T>(deps: ApiDeps, change: ReferenceRename): Promise<T> {
  return (await deps.temporal.workflow.execute(recordReferenceData, {
    taskQueue: deps.config.taskQueue,
    workflowId: `reference-rename-${change.data.changeId}`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [change],
  })) as T;
}
