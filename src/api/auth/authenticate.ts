import type { Actor, Role } from '../../domain/roles';
import type { PrismaClient } from '../../db/database';
import { hashSecret, parseToken, secretsMatch } from './tokens';

export const BOOTSTRAP_ADMIN_ID = 'admin';

/**
 * Resolves a bearer token to the acting user, or undefined. ADMIN_TOKEN from the environment is
 * the bootstrap admin; every other token is looked up by id and compared in constant time.
 */
export function createAuthenticator(prisma: PrismaClient, adminToken: string) {
  const adminHash = hashSecret(adminToken);
  return async function authenticate(authorization: string | undefined): Promise<Actor | undefined> {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const presented = match[1]!;
    if (secretsMatch(presented, adminHash)) {
      return { userId: BOOTSTRAP_ADMIN_ID, role: 'admin', name: 'Bootstrap administrator' };
    }
    const parsed = parseToken(presented);
    if (!parsed) return undefined;
    const token = await prisma.apiToken.findUnique({ where: { id: parsed.id }, include: { user: true } });
    if (!token || token.revokedAt || !secretsMatch(parsed.secret, token.secretHash)) return undefined;
    return actorFromUser(token.user);
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
