/**
 * Outbox changes made in another record's transaction (db/ holds what more than one layer writes).
 */
import type { Prisma } from './database';
import { emailStatusOf } from '../domain/email-delivery';

/**
 * In the caller's transaction (a user's deactivation): every undelivered email (pending or failed)
 * to the user's own address is withheld from them, so someone who has left gets nothing more,
 * including what was already on its way. Addresses a person typed on a subject (an EOI's contact)
 * are kept: they are corrected on the subject. Answers the emails' ids.
 */
export async function withholdUndelivered(tx: Prisma.TransactionClient, address: string): Promise<string[]> {
  const undelivered = await tx.outboxRecipient.findMany({
    where: { address: { equals: address, mode: 'insensitive' }, typed: false, status: { in: ['pending', 'failed'] } },
    select: { id: true, emailId: true },
  });
  for (const recipient of undelivered) await tx.outboxRecipient.update({ where: { id: recipient.id }, data: { status: 'withheld' } });
  const emailIds = [...new Set(undelivered.map((r) => r.emailId))];
  for (const emailId of emailIds) {
    const recipients = await tx.outboxRecipient.findMany({ where: { emailId }, select: { status: true } });
    await tx.outboxEmail.update({ where: { id: emailId }, data: { status: emailStatusOf(recipients) } });
  }
  return emailIds;
}
