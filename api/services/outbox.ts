/**
 * The outbox for operators: the one service behind GET /api/outbox, "retry now"
 * (POST /api/outbox/{id}/retry), /readyz's outbox detail and the metrics.
 */
import { appendAudit } from '../../db/audit';
import type { Prisma, PrismaClient } from '../../db/database';
import type { EmailStatus, RecipientStatus } from '../../domain/email-delivery';
import type { OutboxEmailView, OutboxQuery, OutboxSummary } from '../../domain/outbox';
import type { Actor } from '../../domain/roles';
import { deliverQueuedEmail } from '../../workflows/deliver-queued-email';
import type { ApiDeps } from '../deps';
import { conflict, notFound } from '../http/problem';
import { afterCursor, type Page, pageOrder, toPage } from '../routes/pagination';

const withRecipients = { recipients: { orderBy: { address: 'asc' } } } as const;
type OutboxRow = Prisma.OutboxEmailGetPayload<{ include: typeof withRecipients }>;

const iso = (d: Date | null) => (d ? { sentAt: d.toISOString() } : {});

export function outboxEmailView(email: OutboxRow): OutboxEmailView {
  return {
    id: email.id,
    messageId: email.messageId,
    subject: email.subject,
    ...(email.subjectType ? { subjectType: email.subjectType } : {}),
    ...(email.subjectId ? { subjectId: email.subjectId } : {}),
    status: email.status as EmailStatus,
    attempts: email.attempts,
    ...(email.lastError ? { lastError: email.lastError } : {}),
    createdAt: email.createdAt.toISOString(),
    ...iso(email.sentAt),
    recipients: email.recipients.map((r) => ({
      address: r.address,
      status: r.status as RecipientStatus,
      attempts: r.attempts,
      ...(r.lastAnswer ? { lastAnswer: r.lastAnswer } : {}),
      ...iso(r.sentAt),
    })),
  };
}

/** Emails oldest first, filtered by status, part of the subject, part of a recipient's address and age. */
export async function listOutbox(prisma: PrismaClient, query: OutboxQuery, now: Date): Promise<Page<OutboxEmailView>> {
  const where: Prisma.OutboxEmailWhereInput = {
    status: query.status,
    ...(query.subject ? { subject: { contains: query.subject, mode: 'insensitive' } } : {}),
    ...(query.recipient ? { recipients: { some: { address: { contains: query.recipient, mode: 'insensitive' } } } } : {}),
    ...(query.olderThanMinutes !== undefined ? { createdAt: { lte: new Date(now.getTime() - query.olderThanMinutes * 60_000) } } : {}),
  };
  const rows = await prisma.outboxEmail.findMany({
    where: { AND: [where, afterCursor(query.cursor)] },
    include: withRecipients,
    orderBy: pageOrder,
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, outboxEmailView);
}

export async function outboxSummary(prisma: PrismaClient, now: Date): Promise<OutboxSummary> {
  const [pending, failed, oldest] = await Promise.all([
    prisma.outboxEmail.count({ where: { status: 'pending' } }),
    prisma.outboxEmail.count({ where: { status: 'failed' } }),
    prisma.outboxEmail.findFirst({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  const oldestPendingAgeSeconds = oldest ? Math.max(0, Math.round((now.getTime() - oldest.createdAt.getTime()) / 1000)) : 0;
  return { pending, failed, oldestPendingAgeSeconds };
}

export async function findOutboxEmail(prisma: PrismaClient, id: string): Promise<OutboxRow> {
  const email = await prisma.outboxEmail.findUnique({ where: { id }, include: withRecipients });
  if (!email) throw notFound('Email');
  return email;
}

/**
 * "Retry now" for a failed email: its refused recipients are pending again, audited in the same
 * transaction, and a delivery workflow sends it to them. Only a failed email: a pending one is
 * being retried already, a sent one has arrived.
 */
export async function retryFailedEmail(deps: ApiDeps, actor: Actor, email: OutboxRow, requestId: string): Promise<OutboxEmailView> {
  const { prisma } = deps.db;
  const failed = email.recipients.filter((r) => r.status === 'failed').map((r) => r.address);
  const reset = await prisma.$transaction(async (tx) => {
    const claimed = await tx.outboxEmail.updateMany({ where: { id: email.id, status: 'failed' }, data: { status: 'pending' } });
    if (claimed.count !== 1) return false;
    await tx.outboxRecipient.updateMany({ where: { emailId: email.id, status: 'failed' }, data: { status: 'pending' } });
    await appendAudit(tx, {
      actor,
      action: 'email.retried',
      subjectType: 'outbox_email',
      subjectId: email.id,
      before: { status: 'failed', lastError: email.lastError },
      after: { status: 'pending', recipients: failed },
      requestId,
    });
    return true;
  });
  if (!reset) {
    throw conflict(`Only a failed email can be retried; this one is ${email.status}`, { emailStatus: email.status }, [
      { path: 'params.id', message: `the email is ${email.status}, not failed` },
    ]);
  }
  // One workflow per failure retried (attempts so far), so a repeat of this request cannot start a second.
  try {
    await deps.temporal.workflow.start(deliverQueuedEmail, {
      taskQueue: deps.config.taskQueue,
      workflowId: `email-retry-${email.id}-${email.attempts}`,
      args: [{ key: email.key }],
    });
  } catch (error) {
    // Nobody would deliver it: failed again, so that it can be retried once Temporal answers.
    await prisma.$transaction([
      prisma.outboxRecipient.updateMany({
        where: { emailId: email.id, address: { in: failed }, status: 'pending' },
        data: { status: 'failed' },
      }),
      prisma.outboxEmail.updateMany({ where: { id: email.id, status: 'pending' }, data: { status: 'failed' } }),
    ]);
    throw error;
  }
  return outboxEmailView(await findOutboxEmail(prisma, email.id));
}
