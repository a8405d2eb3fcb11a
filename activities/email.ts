import { createHash, randomUUID } from 'node:crypto';
import { appendAudit } from '../db/audit';
import type { Prisma, PrismaClient } from '../db/database';
import type { Readdress } from '../domain/process';
import { type Mailer, SmtpFailure } from '../mail/mailer';
import {
  type DeliveryAttempt,
  type DeliveryOutcome,
  emailStatusOf,
  isDeliveryReport,
  isLate,
  lastAnswerOf,
  lateNotice,
  type RecipientOutcome,
  recipientOutcomes,
  refusalNotice,
  refusalNoticeKey,
} from '../domain/email-delivery';
import type { Audience, EmailMessage } from '../domain/notifications';
import { addressNotice } from './notices';

/** A deterministic Message-ID per outbox key: a repeat is recognisable by any receiver. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@trainflow>`;
}

const recipientId = (emailId: string, address: string) => `${emailId}:${address}`;

/**
 * Queues a rendered message under its key, in the caller's transaction or not: a second call with
 * the same key (a retried activity) changes nothing. Each recipient gets a row of its own.
 */
export async function queueEmail(db: Pick<PrismaClient, 'outboxEmail'>, message: EmailMessage): Promise<void> {
  const id = randomUUID();
  const typed = new Set(message.typed ?? []);
  const to = [...new Set(message.to)];
  await db.outboxEmail.upsert({
    where: { key: message.key },
    create: {
      id,
      key: message.key,
      messageId: messageIdFor(message.key),
      toAddresses: to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      subjectType: message.subjectType,
      subjectId: message.subjectId,
      recipients: { create: to.map((address) => ({ id: recipientId(id, address), address, typed: typed.has(address) })) },
    },
    update: {},
  });
}

/**
 * In the caller's transaction: every undelivered email of the subject (pending or failed) to
 * `from` goes to `to` instead. The old recipient is marked replaced, the corrected one added
 * (typed: a person gave it), the To header follows, and each change is audited. Answers the keys
 * to deliver.
 */
export async function readdressUndelivered(tx: Prisma.TransactionClient, subjectId: string, change: Readdress): Promise<string[]> {
  const stale = await tx.outboxRecipient.findMany({
    where: { address: { equals: change.from, mode: 'insensitive' }, status: { in: ['pending', 'failed'] }, email: { subjectId } },
    include: { email: true },
  });
  const keys: string[] = [];
  for (const old of stale) {
    const email = old.email;
    await tx.outboxRecipient.update({ where: { id: old.id }, data: { status: 'replaced' } });
    await tx.outboxRecipient.upsert({
      where: { emailId_address: { emailId: email.id, address: change.to } },
      create: { id: recipientId(email.id, change.to), emailId: email.id, address: change.to, typed: true },
      update: { status: 'pending' },
    });
    const to = [...new Set(email.toAddresses.map((a) => (a === old.address ? change.to : a)))];
    await tx.outboxEmail.update({ where: { id: email.id }, data: { toAddresses: to, status: 'pending' } });
    await appendAudit(tx, {
      actor: change.actor,
      action: 'email.readdressed',
      subjectType: 'outbox_email',
      subjectId: email.id,
      before: { status: email.status, address: old.address },
      after: { status: 'pending', address: change.to },
      requestId: change.requestId,
      dedupeKey: `outbox_email:${email.id}:readdressed:${old.address}:${change.to}`,
    });
    keys.push(email.key);
  }
  return keys;
}

/** A temporary failure: the activity fails and Temporal retries it, with backoff, for as long as it takes. */
export class DeliveryDeferred extends Error {
  constructor(answer: string) {
    super(`Delivery deferred, to be retried: ${answer}`);
    this.name = 'DeliveryDeferred';
  }
}

/** Who typed a contact address on the subject: told when the address refuses an email. */
async function typedByAudience(prisma: PrismaClient, subjectType: string | null, subjectId: string | null): Promise<Audience[]> {
  if (!subjectId) return [];
  if (subjectType === 'eoi') {
    const eoi = await prisma.eoi.findUnique({ where: { id: subjectId }, select: { organisationId: true } });
    return eoi ? [{ kind: 'organisation', organisationId: eoi.organisationId }] : [];
  }
  if (subjectType === 'spoke_application') {
    const application = await prisma.spokeApplication.findUnique({ where: { id: subjectId }, select: { practiceId: true } });
    return application ? [{ kind: 'practice', practiceId: application.practiceId }] : [];
  }
  return [];
}

/**
 * The email outbox. enqueueEmails stores rendered messages under a unique key per
 * (process, step), so a retried activity cannot queue one twice. deliverEmail sends a queued
 * message to its recipients still pending and records each one's outcome (domain/email-delivery):
 * a temporary failure fails the activity, so Temporal retries it; a permanent refusal is recorded
 * with the server's answer, a notice about it is queued, and the activity returns normally.
 */
export interface EmailActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  publicUrl: string;
  now?: () => Date;
  /**
   * Starts the delivery of a queued email on its own (the deliverQueuedEmail workflow, under
   * `workflowId`; one already started is fine): for the notice that an email is late, which no
   * process is waiting on.
   */
  startDelivery?: (key: string, workflowId: string) => Promise<void>;
}

export function createEmailActivities(deps: EmailActivityDeps) {
  const { prisma, mailer, publicUrl, now = () => new Date() } = deps;
  // Sent, but the outcome not yet recorded (the database was away): a retry in this process
  // records it without sending it again. (A retry after this process died sends it again, with
  // the same Message-ID: delivery is at least once.)
  const sentNotRecorded = new Map<string, DeliveryAttempt>();

  async function attempt(email: { to: string[]; subject: string; text: string; html: string; messageId: string }, pending: string[]) {
    try {
      const result = await mailer.send({ ...email, deliverTo: pending });
      return { went: true, ...result } satisfies DeliveryAttempt;
    } catch (error) {
      if (!(error instanceof SmtpFailure)) throw error;
      return { went: false, reply: error, refused: error.refused } satisfies DeliveryAttempt;
    }
  }

  /** The notices to queue about addresses newly refused for good, rendered before the transaction (PGlite has one connection). */
  async function refusalNotices(
    email: { key: string; subject: string; subjectType: string | null; subjectId: string | null },
    refused: RecipientOutcome[],
    typed: Set<string>,
  ) {
    if (isDeliveryReport(email.key) || refused.length === 0) return [];
    const typedBy = await typedByAudience(prisma, email.subjectType, email.subjectId);
    const messages: EmailMessage[] = [];
    for (const r of refused) {
      const notice = refusalNotice(email, { address: r.address, answer: r.answer ?? '' }, typed.has(r.address) ? typedBy : []);
      const message = await addressNotice(prisma, notice, publicUrl);
      if (message) messages.push(message);
    }
    return messages;
  }

  /**
   * An email still deferred a day after it was queued: administrators are told, once (the
   * notice's outbox key is unique), by a delivery of its own, as no process waits on it.
   */
  async function reportIfLate(
    email: { id: string; key: string; subject: string; subjectType: string | null; subjectId: string | null; queuedAt: Date },
    answer: string | null,
  ) {
    if (isDeliveryReport(email.key) || !deps.startDelivery || !isLate(email.queuedAt, now())) return;
    const message = await addressNotice(prisma, lateNotice(email, answer), publicUrl);
    if (!message) return;
    await queueEmail(prisma, message);
    await deps.startDelivery(message.key, `email-late-${email.id}`);
  }

  return {
    async enqueueEmails(messages: EmailMessage[]): Promise<string[]> {
      const keys: string[] = [];
      for (const message of messages) {
        if (message.to.length === 0) continue;
        await queueEmail(prisma, message);
        keys.push(message.key);
      }
      return keys;
    },

    async deliverEmail(key: string): Promise<DeliveryOutcome> {
      const email = await prisma.outboxEmail.findUnique({ where: { key }, include: { recipients: { orderBy: { address: 'asc' } } } });
      if (!email) return 'unknown';
      if (email.recipients.length === 0) {
        // Queued before recipients had rows of their own and never delivered.
        await prisma.outboxRecipient.createMany({
          data: email.toAddresses.map((address) => ({
            id: recipientId(email.id, address),
            emailId: email.id,
            address,
            status: email.status,
          })),
          skipDuplicates: true,
        });
        email.recipients = await prisma.outboxRecipient.findMany({ where: { emailId: email.id } });
      }
      const pending = email.recipients.filter((r) => r.status === 'pending').map((r) => r.address);
      if (pending.length > 0) {
        const result = sentNotRecorded.get(key) ?? (await attempt({ ...email, to: email.toAddresses }, pending));
        if (result.went) sentNotRecorded.set(key, result);
        const outcomes = recipientOutcomes(pending, result);
        const typed = new Set(email.recipients.filter((r) => r.typed).map((r) => r.address));
        const notices = await refusalNotices(
          email,
          outcomes.filter((o) => o.status === 'failed'),
          typed,
        );
        const at = now();
        const stillPending = new Set<string>();
        await prisma.$transaction(async (tx) => {
          for (const o of outcomes) {
            // One that went is recorded whatever happened meanwhile; one that did not keeps a
            // status set while this attempt ran (withheld, replaced), so it is not tried again.
            await tx.outboxRecipient.updateMany({
              where: { emailId: email.id, address: o.address, ...(o.status === 'sent' ? {} : { status: 'pending' }) },
              data: {
                status: o.status,
                attempts: { increment: 1 },
                lastAnswer: o.answer ?? null,
                sentAt: o.status === 'sent' ? at : undefined,
              },
            });
          }
          const after = await tx.outboxRecipient.findMany({ where: { emailId: email.id }, select: { address: true, status: true } });
          for (const r of after) if (r.status === 'pending') stillPending.add(r.address);
          const status = emailStatusOf(after);
          await tx.outboxEmail.update({
            where: { key },
            data: {
              status,
              attempts: { increment: 1 },
              lastError: lastAnswerOf(outcomes),
              sentAt: email.sentAt ?? (outcomes.some((o) => o.status === 'sent') ? at : undefined),
            } satisfies Prisma.OutboxEmailUpdateInput,
          });
          for (const notice of notices) await queueEmail(tx, notice);
        });
        sentNotRecorded.delete(key);
        const deferred = outcomes.filter((o) => o.status === 'pending' && stillPending.has(o.address));
        if (deferred.length > 0) {
          await reportIfLate({ ...email, queuedAt: email.createdAt }, lastAnswerOf(deferred));
          throw new DeliveryDeferred(lastAnswerOf(deferred) ?? 'no answer');
        }
      }
      return outcomeOf(key, pending.length === 0 ? email.status : undefined);
    },
  };

  /** 'sent', or the refused addresses and the notices about them that are still to deliver. */
  async function outcomeOf(key: string, before: string | undefined): Promise<DeliveryOutcome> {
    const email = await prisma.outboxEmail.findUniqueOrThrow({
      where: { key },
      include: { recipients: { where: { status: 'failed' }, orderBy: { address: 'asc' } } },
    });
    if (email.status === 'sent') return before === 'sent' ? 'already-sent' : 'sent';
    const refused = email.recipients.map((r) => r.address);
    const noticeKeys = await prisma.outboxEmail.findMany({
      where: { key: { in: refused.map((address) => refusalNoticeKey(key, address)) }, status: 'pending' },
      select: { key: true },
    });
    return { refused, noticeKeys: noticeKeys.map((n) => n.key) };
  }
}
