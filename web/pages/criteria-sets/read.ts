/**
 * What the criteria pages show: the hubs a person may write criteria for (the API's create rule,
 * api/auth/reference-scope.ts: every hub for an admin, their own for a hub lead), each hub's
 * versions, and who created each version (from the audit trail, as the record keeps no author).
 */
import { createRoles, mayCreate } from '../../../api/auth/reference-scope';
import { notFound } from '../../../api/http/problem';
import { criteriaSetView } from '../../../db/reference-views';
import { type Actor, ROLE_NAMES, type Role, SYSTEM_ACTOR } from '../../../domain/roles';
import type { WebDeps } from '../../deps';

/** Who may see and change criteria on the pages: those who may create them through the API. */
export const CRITERIA_WRITERS = createRoles('criteriaSet');

export type CriteriaSetRecord = ReturnType<typeof criteriaSetView> & { createdBy: string };

/** The hubs the actor may create criteria for, by name. */
export async function writableHubs(deps: WebDeps, actor: Actor) {
  const hubs = await deps.db.prisma.hub.findMany({ select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return hubs.filter((hub) => mayCreate('criteriaSet', actor, { hubId: hub.id }));
}

/** One hub the actor may create criteria for, or 404 (an unknown hub and another's answer alike). */
export async function writableHub(deps: WebDeps, actor: Actor, hubId: string) {
  const hub = await deps.db.prisma.hub.findUnique({ where: { id: hubId }, select: { id: true, name: true } });
  if (!hub || !mayCreate('criteriaSet', actor, { hubId: hub.id })) throw notFound('Training hub');
  return hub;
}

/**
 * Who created each set: the person's name; "Trainflow" for the example the service made itself;
 * the role for an actor that is not a user (the bootstrap administrator token).
 */
async function creators(deps: WebDeps, setIds: readonly string[]): Promise<Map<string, string>> {
  const prisma = deps.db.prisma;
  const events = await prisma.auditEvent.findMany({
    where: { action: 'criteriaSet.created', subjectType: 'criteriaSet', subjectId: { in: [...setIds] } },
    select: { subjectId: true, actorId: true, actorRole: true },
  });
  const users = await prisma.user.findMany({ where: { id: { in: events.map((e) => e.actorId) } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  const nameOf = (e: (typeof events)[number]) =>
    names.get(e.actorId) ?? (e.actorId === SYSTEM_ACTOR.userId ? SYSTEM_ACTOR.name : (ROLE_NAMES[e.actorRole as Role] ?? e.actorRole));
  return new Map(events.map((e) => [e.subjectId, nameOf(e)]));
}

/** Each hub's versions, newest first, with who created them. */
export async function versionsOf(deps: WebDeps, hubIds: readonly string[]): Promise<Map<string, CriteriaSetRecord[]>> {
  const rows = await deps.db.prisma.criteriaSet.findMany({
    where: { hubId: { in: [...hubIds] } },
    orderBy: [{ hubId: 'asc' }, { version: 'desc' }],
  });
  const by = await creators(
    deps,
    rows.map((r) => r.id),
  );
  const versions = new Map<string, CriteriaSetRecord[]>(hubIds.map((id) => [id, []]));
  for (const row of rows) versions.get(row.hubId)?.push({ ...criteriaSetView(row), createdBy: by.get(row.id) ?? 'Unknown' });
  return versions;
}

/** A criteria set of a hub the actor may write for, with its hub and all that hub's versions; else 404. */
export async function findCriteriaSet(deps: WebDeps, actor: Actor, id: string) {
  const row = await deps.db.prisma.criteriaSet.findUnique({ where: { id } });
  if (!row || !mayCreate('criteriaSet', actor, { hubId: row.hubId })) throw notFound('Criteria set');
  const hub = await writableHub(deps, actor, row.hubId);
  const versions = (await versionsOf(deps, [hub.id])).get(hub.id) ?? [];
  return { hub, set: versions.find((v) => v.id === id)!, versions };
}
