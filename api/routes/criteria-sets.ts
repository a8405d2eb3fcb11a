import { criteriaSetView } from '../../db/reference-views';
import { CreateCriteriaSetBody, CriteriaSetSchema, IdParams, IdSchema, PageQuery, pageOf } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const criteriaSetRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/criteria-sets',
    summary: 'Create a criteria set version',
    description:
      'Each call creates the next version of the hub’s criteria; applications already started keep the version they began with. ' +
      'Hub leads may create them for their own hub only.',
    tags,
    policy: { roles: createRoles('criteriaSet') },
    body: CreateCriteriaSetBody,
    idempotent: true,
    responses: { 201: { description: 'The new version', schema: CriteriaSetSchema } },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.criteriaSet, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'criteriaSet', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/criteria-sets',
    summary: 'List criteria sets',
    description: 'Every version, oldest first; `hubId` narrows to one hub.',
    tags,
    policy: { roles: readRoles('criteriaSet') },
    query: PageQuery.extend({ hubId: IdSchema.optional() }),
    responses: { 200: { description: 'A page of criteria sets', schema: pageOf(CriteriaSetSchema, 'CriteriaSetPage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.criteriaSet.findMany({
        where: withinScope('criteriaSet', actor, { ...afterCursor(query.cursor), ...(query.hubId ? { hubId: query.hubId } : {}) }),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, criteriaSetView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/criteria-sets/:id',
    summary: 'Get a criteria set',
    tags,
    policy: { roles: readRoles('criteriaSet') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.criteriaSet.findFirst({ where: withinScope('criteriaSet', actor, { id: params.id }) });
      if (!row) throw notFound('Criteria set');
      return row;
    },
    responses: { 200: { description: 'The criteria set', schema: CriteriaSetSchema } },
    handler: async ({ resource }) => ok(criteriaSetView(resource)),
  }),
];
