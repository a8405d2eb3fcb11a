import { programmeView } from '../../db/reference-views';
import { CreateProgrammeBody, IdParams, IdSchema, PageQuery, pageOf, ProgrammeSchema } from '../../domain/reference-data';
import { createRoles, readRoles, withinScope } from '../auth/reference-scope';
import { notFound } from '../http/problem';
import { created, defineRoute, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';
import { createReference, REFERENCE_ID_PREFIX } from '../services/reference-data';

const tags = ['Reference data'];
const withUniversities = { universities: { include: { university: true } } } as const;

export const programmeRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/programmes',
    summary: 'Create a programme',
    description: 'A programme and the universities that run it; every university must exist.',
    tags,
    policy: { roles: createRoles('programme') },
    body: CreateProgrammeBody,
    idempotent: true,
    responses: { 201: { description: 'The programme', schema: ProgrammeSchema } },
    async handler({ actor, body, deps, requestId, idempotencyKey }) {
      const id = newId(REFERENCE_ID_PREFIX.programme, { userId: actor.userId, idempotencyKey });
      return created(await createReference(deps, { kind: 'programme', id, data: body, actor, requestId }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/programmes',
    summary: 'List programmes',
    description: '`universityId` lists the programmes that university runs.',
    tags,
    policy: { roles: readRoles('programme') },
    query: PageQuery.extend({ universityId: IdSchema.optional() }),
    responses: { 200: { description: 'A page of programmes', schema: pageOf(ProgrammeSchema, 'ProgrammePage') } },
    async handler({ actor, query, deps }) {
      const rows = await deps.db.prisma.programme.findMany({
        where: withinScope('programme', actor, {
          ...afterCursor(query.cursor),
          ...(query.universityId ? { universities: { some: { universityId: query.universityId } } } : {}),
        }),
        include: withUniversities,
        orderBy: pageOrder,
        take: query.limit + 1,
      });
      return ok(toPage(rows, query.limit, programmeView));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/programmes/:id',
    summary: 'Get a programme',
    tags,
    policy: { roles: readRoles('programme') },
    params: IdParams,
    scope: async ({ actor, params, deps }) => {
      const row = await deps.db.prisma.programme.findFirst({
        where: withinScope('programme', actor, { id: params.id }),
        include: withUniversities,
      });
      if (!row) throw notFound('Programme');
      return row;
    },
    responses: { 200: { description: 'The programme', schema: ProgrammeSchema } },
    handler: async ({ resource }) => ok(programmeView(resource)),
  }),
];
