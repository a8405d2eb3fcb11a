/**
 * Expressions of interest (`/api/eois`). Reads come from the read model the workflow keeps;
 * every action is an Update on the EOI's workflow, which validates it against the current
 * state and answers with the EOI after the change.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';
import { confirmationDueAt, IdParams, isEoiWindowOpen } from '../../domain/reference-data';
import { allowedActions, isTerminal } from '../../domain/eoi';
import {
  AmendmentBody,
  CandidateBody,
  CandidateOutcomeBody,
  CandidateParams,
  ConfirmationBody,
  EoiListQuery,
  EoiSchema,
  type EoiView,
  ExtensionBody,
  FundingDecisionBody,
  PlaceReleaseBody,
  ReviewBody,
  SubmitEoiBody,
  WithdrawalBody,
} from '../../domain/eoi/schemas';
import { isRegional, type Actor, type Role } from '../../domain/roles';
import { pageOf } from '../../domain/reference-data';
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
} from '../../workflows/commissioning.messages';
import type { ApiDeps } from '../deps';
import { conflict, forbidden, invalidField, notFound, ProblemError } from '../http/problem';
import { created, defineRoute, ok, type RouteResult } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrderBy, toPage } from './pagination';

const tags = ['Commissioning'];
const READERS: readonly Role[] = ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'];

/** Which EOIs a role sees: its organisation's, its university's, or (regional roles) all. */
function eoiScope(actor: Actor): { organisationId?: string; universityId?: string } {
  if (isRegional(actor)) return {};
  if (actor.role === 'org_submitter') return { organisationId: actor.organisationId ?? '-' };
  if (actor.role === 'university_reviewer') return { universityId: actor.universityId ?? '-' };
  throw forbidden();
}

type StoredEoi = { id: string; status: string; view: EoiView };

/** Loads an EOI within the caller's scope; one outside it is "not found", never revealed. */
async function loadEoi({ actor, params, deps }: { actor: Actor; params: { id: string }; deps: ApiDeps }): Promise<StoredEoi> {
  const row = await deps.db.prisma.eoi.findFirst({
    where: { id: params.id, ...eoiScope(actor) },
    select: { id: true, status: true, view: true },
  });
  if (!row) throw notFound('EOI');
  return { id: row.id, status: row.status, view: row.view as unknown as EoiView };
}

function withActions(view: EoiView, actor: Actor): EoiView {
  return { ...view, allowedActions: allowedActions(view, actor) };
}

/** A closed EOI's workflow has finished: refuse here with the state, rather than ask Temporal. */
function refuseIfClosed(eoi: StoredEoi, action: string) {
  if (isTerminal(eoi.status as EoiView['status'])) {
    throw conflict(`The ${action} action is not possible: the EOI is ${eoi.status}`, { state: eoi.status, allowedActions: [] });
  }
}

async function universityRunsProgramme(deps: ApiDeps, universityId: string, programmeId: string) {
  const university = await deps.db.prisma.university.findUnique({ where: { id: universityId } });
  if (!university) throw invalidField('body.universityId', 'unknown university');
  const link = await deps.db.prisma.programmeUniversity.findUnique({ where: { programmeId_universityId: { programmeId, universityId } } });
  if (!link) throw invalidField('body.universityId', `${university.name} does not run this intake's programme`);
  return university;
}

function action<B extends z.ZodType>(options: {
  path: string;
  summary: string;
  roles: readonly Role[];
  body: B;
  run: (ctx: { actor: Actor; body: z.infer<B>; deps: ApiDeps; eoi: StoredEoi; requestId: string }) => Promise<RouteResult>;
}) {
  return defineRoute({
    method: 'post',
    path: `/api/eois/:id/${options.path}`,
    summary: options.summary,
    tags,
    policy: { roles: options.roles },
    params: IdParams,
    scope: loadEoi,
    body: options.body,
    responses: {
      200: { description: 'The EOI after the action', schema: EoiSchema },
      409: { description: 'The action does not fit the EOI’s state; the body names the state and the allowed actions' },
    },
    async handler({ actor, body, deps, resource, requestId }) {
      refuseIfClosed(resource, options.path);
      const result = await options.run({ actor, body: body as z.infer<B>, deps, eoi: resource, requestId });
      return result;
    },
  });
}

const handleOf = (deps: ApiDeps, eoiId: string) => deps.temporal.workflow.getHandle(commissioningWorkflowId(eoiId));

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
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
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
      if (!isEoiWindowOpen(window, new Date())) {
        throw invalidField(
          'body.intakeId',
          `the intake takes expressions of interest from ${window.eoiOpensAt} until ${window.eoiClosesAt}`,
        );
      }
      const startsOn = intake.startsOn.toISOString().slice(0, 10);
      const id = newId('eoi', { userId: actor.userId, idempotencyKey });
      const startWorkflowOperation = new WithStartWorkflowOperation(commissioning, {
        workflowId: commissioningWorkflowId(id),
        taskQueue: deps.config.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [
          {
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
            settings: deps.config.processSettings,
            requestId,
          },
        ],
      });
      const view = await deps.temporal.workflow.executeUpdateWithStart(submissionUpdate, { args: [actor], startWorkflowOperation });
      return created(withActions(view, actor));
    },
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
      const where = {
        ...(query.status ? { status: query.status } : {}),
        ...(query.intakeId ? { intakeId: query.intakeId } : {}),
        ...(query.universityId ? { universityId: query.universityId } : {}),
        ...(query.organisationId ? { organisationId: query.organisationId } : {}),
      };
      const scope = eoiScope(actor);
      const rows = await deps.db.prisma.eoi.findMany({
        // The caller's scope always wins over a filter naming someone else.
        where: { AND: [where, scope, afterCursor(query.cursor, 'submittedAt')] },
        orderBy: pageOrderBy('submittedAt'),
        take: query.limit + 1,
        select: { id: true, submittedAt: true, view: true },
      });
      return ok(toPage(rows, query.limit, (row) => withActions(row.view as unknown as EoiView, actor), 'submittedAt'));
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
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(reviewUpdate, { args: [{ actor, body, requestId }] })),
  }),

  action({
    path: 'amendments',
    summary: 'Amend an EOI after the university asked for changes',
    roles: ['org_submitter'],
    body: AmendmentBody,
    run: async ({ actor, body, deps, eoi, requestId }) => {
      let universityName: string | undefined;
      if (body.universityId && body.universityId !== eoi.view.universityId) {
        universityName = (await universityRunsProgramme(deps, body.universityId, eoi.view.programmeId)).name;
      }
      // A new service type may change the EOI's priority: the intake's priorities, as they are now.
      const intake = body.serviceType
        ? await deps.db.prisma.intake.findUnique({ where: { id: eoi.view.intakeId }, select: { priorityServiceTypes: true } })
        : null;
      const priorityServiceTypes = intake ? [...intake.priorityServiceTypes] : undefined;
      return ok(
        await handleOf(deps, eoi.id).executeUpdate(amendUpdate, {
          args: [{ actor, body, requestId, universityName, priorityServiceTypes }],
        }),
      );
    },
  }),

  action({
    path: 'funding-decision',
    summary: 'Fund or decline an EOI (HEE staff)',
    roles: ['hee_staff'],
    body: FundingDecisionBody,
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(fundingDecisionUpdate, { args: [{ actor, body, requestId }] })),
  }),

  action({
    path: 'candidates',
    summary: 'Put a candidate forward',
    roles: ['org_submitter'],
    body: CandidateBody,
    run: async ({ actor, body, deps, eoi, requestId }) => {
      const result = await handleOf(deps, eoi.id).executeUpdate(addCandidateUpdate, { args: [{ actor, body, requestId }] });
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
    responses: { 200: { description: 'The EOI after the action', schema: EoiSchema } },
    async handler({ actor, params, body, deps, resource, requestId }) {
      refuseIfClosed(resource, 'candidate-outcome');
      return ok(
        await handleOf(deps, resource.id).executeUpdate(candidateOutcomeUpdate, {
          args: [{ actor, body: { ...body, candidateId: params.candidateId }, requestId }],
        }),
      );
    },
  }),

  action({
    path: 'confirmations',
    summary: 'Return a confirmation of support for an accepted candidate',
    roles: ['org_submitter'],
    body: ConfirmationBody,
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(confirmationUpdate, { args: [{ actor, body, requestId }] })),
  }),

  action({
    path: 'extension',
    summary: 'Extend the confirmation of support deadline (HEE staff)',
    roles: ['hee_staff'],
    body: ExtensionBody,
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(extensionUpdate, { args: [{ actor, body, requestId }] })),
  }),

  action({
    path: 'place-release',
    summary: 'Give funded places that will not be filled back to the intake',
    roles: ['org_submitter', 'hee_staff'],
    body: PlaceReleaseBody,
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(placeReleaseUpdate, { args: [{ actor, body, requestId }] })),
  }),

  action({
    path: 'withdrawal',
    summary: 'Withdraw an EOI (organisation) or its funding (HEE staff)',
    roles: ['org_submitter', 'hee_staff'],
    body: WithdrawalBody,
    run: async ({ actor, body, deps, eoi, requestId }) =>
      ok(await handleOf(deps, eoi.id).executeUpdate(withdrawalUpdate, { args: [{ actor, body, requestId }] })),
  }),
];
