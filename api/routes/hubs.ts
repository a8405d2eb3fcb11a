import { criteriaSetView, hubView } from '../../db/reference-views';
import { CreateHubBody, CriteriaSetSchema, HubSchema, IdParams, PageQuery, pageOf } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const hubRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/hubs',
    summary: 'Create a training hub',
    description: 'A training hub (Advanced Training Practice lead) and the commissioning areas it covers.',
    tags,
    policy: { roles: createRoles('hub') },
    body: CreateHubBody,
    idempotent: true,
    responses: { 201: { description: 'The hub', schema: HubSchema } },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.hub, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'hub', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/hubs',
    summary: 'List training hubs',
    tags,
    policy: { roles: readRoles('hub') },
    query: PageQuery,
    responses: { 200: { description: 'A page of hubs', schema: pageOf(HubSchema, 'HubPage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.hub.findMany({
        where: withinScope('hub', actor, afterCursor(query.cursor)),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, hubView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/hubs/:id',
    summary: 'Get a training hub',
    tags,
    policy: { roles: readRoles('hub') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.hub.findFirst({ where: withinScope('hub', actor, { id: params.id }) });
      if (!row) throw notFound('Hub');
      return row;
    },
    responses: { 200: { description: 'The hub', schema: HubSchema } },
    handler: async ({ resource }) => ok(hubView(resource)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/hubs/:id/criteria-sets/current',
    summary: "Get a hub's current criteria set",
    description: 'The latest version: the criteria a new spoke application evidences.',
    tags,
    policy: { roles: readRoles('criteriaSet') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const hub = await deps.db.prisma.hub.findFirst({ where: withinScope('hub', actor, { id: params.id }) });
      if (!hub) throw notFound('Hub');
      return hub;
    },
    responses: { 200: { description: 'The latest criteria set of the hub', schema: CriteriaSetSchema } },
    async handler({ actor, resource, deps }) {
      const latest = await deps.db.prisma.criteriaSet.findFirst({
        where: withinScope('criteriaSet', actor, { hubId: resource.id }),
        orderBy: { version: 'desc' },
      });
      if (!latest) throw notFound('Criteria set');
      return ok(criteriaSetView(latest));
    },
  }),
];
