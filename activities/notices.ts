import type { PrismaClient } from '../db/database';
import { type Audience, type EmailMessage, type Notice, noticeForStaffInstead, renderNotice } from '../domain/notifications';
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

/** The addresses a person typed on the subject (audience entries of kind 'address'). */
function typedAddresses(notice: Notice, to: string[]): string[] {
  const typed = new Set(notice.audience.flatMap((a) => (a.kind === 'address' ? [a.email] : [])));
  return to.filter((address) => typed.has(address));
}

/**
 * A notice rendered for its audience; when nobody in it can receive it, for regional staff instead
 * (undefined only when there is nobody at all, such as a notice to staff before any staff exist).
 */
export async function addressNotice(prisma: PrismaClient, notice: Notice, publicUrl: string): Promise<EmailMessage | undefined> {
  const to = await resolveAudience(prisma, notice.audience);
  if (to.length > 0) return { ...renderNotice(notice, to, publicUrl), typed: typedAddresses(notice, to) };
  if (notice.audience.every((a) => a.kind === 'role')) return undefined;
  const instead = noticeForStaffInstead(notice);
  const staff = await resolveAudience(prisma, instead.audience);
  return staff.length > 0 ? renderNotice(instead, staff, publicUrl) : undefined;
}

/** Renders notices for their audiences and queues them in the outbox; returns the queued keys. */
export function createNoticeActivities(deps: { prisma: PrismaClient; publicUrl: string; email: ReturnType<typeof createEmailActivities> }) {
  return {
    async queueNotices(notices: Notice[]): Promise<string[]> {
      const messages: EmailMessage[] = [];
      for (const notice of notices) {
        const message = await addressNotice(deps.prisma, notice, deps.publicUrl);
        if (message) messages.push(message);
      }
      return deps.email.enqueueEmails(messages);
    },
  };
}
