import type { PrismaClient } from '../db/database';
import { type Audience, type Notice, renderNotice } from '../domain/notifications';
import type { createEmailActivities } from './email';

/** Resolves who an audience is, at the moment the notice is queued. */
export async function resolveAudience(prisma: PrismaClient, audience: Audience[]): Promise<string[]> {
  const addresses = new Set<string>();
  for (const a of audience) {
    if (a.kind === 'address') {
      addresses.add(a.email);
      continue;
    }
    const where =
      a.kind === 'role'
        ? { role: a.role }
        : a.kind === 'university'
          ? { role: 'university_reviewer', universityId: a.universityId }
          : a.kind === 'organisation'
            ? { role: 'org_submitter', organisationId: a.organisationId }
            : a.kind === 'hub'
              ? { role: 'hub_lead', hubId: a.hubId }
              : { role: 'practice_manager', practiceId: a.practiceId };
    // Someone who has left receives nothing, whatever their role was.
    const users = await prisma.user.findMany({ where: { ...where, deactivatedAt: null }, select: { email: true } });
    users.forEach((u) => addresses.add(u.email));
  }
  return [...addresses].sort();
}

/** Renders notices for their audiences and queues them in the outbox; returns the queued keys. */
export function createNoticeActivities(deps: { prisma: PrismaClient; email: ReturnType<typeof createEmailActivities> }) {
  return {
    async queueNotices(notices: Notice[]): Promise<string[]> {
      const messages = [];
      for (const notice of notices) messages.push(renderNotice(notice, await resolveAudience(deps.prisma, notice.audience)));
      return deps.email.enqueueEmails(messages);
    },
  };
}
