/**
 * Users and their API tokens: the one service behind the API (api/routes/users.ts) and the admin
 * pages (web/pages/users/). Written directly with Prisma, in one transaction with the audit
 * event, and never through Temporal: a token's secret must not enter workflow history. Only the
 * sha256 of a secret is stored; the token itself is answered once.
 */
import { appendAudit } from '../../db/audit';
import { withholdUndelivered } from '../../db/outbox';
import type { Prisma, PrismaClient } from '../../db/database';
import type { Actor, Role } from '../../domain/roles';
import type { CreateUser } from '../../domain/users';
import { endSessionsOf } from '../auth/sessions';
import { issueToken } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { badRequest, conflict, type FieldError, invalidDetail, invalidField, notFound, ProblemError } from '../http/problem';
import { afterCursor, type Page, pageOrder, toPage } from '../routes/pagination';

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
export type StoredUser = UserRow & { _count: { tokens: number } };

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
export type UserView = ReturnType<typeof userView>;

export const storedUserView = (row: StoredUser) => userView(row, row._count.tokens);

/** Loads a user (for /api/users/:id and /users/:id), or 404. */
export async function findUser(prisma: PrismaClient | Prisma.TransactionClient, id: string): Promise<StoredUser> {
  const row = await prisma.user.findUnique({ where: { id }, include: withActiveTokens });
  if (!row) throw notFound('User');
  return row;
}

/** Admins, or the user themself; another user's id answers 404 like an unknown one. */
export async function findSelfOrAsAdmin(deps: ApiDeps, actor: Actor, id: string): Promise<StoredUser> {
  if (actor.role !== 'admin' && actor.userId !== id) throw notFound('User');
  return findUser(deps.db.prisma, id);
}

export interface UserFilters {
  role?: Role;
  organisationId?: string;
  universityId?: string;
  hubId?: string;
  practiceId?: string;
}

/** A page of users, oldest first: by the API's cursor, or numbered for the pages. */
export async function listUsers(
  deps: ApiDeps,
  filters: UserFilters,
  paging: { limit: number; cursor?: string } | { limit: number; pageNumber: number },
): Promise<Page<UserView>> {
  const byCursor = 'pageNumber' in paging ? {} : afterCursor(paging.cursor);
  const rows = await deps.db.prisma.user.findMany({
    where: { AND: [byCursor, filters] },
    include: withActiveTokens,
    orderBy: pageOrder,
    take: paging.limit + 1,
    ...('pageNumber' in paging ? { skip: (paging.pageNumber - 1) * paging.limit } : {}),
  });
  return toPage(rows, paging.limit, storedUserView);
}

export function countUsers(deps: ApiDeps, filters: UserFilters): Promise<number> {
  return deps.db.prisma.user.count({ where: filters });
}

/** The scope record the user is bound to must exist: 400 naming the field otherwise. */
export async function assertScopeExists(prisma: PrismaClient, body: CreateUser): Promise<void> {
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
  if (errors.length) throw badRequest(invalidDetail('body', errors), errors);
}

/**
 * Writes the user and its audit event; without an invitation, with a first API token (answered
 * once). Check the scope record first (assertScopeExists).
 */
export async function addUser(deps: ApiDeps, actor: Actor, id: string, body: CreateUser, requestId: string) {
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

export type InvitationResult = { status: 'sent'; sentTo: string; expiresAt: string } | { status: 'not_sent'; detail: string };

/** Emails the invitation; a mail server that is away does not undo the user (send it again later). */
export async function sendInvitation(deps: ApiDeps, userId: string, actor: Actor, requestId: string): Promise<InvitationResult> {
  try {
    const sent = await deps.emailLinks.invite(userId, actor, requestId);
    return { status: 'sent', sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() };
  } catch (error) {
    deps.logger.error({ err: error, userId, requestId }, 'invitation not sent');
    return {
      status: 'not_sent',
      detail: `The invitation could not be sent; send it again with POST /api/users/${userId}/invitation`,
    };
  }
}

/** The invitation again (lost, or expired): refused for a deactivated user, 503 when the mail server did not take it. */
export async function inviteAgain(deps: ApiDeps, actor: Actor, user: StoredUser, requestId: string) {
  if (user.deactivatedAt) throw conflict(`User ${user.id} was deactivated: a deactivated user cannot be invited`);
  const invitation = await sendInvitation(deps, user.id, actor, requestId);
  if (invitation.status !== 'sent') throw new ProblemError(503, invitation.detail);
  return invitation;
}

type TokenRow = { id: string; userId: string; name: string | null; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };

export const tokenView = (token: Omit<TokenRow, 'userId'>, now: Date) => ({
  id: token.id,
  ...(token.name ? { name: token.name } : {}),
  createdAt: token.createdAt.toISOString(),
  ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
  ...(token.revokedAt ? { revokedAt: token.revokedAt.toISOString() } : {}),
  status: token.revokedAt ? ('revoked' as const) : token.expiresAt && token.expiresAt <= now ? ('expired' as const) : ('active' as const),
});
export type TokenView = ReturnType<typeof tokenView>;

/** Every API token of the user, newest first, without secrets. */
export async function listTokens(deps: ApiDeps, userId: string): Promise<TokenView[]> {
  const tokens = await deps.db.prisma.apiToken.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 500,
  });
  const now = deps.now();
  return tokens.map((token) => tokenView(token, now));
}

/** One token of the user, or 404 (a token of someone else is not found either). */
export async function findToken(deps: ApiDeps, user: StoredUser, tokenId: string): Promise<TokenRow> {
  const token = await deps.db.prisma.apiToken.findUnique({ where: { id: tokenId } });
  if (!token || token.userId !== user.id) throw notFound('Token');
  return token;
}

/** A new API token for an integration, optionally named and with an expiry; its secret is answered once. */
export async function issueApiToken(
  deps: ApiDeps,
  actor: Actor,
  user: StoredUser,
  body: { name?: string; expiresAt?: string },
  requestId: string,
) {
  if (user.deactivatedAt) throw conflict(`User ${user.id} was deactivated: a deactivated user gets no new token`);
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
  if (expiresAt && expiresAt <= deps.now()) throw invalidField('body.expiresAt', 'must be in the future');
  const issued = issueToken();
  await deps.db.prisma.$transaction(async (tx) => {
    await tx.apiToken.create({
      data: { id: issued.id, userId: user.id, secretHash: issued.secretHash, name: body.name, expiresAt },
    });
    await appendAudit(tx, {
      actor,
      action: 'user.token_issued',
      subjectType: 'user',
      subjectId: user.id,
      after: {
        tokenId: issued.id,
        ...(body.name ? { name: body.name } : {}),
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      },
      requestId,
    });
  });
  return {
    token: issued.token,
    id: issued.id,
    ...(body.name ? { name: body.name } : {}),
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  };
}

/** Revokes one token, at once; the user's others stay valid. Revoking a revoked token changes nothing. */
export async function revokeToken(deps: ApiDeps, actor: Actor, token: TokenRow, requestId: string): Promise<void> {
  await deps.db.prisma.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: deps.now() } });
    if (revoked.count === 1) {
      await appendAudit(tx, {
        actor,
        action: 'user.token_revoked',
        subjectType: 'user',
        subjectId: token.userId,
        after: { tokenId: token.id },
        requestId,
      });
    }
  });
  deps.authenticator.forgetTokensOf(token.userId);
}

/** Revokes every API and calendar token of the user and ends their sessions; answers the counts for the audit entry. */
async function revokeAccess(
  tx: Prisma.TransactionClient,
  userId: string,
  now: Date,
  why: string,
  actor: Actor,
  requestId: string,
): Promise<{ apiTokensRevoked: number; calendarTokensRevoked: number }> {
  const api = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  const calendar = await tx.calendarToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  await endSessionsOf(tx, userId, why, actor, requestId);
  return { apiTokensRevoked: api.count, calendarTokensRevoked: calendar.count };
}

/** Revokes every API and calendar token of the user and ends their sessions, at once. */
export async function revokeAllTokens(deps: ApiDeps, actor: Actor, user: StoredUser, requestId: string): Promise<void> {
  await deps.db.prisma.$transaction(async (tx) => {
    const after = await revokeAccess(tx, user.id, deps.now(), 'access_revoked', actor, requestId);
    await appendAudit(tx, { actor, action: 'user.tokens_revoked', subjectType: 'user', subjectId: user.id, after, requestId });
  });
  // Effective at once in this process, whatever the authenticator has cached.
  deps.authenticator.forgetTokensOf(user.id);
}

/**
 * Someone who has left: tokens and calendar feed revoked, sessions ended, no more email; the
 * user stays, with deactivatedAt, for the audit trail. Deactivating again changes nothing.
 */
export async function deactivateUser(deps: ApiDeps, actor: Actor, user: StoredUser, requestId: string): Promise<UserView> {
  if (user.deactivatedAt) return storedUserView(user);
  const row = await deps.db.prisma.$transaction(async (tx) => {
    const now = deps.now();
    // Conditional, so two admins at once deactivate (and audit) once.
    const changed = await tx.user.updateMany({ where: { id: user.id, deactivatedAt: null }, data: { deactivatedAt: now } });
    if (changed.count === 1) {
      const revoked = await revokeAccess(tx, user.id, now, 'user_deactivated', actor, requestId);
      const emailsWithheld = await withholdUndelivered(tx, user.email);
      const after = { ...revoked, emailsWithheld: emailsWithheld.length };
      await appendAudit(tx, { actor, action: 'user.deactivated', subjectType: 'user', subjectId: user.id, after, requestId });
    }
    return findUser(tx, user.id);
  });
  deps.authenticator.forgetTokensOf(user.id);
  return storedUserView(row);
}
