/**
 * Sign-in by a link sent to one's email address: for the embedded default, and for people whose
 * organisation has no single sign-on. A link is "tfsl_<id>.<secret>", single use, valid 15
 * minutes (an invitation's, 7 days); only sha256(secret) is stored. Links are sent straight
 * through the mailer, never through the outbox, which keeps what it sends.
 */
import { appendAudit } from '../../db/audit';
import type { PrismaClient } from '../../db/database';
import { issueToken, parseToken, secretsMatch } from './tokens';
import type { Logger } from '../../config/logger';
import type { Mailer } from '../../mail/mailer';
import { ROLE_NAMES, type Role } from '../../domain/roles';
import {
  INVITATION_LINK_LIFETIME_MS,
  invitationEmail,
  normaliseEmail,
  SIGN_IN_LINK_LIFETIME_MS,
  signInLinkEmail,
  type SignInEmail,
} from '../../domain/sign-in';

const PREFIX = 'tfsl';
/** A person is sent at most this many links per window, however often the form is sent. */
export const LINKS_PER_ADDRESS = 5;
export const LINKS_WINDOW_MS = 15 * 60_000;

export type LinkRefusal = 'invalid' | 'used' | 'expired' | 'deactivated';
export type ConsumedLink = { ok: true; userId: string; returnTo: string; purpose: string } | { ok: false; reason: LinkRefusal };

export interface EmailLinks {
  /** Whether this deployment offers sign-in by email (EMAIL_SIGN_IN, and a mailer to send with). */
  enabled: boolean;
  /**
   * Sends a sign-in link when the address is an active user's, and nothing otherwise: the answer
   * is the same either way, so the form tells nobody who has an account. Sending happens after
   * the answer, so its time does not tell either.
   */
  request(email: string, returnTo: string, requestId?: string): Promise<void>;
  /** Whether a link would sign someone in, without using it (the page a link opens). */
  check(token: string): Promise<LinkRefusal | 'valid'>;
  /** Uses a link: once, before it expires, for an active user. */
  consume(token: string, requestId?: string): Promise<ConsumedLink>;
  /** Emails a new user an invitation with a sign-in link; throws when it cannot be sent. */
  invite(userId: string, by: { userId: string; role: string }, requestId?: string): Promise<{ sentTo: string; expiresAt: Date }>;
}

export interface EmailLinkDeps {
  prisma: PrismaClient;
  mailer?: Mailer;
  logger: Logger;
  publicUrl: string;
  now: () => Date;
  enabled: boolean;
  /** The single-sign-on providers' labels, named in invitations. */
  providerLabels: string[];
}

const anonymous = { userId: 'anonymous', role: 'anonymous' };

export function createEmailLinks(deps: EmailLinkDeps): EmailLinks {
  const { prisma, logger } = deps;
  const linkUrl = (token: string) => `${deps.publicUrl}/sign-in/email/${token}`;

  async function issue(userId: string, purpose: 'sign_in' | 'invitation', returnTo: string | undefined, lifetimeMs: number) {
    const issued = issueToken(PREFIX);
    const expiresAt = new Date(deps.now().getTime() + lifetimeMs);
    await prisma.signInLink.create({ data: { id: issued.id, userId, secretHash: issued.secretHash, purpose, returnTo, expiresAt } });
    return { token: issued.token, id: issued.id, expiresAt };
  }

  async function send(to: string, id: string, message: SignInEmail) {
    if (!deps.mailer) throw new Error('This process has no SMTP server to send through (set SMTP_URL)');
    await deps.mailer.send({ to: [to], ...message, messageId: `<sign-in-${id}@trainflow>` });
  }

  async function refuse(reason: LinkRefusal, userId: string | undefined, requestId?: string): Promise<ConsumedLink> {
    await appendAudit(prisma, {
      actor: anonymous,
      action: 'sign_in.failed',
      subjectType: 'user',
      subjectId: userId ?? 'unknown',
      after: { method: 'email_link', reason },
      requestId,
    });
    return { ok: false, reason };
  }

  async function find(token: string) {
    const parsed = parseToken(token, PREFIX);
    if (!parsed) return undefined;
    const row = await prisma.signInLink.findUnique({ where: { id: parsed.id }, include: { user: true } });
    return row && secretsMatch(parsed.secret, row.secretHash) ? row : undefined;
  }

  const stateOf = (row: NonNullable<Awaited<ReturnType<typeof find>>>): LinkRefusal | 'valid' =>
    row.usedAt ? 'used' : row.expiresAt <= deps.now() ? 'expired' : row.user.deactivatedAt ? 'deactivated' : 'valid';

  return {
    enabled: deps.enabled && deps.mailer !== undefined,

    async request(email, returnTo, requestId) {
      const address = normaliseEmail(email);
      const users = await prisma.user.findMany({ where: { email: { equals: address, mode: 'insensitive' }, deactivatedAt: null } });
      // One account per address can be signed in to by email: with two, the address does not say which.
      if (users.length !== 1) return;
      const user = users[0]!;
      const recent = await prisma.signInLink.count({
        where: { userId: user.id, purpose: 'sign_in', createdAt: { gte: new Date(deps.now().getTime() - LINKS_WINDOW_MS) } },
      });
      if (recent >= LINKS_PER_ADDRESS) {
        logger.warn({ userId: user.id, requestId }, 'sign-in link not sent: too many asked for');
        return;
      }
      const link = await issue(user.id, 'sign_in', returnTo, SIGN_IN_LINK_LIFETIME_MS);
      const message = signInLinkEmail({ link: linkUrl(link.token), validForMinutes: SIGN_IN_LINK_LIFETIME_MS / 60_000 });
      void send(user.email, link.id, message).catch((error: unknown) =>
        logger.error({ err: error, userId: user.id, requestId }, 'sign-in link could not be sent'),
      );
    },

    async check(token) {
      const row = await find(token);
      return row ? stateOf(row) : 'invalid';
    },

    async consume(token, requestId) {
      const row = await find(token);
      if (!row) return refuse('invalid', undefined, requestId);
      const state = stateOf(row);
      if (state !== 'valid') return refuse(state, row.userId, requestId);
      // Conditional: of two uses at once, one signs in.
      const claimed = await prisma.signInLink.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: deps.now() } });
      if (claimed.count !== 1) return refuse('used', row.userId, requestId);
      return { ok: true, userId: row.userId, returnTo: row.returnTo ?? '/', purpose: row.purpose };
    },

    async invite(userId, by, requestId) {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      const link = await issue(user.id, 'invitation', undefined, INVITATION_LINK_LIFETIME_MS);
      const message = invitationEmail({
        name: user.name,
        roleName: ROLE_NAMES[user.role as Role] ?? user.role,
        link: linkUrl(link.token),
        validForDays: INVITATION_LINK_LIFETIME_MS / 86_400_000,
        signInPage: `${deps.publicUrl}/sign-in`,
        providers: deps.providerLabels,
      });
      await send(user.email, link.id, message);
      await appendAudit(prisma, {
        actor: by,
        action: 'user.invited',
        subjectType: 'user',
        subjectId: user.id,
        after: { expiresAt: link.expiresAt.toISOString() },
        requestId,
      });
      return { sentTo: user.email, expiresAt: link.expiresAt };
    },
  };
}
