/**
 * The commissioning workflow's messages, defined once and imported by the workflow and the API.
 * Every human action is an Update named as the action (EOI_ACTIONS): its validator refuses what
 * does not fit the state or the actor before anything reaches history, and its result is the EOI
 * after the change.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PlacesOutcome } from '../domain/capacity';
import type { ContactCorrection, EoiAction, EoiActionBody, EoiView } from '../domain/eoi';
import type { ActionInput } from '../domain/process';
import type { Actor } from '../domain/roles';

export const commissioningWorkflowId = (eoiId: string) => `commissioning-${eoiId}`;

type Input<A extends EoiAction> = ActionInput<EoiActionBody<A>>;

export const submissionUpdate = defineUpdate<EoiView, [Actor]>('submission');
export const reviewUpdate = defineUpdate<EoiView, [Input<'review'>]>('review');
/**
 * Looked up by the API: `universityName`, the new university's name when the amendment changes
 * it; `priorityServiceTypes`, the intake's, when it changes the service type.
 */
export const amendUpdate = defineUpdate<EoiView, [Input<'amend'> & { universityName?: string; priorityServiceTypes?: string[] }]>('amend');
export const fundingDecisionUpdate = defineUpdate<EoiView, [Input<'fundingDecision'>]>('fundingDecision');
export const addCandidateUpdate = defineUpdate<{ candidateId: string; eoi: EoiView }, [Input<'addCandidate'>]>('addCandidate');
export const candidateOutcomeUpdate = defineUpdate<
  EoiView,
  [ActionInput<EoiActionBody<'recordCandidateOutcome'> & { candidateId: string }>]
>('recordCandidateOutcome');
export const confirmationUpdate = defineUpdate<EoiView, [Input<'confirmSupport'>]>('confirmSupport');
export const extensionUpdate = defineUpdate<EoiView, [Input<'extendDeadline'>]>('extendDeadline');
export const placeReleaseUpdate = defineUpdate<EoiView, [Input<'releasePlaces'>]>('releasePlaces');
export const contactCorrectionUpdate = defineUpdate<EoiView, [ActionInput<ContactCorrection>]>('correctContact');
export const withdrawalUpdate = defineUpdate<EoiView, [Input<'withdraw'>]>('withdraw');

export const eoiViewQuery = defineQuery<EoiView, [Actor?]>('view');

// From the intake's capacity workflow. `seq` rises with every message the intake sends, so an
// EOI keeps the newest waitlist position whatever order the signals arrive in.
export const placesDecidedSignal = defineSignal<[{ requestId: string; outcome: PlacesOutcome; seq?: number }]>('placesDecided');
export const placesOfferedSignal = defineSignal<[{ requestId: string; places: number }]>('placesOffered');
export const waitlistPositionSignal = defineSignal<[{ position: number; seq?: number }]>('waitlistPosition');
