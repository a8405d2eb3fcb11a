/**
 * An intake's funded places as its capacity workflow holds them: what is allocated, what remains
 * and the waiting list. One service for GET/PUT /api/intakes/:id/... and the regional staff pages.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Actor } from '../../domain/roles';
import { intakeCapacity } from '../../workflows/intake-capacity';
import { capacityQuery, intakeCapacityWorkflowId, setFundedPlacesUpdate } from '../../workflows/intake-capacity.messages';
import type { ApiDeps } from '../deps';
import { notFound } from '../http/problem';

export interface IntakeCapacity {
  intakeId: string;
  fundedPlaces: number;
  allocated: number;
  remaining: number;
  waitlist: { eoiId: string; position: number }[];
}

export type StoredIntake = { id: string; fundedPlaces: number };

export async function loadIntake(deps: ApiDeps, id: string): Promise<StoredIntake> {
  const intake = await deps.db.prisma.intake.findUnique({ where: { id }, select: { id: true, fundedPlaces: true } });
  if (!intake) throw notFound('Intake');
  return intake;
}

/** The intake's capacity now; before any funding decision, nothing is allocated. */
export async function intakeCapacityOf(deps: ApiDeps, intake: StoredIntake): Promise<IntakeCapacity> {
  try {
    return await deps.temporal.workflow.getHandle(intakeCapacityWorkflowId(intake.id)).query(capacityQuery);
  } catch (error) {
    if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
    return { intakeId: intake.id, fundedPlaces: intake.fundedPlaces, allocated: 0, remaining: intake.fundedPlaces, waitlist: [] };
  }
}

/**
 * Raises or lowers the funded places (never below what is allocated); raising offers them to the
 * waiting list. With an `updateId` (an Idempotency-Key) a repeat gets the first outcome.
 */
export async function setFundedPlaces(
  deps: ApiDeps,
  actor: Actor,
  intake: StoredIntake,
  fundedPlaces: number,
  requestId: string,
  updateId?: string,
): Promise<IntakeCapacity> {
  const startWorkflowOperation = new WithStartWorkflowOperation(intakeCapacity, {
    workflowId: intakeCapacityWorkflowId(intake.id),
    taskQueue: deps.config.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{ intakeId: intake.id, fundedPlaces: intake.fundedPlaces }],
  });
  return deps.temporal.workflow.executeUpdateWithStart(setFundedPlacesUpdate, {
    args: [{ fundedPlaces, actor, requestId }],
    startWorkflowOperation,
    updateId,
  });
}
