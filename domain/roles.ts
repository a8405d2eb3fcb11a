import { z } from 'zod';

export const ROLES = ['admin', 'org_submitter', 'university_reviewer', 'hee_staff', 'hub_lead', 'practice_manager'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The scope field each role is bound to; admin and hee_staff work across the region. */
export const ROLE_SCOPE_FIELD = {
  admin: undefined,
  hee_staff: undefined,
  org_submitter: 'organisationId',
  university_reviewer: 'universityId',
  hub_lead: 'hubId',
  practice_manager: 'practiceId',
} as const satisfies Record<Role, string | undefined>;

export type ScopeField = 'organisationId' | 'universityId' | 'hubId' | 'practiceId';

/** Who is acting: carried from the API into every workflow action and audit event. */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
  organisationId?: string;
  universityId?: string;
  hubId?: string;
  practiceId?: string;
}

export const ActorSchema = z.object({
  userId: z.string(),
  role: RoleSchema,
  name: z.string(),
  organisationId: z.string().optional(),
  universityId: z.string().optional(),
  hubId: z.string().optional(),
  practiceId: z.string().optional(),
});

/** Regional roles see everything; the others only what their scope field names. */
export function isRegional(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'admin' || actor.role === 'hee_staff';
}

/**
 * Whether a subject (an EOI, a spoke application) is the actor's concern: always for regional
 * roles (admins included), otherwise when the subject names the actor's own organisation,
 * university, hub or practice. The one rule for both processes; the API's list filters agree.
 */
export function isInScope(actor: Actor, subject: Partial<Record<ScopeField, string>>): boolean {
  if (isRegional(actor)) return true;
  const field = ROLE_SCOPE_FIELD[actor.role];
  return field !== undefined && actor[field] !== undefined && actor[field] === subject[field];
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'admin', name: 'Trainflow' };

/** Each role as people say it (pages and emails). */
export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  hee_staff: 'Regional staff (NHS England)',
  org_submitter: 'Organisation submitter',
  university_reviewer: 'University reviewer',
  hub_lead: 'Training hub lead',
  practice_manager: 'Practice manager',
};
