/**
 * Reference data as people choose from it (the pages' radios and filters) and the names that
 * label a list of EOIs. Always within the actor's read scope (api/auth/reference-scope.ts).
 */
import type { Prisma } from '../../db/database';
import type { EoiView } from '../../domain/eoi/schemas';
import type { Actor } from '../../domain/roles';
import { withinScope } from '../auth/reference-scope';
import type { ApiDeps } from '../deps';

export interface IntakeChoice {
  id: string;
  programmeId: string;
  programmeName: string;
  startsOn: string;
  fundedPlaces: number;
  eoiOpensAt: Date;
  eoiClosesAt: Date;
  priorityServiceTypes: string[];
}

type IntakeRow = Prisma.IntakeGetPayload<{ include: { programme: { select: { name: true } } } }>;

const intakeChoice = (row: IntakeRow): IntakeChoice => ({
  id: row.id,
  programmeId: row.programmeId,
  programmeName: row.programme.name,
  startsOn: row.startsOn.toISOString().slice(0, 10),
  fundedPlaces: row.fundedPlaces,
  eoiOpensAt: row.eoiOpensAt,
  eoiClosesAt: row.eoiClosesAt,
  priorityServiceTypes: row.priorityServiceTypes,
});

/** Intakes, soonest start first; `openAt` keeps those taking expressions of interest at that time. */
export async function intakeChoices(deps: ApiDeps, actor: Actor, options: { openAt?: Date } = {}): Promise<IntakeChoice[]> {
  const open = options.openAt ? { eoiOpensAt: { lte: options.openAt }, eoiClosesAt: { gt: options.openAt } } : {};
  const rows = await deps.db.prisma.intake.findMany({
    where: withinScope('intake', actor, open),
    include: { programme: { select: { name: true } } },
    orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
    take: 500,
  });
  return rows.map(intakeChoice);
}

/** One intake as a choice, if it is in the actor's scope: a page about one intake reads one row, not the list. */
export async function intakeChoiceById(deps: ApiDeps, actor: Actor, id: string): Promise<IntakeChoice | undefined> {
  const row = await deps.db.prisma.intake.findFirst({
    where: withinScope('intake', actor, { id }),
    include: { programme: { select: { name: true } } },
  });
  return row ? intakeChoice(row) : undefined;
}

/** The intakes with these ids that are in the actor's scope: a list of drafts reads its own, not the first 500. */
export async function intakeChoicesByIds(deps: ApiDeps, actor: Actor, ids: readonly string[]): Promise<IntakeChoice[]> {
  if (!ids.length) return [];
  const rows = await deps.db.prisma.intake.findMany({
    where: withinScope('intake', actor, { id: { in: [...new Set(ids)] } }),
    include: { programme: { select: { name: true } } },
  });
  return rows.map(intakeChoice);
}

/** Whether a list of intakes shows those still to start (soonest first) or those started (latest first). */
export type IntakeStarts = 'upcoming' | 'started';

/**
 * One page of intakes by start date: `upcoming` are those starting on `today` (a London date) or
 * later, soonest first; `started` the others, most recent first. With the count of all of them.
 */
export async function intakesByStart(
  deps: ApiDeps,
  actor: Actor,
  options: { starts: IntakeStarts; today: string; pageNumber: number; limit: number },
): Promise<{ items: IntakeChoice[]; total: number }> {
  const today = new Date(`${options.today}T00:00:00Z`);
  const where = withinScope('intake', actor, { startsOn: options.starts === 'upcoming' ? { gte: today } : { lt: today } });
  const direction = options.starts === 'upcoming' ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    deps.db.prisma.intake.findMany({
      where,
      include: { programme: { select: { name: true } } },
      orderBy: [{ startsOn: direction }, { id: direction }],
      skip: (options.pageNumber - 1) * options.limit,
      take: options.limit,
    }),
    deps.db.prisma.intake.count({ where }),
  ]);
  return { items: rows.map(intakeChoice), total };
}

/** Universities by name; with a programme, only those that run it. */
export async function universityChoices(deps: ApiDeps, actor: Actor, options: { programmeId?: string } = {}) {
  return deps.db.prisma.university.findMany({
    where: withinScope('university', actor, options.programmeId ? { programmes: { some: { programmeId: options.programmeId } } } : {}),
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 500,
  });
}

/** One university as a choice, if it is in the actor's scope. */
export async function universityChoiceById(deps: ApiDeps, actor: Actor, id: string) {
  return deps.db.prisma.university.findFirst({ where: withinScope('university', actor, { id }), select: { id: true, name: true } });
}

/** Organisations by name, within the actor's scope. */
export async function organisationChoices(deps: ApiDeps, actor: Actor) {
  return deps.db.prisma.organisation.findMany({
    where: withinScope('organisation', actor, {}),
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 2000,
  });
}

export interface EoiNames {
  organisation: string;
  university: string;
  programme: string;
  startsOn: string;
}

/** The names a list of EOIs is read by: organisation, university, programme and start, per EOI id. */
export async function eoiNames(deps: ApiDeps, views: readonly EoiView[]): Promise<Record<string, EoiNames>> {
  const unique = (pick: (v: EoiView) => string) => [...new Set(views.map(pick))];
  const prisma = deps.db.prisma;
  const [organisations, universities, intakes] = await Promise.all([
    prisma.organisation.findMany({ where: { id: { in: unique((v) => v.organisationId) } }, select: { id: true, name: true } }),
    prisma.university.findMany({ where: { id: { in: unique((v) => v.universityId) } }, select: { id: true, name: true } }),
    prisma.intake.findMany({
      where: { id: { in: unique((v) => v.intakeId) } },
      select: { id: true, startsOn: true, programme: { select: { name: true } } },
    }),
  ]);
  const organisation = new Map(organisations.map((o) => [o.id, o.name]));
  const university = new Map(universities.map((u) => [u.id, u.name]));
  const intake = new Map(intakes.map((i) => [i.id, i]));
  return Object.fromEntries(
    views.map((v) => [
      v.id,
      {
        organisation: organisation.get(v.organisationId) ?? v.organisationId,
        university: university.get(v.universityId) ?? v.universityId,
        programme: intake.get(v.intakeId)?.programme.name ?? '',
        startsOn: intake.get(v.intakeId)?.startsOn.toISOString().slice(0, 10) ?? '',
      },
    ]),
  );
}

/** Training hubs by name, within the actor's scope. */
export async function hubChoices(deps: ApiDeps, actor: Actor) {
  return deps.db.prisma.hub.findMany({
    where: withinScope('hub', actor, {}),
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 2000,
  });
}

/** GP practices by name, within the actor's scope. */
export async function practiceChoices(deps: ApiDeps, actor: Actor) {
  return deps.db.prisma.practice.findMany({
    where: withinScope('practice', actor, {}),
    select: { id: true, name: true, hubId: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 2000,
  });
}

/** The names of the records people are bound to (a user's organisation, university, hub or practice), by id. */
export async function scopeRecordNames(
  deps: ApiDeps,
  refs: readonly { organisationId?: string; universityId?: string; hubId?: string; practiceId?: string }[],
): Promise<Map<string, string>> {
  const ids = (pick: (r: (typeof refs)[number]) => string | undefined) => [...new Set(refs.map(pick).filter((id): id is string => !!id))];
  const prisma = deps.db.prisma;
  const select = { id: true, name: true } as const;
  const found = await Promise.all([
    prisma.organisation.findMany({ where: { id: { in: ids((r) => r.organisationId) } }, select }),
    prisma.university.findMany({ where: { id: { in: ids((r) => r.universityId) } }, select }),
    prisma.hub.findMany({ where: { id: { in: ids((r) => r.hubId) } }, select }),
    prisma.practice.findMany({ where: { id: { in: ids((r) => r.practiceId) } }, select }),
  ]);
  return new Map(found.flat().map((row) => [row.id, row.name]));
}
