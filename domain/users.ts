/**
 * Users: the request schema (one role, and exactly the scope field that role is bound to) and
 * the shapes the API answers with. Shared by the API and the admin command line.
 */
import { z } from 'zod';
import { EmailSchema, IdSchema, NameSchema } from './reference-data';
import { ROLE_SCOPE_FIELD, RoleSchema, type Role, type ScopeField } from './roles';

export const SCOPE_FIELDS = ['organisationId', 'universityId', 'hubId', 'practiceId'] as const satisfies readonly ScopeField[];

/** The scope field a role needs, or undefined for the regional roles (admin, hee_staff). */
export function scopeFieldOf(role: Role): ScopeField | undefined {
  return ROLE_SCOPE_FIELD[role];
}

export const CreateUserBody = z
  .strictObject({
    name: NameSchema,
    email: EmailSchema,
    role: RoleSchema,
    organisationId: IdSchema.optional().meta({ description: 'Required for org_submitter, refused otherwise' }),
    universityId: IdSchema.optional().meta({ description: 'Required for university_reviewer, refused otherwise' }),
    hubId: IdSchema.optional().meta({ description: 'Required for hub_lead, refused otherwise' }),
    practiceId: IdSchema.optional().meta({ description: 'Required for practice_manager, refused otherwise' }),
  })
  .superRefine((user, ctx) => {
    const needed = scopeFieldOf(user.role);
    for (const field of SCOPE_FIELDS) {
      if (field === needed && user[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `required for the ${user.role} role` });
      } else if (field !== needed && user[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `not used by the ${user.role} role` });
      }
    }
  })
  .meta({ id: 'CreateUser' });
export type CreateUser = z.infer<typeof CreateUserBody>;

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    organisationId: z.string().optional(),
    universityId: z.string().optional(),
    hubId: z.string().optional(),
    practiceId: z.string().optional(),
    activeTokens: z.number().int().meta({ description: 'How many unrevoked API tokens the user holds' }),
    createdAt: z.string(),
    deactivatedAt: z.string().optional().meta({ description: 'When the user was deactivated (left); absent while active' }),
  })
  .meta({ id: 'User' });

export const TokenSchema = z
  .string()
  .meta({ description: 'The bearer token. Shown once: only a hash of its secret is stored', example: 'tf_<id>.<secret>' });

export const CreatedUserSchema = UserSchema.extend({ token: TokenSchema }).meta({ id: 'CreatedUser' });
export const IssuedTokenSchema = z.object({ token: TokenSchema }).meta({ id: 'IssuedToken' });

export const UserListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  role: RoleSchema.optional(),
  organisationId: IdSchema.optional(),
  universityId: IdSchema.optional(),
  hubId: IdSchema.optional(),
  practiceId: IdSchema.optional(),
});

export const ScopeSchema = z
  .object({
    organisationId: z.string().optional(),
    universityId: z.string().optional(),
    hubId: z.string().optional(),
    practiceId: z.string().optional(),
  })
  .meta({ id: 'Scope', description: 'What the user acts within; empty for the regional roles (admin, hee_staff)' });

export const MeSchema = z
  .object({
    id: z.string().meta({ description: '"admin" for the bootstrap ADMIN_TOKEN' }),
    name: z.string(),
    email: z.string().optional(),
    role: RoleSchema,
    scope: ScopeSchema,
    bootstrap: z.boolean().meta({ description: 'True for the ADMIN_TOKEN from the environment' }),
  })
  .meta({ id: 'Me' });
