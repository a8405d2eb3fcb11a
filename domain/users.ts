/**
 * Users: the request schema (one role, and exactly the scope field that role is bound to) and
 * the shapes the API answers with. Shared by the API and the admin command line.
 */
import { z } from 'zod';
import { EmailSchema, IdSchema, InstantSchema, NameSchema } from './reference-data';
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
    sendInvitation: z
      .boolean()
      .optional()
      .meta({
        description:
          'Email the person an invitation with a sign-in link (valid 7 days, once) instead of answering a token. ' +
          'They then sign in through the pages; tokens are for integrations.',
      }),
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

export const InvitationSchema = z
  .object({
    status: z.enum(['sent', 'not_sent']),
    sentTo: z.string().optional(),
    expiresAt: z.string().optional().meta({ description: 'When the invitation’s sign-in link stops working' }),
    detail: z.string().optional().meta({ description: 'Why it was not sent; send it again with POST /api/users/{id}/invitation' }),
  })
  .meta({ id: 'Invitation' });

export const CreatedUserSchema = UserSchema.extend({
  token: TokenSchema.optional().meta({ description: 'The bearer token, shown once; absent when sendInvitation was true' }),
  invitation: InvitationSchema.optional(),
}).meta({ id: 'CreatedUser' });

export const IssueTokenBody = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'What the token is for, to tell tokens apart', example: 'Finance reporting' }),
    expiresAt: InstantSchema.optional().meta({ description: 'When the token stops working; in the future. Absent: until revoked' }),
  })
  .meta({ id: 'IssueToken' });

export const IssuedTokenSchema = z
  .object({ token: TokenSchema, id: z.string(), name: z.string().optional(), expiresAt: z.string().optional() })
  .meta({ id: 'IssuedToken' });

export const ApiTokenSchema = z
  .object({
    id: z.string().meta({ description: 'The part of the token before the dot: not secret' }),
    name: z.string().optional(),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
    revokedAt: z.string().optional(),
    status: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ id: 'ApiToken' });

export const TokenParams = z.strictObject({ id: IdSchema, tokenId: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'not a token id') });

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
