import type { Actor, Role } from '../../domain/roles';
import type { PrismaClient } from '../../db/database';
import { hashSecret, parseToken, secretsMatch } from './tokens';

export const BOOTSTRAP_ADMIN_ID = 'admin';

/**
 * How long a token lookup is reused in this process. A busy client then costs one database read
 * per token every few seconds instead of one per request (on PGlite, every read also waits for
 * the worker's transactions on the one connection). Revoking a user's tokens through this
 * process (`forgetTokensOf`, called by DELETE /api/users/:id/tokens) takes effect at once here;
 * another process serving the API (a second replica on PostgreSQL) stops accepting them within
 * this time at most.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

interface CachedToken {
  userId: string;
  secretHash: string;
  actor: Actor;
  expiresAt: number;
}

interface TokenCache {
  entries: Map<string, CachedToken>;
  /** Bumped by every revocation: a lookup that began before one is not cached. */
  generation: number;
}

/** The authenticators' caches per database client: revocation reaches every one of them. */
const cachesByClient = new WeakMap<PrismaClient, Set<TokenCache>>();

/** Drops every cached token of the user in this process: call after revoking their tokens. */
export function forgetTokensOf(prisma: PrismaClient, userId: string): void {
  for (const cache of cachesByClient.get(prisma) ?? []) {
    cache.generation += 1;
    for (const [id, entry] of cache.entries) if (entry.userId === userId) cache.entries.delete(id);
  }
}

/**
 * Resolves a bearer token to the acting user, or undefined. ADMIN_TOKEN from the environment is
 * the bootstrap admin; every other token is looked up by id (reused for TOKEN_CACHE_TTL_MS) and
 * its secret compared in constant time on every request.
 */
export function createAuthenticator(prisma: PrismaClient, adminToken: string, options: { cacheTtlMs?: number } = {}) {
  const adminHash = hashSecret(adminToken);
  const ttl = options.cacheTtlMs ?? TOKEN_CACHE_TTL_MS;
  const cache: TokenCache = { entries: new Map(), generation: 0 };
  if (!cachesByClient.has(prisma)) cachesByClient.set(prisma, new Set());
  cachesByClient.get(prisma)!.add(cache);

  async function lookup(id: string): Promise<CachedToken | undefined> {
    const now = Date.now();
    const cached = cache.entries.get(id);
    if (cached && cached.expiresAt > now) return cached;
    const generation = cache.generation;
    const token = await prisma.apiToken.findUnique({ where: { id }, include: { user: true } });
    if (!token || token.revokedAt || token.user.deactivatedAt) {
      cache.entries.delete(id);
      return undefined;
    }
    const entry = { userId: token.userId, secretHash: token.secretHash, actor: actorFromUser(token.user), expiresAt: now + ttl };
    if (ttl > 0 && generation === cache.generation) {
      cache.entries.delete(id);
      if (cache.entries.size >= TOKEN_CACHE_MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
      cache.entries.set(id, entry);
    }
    return entry;
  }

  return async function authenticate(authorization: string | undefined): Promise<Actor | undefined> {
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
    return { ...token.actor };
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
