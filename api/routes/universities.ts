import { z } from 'zod';
import { universityView } from '../../db/reference-views';
import { CreateUniversityBody, IdParams, PageQuery, pageOf, UniversitySchema } from '../../domain/reference-data';
import { ROLES } from '../../domain/roles';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];

export const universityRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/universities',
    summary: 'Create a university',
    tags,
    policy: { roles: ['admin'] },
    body: CreateUniversityBody,
    idempotent: true,
    responses: { 201: { description: 'The university', schema: UniversitySchema } },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.university, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'university', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/universities',
    summary: 'List universities',
    tags,
    policy: { roles: ROLES },
    query: PageQuery,
    responses: { 200: { description: 'A page of universities', schema: pageOf(UniversitySchema, 'UniversityPage') } },
    async handler({ query, deps }) {
      const rows = await deps.db.prisma.university.findMany({
        where: afterCursor(query.cursor),
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, universityView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/universities/:id',
    summary: 'Get a university',
    tags,
    policy: { roles: ROLES },
    params: IdParams,
    scope: { unscoped: 'universities are public reference data every user needs to choose or see' },
    responses: { 200: { description: 'The university', schema: UniversitySchema } },
    async handler({ params, deps }) {
      const row = await deps.db.prisma.university.findUnique({ where: { id: params.id } });
      if (!row) throw notFound('University');
      return ok(universityView(row));
    },
  }),
];

export type University = z.infer<typeof UniversitySchema>;
