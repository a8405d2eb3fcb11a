import { intakeView } from '../../db/reference-views';
import { CreateIntakeBody, IdParams, IdSchema, IntakeSchema, PageQuery, pageOf } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const intakeRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/intakes',
    summary: 'Create an intake',
    description: 'A start date of a programme with its funded places and EOI window. `confirmationDueAt` is startsOn − 28 days.',
    tags,
    policy: { roles: createRoles('intake') },
    body: CreateIntakeBody,
    idempotent: true,
    responses: { 201: { description: 'The intake', schema: IntakeSchema } },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.intake, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'intake', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/intakes',
    summary: 'List intakes',
    tags,
    policy: { roles: readRoles('intake') },
    query: PageQuery.extend({ programmeId: IdSchema.optional() }),
    responses: { 200: { description: 'A page of intakes', schema: pageOf(IntakeSchema, 'IntakePage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.intake.findMany({
        where: withinScope('intake', actor, {
          ...afterCursor(query.cursor),
          ...(query.programmeId ? { programmeId: query.programmeId } : {}),
        }),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, intakeView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/intakes/:id',
    summary: 'Get an intake',
    tags,
    policy: { roles: readRoles('intake') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.intake.findFirst({ where: withinScope('intake', actor, { id: params.id }) });
      if (!row) throw notFound('Intake');
      return row;
    },
    responses: { 200: { description: 'The intake', schema: IntakeSchema } },
    handler: async ({ resource }) => ok(intakeView(resource)),
  }),
];
