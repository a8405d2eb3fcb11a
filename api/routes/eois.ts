/**
 * Expressions of interest (`/api/eois`): declarations only. The rules and the workflow calls live
 * in api/services/eois.ts, which the pages use too.
 */
import type { z } from 'zod';
import { IdParams, pageOf } from '../../domain/reference-data';
import {
  ContactCorrectionBody,
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  CandidateParams,
  ConfirmationBody,
  EoiListQuery,
  EoiSchema,
  ExtensionBody,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
  SubmitEoiBody,
  WithdrawalBody,
} from '../../domain/eoi/schemas';
import { CONTACT_CORRECTORS, EOI_READERS } from '../../domain/eoi';
import type { Actor, Role } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { created, defineRoute, ok, type RouteResult } from '../http/route';
import { eoiActions, listEois, loadEoiInScope, type StoredEoi, submitEoi, withActions } from '../services/eois';

const tags = ['Commissioning'];
const READERS = EOI_READERS;

const loadEoi = ({ actor, params, deps }: { actor: Actor; params: { id: string }; deps: ApiDeps }) =>
  loadEoiInScope(deps, actor, params.id);

function action<B extends z.ZodType>(options: {
  path: string;
  summary: string;
  description?: string;
  roles: readonly Role[];
  body: B;
  run: (ctx: {
    actor: Actor;
    body: z.infer<B>;
    deps: ApiDeps;
    eoi: StoredEoi;
    requestId: string;
    updateId?: string;
  }) => Promise<RouteResult>;
}) {
  return defineRoute({
    method: 'post',
    path: `/api/eois/:id/${options.path}`,
    summary: options.summary,
    description: options.description,
    tags,
    policy: { roles: options.roles },
    params: IdParams,
    scope: loadEoi,
    body: options.body,
    idempotent: true,
    responses: {
      200: { description: 'The EOI after the action', schema: EoiSchema },
      409: { description: 'The action does not fit the EOI’s state; the body names the state and the allowed actions' },
    },
    handler: ({ actor, body, deps, resource, requestId, updateId }) =>
      options.run({ actor, body: body as z.infer<B>, deps, eoi: resource, requestId, updateId }),
  });
}

export const eoiRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/eois',
    summary: 'Submit an expression of interest',
    description:
      'Starts the EOI’s process. All three declarations must be true, the university must run the intake’s programme and the intake’s EOI window must be open. With an Idempotency-Key a retried submission reaches the same EOI.',
    tags,
    policy: { roles: ['org_submitter'] },
    body: SubmitEoiBody,
    idempotent: true,
    responses: { 201: { description: 'The EOI, under university review', schema: EoiSchema } },
    handler: async ({ actor, body, deps, requestId, idempotencyKey }) =>
      created(await submitEoi(deps, actor, body, { requestId, idempotencyKey })),
  }),

  defineRoute({
    method: 'get',
    path: '/api/eois',
    summary: 'List expressions of interest',
    description: 'An organisation sees its own EOIs, a university those addressed to it, HEE staff all.',
    tags,
    policy: { roles: READERS },
    query: EoiListQuery,
    responses: { 200: { description: 'A page of EOIs', schema: pageOf(EoiSchema, 'EoiPage') } },
    async handler({ actor, query, deps }) {
      const { limit, cursor, ...filters } = query;
      return ok(await listEois(deps, actor, filters, { limit, cursor }));
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/eois/:id',
    summary: 'Get an expression of interest',
    description: 'With its history, allocated places, candidates, next deadline and the actions open to the caller.',
    tags,
    policy: { roles: READERS },
    params: IdParams,
    scope: loadEoi,
    responses: { 200: { description: 'The EOI', schema: EoiSchema } },
    handler: async ({ actor, resource }) => ok(withActions(resource.view, actor)),
  }),

  action({
    path: 'review',
    summary: 'Review an EOI (university)',
    roles: ['university_reviewer'],
    body: ReviewBody,
    run: async (ctx) => ok(await eoiActions.review(ctx)),
  }),

  action({
    path: 'amendments',
    summary: 'Amend an EOI after the university asked for changes',
    roles: ['org_submitter'],
    body: AmendmentBody,
    run: async (ctx) => ok(await eoiActions.amend(ctx)),
  }),

  action({
    path: 'funding-decision',
    summary: 'Fund or decline an EOI (HEE staff)',
    roles: ['hee_staff'],
    body: FundingDecisionBody,
    run: async (ctx) => ok(await eoiActions.fundingDecision(ctx)),
  }),

  action({
    path: 'candidates',
    summary: 'Put a candidate forward',
    roles: ['org_submitter'],
    body: CandidateBody,
    run: async (ctx) => {
      const result = await eoiActions.addCandidate(ctx);
      return { status: 201, body: { candidateId: result.candidateId, eoi: result.eoi } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/eois/:id/candidates/:candidateId/outcome',
    summary: 'Record a candidate’s recruitment outcome (university)',
    tags,
    policy: { roles: ['university_reviewer'] },
    params: CandidateParams,
    scope: loadEoi,
    body: CandidateOutcomeBody,
    idempotent: true,
    responses: {
      200: { description: 'The EOI after the action', schema: EoiSchema },
      409: { description: 'The action does not fit the EOI’s state; the body names the state and the allowed actions' },
    },
    handler: async ({ actor, params, body, deps, resource, requestId, updateId }) =>
      ok(
        await eoiActions.recordCandidateOutcome({
          deps,
          actor,
          eoi: resource,
          body: { ...body, candidateId: params.candidateId },
          requestId,
          updateId,
        }),
      ),
  }),

  action({
    path: 'confirmations',
    summary: 'Return a confirmation of support for an accepted candidate',
    roles: ['org_submitter'],
    body: ConfirmationBody,
    run: async (ctx) => ok(await eoiActions.confirmSupport(ctx)),
  }),

  action({
    path: 'extension',
    summary: 'Extend the confirmation of support deadline (HEE staff)',
    roles: ['hee_staff'],
    body: ExtensionBody,
    run: async (ctx) => ok(await eoiActions.extendDeadline(ctx)),
  }),

  action({
    path: 'place-release',
    summary: 'Give funded places that will not be filled back to the intake',
    roles: ['org_submitter', 'hee_staff'],
    body: PlaceReleaseBody,
    run: async (ctx) => ok(await eoiActions.releasePlaces(ctx)),
  }),

  action({
    path: 'contact',
    summary: 'Correct the contact of an EOI',
    description:
      'Its organisation, regional staff or an administrator corrects the contact while the EOI is open (after a notice that ' +
      'an email to the contact could not be delivered, say). Recorded in the history; every undelivered email of this EOI ' +
      'to the old address is sent to the new one, each audited as `email.readdressed`.',
    roles: CONTACT_CORRECTORS,
    body: ContactCorrectionBody,
    run: async (ctx) => ok(await eoiActions.correctContact(ctx)),
  }),

  action({
    path: 'withdrawal',
    summary: 'Withdraw an EOI (organisation) or its funding (HEE staff)',
    roles: ['org_submitter', 'hee_staff'],
    body: WithdrawalBody,
    run: async (ctx) => ok(await eoiActions.withdraw(ctx)),
  }),
];
