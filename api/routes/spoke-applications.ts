/**
 * Spoke applications (`/api/spoke-applications`): a practice's accreditation as a spoke of a
 * training hub. Reads come from the read model the workflow keeps; every action is an Update on
 * the application's workflow, which validates it against the current state and answers with the
 * application after the change.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { z } from 'zod';
import type { Prisma } from '../../db/database';
import { IdParams, pageOf } from '../../domain/reference-data';
import { REJECTION_TYPE } from '../../domain/rejection';
import { type Actor, isRegional } from '../../domain/roles';
import {
  allowedActions,
  ApplySpokeBody,
  checkAction,
  checkPracticeHub,
  isTerminal,
  OPEN_STATUSES,
  SPOKE_ACTION_BODIES,
  SPOKE_ACTION_ROLES,
  SPOKE_READERS,
  type SpokeAction,
  SpokeApplicationSchema,
  SpokeListQuery,
  type SpokeView,
} from '../../domain/spoke-accreditation';
import { searchAttributes } from '../../workflows/search-attributes';
import { spokeAccreditation } from '../../workflows/spoke-accreditation';
import { openedUpdate, spokeUpdates, spokeWorkflowId } from '../../workflows/spoke-accreditation.messages';
import type { ApiDeps } from '../deps';
import { conflict, forbidden, invalidField, notFound, ProblemError } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';

const tags = ['Spoke accreditation'];

/** Which applications a role sees: its practice's, its hub's, or (regional roles) all. */
function spokeScope(actor: Actor): Prisma.SpokeApplicationWhereInput {
  if (isRegional(actor)) return {};
  if (actor.role === 'practice_manager') return { practiceId: actor.practiceId ?? '-' };
  if (actor.role === 'hub_lead') return { hubId: actor.hubId ?? '-' };
  throw forbidden();
}

interface StoredSpoke {
  id: string;
  status: string;
  view: SpokeView;
}

/** Loads an application within the caller's scope; one outside it is "not found", never revealed. */
async function loadSpoke({ actor, params, deps }: { actor: Actor; params: { id: string }; deps: ApiDeps }): Promise<StoredSpoke> {
  const row = await deps.db.prisma.spokeApplication.findFirst({
    // Version 0 is the claim an application makes while it opens: not an application yet.
    where: { AND: [{ id: params.id, version: { gt: 0 } }, spokeScope(actor)] },
    select: { id: true, status: true, view: true },
  });
  if (!row) throw notFound('Spoke application');
  return { id: row.id, status: row.status, view: row.view as unknown as SpokeView };
}

const withActions = (view: SpokeView, actor: Actor): SpokeView => ({ ...view, allowedActions: allowedActions(view, actor) });

/** A closed application's workflow has finished: refuse here with its state, rather than ask Temporal. */
function refuseIfClosed(spoke: StoredSpoke, actor: Actor, action: SpokeAction): void {
  if (!isTerminal(spoke.status)) return;
  const rejection = checkAction(spoke.view, actor, action);
  if (rejection) {
    throw new ProblemError(rejection.status, rejection.detail, {
      extensions: { state: rejection.state, allowedActions: rejection.allowedActions },
    });
  }
}

/** The workflow refused the action (its validator or handler): the API answers with that refusal. */
function isRefusal(error: unknown): boolean {
  for (let e = error as { name?: string; type?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    if (e.name === 'ApplicationFailure' && e.type === REJECTION_TYPE) return true;
    e = e.cause as typeof e;
  }
  return false;
}

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
    description: 'satisfactory sends the application to HEE for approval; actions_required returns the named criteria to the practice.',
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
    responses: {
      200: { description: 'The application after the action', schema: SpokeApplicationSchema },
      409: { description: 'The action does not fit the application’s state; the body names the state and the allowed actions' },
    },
    async handler({ actor, body, deps, resource, requestId }) {
      refuseIfClosed(resource, actor, action);
      const handle = deps.temporal.workflow.getHandle(spokeWorkflowId(resource.id));
      try {
        const view = await handle.executeUpdate(spokeUpdates[action] as typeof spokeUpdates.withdrawal, {
          args: [{ actor, body: body as never, requestId }],
        });
        return ok(view);
      } catch (error) {
        if (isRefusal(error)) throw error;
        // The workflow may have closed since the row was read (another action ended it).
        const now = await loadSpoke({ actor, params: { id: resource.id }, deps });
        refuseIfClosed(now, actor, action);
        throw error;
      }
    },
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
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      if (body.practiceId !== actor.practiceId) {
        throw new ProblemError(403, 'You can only apply for your own practice', {
          errors: [{ path: 'body.practiceId', message: 'not your practice' }],
        });
      }
      const prisma = deps.db.prisma;
      const practice = await prisma.practice.findUnique({ where: { id: body.practiceId } });
      if (!practice) throw invalidField('body.practiceId', 'no such practice');
      const hub = await prisma.hub.findUnique({ where: { id: body.hubId } });
      if (!hub) throw invalidField('body.hubId', 'no such hub');
      const elsewhere = checkPracticeHub(practice, hub.id, hub.name);
      if (elsewhere) throw new ProblemError(elsewhere.status, elsewhere.detail, { errors: elsewhere.errors });
      const id = newId('spoke', { userId: actor.userId, idempotencyKey });
      const open = await prisma.spokeApplication.findFirst({
        where: { practiceId: body.practiceId, hubId: body.hubId, status: { in: [...OPEN_STATUSES] }, id: { not: id } },
        select: { id: true, status: true },
      });
      if (open) {
        throw conflict(
          `The practice already has an open application to this hub: ${open.id} (${open.status})`,
          { existingApplicationId: open.id },
          [{ path: 'body.hubId', message: `open application ${open.id}` }],
        );
      }
      const startWorkflowOperation = new WithStartWorkflowOperation(spokeAccreditation, {
        workflowId: spokeWorkflowId(id),
        taskQueue: deps.config.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        // A closed application is never started again under the same id.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: searchAttributes.process, value: 'spoke' },
          { key: searchAttributes.status, value: 'AWAITING_EVIDENCE' },
          { key: searchAttributes.hubId, value: body.hubId },
          { key: searchAttributes.practiceId, value: body.practiceId },
        ],
        args: [
          {
            application: {
              id,
              practiceId: body.practiceId,
              hubId: body.hubId,
              administrator: body.administrator,
              educationalist: body.educationalist,
              appliedBy: actor,
              requestId,
            },
            settings: deps.config.processSettings,
          },
        ],
      });
      try {
        return created(await deps.temporal.workflow.executeUpdateWithStart(openedUpdate, { args: [{ actor }], startWorkflowOperation }));
      } catch (error) {
        if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
        // The same request again after its application closed: answer with the application as it is.
        return created(withActions((await loadSpoke({ actor, params: { id }, deps })).view, actor));
      }
    },
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
      const filters: Prisma.SpokeApplicationWhereInput = {
        version: { gt: 0 },
        ...(query.status ? { status: query.status } : {}),
        ...(query.hubId ? { hubId: query.hubId } : {}),
        ...(query.practiceId ? { practiceId: query.practiceId } : {}),
      };
      const rows = await deps.db.prisma.spokeApplication.findMany({
        // The caller's scope always wins over a filter naming someone else.
        where: { AND: [filters, afterCursor(query.cursor), spokeScope(actor)] },
        orderBy: pageOrder,
        take: query.limit + 1,
        select: { id: true, createdAt: true, view: true },
      });
      return ok(toPage(rows, query.limit, (row) => withActions(row.view as unknown as SpokeView, actor)));
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/spoke-applications/:id',
    summary: 'Get a spoke application',
    description:
      'Its state, the criteria set version it is pinned to, evidence per criterion with its review, the visit, history, deadlines and the actions open to the caller.',
    tags,
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: loadSpoke,
    responses: { 200: { description: 'The spoke application', schema: SpokeApplicationSchema } },
    handler: async ({ actor, resource }) => ok(withActions(resource.view, actor)),
  }),

  ...(Object.keys(ACTION_SUMMARIES) as SpokeAction[]).map(actionRoute),
];
