import type { z } from 'zod';
import {
  HubSchema,
  IdParams,
  OrganisationSchema,
  PracticeSchema,
  ProgrammeSchema,
  RENAMABLE_KINDS,
  type RenamableKind,
  RenameReferenceBody,
  UniversitySchema,
} from '../../domain/reference-data';
import { createRoles } from '../auth/reference-scope';
import { defineRoute, ok } from '../http/route';
import { findRenamable, renameReference } from '../services/reference-data';

const tags = ['Reference data'];

const RENAMABLE: Record<RenamableKind, { path: string; what: string; schema: z.ZodType }> = {
  organisation: { path: 'organisations', what: 'an organisation', schema: OrganisationSchema },
  university: { path: 'universities', what: 'a university', schema: UniversitySchema },
  programme: { path: 'programmes', what: 'a programme', schema: ProgrammeSchema },
  hub: { path: 'hubs', what: 'a training hub', schema: HubSchema },
  practice: { path: 'practices', what: 'a GP practice', schema: PracticeSchema },
};

/** PATCH /api/<kind>/:id: a new name, the one field of a reference record that may change for now. */
export const referenceRenameRoutes = RENAMABLE_KINDS.map((target) => {
  const { path, what, schema } = RENAMABLE[target];
  return defineRoute({
    method: 'patch',
    path: `/api/${path}/:id`,
    summary: `Rename ${what}`,
    description:
      'Changes the name only; everything that refers to the record keeps referring to it by id. ' +
      'The change is in the audit trail with the name before and after.',
    tags,
    policy: { roles: createRoles(target) },
    params: IdParams,
    scope: ({ params, deps }) => findRenamable(deps, target, params.id),
    body: RenameReferenceBody,
    idempotent: true,
    responses: { 200: { description: 'The record renamed', schema } },
    handler: async ({ actor, body, deps, resource, requestId, idempotencyKey }) =>
      ok(await renameReference(deps, actor, { target, id: resource.id, name: body.name }, { requestId, idempotencyKey })),
  });
});
