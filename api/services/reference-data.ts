/**
 * Creating reference data: the one service behind the POST routes (api/routes/universities.ts and
 * its neighbours) and the admin pages (web/pages/reference-data/). Each kind's checks against what
 * already exists (a university a programme names, an ODS code taken) are made here, before the
 * write starts a workflow, so the API and the page refuse the same things in the same words.
 */
import type { ReferenceChange } from '../../domain/reference-data';
import { assertMayCreate } from '../auth/reference-scope';
import type { ApiDeps } from '../deps';
import { badRequest, conflict, type FieldError, invalidField } from '../http/problem';
import { recordReference } from '../routes/reference-change';

/** The id prefix of each kind's records ("uni_..."). */
export const REFERENCE_ID_PREFIX: Record<ReferenceChange['kind'], string> = {
  organisation: 'org',
  university: 'uni',
  programme: 'prog',
  intake: 'intake',
  hub: 'hub',
  practice: 'prac',
  criteriaSet: 'crit',
};

/** Refuses (400 naming the field, 403, or 409) a record that cannot be created as it is; else nothing. */
export async function checkReference(deps: ApiDeps, change: ReferenceChange): Promise<void> {
  const prisma = deps.db.prisma;
  switch (change.kind) {
    case 'programme': {
      const { universityIds } = change.data;
      const found = await prisma.university.findMany({ where: { id: { in: universityIds } }, select: { id: true } });
      const known = new Set(found.map((u) => u.id));
      const errors: FieldError[] = universityIds.flatMap((universityId, index) => {
        if (!known.has(universityId)) return [{ path: `body.universityIds.${index}`, message: 'no such university' }];
        if (universityIds.indexOf(universityId) !== index) return [{ path: `body.universityIds.${index}`, message: 'repeated' }];
        return [];
      });
      if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
      return;
    }
    case 'intake':
      if (!(await prisma.programme.findUnique({ where: { id: change.data.programmeId } })))
        throw invalidField('body.programmeId', 'no such programme');
      return;
    case 'organisation': {
      // Checked here too (the activity checks again for races): a duplicate never starts a workflow.
      const clash = await prisma.organisation.findUnique({ where: { odsCode: change.data.odsCode } });
      if (clash && clash.id !== change.id) {
        throw conflict(`An organisation with ODS code ${change.data.odsCode} already exists`, { existingId: clash.id }, [
          { path: 'body.odsCode', message: 'already registered' },
        ]);
      }
      return;
    }
    case 'practice': {
      if (change.data.hubId && !(await prisma.hub.findUnique({ where: { id: change.data.hubId } })))
        throw invalidField('body.hubId', 'no such hub');
      const clash = await prisma.practice.findUnique({ where: { odsCode: change.data.odsCode } });
      if (clash && clash.id !== change.id) {
        throw conflict(`A practice with ODS code ${change.data.odsCode} already exists`, { existingId: clash.id }, [
          { path: 'body.odsCode', message: 'already registered' },
        ]);
      }
      return;
    }
    case 'criteriaSet':
      assertMayCreate('criteriaSet', change.actor, change.data);
      if (!(await prisma.hub.findUnique({ where: { id: change.data.hubId } }))) throw invalidField('body.hubId', 'no such hub');
      return;
    case 'university':
    case 'hub':
      return;
  }
}

/** Checks a record, then writes it (through its workflow) and answers it as the API shows it. */
export async function createReference<T = Record<string, unknown>>(deps: ApiDeps, change: ReferenceChange): Promise<T> {
  await checkReference(deps, change);
  return recordReference<T>(deps, change);
}
