import type { PrismaClient } from '../db/database';
import { uncountersignedAgreements } from '../db/signed-documents';
import {
  buildDigest,
  DIGEST_DAYS_AHEAD,
  type DigestNames,
  type DigestRecipient,
  digestWeekOf,
  isEmptyDigest,
  renderDigest,
} from '../domain/digest';
import type { EmailMessage } from '../domain/notifications';
import { addDays, formatCalendarDate } from '../domain/time';
import type { WeeklyDigestQueued, WeeklyDigestRequest } from '../workflows/activities';
import type { createEmailActivities } from './email';

/**
 * Builds the weekly digest for each HEE staff user (every deadline) and each hub lead (their
 * hub's spoke applications), and queues it in the outbox under a key per (recipient, week): a
 * schedule firing twice in one week queues nothing new, and delivery skips what was sent.
 * HEE staff's digest also lists the signed agreements waiting for their countersignature.
 * Recipients with nothing overdue, nothing due in the next 14 days and nothing to countersign get no email.
 */
export function createDigestActivities(deps: {
  prisma: PrismaClient;
  publicUrl: string;
  email: Pick<ReturnType<typeof createEmailActivities>, 'enqueueEmails'>;
}) {
  const { prisma } = deps;

  async function names(
    rows: {
      subjectType: string;
      subjectId: string;
      intakeId: string | null;
      hubId: string | null;
      organisationId: string | null;
      practiceId: string | null;
    }[],
  ): Promise<DigestNames> {
    const ids = (pick: (r: (typeof rows)[number]) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => !!v))];
    const [intakes, hubs, organisations, practices] = await Promise.all([
      prisma.intake.findMany({
        where: { id: { in: ids((r) => (r.subjectType === 'eoi' ? r.intakeId : null)) } },
        select: { id: true, startsOn: true, programme: { select: { name: true } } },
      }),
      prisma.hub.findMany({
        where: { id: { in: ids((r) => (r.subjectType === 'eoi' ? null : r.hubId)) } },
        select: { id: true, name: true },
      }),
      prisma.organisation.findMany({
        where: { id: { in: ids((r) => (r.subjectType === 'eoi' ? r.organisationId : null)) } },
        select: { id: true, name: true },
      }),
      prisma.practice.findMany({
        where: { id: { in: ids((r) => (r.subjectType === 'eoi' ? null : r.practiceId)) } },
        select: { id: true, name: true },
      }),
    ]);
    const orgName = new Map(organisations.map((o) => [o.id, o.name]));
    const practiceName = new Map(practices.map((p) => [p.id, p.name]));
    const subjects: Record<string, string> = {};
    for (const r of rows) {
      const name = r.subjectType === 'eoi' ? orgName.get(r.organisationId ?? '') : practiceName.get(r.practiceId ?? '');
      if (name) subjects[r.subjectId] = name;
    }
    return {
      intakes: Object.fromEntries(intakes.map((i) => [i.id, `${i.programme.name}, intake starting ${formatCalendarDate(i.startsOn)}`])),
      hubs: Object.fromEntries(hubs.map((h) => [h.id, h.name])),
      subjects,
    };
  }

  return {
    async queueWeeklyDigest(request: WeeklyDigestRequest): Promise<WeeklyDigestQueued> {
      const week = digestWeekOf(new Date(request.scheduledAt));
      const asOf = new Date(request.asOf);
      const rows = await prisma.deadline.findMany({
        where: { dueAt: { lt: addDays(asOf, DIGEST_DAYS_AHEAD) } },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      });
      const users = await prisma.user.findMany({
        where: { deactivatedAt: null, OR: [{ role: 'hee_staff' }, { role: 'hub_lead', hubId: { not: null } }] },
        orderBy: { id: 'asc' },
      });
      const lookup = await names(rows);
      // The agreement's first party is the practice (domain/signed-documents.ts, agreementTerms).
      const waiting = (await uncountersignedAgreements(prisma)).map((row) => ({
        applicationId: row.subjectId,
        practiceName: (row.terms as { parties?: { name: string }[] }).parties?.[0]?.name ?? row.subjectId,
        signedAt: row.createdAt.toISOString(),
      }));
      const messages: EmailMessage[] = [];
      for (const user of users) {
        const recipient: DigestRecipient = {
          userId: user.id,
          name: user.name,
          email: user.email,
          role: user.role as DigestRecipient['role'],
          ...(user.hubId ? { hubId: user.hubId } : {}),
        };
        const digest = buildDigest(recipient, rows, asOf, lookup, deps.publicUrl, waiting);
        if (!isEmptyDigest(digest)) messages.push(renderDigest(recipient, digest, week));
      }
      return { week, keys: await deps.email.enqueueEmails(messages) };
    },
  };
}
