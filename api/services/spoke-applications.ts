/**
 * Spoke applications: the one service behind the API (api/routes/spoke-applications.ts) and the
 * pages (web/pages/spoke-applications/). Reads come from the read model the workflow keeps; every
 * action is an Update on the application's workflow, which validates it against the current state
 * (domain/spoke-accreditation/policy.ts) and answers with the application after the change. A
 * refusal is thrown as a ProblemError or a workflow rejection; api/http/errors.ts turns either into
 * the same problem for the API and the pages.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Prisma } from '../../db/database';
import { REJECTION_TYPE } from '../../domain/rejection';
import { type Actor, isRegional } from '../../domain/roles';
import {
  allowedActions,
  type ApplySpokeBody,
  checkAction,
  checkPeopleCorrection,
  checkPracticeHub,
  isTerminal,
  OPEN_STATUSES,
  type PeopleCorrection,
  type SpokeAction,
  type SpokeActionBody,
  type SpokeStatus,
  type SpokeView,
} from '../../domain/spoke-accreditation';
import { searchAttributes } from '../../workflows/search-attributes';
import { spokeAccreditation } from '../../workflows/spoke-accreditation';
import { openedUpdate, peopleCorrectionUpdate, spokeUpdates, spokeWorkflowId } from '../../workflows/spoke-accreditation.messages';
import type { z } from 'zod';
import type { ApiDeps } from '../deps';
import { conflict, forbidden, invalidField, notFound, ProblemError } from '../http/problem';
import { newId } from '../routes/ids';
import { afterCursor, type Page, pageOrder, toPage } from '../routes/pagination';

/** Which applications a role sees: its practice's, its hub's, or (regional roles) all. */
export function spokeScope(actor: Actor): Prisma.SpokeApplicationWhereInput {
  if (isRegional(actor)) return {};
  if (actor.role === 'practice_manager') return { practiceId: actor.practiceId ?? '-' };
  if (actor.role === 'hub_lead') return { hubId: actor.hubId ?? '-' };
  throw forbidden();
}

export interface StoredSpoke {
  id: string;
  status: string;
  view: SpokeView;
}

/** Loads an application within the caller's scope; one outside it is "not found", never revealed. */
export async function loadSpokeInScope(deps: ApiDeps, actor: Actor, id: string): Promise<StoredSpoke> {
  const row = await deps.db.prisma.spokeApplication.findFirst({
    // Version 0 is the claim an application makes while it opens: not an application yet.
    where: { AND: [{ id, version: { gt: 0 } }, spokeScope(actor)] },
    select: { id: true, status: true, view: true },
  });
  if (!row) throw notFound('Spoke application');
  return { id: row.id, status: row.status, view: row.view as unknown as SpokeView };
}

/** The application as the actor sees it: with the actions open to them now. */
export const withActions = (view: SpokeView, actor: Actor): SpokeView => ({ ...view, allowedActions: allowedActions(view, actor) });

export interface SpokeFilters {
  status?: SpokeStatus;
  hubId?: string;
  practiceId?: string;
}

/** Keyset paging (the API's cursors) or numbered pages (the pages' "page 3 of 12"). */
export type SpokePaging = { limit: number; cursor?: string } | { limit: number; pageNumber: number };

/** The list's where clause: its filters, and the caller's scope (the exports read the same). */
export function spokeListWhere(actor: Actor, filters: SpokeFilters): Prisma.SpokeApplicationWhereInput {
  const named: Prisma.SpokeApplicationWhereInput = {
    version: { gt: 0 },
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.hubId ? { hubId: filters.hubId } : {}),
    ...(filters.practiceId ? { practiceId: filters.practiceId } : {}),
  };
  // The caller's scope always wins over a filter naming someone else.
  return { AND: [named, spokeScope(actor)] };
}

/** A page of the applications in the actor's scope, oldest first. */
export async function listSpokes(deps: ApiDeps, actor: Actor, filters: SpokeFilters, paging: SpokePaging): Promise<Page<SpokeView>> {
  const byCursor = 'pageNumber' in paging ? {} : afterCursor(paging.cursor);
  const rows = await deps.db.prisma.spokeApplication.findMany({
    where: { AND: [spokeListWhere(actor, filters), byCursor] },
    orderBy: pageOrder,
    take: paging.limit + 1,
    ...('pageNumber' in paging ? { skip: (paging.pageNumber - 1) * paging.limit } : {}),
    select: { id: true, createdAt: true, view: true },
  });
  return toPage(rows, paging.limit, (row) => withActions(row.view as unknown as SpokeView, actor));
}

export function countSpokes(deps: ApiDeps, actor: Actor, filters: SpokeFilters): Promise<number> {
  return deps.db.prisma.spokeApplication.count({ where: spokeListWhere(actor, filters) });
}

/**
 * Opens the practice's application to a hub: refused for another practice, an unknown practice or
 * hub, or a hub the practice already has an open application to. With an idempotency key a
 * retried request reaches the same application.
 */
export async function applyForSpoke(
  deps: ApiDeps,
  actor: Actor,
  body: z.infer<typeof ApplySpokeBody>,
  options: { requestId: string; idempotencyKey?: string },
): Promise<SpokeView> {
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
  const id = newId('spoke', { userId: actor.userId, idempotencyKey: options.idempotencyKey });
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
          requestId: options.requestId,
        },
        settings: deps.config.processSettings,
      },
    ],
  });
  try {
    return await deps.temporal.workflow.executeUpdateWithStart(openedUpdate, { args: [{ actor }], startWorkflowOperation });
  } catch (error) {
    if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
    // The same request again after its application closed: answer with the application as it is.
    return withActions((await loadSpokeInScope(deps, actor, id)).view, actor);
  }
}

/** A closed application's workflow has finished: refuse here with its state, rather than ask Temporal. */
function refuseIfClosed(spoke: StoredSpoke, actor: Actor, action: SpokeAction | 'people'): void {
  if (!isTerminal(spoke.status)) return;
  const rejection = action === 'people' ? checkPeopleCorrection(spoke.view, actor) : checkAction(spoke.view, actor, action);
  if (rejection) {
    throw new ProblemError(rejection.status, rejection.detail, {
      extensions: { state: rejection.state, allowedActions: rejection.allowedActions },
    });
  }
}

/** The workflow refused the action (its validator or handler). */
function isRefusal(error: unknown): boolean {
  for (let e = error as { name?: string; type?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    if (e.name === 'ApplicationFailure' && e.type === REJECTION_TYPE) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Any human action on an application, by its API path: a closed application is refused here,
 * anything else is the workflow's Update validator's to decide (state, role, scope, the body).
 * With an `updateId` (an Idempotency-Key) a repeat gets the first outcome, even from a workflow
 * the action closed, so a keyed request asks Temporal before refusing a closed application.
 */
export async function takeSpokeAction<A extends SpokeAction>(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  action: A,
  body: SpokeActionBody<A>,
  requestId: string,
  updateId?: string,
): Promise<SpokeView> {
  return sendSpokeUpdate(
    deps,
    actor,
    spoke,
    action,
    (handle) =>
      handle.executeUpdate(spokeUpdates[action] as typeof spokeUpdates.withdrawal, {
        args: [{ actor, body: body as never, requestId }],
        updateId,
      }),
    updateId,
  );
}

/**
 * Correct the named administrator or educationalist of an open application: recorded in its
 * history, the new person told, undelivered email to the old address re-sent to the new one.
 */
export function correctSpokePeople(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  body: PeopleCorrection,
  requestId: string,
  updateId?: string,
): Promise<SpokeView> {
  return sendSpokeUpdate(
    deps,
    actor,
    spoke,
    'people',
    (handle) => handle.executeUpdate(peopleCorrectionUpdate, { args: [{ actor, body, requestId }], updateId }),
    updateId,
  );
}

type SpokeHandle = ReturnType<ApiDeps['temporal']['workflow']['getHandle']>;

/** One Update on the application's workflow, refused here if the application is closed (see takeSpokeAction). */
async function sendSpokeUpdate(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  action: SpokeAction | 'people',
  send: (handle: SpokeHandle) => Promise<SpokeView>,
  updateId?: string,
): Promise<SpokeView> {
  if (!updateId) refuseIfClosed(spoke, actor, action);
  try {
    return await send(deps.temporal.workflow.getHandle(spokeWorkflowId(spoke.id)));
  } catch (error) {
    if (isRefusal(error)) throw error;
    // The workflow may have closed since the row was read (another action ended it).
    refuseIfClosed(await loadSpokeInScope(deps, actor, spoke.id), actor, action);
    throw error;
  }
}
