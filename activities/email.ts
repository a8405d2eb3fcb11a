import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/database';
import type { Mailer } from '../mail/mailer';
import type { EmailMessage } from '../domain/notifications';

/** A deterministic Message-ID per outbox key: a repeat is recognisable by any receiver. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@trainflow>`;
}

/**
 * Queues a rendered message under its key, in the caller's transaction or not: a second call with
 * the same key (a retried activity) changes nothing.
 */
export async function queueEmail(db: Pick<PrismaClient, 'outboxEmail'>, message: EmailMessage): Promise<void> {
  await db.outboxEmail.upsert({
    where: { key: message.key },
    create: {
      id: randomUUID(),
      key: message.key,
      messageId: messageIdFor(message.key),
      toAddresses: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      subjectType: message.subjectType,
      subjectId: message.subjectId,
    },
    update: {},
  });
}

/**
 * The email outbox. enqueueEmails stores rendered messages under a unique key per
 * (process, step), so a retried activity cannot queue one twice; deliverEmail sends a queued
 * message unless it was already sent, and is retried by Temporal while the SMTP server is down.
 */
export function createEmailActivities(deps: { prisma: PrismaClient; mailer: Mailer }) {
  const { prisma, mailer } = deps;
  // Sent, but not yet recorded as sent (the database was away): a retry in this process records
  // it without sending it again. (A retry after this process died sends it again, with the same
  // Message-ID: delivery is at least once.)
  const sentNotRecorded = new Set<string>();
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

    async deliverEmail(key: string): Promise<'sent' | 'already-sent' | 'unknown'> {
      const email = await prisma.outboxEmail.findUnique({ where: { key } });
      if (!email) return 'unknown';
      if (email.status === 'sent') {
        sentNotRecorded.delete(key);
        return 'already-sent';
      }
      if (!sentNotRecorded.has(key)) {
        try {
          await mailer.send({
            to: email.toAddresses,
            subject: email.subject,
            text: email.text,
            html: email.html,
            messageId: email.messageId,
          });
        } catch (error) {
          await prisma.outboxEmail.update({
            where: { key },
            data: { attempts: { increment: 1 }, lastError: error instanceof Error ? error.message.slice(0, 500) : String(error) },
          });
          throw error;
        }
        sentNotRecorded.add(key);
      }
      await prisma.outboxEmail.update({
        where: { key },
        data: { status: 'sent', sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      sentNotRecorded.delete(key);
      return 'sent';
    },
  };
}
