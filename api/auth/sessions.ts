/**
 * Server-side sessions for people signed in through the pages. The browser holds a random value
 * in a cookie; the database holds its sha256, so every API process sees the same sessions and a
 * copy of the table signs nobody in. Each request reads the row (no cache), so a sign-out,
 * a deactivation or a revocation ends the session at once everywhere.
 */
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../db/audit';
import type { Prisma, PrismaClient } from '../../db/database';
import { type SessionSettings, sessionStatus } from '../../domain/sign-in';
import { hashSecret } from './tokens';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: string;
  organisationId: string | null;
  universityId: string | null;
  hubId: string | null;
  practiceId: string | null;
  deactivatedAt: Date | null;
}

export interface SignedInSession {
  id: string;
  userId: string;
  csrfToken: string;
  method: string;
  signedInAt: Date;
  expiresAt: Date;
  user: SessionUser;
}

export type SessionLookup = { status: 'active'; session: SignedInSession } | { status: 'ended' } | { status: 'none' };

type Tx = Prisma.TransactionClient | PrismaClient;

/** Who ended a session, for the audit trail. */
export interface Ender {
  userId: string;
  role: string;
}

export interface Sessions {
  /**
   * A new session for a user who just signed in, with a new random id (the one the browser had
   * before, if any, is ended: session fixation gets nowhere). Answers the cookie value.
   */
  start(input: { userId: string; method: string; replacing?: string; requestId?: string }): Promise<{ cookieValue: string }>;
  /** The session a cookie value names, if it is still valid; an expired one is ended (and audited). */
  find(cookieValue: string | undefined): Promise<SessionLookup>;
  /** Signs one session out. */
  end(cookieValue: string, requestId?: string): Promise<void>;
  /** Ends every session of a user ("sign out everywhere", deactivation, revocation), in the caller's transaction if given. */
  endAllFor(userId: string, reason: string, by: Ender, tx?: Tx, requestId?: string): Promise<number>;
  /** Deletes sessions that expired without coming back, auditing each. */
  endExpired(): Promise<number>;
}

const sessionId = (cookieValue: string) => hashSecret(cookieValue);
/** Cookie values are 43 base64url characters: anything else is not ours and costs no lookup. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** Ends every session of a user, inside the caller's transaction (deactivation, revocation, sign out everywhere). */
export async function endSessionsOf(tx: Tx, userId: string, reason: string, by: Ender, requestId?: string): Promise<number> {
  const deleted = await tx.session.deleteMany({ where: { userId } });
  if (deleted.count > 0) {
    await appendAudit(tx, {
      actor: by,
      action: 'session.ended_everywhere',
      subjectType: 'user',
      subjectId: userId,
      after: { sessionsEnded: deleted.count, reason },
      requestId,
    });
  }
  return deleted.count;
}

export function createSessions(prisma: PrismaClient, settings: SessionSettings, now: () => Date = () => new Date()): Sessions {
  /** lastSeenAt is rewritten at most this often: a page view is a read, not a write, most of the time. */
  const touchEveryMs = Math.min(60_000, settings.idleTimeoutMs / 30);

  async function expire(row: { id: string; userId: string }, reason: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const deleted = await tx.session.deleteMany({ where: { id: row.id } });
      // Two requests may find the same expired session: one of them audits it.
      if (deleted.count === 1) {
        await appendAudit(tx, {
          actor: { userId: row.userId, role: 'session' },
          action: 'session.expired',
          subjectType: 'user',
          subjectId: row.userId,
          after: { reason },
        });
      }
    });
  }

  return {
    async start({ userId, method, replacing, requestId }) {
      const cookieValue = randomBytes(32).toString('base64url');
      const at = now();
      const session = {
        id: sessionId(cookieValue),
        userId,
        csrfToken: randomBytes(32).toString('base64url'),
        method,
        signedInAt: at,
        lastSeenAt: at,
        expiresAt: new Date(at.getTime() + settings.lifetimeMs),
      };
      await prisma.$transaction(async (tx) => {
        if (replacing && COOKIE_VALUE.test(replacing)) await tx.session.deleteMany({ where: { id: sessionId(replacing) } });
        await tx.session.create({ data: session });
        const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
        await appendAudit(tx, {
          actor: { userId, role: user.role },
          action: 'session.signed_in',
          subjectType: 'user',
          subjectId: userId,
          after: { method, expiresAt: session.expiresAt.toISOString() },
          requestId,
        });
      });
      return { cookieValue };
    },

    async find(cookieValue) {
      if (!cookieValue || !COOKIE_VALUE.test(cookieValue)) return { status: 'none' };
      const row = await prisma.session.findUnique({ where: { id: sessionId(cookieValue) }, include: { user: true } });
      if (!row) return { status: 'none' };
      const at = now();
      // Deactivation deletes a user's sessions; this catches a user deactivated by other means.
      const status = row.user.deactivatedAt ? 'user_deactivated' : sessionStatus(row, at, settings);
      if (status !== 'active') {
        await expire(row, status);
        return { status: 'ended' };
      }
      if (at.getTime() - row.lastSeenAt.getTime() >= touchEveryMs) {
        await prisma.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: at } });
      }
      return { status: 'active', session: row };
    },

    async end(cookieValue, requestId) {
      if (!COOKIE_VALUE.test(cookieValue)) return;
      await prisma.$transaction(async (tx) => {
        const row = await tx.session.findUnique({ where: { id: sessionId(cookieValue) }, include: { user: true } });
        if (!row) return;
        const deleted = await tx.session.deleteMany({ where: { id: row.id } });
        if (deleted.count === 1) {
          await appendAudit(tx, {
            actor: { userId: row.userId, role: row.user.role },
            action: 'session.signed_out',
            subjectType: 'user',
            subjectId: row.userId,
            requestId,
          });
        }
      });
    },

    endAllFor: (userId, reason, by, tx, requestId) =>
      tx ? endSessionsOf(tx, userId, reason, by, requestId) : prisma.$transaction((t) => endSessionsOf(t, userId, reason, by, requestId)),

    async endExpired() {
      const at = now();
      const rows = await prisma.session.findMany({
        where: { OR: [{ expiresAt: { lte: at } }, { lastSeenAt: { lte: new Date(at.getTime() - settings.idleTimeoutMs) } }] },
        select: { id: true, userId: true, lastSeenAt: true, expiresAt: true },
        take: 500,
      });
      for (const row of rows) await expire(row, sessionStatus(row, at, settings));
      return rows.length;
    },
  };
}
