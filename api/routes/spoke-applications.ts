/**
 * Spoke applications (`/api/spoke-applications`): a practice's accreditation as a spoke of a
 * training hub. Declarations only: the rules and the workflow calls live in
 * api/services/spoke-applications.ts, which the pages use too.
 */
import type { z } from 'zod';
import { IdParams, pageOf } from '../../domain/reference-data';
import type { Actor } from '../../domain/roles';
import {
  ApplySpokeBody,
  PEOPLE_CORRECTORS,
  PeopleCorrectionBody,
  SPOKE_ACTION_BODIES,
  SPOKE_ACTION_ROLES,
  SPOKE_READERS,
  type SpokeAction,
  SpokeApplicationSchema,
  SpokeListQuery,
} from '../../domain/spoke-accreditation';
import type { ApiDeps } from '../deps';
import { created, defineRoute, ok } from '../http/route';
import { withDocuments } from '../services/documents';
import {
  applyForSpoke,
  correctSpokePeople,
  listSpokes,
  loadSpokeInScope,
  takeSpokeAction,
  withActions,
} from '../services/spoke-applications';

const tags = ['Spoke accreditation'];

const loadSpoke = ({ actor, params, deps }: { actor: Actor; params: { id: string }; deps: ApiDeps }) =>
  loadSpokeInScope(deps, actor, params.id);

// ---------- routes ----------

const ACTION_SUMMARIES: Record<SpokeAction, { summary: string; description: string }> = {
  evidence: {
    summary: 'Submit evidence against the criteria (practice)',
    description:
      'One item per criterion: a statement and optionally a document link. While gathering evidence any item may be replaced; after a review only the rejected ones need (and may be) resubmitted. When every criterion has evidence the application goes to the hub for review.',
  },
  'evidence-review': {
    summary: 'Accept or reject evidence per criterion (hub lead)',
    description:
      'Rejected items go back to the practice with the comment and a resubmission deadline; accepted items stay accepted. When every criterion is accepted the quality visit is next.',
  },
  visit: { summary: 'Schedule (or reschedule) the quality visit (hub lead)', description: 'Both sides are reminded before the visit.' },
  'visit-outcome': {
    summary: 'Record the quality visit outcome (hub lead)',
    description:
      'satisfactory sends the application to HEE for approval. actions_required with `criteria` returns the named criteria to the practice; with `actions` (each a description, an owner named in the application and a due date, today or later) it opens an action plan: ACTIONS_IN_PROGRESS until every action is complete. An action past its due date emails its owner and the hub once.',
  },
  approval: { summary: 'Approve or reject the accreditation (HEE staff)', description: 'approve asks the practice to sign the agreement.' },
  'agreement-signature': {
    summary: 'Sign the Learning and Development Agreement (practice)',
    description: 'The practice is then ACCREDITED until `accreditedUntil` (the hub’s validity, 36 months by default).',
  },
  suspension: {
    summary: 'Suspend an accreditation (HEE staff)',
    description: 'No reminder, re-accreditation or lapse takes effect while suspended; the expiry date does not move.',
  },
  reinstatement: {
    summary: 'Reinstate a suspended accreditation (HEE staff)',
    description: 'Returns to the state it was suspended from; if the accreditation expired meanwhile it lapses instead.',
  },
  withdrawal: {
    summary: 'Withdraw an application or accreditation',
    description: 'HEE staff may withdraw any open application or accreditation; a practice manager an application not yet accredited.',
  },
  'validity-extension': {
    summary: 'Extend an accreditation’s validity (HEE staff)',
    description:
      'When a renewal is late for reasons on the hub’s side: a new expiry date (to the end of that London day) after the current one and no more than 12 months after it, with a reason (400 naming `accreditedUntil` otherwise). Open while the accreditation is held or being renewed, not while suspended (409). The re-accreditation start, the expiry reminders and the lapse move to the new date; the practice and the hub are told.',
  },
  'action-completion': {
    summary: 'Mark an action of the visit’s action plan complete (hub lead, HEE staff, admin)',
    description:
      'While ACTIONS_IN_PROGRESS: `actionId` is one of the plan’s (A1, A2, ...; 400 naming `actionId` otherwise), still open (409 otherwise). The status stays until the next step is chosen.',
  },
  'approval-request': {
    summary: 'Send the application for HEE approval once every action is complete (hub lead, HEE staff, admin)',
    description: 'AWAITING_HEE_APPROVAL, as after a satisfactory visit; 409 while an action is open.',
  },
  'follow-up-visit': {
    summary: 'Schedule a follow-up quality visit once every action is complete (hub lead, HEE staff, admin)',
    description:
      'VISIT_PENDING with the new visit (`scheduledFor`, in the future); its outcome is recorded as any visit’s. 409 while an action is open.',
  },
};

function actionRoute<A extends SpokeAction>(action: A) {
  const body = SPOKE_ACTION_BODIES[action] as z.ZodType;
  return defineRoute({
    method: 'post',
    path: `/api/spoke-applications/:id/${action}`,
    summary: ACTION_SUMMARIES[action].summary,
    description: ACTION_SUMMARIES[action].description,
    tags,
    policy: { roles: SPOKE_ACTION_ROLES[action] },
    params: IdParams,
    scope: loadSpoke,
    body,
    idempotent: true,
    responses: {
      200: { description: 'The application after the action', schema: SpokeApplicationSchema },
      409: { description: 'The action does not fit the application’s state; the body names the state and the allowed actions' },
    },
    handler: async ({ actor, body, deps, resource, requestId, updateId }) =>
      ok(await takeSpokeAction(deps, actor, resource, action, body as never, requestId, updateId)),
  });
}

export const spokeApplicationRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/spoke-applications',
    summary: 'Apply to a training hub as a spoke practice',
    description:
      'Starts the practice’s accreditation process with the hub’s current criteria set (the editable example set if the hub has none yet); the answer lists the criteria to evidence. A practice may have one open application per hub. With an Idempotency-Key a retried request reaches the same application.',
    tags,
    policy: { roles: ['practice_manager'] },
    body: ApplySpokeBody,
    idempotent: true,
    responses: {
      201: { description: 'The application, awaiting evidence', schema: SpokeApplicationSchema },
      409: { description: 'The practice already has an open application to this hub' },
    },
    handler: async ({ actor, body, deps, requestId, idempotencyKey }) =>
      created(await applyForSpoke(deps, actor, body, { requestId, idempotencyKey })),
  }),

  defineRoute({
    method: 'get',
    path: '/api/spoke-applications',
    summary: 'List spoke applications',
    description: 'A practice manager sees their practice’s applications, a hub lead their hub’s, HEE staff and admins all.',
    tags,
    policy: { roles: SPOKE_READERS },
    query: SpokeListQuery,
    responses: { 200: { description: 'A page of spoke applications', schema: pageOf(SpokeApplicationSchema, 'SpokeApplicationPage') } },
    async handler({ actor, query, deps }) {
      const { limit, cursor, ...filters } = query;
      return ok(await listSpokes(deps, actor, filters, { limit, cursor }));
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/spoke-applications/:id',
    summary: 'Get a spoke application',
    description:
      'Its state, the criteria set version it is pinned to, evidence per criterion with its review, every earlier review round (rounds) and its documents, the visit, history, deadlines and the actions open to the caller.',
    tags,
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: loadSpoke,
    responses: { 200: { description: 'The spoke application', schema: SpokeApplicationSchema } },
    handler: async ({ actor, resource, deps }) => ok(await withDocuments(deps, withActions(resource.view, actor))),
  }),

  ...(Object.keys(ACTION_SUMMARIES) as SpokeAction[]).map(actionRoute),

  defineRoute({
    method: 'post',
    path: '/api/spoke-applications/:id/people',
    summary: 'Correct the named administrator or educationalist',
    description:
      'The practice manager, its hub lead, HEE staff or an administrator replaces a named person (they left, or the address was mistyped) while the application or accreditation is open. Recorded in the history and the audit; the new person is told by email, and every undelivered email of this application to the old address is sent to the new one, each audited as `email.readdressed`.',
    tags,
    policy: { roles: PEOPLE_CORRECTORS },
    params: IdParams,
    scope: loadSpoke,
    body: PeopleCorrectionBody,
    idempotent: true,
    responses: {
      200: { description: 'The application after the correction', schema: SpokeApplicationSchema },
      409: { description: 'The application is closed; the body names the state and the allowed actions' },
    },
    handler: async ({ actor, body, deps, resource, requestId, updateId }) =>
      ok(await correctSpokePeople(deps, actor, resource, body, requestId, updateId)),
  }),
];
