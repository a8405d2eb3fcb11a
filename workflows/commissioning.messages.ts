/**
 * The commissioning workflow's messages, defined once and imported by the workflow and the API.
 * Every human action is an Update: its validator refuses what does not fit the state or the
 * actor before anything reaches history, and its result is the EOI after the change.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { PlacesOutcome } from '../domain/capacity';
import type {
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  ConfirmationBody,
  EoiView,
  ExtensionBody,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
  WithdrawalBody,
} from '../domain/eoi/schemas';
import type { Actor } from '../domain/roles';

export const commissioningWorkflowId = (eoiId: string) => `commissioning-${eoiId}`;

/** Who acts, and the request that carried it (for the audit trail). */
export interface ActionInput<T> {
  actor: Actor;
  requestId?: string;
  body: T;
}

export const submissionUpdate = defineUpdate<EoiView, [Actor]>('submission');
export const reviewUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof ReviewBody>>]>('review');
export const amendUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof AmendmentBody>> & { universityName?: string }]>('amend');
export const fundingDecisionUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof FundingDecisionBody>>]>('fundingDecision');
export const addCandidateUpdate = defineUpdate<{ candidateId: string; eoi: EoiView }, [ActionInput<z.infer<typeof CandidateBody>>]>(
  'addCandidate',
);
export const candidateOutcomeUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof CandidateOutcomeBody> & { candidateId: string }>]>(
  'recordCandidateOutcome',
);
export const confirmationUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof ConfirmationBody>>]>('confirmSupport');
export const extensionUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof ExtensionBody>>]>('extendDeadline');
export const placeReleaseUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof PlaceReleaseBody>>]>('releasePlaces');
export const withdrawalUpdate = defineUpdate<EoiView, [ActionInput<z.infer<typeof WithdrawalBody>>]>('withdraw');

export const eoiViewQuery = defineQuery<EoiView, [Actor?]>('view');

// From the intake's capacity workflow. `seq` rises with every message the intake sends, so an
// EOI keeps the newest waitlist position whatever order the signals arrive in.
export const placesDecidedSignal = defineSignal<[{ requestId: string; outcome: PlacesOutcome; seq?: number }]>('placesDecided');
export const placesOfferedSignal = defineSignal<[{ requestId: string; places: number }]>('placesOffered');
export const waitlistPositionSignal = defineSignal<[{ position: number; seq?: number }]>('waitlistPosition');
