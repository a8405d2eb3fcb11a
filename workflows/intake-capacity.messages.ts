/** The intake capacity workflow's messages, shared by the workflow, the EOI workflows and the API. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CapacityView, PlacesRequest } from '../domain/capacity';
import type { Actor } from '../domain/roles';

export const intakeCapacityWorkflowId = (intakeId: string) => `intake-capacity-${intakeId}`;

export interface IntakeCapacityInput {
  intakeId: string;
  fundedPlaces: number;
  /** History length after which the intake continues as new (default 5,000); tests lower it. */
  continueAsNewAfterEvents?: number;
}

/** What an EOI's workflow sends its intake (through the sendToIntake activity). */
export type IntakeMessage =
  { kind: 'request'; request: PlacesRequest } | { kind: 'release'; eoiId: string; places?: number; reason: string };

export const requestPlacesSignal = defineSignal<[PlacesRequest]>('requestPlaces');
export const releasePlacesSignal = defineSignal<[{ eoiId: string; places?: number; reason: string }]>('releasePlaces');
export const setFundedPlacesUpdate = defineUpdate<CapacityView, [{ fundedPlaces: number; actor: Actor; requestId?: string }]>(
  'setFundedPlaces',
);
export const capacityQuery = defineQuery<CapacityView>('capacity');
