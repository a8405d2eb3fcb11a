/**
 * The spoke accreditation workflow's messages, defined once and imported by the workflow and the
 * API. Every human action is an Update: its validator refuses what does not fit the state, the
 * actor or the criteria before anything reaches history, and its result is the application after
 * the change.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionInput } from '../domain/process';
import type { Actor } from '../domain/roles';
import type { PeopleCorrection, ReferenceRenamed, SpokeAction, SpokeActionBody, SpokeView } from '../domain/spoke-accreditation';

export const spokeWorkflowId = (applicationId: string) => `spoke-${applicationId}`;

export type SpokeActionInput<A extends SpokeAction> = ActionInput<SpokeActionBody<A>>;

type ActionUpdate<A extends SpokeAction> = ReturnType<typeof defineUpdate<SpokeView, [SpokeActionInput<A>], string>>;

/** The API starts the workflow with this update: its answer is the application as first recorded. */
export const openedUpdate = defineUpdate<SpokeView, [{ actor: Actor }]>('opened');

export const spokeUpdates: { [A in SpokeAction]: ActionUpdate<A> } = {
  evidence: defineUpdate<SpokeView, [SpokeActionInput<'evidence'>]>('submitEvidence'),
  'evidence-review': defineUpdate<SpokeView, [SpokeActionInput<'evidence-review'>]>('reviewEvidence'),
  visit: defineUpdate<SpokeView, [SpokeActionInput<'visit'>]>('scheduleVisit'),
  'visit-outcome': defineUpdate<SpokeView, [SpokeActionInput<'visit-outcome'>]>('recordVisitOutcome'),
  approval: defineUpdate<SpokeView, [SpokeActionInput<'approval'>]>('decideApproval'),
  'agreement-signature': defineUpdate<SpokeView, [SpokeActionInput<'agreement-signature'>]>('signAgreement'),
  suspension: defineUpdate<SpokeView, [SpokeActionInput<'suspension'>]>('suspend'),
  reinstatement: defineUpdate<SpokeView, [SpokeActionInput<'reinstatement'>]>('reinstate'),
  withdrawal: defineUpdate<SpokeView, [SpokeActionInput<'withdrawal'>]>('withdraw'),
  // A new handler: histories recorded before it never call it, so no patch is needed.
  'validity-extension': defineUpdate<SpokeView, [SpokeActionInput<'validity-extension'>]>('extendValidity'),
  // The action plan's steps (rule 'spoke:visit-action-plan'): new handlers, never called by older histories.
  'action-completion': defineUpdate<SpokeView, [SpokeActionInput<'action-completion'>]>('completeAction'),
  'approval-request': defineUpdate<SpokeView, [SpokeActionInput<'approval-request'>]>('requestApproval'),
  'follow-up-visit': defineUpdate<SpokeView, [SpokeActionInput<'follow-up-visit'>]>('scheduleFollowUpVisit'),
};

/** Correcting the named administrator or educationalist: open in any open state, not a step of the process. */
export const peopleCorrectionUpdate = defineUpdate<SpokeView, [ActionInput<PeopleCorrection>]>('correctPeople');

/**
 * The practice or hub was renamed in the reference data: sent by the reference-data workflow to
 * every open application of it. A signal, not an update: nobody waits for it, and it refuses nothing.
 */
export const referenceRenamedSignal = defineSignal<[ReferenceRenamed]>('referenceRenamed');

/** The update of one action, typed by its action. */
export function spokeUpdate<A extends SpokeAction>(action: A): ActionUpdate<A> {
  return spokeUpdates[action];
}

/** The application as the workflow holds it, with the actions open to the given actor. */
export const spokeViewQuery = defineQuery<SpokeView, [Actor?]>('view');
