/**
 * The pages of each action on an expression of interest: a form, then the action through the
 * API's service (api/services/eois.ts), validated by the API's own body schema. A refusal (wrong
 * state, too many places...) comes back on the form as an error summary.
 */
import { CONFIRMATION_CLAUSES } from '../../../domain/signed-documents';
import { z } from 'zod';
import { eoiActions } from '../../../api/services/eois';
import { intakeCapacityOf, loadIntake } from '../../../api/services/intakes';
import { universityChoices } from '../../../api/services/reference-choices';
import {
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  ConfirmationBody,
  ExtensionBody,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
} from '../../../domain/eoi/schemas';
import { endOfLondonDay } from '../../../domain/london-calendar';
import { IdSchema, SERVICE_TYPES } from '../../../domain/reference-data';
import { isCalendarDate } from '../../../domain/time';
import { notFound } from '../../../api/http/problem';
import { SERVICE_TYPE_NAMES } from '../../content/eoi';
import { asCalendarDate, asNumber, asTicked, blankAsMissing, formOf, nest } from '../../form-fields';
import { eoiActionPages } from './shared';
import type { StoredEoi } from '../../../api/services/eois';

const CandidateRouteParams = z.strictObject({ id: IdSchema, candidateId: IdSchema });

const COMMENT = { 'comment:too_small': 'Enter a comment', 'comment:too_big': 'Comment must be 2,000 characters or fewer' };
const REASON = { 'reason:too_small': 'Enter a reason', 'reason:too_big': 'Reason must be 2,000 characters or fewer' };

function candidateOf(eoi: StoredEoi, candidateId: string) {
  const candidate = eoi.view.candidates.find((c) => c.id === candidateId);
  if (!candidate) throw notFound('Candidate');
  return candidate;
}

const serviceTypeItems = (selected?: unknown) =>
  SERVICE_TYPES.map((value) => ({ value, text: SERVICE_TYPE_NAMES[value]!, checked: value === selected }));

export const eoiActionPageList = [
  // University
  ...eoiActionPages({
    path: 'review',
    summary: 'Review an expression of interest',
    roles: ['university_reviewer'],
    title: 'Review the expression of interest',
    view: 'pages/eois/review.njk',
    form: ReviewBody,
    firstField: 'decision',
    messages: { decision: 'Select whether you support it, ask for changes or decline it', ...COMMENT },
    run: async ({ deps, user, eoi, body, requestId }) => void (await eoiActions.review({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'reviewed',
  }),
  ...eoiActionPages({
    path: 'candidates/:candidateId/outcome',
    params: CandidateRouteParams,
    summary: 'Record a candidate’s outcome',
    roles: ['university_reviewer'],
    title: 'Record the candidate’s recruitment outcome',
    view: 'pages/eois/candidate-outcome.njk',
    form: formOf(CandidateOutcomeBody, (f) => ({ ...f, comment: blankAsMissing(f.comment) })),
    firstField: 'outcome',
    messages: { outcome: 'Select the candidate’s outcome' },
    model: async ({ eoi, params }) => ({ candidate: candidateOf(eoi, params.candidateId), clauses: CONFIRMATION_CLAUSES }),
    run: async ({ deps, user, eoi, body, params, requestId }) =>
      void (await eoiActions.recordCandidateOutcome({
        deps,
        actor: user.actor,
        eoi,
        body: { ...body, candidateId: params.candidateId },
        requestId,
      })),
    done: 'outcome',
  }),

  // Organisation
  ...eoiActionPages({
    path: 'amend',
    summary: 'Amend an expression of interest',
    roles: ['org_submitter'],
    title: 'Amend the expression of interest',
    view: 'pages/eois/amend.njk',
    form: formOf(AmendmentBody, (f) => {
      const fields = nest(f);
      return { ...fields, pathway: blankAsMissing(fields.pathway) ?? null, placesRequested: asNumber(fields.placesRequested) };
    }),
    firstField: 'placesRequested',
    messages: {
      universityId: 'Select a university',
      serviceType: 'Select the service type',
      placesRequested: 'Enter how many places you are asking for, from 1 to 500',
      'contact.name': 'Enter the contact’s name',
      'contact.email': 'Enter the contact’s email address, like name@example.nhs.uk',
      pathway: 'Pathway can use letters, numbers, spaces, hyphens and underscores only, up to 100 characters',
      ...COMMENT,
    },
    model: async ({ deps, user, eoi }) => ({
      universities: await universityChoices(deps, user.actor, { programmeId: eoi.view.programmeId }),
      serviceTypes: serviceTypeItems,
    }),
    run: async ({ deps, user, eoi, body, requestId }) => void (await eoiActions.amend({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'amended',
  }),
  ...eoiActionPages({
    path: 'candidates/new',
    summary: 'Put a candidate forward',
    roles: ['org_submitter'],
    title: 'Put a candidate forward',
    view: 'pages/eois/candidate.njk',
    form: CandidateBody,
    firstField: 'name',
    messages: {
      name: 'Enter the candidate’s full name',
      email: 'Enter the candidate’s email address, like name@example.nhs.uk',
      currentRole: 'Enter the candidate’s current role',
    },
    run: async ({ deps, user, eoi, body, requestId }) =>
      void (await eoiActions.addCandidate({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'candidate',
  }),
  ...eoiActionPages({
    path: 'candidates/:candidateId/confirmation',
    params: CandidateRouteParams,
    summary: 'Return a confirmation of support',
    roles: ['org_submitter'],
    title: 'Return the confirmation of support',
    view: 'pages/eois/confirmation.njk',
    form: ConfirmationBody.omit({ candidateId: true }),
    firstField: 'signedBy',
    messages: { signedBy: 'Enter the name of the person who signed the confirmation of support' },
    model: async ({ eoi, params }) => ({ candidate: candidateOf(eoi, params.candidateId), clauses: CONFIRMATION_CLAUSES }),
    run: async ({ deps, user, eoi, body, params, requestId }) =>
      void (await eoiActions.confirmSupport({
        deps,
        actor: user.actor,
        eoi,
        body: { ...body, candidateId: params.candidateId },
        requestId,
      })),
    done: 'confirmed',
  }),

  // Organisation or regional staff
  ...eoiActionPages({
    path: 'release-places',
    summary: 'Give funded places back',
    roles: ['org_submitter', 'hee_staff'],
    title: 'Give places back to the intake',
    view: 'pages/eois/release-places.njk',
    form: formOf(PlaceReleaseBody, (f) => ({ ...f, places: asNumber(f.places) })),
    firstField: 'places',
    messages: { places: 'Enter how many places to give back', ...REASON },
    run: async ({ deps, user, eoi, body, requestId }) =>
      void (await eoiActions.releasePlaces({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'released',
  }),

  // Regional staff
  ...eoiActionPages({
    path: 'funding-decision',
    summary: 'Make the funding decision',
    roles: ['hee_staff'],
    title: 'Make the funding decision',
    view: 'pages/eois/funding-decision.njk',
    form: formOf(FundingDecisionBody, (f) => ({
      ...f,
      // Places belong to "fund" only: a number left in the box when declining is not an error.
      places: f.decision === 'decline' ? undefined : asNumber(f.places),
      allowPartial: asTicked(f.allowPartial),
    })),
    firstField: 'decision',
    messages: {
      decision: 'Select whether to fund or decline it',
      places: 'Enter a number of places, from 1 to the number asked for',
      ...COMMENT,
    },
    model: async ({ deps, eoi }) => ({ capacity: await intakeCapacityOf(deps, await loadIntake(deps, eoi.view.intakeId)) }),
    run: async ({ deps, user, eoi, body, requestId }) =>
      void (await eoiActions.fundingDecision({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'decided',
  }),
  ...eoiActionPages({
    path: 'extension',
    summary: 'Extend the confirmation deadline',
    roles: ['hee_staff'],
    title: 'Extend the confirmation of support deadline',
    view: 'pages/eois/extension.njk',
    form: formOf(ExtensionBody, (f) => {
      const date = asCalendarDate(f, 'confirmationDueAt');
      // A date is due at the end of that day in London; anything else goes to the schema as typed.
      return { reason: f.reason, confirmationDueAt: date && isCalendarDate(date) ? endOfLondonDay(date) : (date ?? '') };
    }),
    firstField: 'confirmationDueAt',
    messages: { confirmationDueAt: 'Enter the new deadline as a real date, for example 20 8 2027', ...REASON },
    run: async ({ deps, user, eoi, body, requestId }) =>
      void (await eoiActions.extendDeadline({ deps, actor: user.actor, eoi, body, requestId })),
    done: 'extended',
  }),
];
