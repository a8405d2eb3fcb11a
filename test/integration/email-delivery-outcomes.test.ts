/**
 * What the outbox does with each answer a real SMTP server gives: the delivery activity against
 * a real database and the test SMTP server, told what to answer. A temporary failure fails the
 * activity (Temporal retries it); a permanent refusal is recorded per recipient, a notice about
 * it is queued for those who can correct the address, and the activity returns normally.
 */
import { createEmailActivities, messageIdFor } from '../../activities/email';
import { addressNotice } from '../../activities/notices';
import { createSmtpMailer, type Mailer } from '../../mail/mailer';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';

const FROM = 'Trainflow <no-reply@trainflow.test>';
const STAFF = 'staff@example.nhs.uk';
const SUBMITTER = 'submitter@royal-infirmary.example';
const CONTACT_OK = 'contact@royal-infirmary.example';
const CONTACT_TYPO = 'contact@royal-infirmery.example';
const ADMIN = 'admin@example.nhs.uk';
const DAY = 24 * 3_600_000;

let database: TestDatabase;
let smtp: TestSmtpServer;
let mailer: Mailer;
let email: ReturnType<typeof createEmailActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtpServer();
  mailer = createSmtpMailer(smtp.url, FROM);
  const prisma = database.db.prisma;
  email = createEmailActivities({ prisma, mailer, publicUrl: 'http://trainflow.test' });
  await prisma.user.createMany({
    data: [
      { id: 'u_staff', name: 'Regional staff', email: STAFF, role: 'hee_staff' },
      { id: 'u_sub', name: 'Submitter', email: SUBMITTER, role: 'org_submitter', organisationId: 'org_1' },
      { id: 'u_admin', name: 'Administrator', email: ADMIN, role: 'admin' },
    ],
  });
  await prisma.eoi.create({
    data: {
      id: 'eoi_1',
      organisationId: 'org_1',
      universityId: 'uni_1',
      intakeId: 'intake_1',
      status: 'submitted',
      serviceType: 'acute',
      placesRequested: 2,
      submittedAt: new Date('2026-11-02T10:00:00Z'),
      view: {},
      version: 1,
    },
  });
});

afterEach(() => smtp.acceptAll());

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.close();
});

/** A reminder for EOI eoi_1 to its contact addresses (typed by the organisation) and its submitters. */
async function queueReminder(step: string, contacts: string[]): Promise<string> {
  const message = await addressNotice(
    database.db.prisma,
    {
      key: `eoi_1:${step}`,
      audience: [...contacts.map((c) => ({ kind: 'address' as const, email: c })), { kind: 'organisation', organisationId: 'org_1' }],
      subjectType: 'eoi',
      subjectId: 'eoi_1',
      subjectLabel: 'EOI eoi_1 (Royal Infirmary, MSc Advanced Practice)',
      headline: 'Reminder: confirm your candidates',
    },
    'http://trainflow.test',
  );
  const [key] = await email.enqueueEmails([message!]);
  return key!;
}

const outboxRow = (key: string) =>
  database.db.prisma.outboxEmail.findUniqueOrThrow({ where: { key }, include: { recipients: { orderBy: { address: 'asc' } } } });

test('550 for one recipient of two: the other gets it, the refusal is recorded, not retried, and reported to staff and the organisation', async () => {
  smtp.refuseRecipient(CONTACT_TYPO, { code: 550, message: '5.1.1 mailbox unavailable' });
  const key = await queueReminder('refused-one', [CONTACT_TYPO]);

  const outcome = await email.deliverEmail(key);

  const noticeKey = `outbox:refused:${key}:${CONTACT_TYPO}`;
  expect(outcome).toEqual({ refused: [CONTACT_TYPO], noticeKeys: [noticeKey] });
  const [delivered] = await smtp.waitFor(1, (e) => e.messageId === messageIdFor(key));
  expect(delivered!.envelopeTo).toEqual([SUBMITTER]);
  expect(delivered!.to.sort()).toEqual([CONTACT_TYPO, SUBMITTER].sort());

  const row = await outboxRow(key);
  expect(row.status).toBe('failed');
  expect(row.lastError).toContain('550 5.1.1 mailbox unavailable');
  expect(row.recipients.map((r) => [r.address, r.status, r.typed])).toEqual([
    [CONTACT_TYPO, 'failed', true],
    [SUBMITTER, 'sent', false],
  ]);
  expect(row.recipients[0]!.lastAnswer).toContain('550 5.1.1 mailbox unavailable');

  // Asked again (a retried activity), it neither sends again nor queues a second notice.
  expect(await email.deliverEmail(key)).toEqual(outcome);
  expect(smtp.received.filter((e) => e.messageId === messageIdFor(key))).toHaveLength(1);

  // The notice goes to regional staff and the organisation's submitters, naming the address.
  expect(await email.deliverEmail(noticeKey)).toBe('sent');
  const [notice] = await smtp.waitFor(1, (e) => e.messageId === messageIdFor(noticeKey));
  expect(notice!.envelopeTo.sort()).toEqual([STAFF, SUBMITTER].sort());
  expect(notice!.subject).toContain('An email could not be delivered');
  expect(notice!.text).toContain(`to ${CONTACT_TYPO}; check the contact address`);
  expect(notice!.text).toContain('550 5.1.1 mailbox unavailable');
});

test('every recipient refused for good: the email is failed at once, not retried', async () => {
  smtp.refuseRecipient(CONTACT_TYPO, { code: 550, message: '5.1.1 mailbox unavailable' });
  // A NUL in an answer would not store (PostgreSQL text): answers are kept as printable text.
  smtp.refuseRecipient(SUBMITTER, { code: 550, message: '5.1.1 no such\u0000user' });
  const key = await queueReminder('refused-all', [CONTACT_TYPO]);

  const outcome = await email.deliverEmail(key);

  expect(outcome).toMatchObject({ refused: [CONTACT_TYPO, SUBMITTER] });
  expect(smtp.received.filter((e) => e.messageId === messageIdFor(key))).toHaveLength(0);
  const row = await outboxRow(key);
  expect(row.status).toBe('failed');
  expect(row.recipients.map((r) => r.status)).toEqual(['failed', 'failed']);
  expect(row.recipients[1]!.lastAnswer).toBe('550 5.1.1 no such user');
});

test('a temporary 421 fails the attempt, to be retried, and the next attempt delivers', async () => {
  smtp.refuseRecipient(CONTACT_OK, { code: 421, message: '4.7.0 try again later', times: 1 });
  const key = await queueReminder('deferred', [CONTACT_OK]);

  await expect(email.deliverEmail(key)).rejects.toThrow(/Delivery deferred, to be retried: .*421 4\.7\.0 try again later/);
  let row = await outboxRow(key);
  expect(row.status).toBe('pending');
  expect(row.attempts).toBe(1);
  expect(row.lastError).toContain('421');

  expect(await email.deliverEmail(key)).toBe('sent');
  row = await outboxRow(key);
  expect(row.status).toBe('sent');
  expect(row.recipients.map((r) => r.status)).toEqual(['sent', 'sent']);
  expect(row.lastError).toBeNull();
  // The message went whole to each recipient exactly once, over the two attempts.
  const copies = smtp.received.filter((e) => e.messageId === messageIdFor(key));
  expect(copies.flatMap((c) => c.envelopeTo).sort()).toEqual([CONTACT_OK, SUBMITTER].sort());
  // Within a day of being queued: nobody is told it is late.
  expect(await database.db.prisma.outboxEmail.count({ where: { key: `outbox:late:${key}` } })).toBe(0);
});

test('still deferred a day after it was queued: administrators are told once, by a delivery of its own', async () => {
  const started: [string, string][] = [];
  const dayLater = createEmailActivities({
    prisma: database.db.prisma,
    mailer,
    publicUrl: 'http://trainflow.test',
    now: () => new Date(Date.now() + DAY + 60_000),
    startDelivery: async (key, workflowId) => void started.push([key, workflowId]),
  });
  smtp.refuseRecipient(CONTACT_OK, { code: 451, message: '4.3.0 mailbox temporarily unavailable' });
  const key = await queueReminder('late', [CONTACT_OK]);
  const { id } = await database.db.prisma.outboxEmail.findUniqueOrThrow({ where: { key } });

  await expect(dayLater.deliverEmail(key)).rejects.toThrow(/Delivery deferred/);
  await expect(dayLater.deliverEmail(key)).rejects.toThrow(/Delivery deferred/);

  const noticeKey = `outbox:late:${key}`;
  expect(started).toEqual([
    [noticeKey, `email-late-${id}`],
    [noticeKey, `email-late-${id}`],
  ]);
  const notices = await database.db.prisma.outboxEmail.findMany({ where: { key: noticeKey }, include: { recipients: true } });
  expect(notices).toHaveLength(1);
  expect(notices[0]!.recipients.map((r) => r.address)).toEqual([ADMIN]);
  expect(notices[0]!.subject).toContain('An email has waited more than a day');
  expect(notices[0]!.text).toContain('451 4.3.0 mailbox temporarily unavailable');
});

test('a connection dropped after DATA is retried with the same Message-ID', async () => {
  smtp.dropAfterData(1);
  const key = await queueReminder('dropped', [CONTACT_OK]);

  await expect(email.deliverEmail(key)).rejects.toThrow(/Delivery deferred/);
  expect(smtp.dropped.map((e) => e.messageId)).toContain(messageIdFor(key));
  expect((await outboxRow(key)).status).toBe('pending');

  expect(await email.deliverEmail(key)).toBe('sent');
  const [delivered] = await smtp.waitFor(1, (e) => e.messageId === messageIdFor(key));
  expect(delivered!.envelopeTo.sort()).toEqual([CONTACT_OK, SUBMITTER].sort());
});

test('5xx for the message at DATA fails every recipient', async () => {
  smtp.refuseMessages({ code: 554, message: '5.6.0 message refused', times: 1 });
  const key = await queueReminder('data-refused', [CONTACT_OK]);

  expect(await email.deliverEmail(key)).toMatchObject({ refused: [CONTACT_OK, SUBMITTER] });
  const row = await outboxRow(key);
  expect(row.status).toBe('failed');
  expect(row.lastError).toContain('554 5.6.0 message refused');
});

test('a server that cannot be reached fails the attempt, to be retried', async () => {
  const down = await startTestSmtpServer();
  const url = down.url;
  await down.close();
  const unreachable = createEmailActivities({
    prisma: database.db.prisma,
    mailer: createSmtpMailer(url, FROM),
    publicUrl: 'http://trainflow.test',
  });
  const key = await queueReminder('unreachable', [CONTACT_OK]);

  await expect(unreachable.deliverEmail(key)).rejects.toThrow(/Delivery deferred.*ECONNREFUSED/);
  const row = await outboxRow(key);
  expect(row.status).toBe('pending');
  expect(row.recipients.map((r) => r.status)).toEqual(['pending', 'pending']);
});
