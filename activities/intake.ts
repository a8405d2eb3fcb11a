import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import type { FundedPlacesChange } from '../workflows/activities';
import {
  type IntakeCapacityInput,
  intakeCapacityWorkflowId,
  type IntakeMessage,
  releasePlacesSignal,
  requestPlacesSignal,
} from '../workflows/intake-capacity.messages';

/** Messages from EOI workflows to their intake's capacity workflow, starting it on first use. */
export function createIntakeActivities(deps: { prisma: PrismaClient; temporal: Client; taskQueue: string }) {
  const { prisma, temporal, taskQueue } = deps;
  return {
    async sendToIntake(intakeId: string, message: IntakeMessage): Promise<void> {
      const intake = await prisma.intake.findUnique({ where: { id: intakeId }, select: { fundedPlaces: true } });
      if (!intake) throw ApplicationFailure.nonRetryable(`Unknown intake ${intakeId}`);
      const args: [IntakeCapacityInput] = [{ intakeId, fundedPlaces: intake.fundedPlaces }];
      const options = { workflowId: intakeCapacityWorkflowId(intakeId), taskQueue, args };
      // A retry may deliver a request twice: the intake answers a repeated request id once.
      if (message.kind === 'request') {
        await temporal.workflow.signalWithStart('intakeCapacity', {
          ...options,
          signal: requestPlacesSignal,
          signalArgs: [message.request],
        });
      } else {
        await temporal.workflow.signalWithStart('intakeCapacity', {
          ...options,
          signal: releasePlacesSignal,
          signalArgs: [{ eoiId: message.eoiId, places: message.places, reason: message.reason }],
        });
      }
    },

    /** Keeps the intake's reference row in step with its capacity workflow, and audits the change. */
    async recordFundedPlaces(change: FundedPlacesChange): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.intake.update({ where: { id: change.intakeId }, data: { fundedPlaces: change.fundedPlaces } });
        await appendAudit(tx, {
          actor: change.actor,
          action: 'intake.funded_places_changed',
          subjectType: 'intake',
          subjectId: change.intakeId,
          before: { fundedPlaces: change.before },
          after: { fundedPlaces: change.fundedPlaces },
          requestId: change.requestId,
          dedupeKey: `intake:${change.intakeId}:funded-places:${change.key}`,
        });
      });
    },
  };
}
