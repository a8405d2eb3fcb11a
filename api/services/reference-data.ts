/**
 * Creating and renaming reference data: the one service behind the POST and PATCH routes
 * (api/routes/universities.ts and its neighbours) and the admin pages (web/pages/reference-data/).
 * Each kind's checks against what already exists (a university a programme names; an ODS code
 * taken, in the write's transaction) are made here, so the API and the page refuse the same things in the same words. A
 * creation is one database transaction with its audit entry; a rename goes through the
 * reference-data workflow, which tells the running processes that hold the old name.
 */
import { createHash } from 'node:crypto';
import { createReferenceRecord } from '../../db/reference-records';
import { hubView, intakeView, organisationView, practiceView, programmeView, universityView } from '../../db/reference-views';
import type { ReferenceCreation, RenamableKind } from '../../domain/reference-data';
import { type ExistingRecord, IMPORT_KINDS, type ImportLookups, importNeeds, type PlannedRow } from '../../domain/reference-import';
import type { Actor } from '../../domain/roles';
import { assertMayCreate } from '../auth/reference-scope';
import type { ApiDeps } from '../deps';
import { rejectionProblem, toProblem } from '../http/errors';
import { badRequest, conflict, type FieldError, invalidDetail, invalidField, notFound } from '../http/problem';
import { newId } from '../routes/ids';
import { recordRename } from '../routes/reference-change';

/** The id prefix of each kind's records ("uni_..."). */
export const REFERENCE_ID_PREFIX: Record<ReferenceCreation['kind'], string> = {
  organisation: 'org',
  university: 'uni',
  programme: 'prog',
  intake: 'intake',
  hub: 'hub',
  practice: 'prac',
  criteriaSet: 'crit',
};

/** Refuses (400 naming the field, 403, or 409) a record that cannot be created as it is; else nothing. */
export async function checkReference(deps: ApiDeps, change: ReferenceCreation): Promise<void> {
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
      if (errors.length) throw badRequest(invalidDetail('body', errors), errors);
      return;
    }
    case 'intake':
      if (!(await prisma.programme.findUnique({ where: { id: change.data.programmeId } })))
        throw invalidField('body.programmeId', 'no such programme');
      return;
    case 'practice':
      if (change.data.hubId && !(await prisma.hub.findUnique({ where: { id: change.data.hubId } })))
        throw invalidField('body.hubId', 'no such hub');
      return;
    case 'criteriaSet':
      assertMayCreate('criteriaSet', change.actor, change.data);
      if (!(await prisma.hub.findUnique({ where: { id: change.data.hubId } }))) throw invalidField('body.hubId', 'no such hub');
      return;
    // An ODS code already taken is refused by the write itself, in its transaction (db/reference-records.ts).
    case 'organisation':
    case 'university':
    case 'hub':
      return;
  }
}

/** Checks a record, then writes it with its audit entry and answers it as the API shows it. */
export async function createReference<T = Record<string, unknown>>(deps: ApiDeps, change: ReferenceCreation): Promise<T> {
  await checkReference(deps, change);
  const created = await createReferenceRecord(deps.db.prisma, change);
  if ('refused' in created) {
    const { refused, existingId } = created;
    throw existingId ? conflict(refused.detail, { existingId }, refused.errors) : rejectionProblem(refused);
  }
  return created.record as T;
}

/** The reference kinds a file may hold on the import page, by their import name. */
export const IMPORTABLE = {
  universities: 'university',
  programmes: 'programme',
  intakes: 'intake',
  organisations: 'organisation',
  hubs: 'hub',
  practices: 'practice',
} as const;
export type ImportableKind = keyof typeof IMPORTABLE;

type Lists = Record<'universities' | 'programmes' | 'hubs' | 'intakes' | 'organisations' | 'practices', () => Promise<ExistingRecord[]>>;

/** Every record of each kind, as the API's lists answer with them (what an import compares rows with). */
function lists(deps: ApiDeps): Lists {
  const prisma = deps.db.prisma;
  return {
    universities: async () => (await prisma.university.findMany()).map(universityView),
    programmes: async () =>
      (await prisma.programme.findMany({ include: { universities: { include: { university: true } } } })).map(programmeView),
    intakes: async () => (await prisma.intake.findMany()).map(intakeView),
    organisations: async () => (await prisma.organisation.findMany()).map(organisationView),
    hubs: async () => (await prisma.hub.findMany()).map(hubView),
    practices: async () => (await prisma.practice.findMany()).map(practiceView),
  };
}

/** What the rows of a file of `kind` are checked against. */
export async function importLookups(deps: ApiDeps, kind: ImportableKind): Promise<ImportLookups> {
  const all = lists(deps);
  const needs = importNeeds(kind);
  return {
    existing: await all[kind](),
    universities: needs.includes('universities') ? await all.universities() : [],
    programmes: needs.includes('programmes') ? await all.programmes() : [],
    hubs: needs.includes('hubs') ? await all.hubs() : [],
  };
}

/**
 * Creates the planned rows that do not exist yet, in file order. Each id is derived from the row
 * (as the command line's Idempotency-Key is), so the same file sent again replays, never
 * duplicates. A refusal on the way (a record added meanwhile) stops there and names the line.
 */
export async function importRows(
  deps: ApiDeps,
  actor: Actor,
  kind: ImportableKind,
  planned: readonly PlannedRow[],
  requestId?: string,
): Promise<{ created: number; present: number } | { created: number; failedLine: number; message: string }> {
  let created = 0;
  for (const row of planned) {
    if (row.existing) continue;
    const key = `import-${kind}-${createHash('sha256').update(JSON.stringify(row.body)).digest('hex').slice(0, 40)}`;
    const referenceKind = IMPORTABLE[kind];
    const id = newId(REFERENCE_ID_PREFIX[referenceKind], { userId: actor.userId, idempotencyKey: key });
    const data = IMPORT_KINDS[kind].schema.parse(row.body);
    try {
      await createReference(deps, { kind: referenceKind, id, data, actor, requestId } as ReferenceCreation);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) throw error;
      return { created, failedLine: row.line, message: problem.message };
    }
    created++;
  }
  return { created, present: planned.filter((row) => row.existing).length };
}

const RENAMABLE_FINDERS: Record<RenamableKind, (deps: ApiDeps, id: string) => Promise<{ id: string; name: string } | null>> = {
  organisation: (deps, id) => deps.db.prisma.organisation.findUnique({ where: { id }, select: { id: true, name: true } }),
  university: (deps, id) => deps.db.prisma.university.findUnique({ where: { id }, select: { id: true, name: true } }),
  programme: (deps, id) => deps.db.prisma.programme.findUnique({ where: { id }, select: { id: true, name: true } }),
  hub: (deps, id) => deps.db.prisma.hub.findUnique({ where: { id }, select: { id: true, name: true } }),
  practice: (deps, id) => deps.db.prisma.practice.findUnique({ where: { id }, select: { id: true, name: true } }),
};

const RENAMABLE_WORDS: Record<RenamableKind, string> = {
  organisation: 'Organisation',
  university: 'University',
  programme: 'Programme',
  hub: 'Hub',
  practice: 'Practice',
};

/** The record a rename names (PATCH /api/<kind>/:id, its page), or 404. Only admins rename, and they see every record. */
export async function findRenamable(deps: ApiDeps, target: RenamableKind, id: string): Promise<{ id: string; name: string }> {
  const found = await RENAMABLE_FINDERS[target](deps, id);
  if (!found) throw notFound(RENAMABLE_WORDS[target]);
  return found;
}

/** Gives a record a new name, through the reference-data workflow; answers the record as the API shows it. */
export async function renameReference<T = Record<string, unknown>>(
  deps: ApiDeps,
  actor: Actor,
  record: { target: RenamableKind; id: string; name: string },
  options: { requestId?: string; idempotencyKey?: string } = {},
): Promise<T> {
  const changeId = newId('rename', { userId: actor.userId, idempotencyKey: options.idempotencyKey });
  return recordRename<T>(deps, {
    kind: 'rename',
    id: record.id,
    actor,
    requestId: options.requestId,
    data: { target: record.target, name: record.name, changeId },
  });
}
