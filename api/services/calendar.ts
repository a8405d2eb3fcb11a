/**
 * A person's calendar feed token: one at a time (a new one revokes the one before), shown once,
 * only sha256(secret) stored. The API (POST /api/me/calendar-token) and the deadlines page both
 * issue it here.
 */
import { appendAudit } from '../../db/audit';
import type { Actor } from '../../domain/roles';
import { BOOTSTRAP_ADMIN_ID } from '../auth/authenticate';
import { issueToken } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { forbidden } from '../http/problem';

export const CALENDAR_TOKEN_PREFIX = 'tfcal';

export function refuseBootstrapAdmin(actor: Actor): void {
  if (actor.userId === BOOTSTRAP_ADMIN_ID) {
    throw forbidden('The bootstrap administrator (ADMIN_TOKEN) has no user record to hold a calendar feed: create a user for yourself');
  }
}

/** A new feed token for the person, revoking the one before; the feed URL to subscribe to. */
export async function issueCalendarToken(deps: ApiDeps, actor: Actor, requestId?: string): Promise<{ token: string; url: string }> {
  refuseBootstrapAdmin(actor);
  const issued = issueToken(CALENDAR_TOKEN_PREFIX);
  await deps.db.prisma.$transaction(async (tx) => {
    const revoked = await tx.calendarToken.updateMany({
      where: { userId: actor.userId, revokedAt: null },
      data: { revokedAt: deps.now() },
    });
    await tx.calendarToken.create({ data: { id: issued.id, userId: actor.userId, secretHash: issued.secretHash } });
    await appendAudit(tx, {
      actor,
      action: 'user.calendar_token_issued',
      subjectType: 'user',
      subjectId: actor.userId,
      after: { calendarTokensRevoked: revoked.count },
      requestId,
    });
  });
  return { token: issued.token, url: `${deps.publicUrl}/calendar/${issued.token}.ics` };
}
