/**
 * Users and their API tokens (`/api/users`): declarations calling the users service
 * (api/services/users.ts), which the admin pages use too.
 */
import { z } from 'zod';
import { IdParams, pageOf } from '../../domain/reference-data';
import { ROLES } from '../../domain/roles';
import {
  ApiTokenSchema,
  CreatedUserSchema,
  CreateUserBody,
  InvitationSchema,
  IssuedTokenSchema,
  IssueTokenBody,
  TokenParams,
  UserListQuery,
  UserSchema,
} from '../../domain/users';
import {
  addUser,
  assertScopeExists,
  deactivateUser,
  findSelfOrAsAdmin,
  findToken,
  findUser,
  inviteAgain,
  issueApiToken,
  listTokens,
  listUsers,
  revokeAllTokens,
  revokeToken,
  sendInvitation,
  storedUserView,
} from '../services/users';
import { IDEMPOTENCY_HEADER, validateIdempotencyKey, withIdempotency } from '../http/idempotency';
import { conflict } from '../http/problem';
import { created, defineRoute, noContent, ok } from '../http/route';
import { newId } from './ids';

const tags = ['Users'];

const alreadyCreated = (userId: string) =>
  conflict(
    `This Idempotency-Key already created user ${userId}. Its token was shown once and is not stored: ` +
      `issue a new one with POST /api/users/${userId}/tokens`,
    { userId },
    [{ path: 'headers.Idempotency-Key', message: 'already created a user' }],
  );

export const userRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/users',
    summary: 'Create a user',
    description:
      'Answers the user with a bearer token, shown this once, or with `sendInvitation: true` emails them an invitation ' +
      'with a sign-in link for the pages instead (no token). The role decides the one scope field needed ' +
      '(org_submitter: organisationId, university_reviewer: universityId, hub_lead: hubId, practice_manager: practiceId; ' +
      'none for admin and hee_staff), and it must name an existing record. ' +
      'An `Idempotency-Key` header is honoured, but since tokens are never stored, a repeat answers 409 with the `userId` ' +
      'it created (issue a new token with `POST /api/users/{id}/tokens`) instead of replaying the token.',
    tags,
    policy: { roles: ['admin'] },
    body: CreateUserBody,
    responses: {
      201: { description: 'The user and their token', schema: CreatedUserSchema },
      409: { description: 'This Idempotency-Key was used before' },
    },
    async handler({ actor, body, deps, requestId, req }) {
      await assertScopeExists(deps.db.prisma, body);
      // The router's idempotency stores response bodies, which would keep the token: handled here instead,
      // storing the user without it.
      const key = validateIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
      const id = newId('usr', { userId: actor.userId, idempotencyKey: key });
      const answer = async (user: object, token: string | undefined) =>
        body.sendInvitation ? { ...user, invitation: await sendInvitation(deps, id, actor, requestId) } : { ...user, token };
      if (!key) {
        const made = await addUser(deps, actor, id, body, requestId);
        return created(await answer(made.user, made.token));
      }
      let token: string | undefined;
      const result = await withIdempotency(
        deps.db.prisma,
        actor.userId,
        key,
        { method: 'post', path: req.path, body: req.body },
        async () => {
          if (await deps.db.prisma.user.findUnique({ where: { id } })) throw alreadyCreated(id); // an earlier attempt died mid-way
          const made = await addUser(deps, actor, id, body, requestId);
          token = made.token;
          return created(made.user);
        },
      );
      if (result.replayed || (token === undefined && !body.sendInvitation)) throw alreadyCreated(id);
      return created(await answer(result.body as object, token));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users',
    summary: 'List users',
    tags,
    policy: { roles: ['admin'] },
    query: UserListQuery,
    responses: { 200: { description: 'A page of users', schema: pageOf(UserSchema, 'UserPage') } },
    async handler({ query, deps }) {
      const { limit, cursor, ...filters } = query;
      return ok(await listUsers(deps, filters, { limit, cursor }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:id',
    summary: 'Get a user',
    tags,
    policy: { roles: ['admin'] },
    params: IdParams,
    scope: ({ params, deps }) => findUser(deps.db.prisma, params.id),
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async ({ resource }) => ok(storedUserView(resource)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:id/tokens',
    summary: 'Issue a new token for a user',
    description:
      'Adds a token for an integration (earlier ones stay valid until revoked or expired). Shown once. ' +
      'Optionally named, and given an expiry after which it no longer authenticates.',
    tags,
    policy: { roles: ['admin'] },
    params: IdParams,
    body: IssueTokenBody,
    scope: ({ params, deps }) => findUser(deps.db.prisma, params.id),
    responses: { 201: { description: 'The new token', schema: IssuedTokenSchema } },
    handler: async ({ actor, resource, body, deps, requestId }) => created(await issueApiToken(deps, actor, resource, body, requestId)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:id/tokens',
    summary: "List a user's tokens",
    description: 'Every API token of the user, newest first, without secrets. Admins, or the user themself.',
    tags,
    policy: { roles: ROLES },
    params: IdParams,
    scope: ({ actor, params, deps }) => findSelfOrAsAdmin(deps, actor, params.id),
    responses: { 200: { description: 'The tokens', schema: z.object({ items: z.array(ApiTokenSchema) }).meta({ id: 'ApiTokenList' }) } },
    handler: async ({ resource, deps }) => ok({ items: await listTokens(deps, resource.id) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/users/:id/tokens/:tokenId',
    summary: 'Revoke one token',
    description: 'Revokes one API token of the user, effective at once; the others stay valid. Admins, or the user themself.',
    tags,
    policy: { roles: ROLES },
    params: TokenParams,
    scope: async ({ actor, params, deps }) => findToken(deps, await findSelfOrAsAdmin(deps, actor, params.id), params.tokenId),
    responses: { 204: { description: 'Revoked (or already revoked)' } },
    async handler({ actor, resource, deps, requestId }) {
      await revokeToken(deps, actor, resource, requestId);
      return noContent();
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:id/invitation',
    summary: 'Send a user an invitation',
    description:
      'Emails the user a sign-in link valid for 7 days, once (again, if the first was lost or expired). Earlier links stay valid until they expire.',
    tags,
    policy: { roles: ['admin'] },
    params: IdParams,
    scope: ({ params, deps }) => findUser(deps.db.prisma, params.id),
    responses: {
      201: { description: 'Sent', schema: InvitationSchema },
      409: { description: 'The user was deactivated' },
      503: { description: 'The mail server did not take it; nothing else changed' },
    },
    handler: async ({ actor, resource, deps, requestId }) => created(await inviteAgain(deps, actor, resource, requestId)),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/users/:id/tokens',
    summary: "Revoke a user's tokens",
    description:
      'Revokes every API and calendar token of the user and ends their signed-in sessions, effective at once. ' +
      'Admins, or the user themself.',
    tags,
    policy: { roles: ROLES },
    params: IdParams,
    // Another user's id answers 404 like an unknown one: existence does not leak.
    scope: ({ actor, params, deps }) => findSelfOrAsAdmin(deps, actor, params.id),
    responses: { 204: { description: 'Revoked' } },
    async handler({ actor, resource, deps, requestId }) {
      await revokeAllTokens(deps, actor, resource, requestId);
      return noContent();
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/users/:id/deactivation',
    summary: 'Deactivate a user who has left',
    description:
      'Revokes every API and calendar token of the user, ends their signed-in sessions and stops every email to them ' +
      '(notices and digests), at once. ' +
      'The user stays listed, with `deactivatedAt`, so the audit trail keeps naming them; no new token can be issued. ' +
      'Deactivating a deactivated user changes nothing and answers the same.',
    tags,
    policy: { roles: ['admin'] },
    params: IdParams,
    scope: ({ params, deps }) => findUser(deps.db.prisma, params.id),
    responses: { 200: { description: 'The user, deactivated', schema: UserSchema } },
    handler: async ({ actor, resource, deps, requestId }) => ok(await deactivateUser(deps, actor, resource, requestId)),
  }),
];
