import type { Actor, Role } from '../../domain/roles';
import type { PrismaClient } from '../../db/database';
import { hashSecret, parseToken, secretsMatch } from './tokens';

export const BOOTSTRAP_ADMIN_ID = 'admin';

/**
 * How long a token lookup is reused in this process. A busy client then costs one database read
 * per token every few seconds instead of one per request (on PGlite, every read also waits for
 * the worker's transactions on the one connection). A revocation made through this process
 * (`forgetTokensOf`) takes effect at once here; another process serving the API (a second
 * replica on PostgreSQL) stops accepting the tokens within this time at most.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

interface CachedToken {
  userId: string;
  secretHash: string;
  actor: Actor;
  /** When the token itself stops working (its expiry), if it has one. */
  tokenExpiresAt?: number;
  expiresAt: number;
}

export interface Authenticator {
  /** The acting user for an Authorization header, or undefined. */
  authenticate(authorization: string | undefined): Promise<Actor | undefined>;
  /** Drops the user's cached tokens: call after revoking them or deactivating the user. */
  forgetTokensOf(userId: string): void;
}

/**
 * Resolves bearer tokens to acting users. ADMIN_TOKEN from the environment is the bootstrap
 * admin; every other token is looked up by id (reused for TOKEN_CACHE_TTL_MS) and its secret
 * compared in constant time on every request.
 */
export function createAuthenticator(
  prisma: PrismaClient,
  adminToken: string,
  options: {
    cacheTtlMs?: number;
    /** The business clock (token expiry). */
    now?: () => Date;
    /** The cache's own clock in ms: the machine's (a cache is about real seconds, not the business date). */
    cacheClock?: () => number;
  } = {},
): Authenticator {
  const adminHash = hashSecret(adminToken);
  const ttl = options.cacheTtlMs ?? TOKEN_CACHE_TTL_MS;
  const clock = options.now ?? (() => new Date());
  const cacheClock = options.cacheClock ?? Date.now;
  const entries = new Map<string, CachedToken>();
  /** Bumped by every revocation: a lookup that began before one is not cached. */
  let generation = 0;

  async function lookup(id: string): Promise<CachedToken | undefined> {
    const now = cacheClock();
    const cached = entries.get(id);
    if (cached && cached.expiresAt > now) return cached;
    const startedIn = generation;
    const token = await prisma.apiToken.findUnique({ where: { id }, include: { user: true } });
    if (!token || token.revokedAt || token.user.deactivatedAt) {
      entries.delete(id);
      return undefined;
    }
    const entry = {
      userId: token.userId,
      secretHash: token.secretHash,
      actor: actorFromUser(token.user),
      tokenExpiresAt: token.expiresAt?.getTime(),
      expiresAt: now + ttl,
    };
    if (ttl > 0 && startedIn === generation) {
      entries.delete(id);
      if (entries.size >= TOKEN_CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(id, entry);
    }
    return entry;
  }

  return {
    async authenticate(authorization) {
      const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
      if (!match) return undefined;
      const presented = match[1]!;
      if (secretsMatch(presented, adminHash)) {
        return { userId: BOOTSTRAP_ADMIN_ID, role: 'admin', name: 'Bootstrap administrator' };
      }
      const parsed = parseToken(presented);
      if (!parsed) return undefined;
      const token = await lookup(parsed.id);
      if (!token || !secretsMatch(parsed.secret, token.secretHash)) return undefined;
      if (token.tokenExpiresAt !== undefined && token.tokenExpiresAt <= clock().getTime()) return undefined;
      return { ...token.actor };
    },
    forgetTokensOf(userId) {
      generation += 1;
      for (const [id, entry] of entries) if (entry.userId === userId) entries.delete(id);
    },
  };
}

export function actorFromUser(user: {
  id: string;
  name: string;
  role: string;
  organisationId: string | null;
  universityId: string | null;
  hubId: string | null;
  practiceId: string | null;
}): Actor {
  return {
    userId: user.id,
    name: user.name,
    role: user.role as Role,
    ...(user.organisationId ? { organisationId: user.organisationId } : {}),
    ...(user.universityId ? { universityId: user.universityId } : {}),
    ...(user.hubId ? { hubId: user.hubId } : {}),
    ...(user.practiceId ? { practiceId: user.practiceId } : {}),
  };
}
