/** An intake's funded places as its capacity workflow holds them (issue: intake capacity). */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';
import { IdParams } from '../../domain/reference-data';
import { intakeCapacity } from '../../workflows/intake-capacity';
import { capacityQuery, intakeCapacityWorkflowId, setFundedPlacesUpdate } from '../../workflows/intake-capacity.messages';
import type { ApiDeps } from '../deps';
import { notFound } from '../http/problem';
import { defineRoute, ok } from '../http/route';

const CapacitySchema = z
  .object({
    intakeId: z.string(),
    fundedPlaces: z.number().int(),
    allocated: z.number().int(),
    remaining: z.number().int(),
    waitlist: z.array(z.object({ eoiId: z.string(), position: z.number().int() })),
  })
  .meta({ id: 'IntakeCapacity' });

const FundedPlacesBody = z.strictObject({ fundedPlaces: z.number().int().min(0).max(10_000) }).meta({ id: 'FundedPlaces' });

async function loadIntake({ params, deps }: { params: { id: string }; deps: ApiDeps }) {
  const intake = await deps.db.prisma.intake.findUnique({ where: { id: params.id }, select: { id: true, fundedPlaces: true } });
  if (!intake) throw notFound('Intake');
  return intake;
}

export const intakeCapacityRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/intakes/:id/capacity',
    summary: 'Get an intake’s funded places, allocations and waitlist',
    tags: ['Commissioning'],
    policy: { roles: ['admin', 'hee_staff'] },
    params: IdParams,
    scope: loadIntake,
    responses: { 200: { description: 'Capacity', schema: CapacitySchema } },
    async handler({ deps, resource }) {
      try {
        return ok(await deps.temporal.workflow.getHandle(intakeCapacityWorkflowId(resource.id)).query(capacityQuery));
      } catch (error) {
        // No funding decision yet: nothing is allocated.
        if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
        return ok({
          intakeId: resource.id,
          fundedPlaces: resource.fundedPlaces,
          allocated: 0,
          remaining: resource.fundedPlaces,
          waitlist: [],
        });
      }
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/intakes/:id/funded-places',
    summary: 'Raise or lower an intake’s funded places',
    description: 'Never below what is allocated (409). Raising them offers the new places to the waitlist at once.',
    tags: ['Commissioning'],
    policy: { roles: ['hee_staff'] },
    params: IdParams,
    scope: loadIntake,
    body: FundedPlacesBody,
    responses: { 200: { description: 'Capacity after the change', schema: CapacitySchema } },
    async handler({ actor, body, deps, resource, requestId }) {
      const startWorkflowOperation = new WithStartWorkflowOperation(intakeCapacity, {
        workflowId: intakeCapacityWorkflowId(resource.id),
        taskQueue: deps.config.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [{ intakeId: resource.id, fundedPlaces: resource.fundedPlaces }],
      });
      const capacity = await deps.temporal.workflow.executeUpdateWithStart(setFundedPlacesUpdate, {
        args: [{ fundedPlaces: body.fundedPlaces, actor, requestId }],
        startWorkflowOperation,
      });
      return ok(capacity);
    },
  }),
];
