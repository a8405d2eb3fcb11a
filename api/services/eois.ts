/**
 * Expressions of interest: the one service behind both the API (api/routes/eois.ts) and the pages
 * (web/pages/eois/). Reads come from the read model the workflow keeps; every action is an Update
 * on the EOI's workflow, which validates it against the current state (domain/eoi/policy.ts) and
 * answers with the EOI after the change. A refusal is thrown as a ProblemError or a workflow
 * rejection; api/http/errors.ts turns either into the same problem for the API and the pages.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { allowedActions, isTerminal } from '../../domain/eoi';
import type { z } from 'zod';
import type {
  ContactCorrectionBody,
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  ConfirmationBody,
  EoiStatus,
  EoiView,
  ExtensionBody,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
  SubmitEoi,
  WithdrawalBody,
} from '../../domain/eoi/schemas';
import { confirmationDueAt, isEoiWindowOpen } from '../../domain/reference-data';
import { isRegional, type Actor } from '../../domain/roles';
import { commissioning } from '../../workflows/commissioning';
import {
  addCandidateUpdate,
  amendUpdate,
  candidateOutcomeUpdate,
  commissioningWorkflowId,
  confirmationUpdate,
  extensionUpdate,
  fundingDecisionUpdate,
  placeReleaseUpdate,
  reviewUpdate,
  submissionUpdate,
  withdrawalUpdate,
  contactCorrectionUpdate,
} from '../../workflows/commissioning.messages';
import type { ApiDeps } from '../deps';
import { conflict, forbidden, invalidField, notFound, ProblemError } from '../http/problem';
import { newId } from '../routes/ids';
import { afterCursor, pageOrderBy, toPage, type Page } from '../routes/pagination';

/** Which EOIs a role sees: its organisation's, its university's, or (regional roles) all. */
export function eoiScope(actor: Actor): { organisationId?: string; universityId?: string } {
  if (isRegional(actor)) return {};
  if (actor.role === 'org_submitter') return { organisationId: actor.organisationId ?? '-' };
  if (actor.role === 'university_reviewer') return { universityId: actor.universityId ?? '-' };
  throw forbidden();
}

export type StoredEoi = { id: string; status: string; view: EoiView };

/** Loads an EOI within the caller's scope; one outside it is "not found", never revealed. */
export async function loadEoiInScope(deps: ApiDeps, actor: Actor, id: string): Promise<StoredEoi> {
  const row = await deps.db.prisma.eoi.findFirst({
    where: { id, ...eoiScope(actor) },
    select: { id: true, status: true, view: true },
  });
  if (!row) throw notFound('EOI');
  return { id: row.id, status: row.status, view: row.view as unknown as EoiView };
}

/** The EOI as the actor sees it: with the actions open to them now. */
export function withActions(view: EoiView, actor: Actor): EoiView {
  return { ...view, allowedActions: allowedActions(view, actor) };
}

export interface EoiFilters {
  status?: EoiStatus;
  intakeId?: string;
  universityId?: string;
  organisationId?: string;
}

/** Keyset paging (the API's cursors) or numbered pages (the pages' "page 3 of 12"). */
export type EoiPaging = { limit: number; cursor?: string } | { limit: number; pageNumber: number };

/** The list's where clauses: its filters, and the caller's scope (the exports read the same). */
export function eoiListWhere(actor: Actor, filters: EoiFilters) {
  const where = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.intakeId ? { intakeId: filters.intakeId } : {}),
    ...(filters.universityId ? { universityId: filters.universityId } : {}),
    ...(filters.organisationId ? { organisationId: filters.organisationId } : {}),
  };
  // The caller's scope always wins over a filter naming someone else.
  return [where, eoiScope(actor)];
}

/** A page of the EOIs in the actor's scope matching the filters, oldest submission first. */
export async function listEois(deps: ApiDeps, actor: Actor, filters: EoiFilters, paging: EoiPaging): Promise<Page<EoiView>> {
  const byCursor = 'pageNumber' in paging ? {} : afterCursor(paging.cursor, 'submittedAt');
  const rows = await deps.db.prisma.eoi.findMany({
    where: { AND: [...eoiListWhere(actor, filters), byCursor] },
    orderBy: pageOrderBy('submittedAt'),
    take: paging.limit + 1,
    ...('pageNumber' in paging ? { skip: (paging.pageNumber - 1) * paging.limit } : {}),
    select: { id: true, submittedAt: true, view: true },
  });
  return toPage(rows, paging.limit, (row) => withActions(row.view as unknown as EoiView, actor), 'submittedAt');
}

/** How many EOIs the actor's list would hold with these filters. */
export function countEois(deps: ApiDeps, actor: Actor, filters: EoiFilters): Promise<number> {
  return deps.db.prisma.eoi.count({ where: { AND: eoiListWhere(actor, filters) } });
}

/** The university must exist and run the programme; answers its name. */
export async function universityRunsProgramme(deps: ApiDeps, universityId: string, programmeId: string, path = 'body.universityId') {
  const university = await deps.db.prisma.university.findUnique({ where: { id: universityId } });
  if (!university) throw invalidField(path, 'unknown university');
  const link = await deps.db.prisma.programmeUniversity.findUnique({ where: { programmeId_universityId: { programmeId, universityId } } });
  if (!link) throw invalidField(path, `${university.name} does not run this intake's programme`);
  return university;
}

/**
 * Every check a submission needs before its workflow starts (the actor's own organisation, the
 * reference data exists, the university runs the intake's programme, the intake's window is
 * open), and the workflow input it would start with. Throws the problem the API answers with.
 */
export async function prepareSubmission(
  deps: ApiDeps,
  actor: Actor,
  body: SubmitEoi,
  options: { idempotencyKey?: string; now?: Date } = {},
) {
  if (body.organisationId !== actor.organisationId) {
    throw new ProblemError(403, 'You can only submit for your own organisation', {
      errors: [{ path: 'body.organisationId', message: 'not your organisation' }],
    });
  }
  const prisma = deps.db.prisma;
  // One round of reads, checked in the order the fields are reported (measured in bench/).
  const [organisation, intake, university] = await Promise.all([
    prisma.organisation.findUnique({ where: { id: body.organisationId } }),
    prisma.intake.findUnique({
      where: { id: body.intakeId },
      include: {
        programme: { include: { universities: { where: { universityId: body.universityId }, select: { universityId: true } } } },
      },
    }),
    prisma.university.findUnique({ where: { id: body.universityId } }),
  ]);
  if (!organisation) throw invalidField('body.organisationId', 'unknown organisation');
  if (!intake) throw invalidField('body.intakeId', 'unknown intake');
  if (!university) throw invalidField('body.universityId', 'unknown university');
  if (intake.programme.universities.length === 0) {
    throw invalidField('body.universityId', `${university.name} does not run this intake's programme`);
  }
  const window = { eoiOpensAt: intake.eoiOpensAt.toISOString(), eoiClosesAt: intake.eoiClosesAt.toISOString() };
  if (!isEoiWindowOpen(window, options.now ?? new Date())) {
    throw invalidField('body.intakeId', `the intake takes expressions of interest from ${window.eoiOpensAt} until ${window.eoiClosesAt}`);
  }
  const startsOn = intake.startsOn.toISOString().slice(0, 10);
  const id = newId('eoi', { userId: actor.userId, idempotencyKey: options.idempotencyKey });
  return {
    id,
    eoi: {
      id,
      organisationId: body.organisationId,
      universityId: body.universityId,
      intakeId: body.intakeId,
      programmeId: intake.programmeId,
      serviceType: body.serviceType,
      ...(body.pathway ? { pathway: body.pathway } : {}),
      placesRequested: body.placesRequested,
      contact: body.contact,
      declarations: body.declarations,
      submittedBy: actor,
      intake: { startsOn, confirmationDueAt: confirmationDueAt(startsOn), priorityServiceTypes: intake.priorityServiceTypes },
      labels: { organisation: organisation.name, university: university.name, programme: intake.programme.name },
    },
  };
}

/** Starts the EOI's process (or, with the same idempotency key, reaches the one already started). */
export async function submitEoi(
  deps: ApiDeps,
  actor: Actor,
  body: SubmitEoi,
  options: { requestId: string; idempotencyKey?: string },
): Promise<EoiView> {
  const prepared = await prepareSubmission(deps, actor, body, options);
  const startWorkflowOperation = new WithStartWorkflowOperation(commissioning, {
    workflowId: commissioningWorkflowId(prepared.id),
    taskQueue: deps.config.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{ eoi: prepared.eoi, settings: deps.config.processSettings, requestId: options.requestId }],
  });
  const view = await deps.temporal.workflow.executeUpdateWithStart(submissionUpdate, { args: [actor], startWorkflowOperation });
  return withActions(view, actor);
}

/** A closed EOI's workflow has finished: refuse here with the state, rather than ask Temporal. */
export function refuseIfClosed(eoi: StoredEoi, action: string) {
  if (isTerminal(eoi.status as EoiView['status'])) {
    throw conflict(`The ${action} action is not possible: the EOI is ${eoi.status}`, { state: eoi.status, allowedActions: [] });
  }
}

interface ActionContext<B> {
  deps: ApiDeps;
  actor: Actor;
  eoi: StoredEoi;
  body: B;
  requestId: string;
  /** With an Idempotency-Key: the update's id, so a repeat gets the first outcome (api/http/idempotency.ts). */
  updateId?: string;
}

/** What every action's Update takes: who acts, what they sent, and the request for the logs. */
const inputOf = <B>({ actor, body, requestId }: ActionContext<B>) => ({ actor, body, requestId });

/**
 * Sends an action's Update to the EOI's workflow. A closed EOI is refused here, its workflow has
 * finished; but a keyed repeat asks Temporal first, which answers an update it already completed
 * with that outcome even after the workflow closed (after the withdrawal that closed it, say).
 */
async function sendUpdate<Result, Args>(
  ctx: ActionContext<unknown>,
  action: string,
  update: UpdateDefinition<Result, [Args]>,
  args: Args,
): Promise<Result> {
  if (!ctx.updateId) refuseIfClosed(ctx.eoi, action);
  try {
    return await ctx.deps.temporal.workflow
      .getHandle(commissioningWorkflowId(ctx.eoi.id))
      .executeUpdate(update, { args: [args], updateId: ctx.updateId });
  } catch (error) {
    if (ctx.updateId) refuseIfClosed(ctx.eoi, action);
    throw error;
  }
}

/**
 * Every human action on an EOI, by its API path. Each refuses a closed EOI (sendUpdate), then lets
 * the workflow's Update validator decide (state, role, scope, the action's own checks).
 */
export const eoiActions = {
  review: (ctx: ActionContext<z.infer<typeof ReviewBody>>) => sendUpdate(ctx, 'review', reviewUpdate, inputOf(ctx)),

  async amend(ctx: ActionContext<z.infer<typeof AmendmentBody>>) {
    const { deps, eoi, body } = ctx;
    if (!ctx.updateId) refuseIfClosed(eoi, 'amendments');
    let universityName: string | undefined;
    if (body.universityId && body.universityId !== eoi.view.universityId) {
      universityName = (await universityRunsProgramme(deps, body.universityId, eoi.view.programmeId)).name;
    }
    // A new service type may change the EOI's priority: the intake's priorities, as they are now.
    const intake = body.serviceType
      ? await deps.db.prisma.intake.findUnique({ where: { id: eoi.view.intakeId }, select: { priorityServiceTypes: true } })
      : null;
    const priorityServiceTypes = intake ? [...intake.priorityServiceTypes] : undefined;
    return sendUpdate(ctx, 'amendments', amendUpdate, { ...inputOf(ctx), universityName, priorityServiceTypes });
  },

  fundingDecision: (ctx: ActionContext<z.infer<typeof FundingDecisionBody>>) =>
    sendUpdate(ctx, 'funding-decision', fundingDecisionUpdate, inputOf(ctx)),

  addCandidate: (ctx: ActionContext<z.infer<typeof CandidateBody>>) => sendUpdate(ctx, 'candidates', addCandidateUpdate, inputOf(ctx)),

  recordCandidateOutcome: (ctx: ActionContext<z.infer<typeof CandidateOutcomeBody> & { candidateId: string }>) =>
    sendUpdate(ctx, 'candidate-outcome', candidateOutcomeUpdate, inputOf(ctx)),

  confirmSupport: (ctx: ActionContext<z.infer<typeof ConfirmationBody>>) =>
    sendUpdate(ctx, 'confirmations', confirmationUpdate, inputOf(ctx)),

  extendDeadline: (ctx: ActionContext<z.infer<typeof ExtensionBody>>) => sendUpdate(ctx, 'extension', extensionUpdate, inputOf(ctx)),

  releasePlaces: (ctx: ActionContext<z.infer<typeof PlaceReleaseBody>>) =>
    sendUpdate(ctx, 'place-release', placeReleaseUpdate, inputOf(ctx)),

  /** Not a step of the process: the workflow records it and sends undelivered email to the new address. */
  correctContact: (ctx: ActionContext<z.infer<typeof ContactCorrectionBody>>) =>
    sendUpdate(ctx, 'contact', contactCorrectionUpdate, inputOf(ctx)),

  withdraw: (ctx: ActionContext<z.infer<typeof WithdrawalBody>>) => sendUpdate(ctx, 'withdrawal', withdrawalUpdate, inputOf(ctx)),
};
