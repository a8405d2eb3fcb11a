import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { ReferenceChange } from '../../domain/reference-data';
import { recordReferenceData } from '../../workflows/reference-data';
import type { ApiDeps } from '../deps';

/**
 * Reference data is written by an activity under a short workflow whose id is the record id:
 * a retried request attaches to the same run instead of writing twice.
 */
export async function recordReference<T>(deps: ApiDeps, change: ReferenceChange): Promise<T> {
  return (await deps.temporal.workflow.execute(recordReferenceData, {
    taskQueue: deps.config.taskQueue,
    workflowId: change.kind === 'rename' ? `reference-rename-${change.data.changeId}` : `reference-${change.kind}-${change.id}`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [change],
  })) as T;
}
