import { z } from 'zod';
import { organisationView } from '../../db/reference-views';
import { CreateOrganisationBody, IdParams, OrganisationSchema, PageQuery, pageOf } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const organisationRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/organisations',
    summary: 'Create an organisation',
    description: 'An NHS trust, GP practice or not-for-profit that submits expressions of interest. ODS codes are unique.',
    tags,
    policy: { roles: createRoles('organisation') },
    body: CreateOrganisationBody,
    idempotent: true,
    responses: {
      201: { description: 'The organisation', schema: OrganisationSchema },
      409: { description: 'An organisation with this ODS code exists' },
    },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.organisation, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'organisation', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/organisations',
    summary: 'List organisations',
    description: 'Org submitters see only their own organisation.',
    tags,
    policy: { roles: readRoles('organisation') },
    query: PageQuery.extend({ odsCode: z.string().trim().toUpperCase().max(10).optional() }),
    responses: { 200: { description: 'A page of organisations', schema: pageOf(OrganisationSchema, 'OrganisationPage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.organisation.findMany({
        where: withinScope('organisation', actor, { ...afterCursor(query.cursor), ...(query.odsCode ? { odsCode: query.odsCode } : {}) }),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, organisationView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/organisations/:id',
    summary: 'Get an organisation',
    tags,
    policy: { roles: readRoles('organisation') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.organisation.findFirst({ where: withinScope('organisation', actor, { id: params.id }) });
      if (!row) throw notFound('Organisation');
      return row;
    },
    responses: { 200: { description: 'The organisation', schema: OrganisationSchema } },
    handler: async ({ resource }) => ok(organisationView(resource)),
  }),
];
