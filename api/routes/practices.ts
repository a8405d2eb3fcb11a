import { z } from 'zod';
import { practiceView } from '../../db/reference-views';
import { CreatePracticeBody, IdParams, IdSchema, PageQuery, pageOf, PracticeSchema } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const practiceRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/practices',
    summary: 'Create a GP practice',
    description: 'A practice that may apply to a hub as a spoke. ODS codes are unique; `hubId`, when given, must exist.',
    tags,
    policy: { roles: createRoles('practice') },
    body: CreatePracticeBody,
    idempotent: true,
    responses: {
      201: { description: 'The practice', schema: PracticeSchema },
      409: { description: 'A practice with this ODS code exists' },
    },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.practice, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'practice', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/practices',
    summary: 'List GP practices',
    description: 'Hub leads see their hub’s practices; practice managers their own practice.',
    tags,
    policy: { roles: readRoles('practice') },
    query: PageQuery.extend({ hubId: IdSchema.optional(), odsCode: z.string().trim().toUpperCase().max(10).optional() }),
    responses: { 200: { description: 'A page of practices', schema: pageOf(PracticeSchema, 'PracticePage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.practice.findMany({
        where: withinScope('practice', actor, {
          ...afterCursor(query.cursor),
          ...(query.hubId ? { hubId: query.hubId } : {}),
          ...(query.odsCode ? { odsCode: query.odsCode } : {}),
        }),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, practiceView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/practices/:id',
    summary: 'Get a GP practice',
    tags,
    policy: { roles: readRoles('practice') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.practice.findFirst({ where: withinScope('practice', actor, { id: params.id }) });
      if (!row) throw notFound('Practice');
      return row;
    },
    responses: { 200: { description: 'The practice', schema: PracticeSchema } },
    handler: async ({ resource }) => ok(practiceView(resource)),
  }),
];
