/**
 * Who may create and read each kind of reference data, and which rows a scoped role sees: the
 * one place these rules live. Routes take their role lists from here (so the router enforces
 * them) and their object-level filters too (so lists and `GET /:id` agree, and an id outside
 * the caller's scope answers 404 exactly like an unknown one).
 */
import type { Prisma } from '../../db/database';
import { type Actor, type Role, ROLES, type ScopeField } from '../../domain/roles';
import { forbidden, ProblemError } from '../http/problem';

/** A role sees every row ('all') or the rows a filter built from its scope selects. */
type ReadRule<Where> = 'all' | ((actor: Actor) => Where);

/** A role creates anywhere ('any') or only records whose fields match its scope. */
type CreateRule = 'any' | ((actor: Actor) => Record<string, string>);

interface Access<Where> {
  create: Partial<Record<Role, CreateRule>>;
  read: Partial<Record<Role, ReadRule<Where>>>;
}

interface ReferenceAccess {
  organisation: Access<Prisma.OrganisationWhereInput>;
  university: Access<Prisma.UniversityWhereInput>;
  programme: Access<Prisma.ProgrammeWhereInput>;
  intake: Access<Prisma.IntakeWhereInput>;
  hub: Access<Prisma.HubWhereInput>;
  practice: Access<Prisma.PracticeWhereInput>;
  criteriaSet: Access<Prisma.CriteriaSetWhereInput>;
}
export type ReferenceKind = keyof ReferenceAccess;

/** The actor's scope value; a scoped role without one (never created so) is refused. */
function scopeOf(actor: Actor, field: ScopeField): string {
  const value = actor[field];
  if (!value) throw forbidden(`Your ${actor.role} account is not bound to a ${field.replace(/Id$/, '')}`);
  return value;
}

/** Public reference data people need to choose from when they submit. */
const everyone = Object.fromEntries(ROLES.map((role) => [role, 'all'])) as Record<Role, 'all'>;
const adminOnly = { admin: 'any' } as const;

export const REFERENCE_ACCESS: ReferenceAccess = {
  organisation: {
    create: adminOnly,
    read: {
      admin: 'all',
      hee_staff: 'all',
      university_reviewer: 'all',
      org_submitter: (actor) => ({ id: scopeOf(actor, 'organisationId') }),
    },
  },
  university: { create: adminOnly, read: everyone },
  programme: { create: adminOnly, read: everyone },
  intake: { create: adminOnly, read: everyone },
  hub: { create: adminOnly, read: everyone },
  practice: {
    create: adminOnly,
    read: {
      admin: 'all',
      hee_staff: 'all',
      hub_lead: (actor) => ({ hubId: scopeOf(actor, 'hubId') }),
      practice_manager: (actor) => ({ id: scopeOf(actor, 'practiceId') }),
    },
  },
  criteriaSet: {
    create: { admin: 'any', hub_lead: (actor) => ({ hubId: scopeOf(actor, 'hubId') }) },
    read: everyone,
  },
};

const inRoleOrder = (rules: Partial<Record<Role, unknown>>): Role[] => ROLES.filter((role) => rules[role] !== undefined);

/** The roles that may create a kind (the route's policy). */
export function createRoles(kind: ReferenceKind): Role[] {
  return inRoleOrder(REFERENCE_ACCESS[kind].create);
}

/** The roles that may read a kind (the list and get routes' policy). */
export function readRoles(kind: ReferenceKind): Role[] {
  return inRoleOrder(REFERENCE_ACCESS[kind].read);
}

type WhereOf<K extends ReferenceKind> = ReferenceAccess[K] extends Access<infer W> ? W : never;

/**
 * The rows of a kind the actor may see, as a Prisma filter to AND with the request's own
 * (`{ AND: [filter, readScope(...)] }`, never a spread: both may constrain `id`).
 */
export function readScope<K extends ReferenceKind>(kind: K, actor: Actor): WhereOf<K> {
  const rule = (REFERENCE_ACCESS[kind].read as Partial<Record<Role, ReadRule<WhereOf<K>>>>)[actor.role];
  if (!rule) throw forbidden(`The ${actor.role} role cannot read ${kind} records`);
  return (rule === 'all' ? {} : rule(actor)) as WhereOf<K>;
}

/** `where` narrowed to the actor's scope. */
export function withinScope<K extends ReferenceKind>(kind: K, actor: Actor, where: WhereOf<K>): WhereOf<K> {
  return { AND: [where, readScope(kind, actor)] } as WhereOf<K>;
}

/** Refuses (403) a record the actor's role may create only inside its own scope. */
export function assertMayCreate(kind: ReferenceKind, actor: Actor, record: Record<string, unknown>): void {
  const rule = REFERENCE_ACCESS[kind].create[actor.role];
  if (!rule) throw forbidden(`The ${actor.role} role cannot create ${kind} records`);
  if (rule === 'any') return;
  for (const [field, value] of Object.entries(rule(actor))) {
    if (record[field] !== value) {
      throw new ProblemError(403, `The ${actor.role} role may create ${kind} records only for its own ${field.replace(/Id$/, '')}`, {
        errors: [{ path: `body.${field}`, message: `not your ${field.replace(/Id$/, '')}` }],
      });
    }
  }
}

/** Whether the actor may create `record` (assertMayCreate's rule as a question: pages showing only what one may change). */
export function mayCreate(kind: ReferenceKind, actor: Actor, record: Record<string, unknown>): boolean {
  try {
    assertMayCreate(kind, actor, record);
    return true;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 403) return false;
    throw error;
  }
}
