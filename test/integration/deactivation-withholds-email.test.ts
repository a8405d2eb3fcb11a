/**
 * Someone who has left gets no more email, including an email already on its way: the real email
 * activities deliver through the real test SMTP server, which keeps deferring the leaving user's
 * mailbox; their deactivation (withholdUndelivered, called in deactivateUser's transaction) withholds
 * it, and the next try sends nothing more while their colleague's copy has arrived once. An address
 * a person typed on a subject (an EOI's contact) is not a user's own: it is kept, to be corrected.
 */
import { createEmailActivities, DeliveryDeferred, messageIdFor } from '../../activities/email';
import { withholdUndelivered } from '../../db/outbox';
import { createSmtpMailer, type Mailer } from '../../mail/mailer';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';

const LEAVING = 'leaving.staff@example.nhs.uk';
const COLLEAGUE = 'staying.staff@example.nhs.uk';

let database: TestDatabase;
let smtp: TestSmtpServer;
let mailer: Mailer;
let email: ReturnType<typeof createEmailActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtpServer();
  mailer = createSmtpMailer(smtp.url, 'Trainflow <no-reply@trainflow.test>');
  email = createEmailActivities({ prisma: database.db.prisma, mailer, publicUrl: 'http://trainflow.test' });
});

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.close();
});

const message = (key: string, typed: string[] = []) => ({
  key,
  to: [LEAVING, COLLEAGUE],
  typed,
  subject: `Reminder ${key}`,
  text: 'Review due',
  html: '<p>Review due</p>',
});

const recipientsOf = async (key: string) =>
  (
    await database.db.prisma.outboxEmail.findUniqueOrThrow({ where: { key }, include: { recipients: { orderBy: { address: 'asc' } } } })
  ).recipients.map((r) => [r.address, r.status]);

test('an email deferred for a user who then leaves is withheld from them, and never sent to them', async () => {
  smtp.refuseRecipient(LEAVING, { code: 450, message: '4.2.1 mailbox busy, try later' });
  await email.enqueueEmails([message('reminder-1')]);
  await expect(email.deliverEmail('reminder-1')).rejects.toThrow(DeliveryDeferred);
  await smtp.waitFor(1, (e) => e.messageId === messageIdFor('reminder-1'));

  const withheld = await database.db.prisma.$transaction((tx) => withholdUndelivered(tx, LEAVING.toUpperCase()));
  expect(withheld).toHaveLength(1);
  expect(await recipientsOf('reminder-1')).toEqual([
    [LEAVING, 'withheld'],
    [COLLEAGUE, 'sent'],
  ]);

  // The mailbox would take it now: the delivery's next try has nobody left to send it to.
  smtp.acceptAll();
  await expect(email.deliverEmail('reminder-1')).resolves.toBe('already-sent');
  const received = smtp.received.filter((e) => e.messageId === messageIdFor('reminder-1'));
  expect(received.map((e) => e.envelopeTo)).toEqual([[COLLEAGUE]]);
  expect(await recipientsOf('reminder-1')).toEqual([
    [LEAVING, 'withheld'],
    [COLLEAGUE, 'sent'],
  ]);
});

test('an address a person typed on the subject is kept, even if it is a leaving user’s', async () => {
  smtp.refuseRecipient(LEAVING, { code: 450, message: '4.2.1 mailbox busy, try later' });
  await email.enqueueEmails([message('contact-1', [LEAVING])]);
  await expect(email.deliverEmail('contact-1')).rejects.toThrow(DeliveryDeferred);
  expect(await database.db.prisma.$transaction((tx) => withholdUndelivered(tx, LEAVING))).toEqual([]);
  expect(await recipientsOf('contact-1')).toEqual([
    [LEAVING, 'pending'],
    [COLLEAGUE, 'sent'],
  ]);
  smtp.acceptAll();
});
