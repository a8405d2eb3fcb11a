/**
 * Users and their API tokens. Written directly with Prisma, in one transaction with the audit
 * event, and never through Temporal: a token's secret must not enter workflow history. Only the
 * sha256 of a secret is stored; the token itself is answered once.
 */
import { z } from 'zod';
import { appendAudit } from '../../db/audit';
import type { Prisma, PrismaClient } from '../../db/database';
import { IdParams, pageOf } from '../../domain/reference-data';
import { type Actor, type Role, ROLES } from '../../domain/roles';
import {
  ApiTokenSchema,
  CreatedUserSchema,
  CreateUserBody,
  type CreateUser,
  InvitationSchema,
  IssuedTokenSchema,
  IssueTokenBody,
  TokenParams,
  UserListQuery,
  UserSchema,
} from '../../domain/users';
import { endSessionsOf } from '../auth/sessions';
import { issueToken } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { IDEMPOTENCY_HEADER, validateIdempotencyKey, withIdempotency } from '../http/idempotency';
import { badRequest, conflict, type FieldError, invalidField, notFound, ProblemError } from '../http/problem';
import { created, defineRoute, noContent, ok } from '../http/route';
import { newId } from './ids';
import { afterCursor, pageOrder, toPage } from './pagination';

const tags = ['Users'];

const withActiveTokens = { _count: { select: { tokens: { where: { revokedAt: null } } } } } as const;

type UserRow = {
  id: string;
  name: string;
  email: string;
  role: string;
  organisationId: string | null;
  universityId: string | null;
  hubId: string | null;
  practiceId: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
};

export function userView(user: UserRow, activeTokens: number) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role as Role,
    ...(user.organisationId ? { organisationId: user.organisationId } : {}),
    ...(user.universityId ? { universityId: user.universityId } : {}),
    ...(user.hubId ? { hubId: user.hubId } : {}),
    ...(user.practiceId ? { practiceId: user.practiceId } : {}),
    activeTokens,
    createdAt: user.createdAt.toISOString(),
    ...(user.deactivatedAt ? { deactivatedAt: user.deactivatedAt.toISOString() } : {}),
  };
}

const rowView = (row: UserRow & { _count: { tokens: number } }) => userView(row, row._count.tokens);

/** The scope record the user is bound to must exist: 400 naming the field otherwise. */
async function assertScopeExists(prisma: PrismaClient, body: CreateUser): Promise<void> {
  const checks: [keyof CreateUser, string | undefined, (id: string) => Promise<unknown>, string][] = [
    ['organisationId', body.organisationId, (id) => prisma.organisation.findUnique({ where: { id } }), 'organisation'],
    ['universityId', body.universityId, (id) => prisma.university.findUnique({ where: { id } }), 'university'],
    ['hubId', body.hubId, (id) => prisma.hub.findUnique({ where: { id } }), 'hub'],
    ['practiceId', body.practiceId, (id) => prisma.practice.findUnique({ where: { id } }), 'practice'],
  ];
  const errors: FieldError[] = [];
  for (const [field, id, find, what] of checks) {
    if (id !== undefined && !(await find(id))) errors.push({ path: `body.${field}`, message: `no such ${what}` });
  }
  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

async function createUser(deps: ApiDeps, actor: Actor, id: string, body: CreateUser, requestId: string) {
  return deps.db.prisma.$transaction(async (tx) => {
    const row = await tx.user.create({
      data: {
        id,
        name: body.name,
        email: body.email,
        role: body.role,
        organisationId: body.organisationId ?? null,
        universityId: body.universityId ?? null,
        hubId: body.hubId ?? null,
        practiceId: body.practiceId ?? null,
      },
    });
    // An invited person signs in through the pages: no token for them to lose.
    const issued = body.sendInvitation ? undefined : issueToken();
    if (issued) await tx.apiToken.create({ data: { id: issued.id, userId: id, secretHash: issued.secretHash } });
    const user = userView(row, issued ? 1 : 0);
    await appendAudit(tx, { actor, action: 'user.created', subjectType: 'user', subjectId: id, after: user, requestId });
    return { user, token: issued?.token };
  });
}

/** Emails the invitation; a mail server that is away does not undo the user (send it again later). */
async function sendInvitation(deps: ApiDeps, userId: string, actor: Actor, requestId: string) {
  try {
    const sent = await deps.emailLinks.invite(userId, actor, requestId);
    return { status: 'sent' as const, sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() };
  } catch (error) {
    deps.logger.error({ err: error, userId, requestId }, 'invitation not sent');
    return {
      status: 'not_sent' as const,
      detail: `The invitation could not be sent; send it again with POST /api/users/${userId}/invitation`,
    };
  }
}

const tokenView = (
  token: { id: string; name: string | null; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null },
  now: Date,
) => ({
  id: token.id,
  ...(token.name ? { name: token.name } : {}),
  createdAt: token.createdAt.toISOString(),
  ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
  ...(token.revokedAt ? { revokedAt: token.revokedAt.toISOString() } : {}),
  status: token.revokedAt ? ('revoked' as const) : token.expiresAt && token.expiresAt <= now ? ('expired' as const) : ('active' as const),
});

/** Admins, or the user themself; another user's id answers 404 like an unknown one. */
async function findSelfOrAsAdmin(actor: Actor, id: string, deps: ApiDeps) {
  if (actor.role !== 'admin' && actor.userId !== id) throw notFound('User');
  return findUser(deps.db.prisma, id);
}

const alreadyCreated = (userId: string) =>
  conflict(
    `This Idempotency-Key already created user ${userId}. Its token was shown once and is not stored: ` +
      `issue a new one with POST /api/users/${userId}/tokens`,
    { userId },
    [{ path: 'headers.Idempotency-Key', message: 'already created a user' }],
  );

/** Loads a user for routes on /api/users/:id. */
async function findUser(prisma: PrismaClient | Prisma.TransactionClient, id: string) {
  const row = await prisma.user.findUnique({ where: { id }, include: withActiveTokens });
  if (!row) throw notFound('User');
  return row;
}

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
        const made = await createUser(deps, actor, id, body, requestId);
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
          const made = await createUser(deps, actor, id, body, requestId);
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
      const rows = await deps.db.prisma.user.findMany({
        where: { AND: [afterCursor(cursor), filters] },
        include: withActiveTokens,
        orderBy: pageOrder,
        take: limit + 1,
      });
      return ok(toPage(rows, limit, rowView));
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
    handler: async ({ resource }) => ok(rowView(resource)),
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
    async handler({ actor, resource, body, deps, requestId }) {
      if (resource.deactivatedAt) throw conflict(`User ${resource.id} was deactivated: a deactivated user gets no new token`);
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
      if (expiresAt && expiresAt <= deps.now()) throw invalidField('body.expiresAt', 'must be in the future');
      const issued = issueToken();
      await deps.db.prisma.$transaction(async (tx) => {
        await tx.apiToken.create({
          data: { id: issued.id, userId: resource.id, secretHash: issued.secretHash, name: body.name, expiresAt },
        });
        await appendAudit(tx, {
          actor,
          action: 'user.token_issued',
          subjectType: 'user',
          subjectId: resource.id,
          after: {
            tokenId: issued.id,
            ...(body.name ? { name: body.name } : {}),
            ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
          },
          requestId,
        });
      });
      return created({
        token: issued.token,
        id: issued.id,
        ...(body.name ? { name: body.name } : {}),
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:id/tokens',
    summary: "List a user's tokens",
    description: 'Every API token of the user, newest first, without secrets. Admins, or the user themself.',
    tags,
    policy: { roles: ROLES },
    params: IdParams,
    scope: ({ actor, params, deps }) => findSelfOrAsAdmin(actor, params.id, deps),
    responses: { 200: { description: 'The tokens', schema: z.object({ items: z.array(ApiTokenSchema) }).meta({ id: 'ApiTokenList' }) } },
    async handler({ resource, deps }) {
      const tokens = await deps.db.prisma.apiToken.findMany({
        where: { userId: resource.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 500,
      });
      const now = deps.now();
      return ok({ items: tokens.map((token) => tokenView(token, now)) });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/users/:id/tokens/:tokenId',
    summary: 'Revoke one token',
    description: 'Revokes one API token of the user, effective at once; the others stay valid. Admins, or the user themself.',
    tags,
    policy: { roles: ROLES },
    params: TokenParams,
    scope: async ({ actor, params, deps }) => {
      const user = await findSelfOrAsAdmin(actor, params.id, deps);
      const token = await deps.db.prisma.apiToken.findUnique({ where: { id: params.tokenId } });
      if (!token || token.userId !== user.id) throw notFound('Token');
      return token;
    },
    responses: { 204: { description: 'Revoked (or already revoked)' } },
    async handler({ actor, resource, deps, requestId }) {
      await deps.db.prisma.$transaction(async (tx) => {
        const revoked = await tx.apiToken.updateMany({ where: { id: resource.id, revokedAt: null }, data: { revokedAt: deps.now() } });
        if (revoked.count === 1) {
          await appendAudit(tx, {
            actor,
            action: 'user.token_revoked',
            subjectType: 'user',
            subjectId: resource.userId,
            after: { tokenId: resource.id },
            requestId,
          });
        }
      });
      deps.authenticator.forgetTokensOf(resource.userId);
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
    async handler({ actor, resource, deps, requestId }) {
      if (resource.deactivatedAt) throw conflict(`User ${resource.id} was deactivated: a deactivated user cannot be invited`);
      const invitation = await sendInvitation(deps, resource.id, actor, requestId);
      if (invitation.status !== 'sent') throw new ProblemError(503, invitation.detail);
      return created(invitation);
    },
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
    scope: async ({ actor, params, deps }) => {
      // Another user's id answers 404 like an unknown one: existence does not leak.
      if (actor.role !== 'admin' && actor.userId !== params.id) throw notFound('User');
      return findUser(deps.db.prisma, params.id);
    },
    responses: { 204: { description: 'Revoked' } },
    async handler({ actor, resource, deps, requestId }) {
      await deps.db.prisma.$transaction(async (tx) => {
        const now = new Date();
        const api = await tx.apiToken.updateMany({ where: { userId: resource.id, revokedAt: null }, data: { revokedAt: now } });
        const calendar = await tx.calendarToken.updateMany({ where: { userId: resource.id, revokedAt: null }, data: { revokedAt: now } });
        await endSessionsOf(tx, resource.id, 'access_revoked', actor, requestId);
        await appendAudit(tx, {
          actor,
          action: 'user.tokens_revoked',
          subjectType: 'user',
          subjectId: resource.id,
          after: { apiTokensRevoked: api.count, calendarTokensRevoked: calendar.count },
          requestId,
        });
      });
      // Effective at once in this process, whatever the authenticator has cached.
      deps.authenticator.forgetTokensOf(resource.id);
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
    async handler({ actor, resource, deps, requestId }) {
      if (resource.deactivatedAt) return ok(rowView(resource));
      const user = await deps.db.prisma.$transaction(async (tx) => {
        const now = new Date();
        // Conditional, so two admins at once deactivate (and audit) once.
        const changed = await tx.user.updateMany({ where: { id: resource.id, deactivatedAt: null }, data: { deactivatedAt: now } });
        if (changed.count === 1) {
          const api = await tx.apiToken.updateMany({ where: { userId: resource.id, revokedAt: null }, data: { revokedAt: now } });
          const calendar = await tx.calendarToken.updateMany({ where: { userId: resource.id, revokedAt: null }, data: { revokedAt: now } });
          await endSessionsOf(tx, resource.id, 'user_deactivated', actor, requestId);
          await appendAudit(tx, {
            actor,
            action: 'user.deactivated',
            subjectType: 'user',
            subjectId: resource.id,
            after: { apiTokensRevoked: api.count, calendarTokensRevoked: calendar.count },
            requestId,
          });
        }
        return findUser(tx, resource.id);
      });
      deps.authenticator.forgetTokensOf(resource.id);
      return ok(rowView(user));
    },
  }),
];
