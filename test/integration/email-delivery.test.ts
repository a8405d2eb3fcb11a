import { startTestSystem, type TestSystem } from '../support/system';

describe('email through the outbox, the worker and a real SMTP server', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
    await system.db.prisma.user.create({
      data: { id: 'u_staff', name: 'Regional staff', email: 'staff@example.nhs.uk', role: 'hee_staff' },
    });
  });

  afterEach(() => system.smtp.acceptAll());

  afterAll(async () => {
    await system?.stop();
  });

  it('delivers a test email once, with a deterministic Message-ID recorded in the outbox', async () => {
    const response = await system.admin.post('/api/admin/test-email', { to: 'it-ops@example.nhs.uk' });
    expect(response.status).toBe(202);

    const [email] = await system.smtp.waitFor(1, (e) => e.to.includes('it-ops@example.nhs.uk'));
    expect(email!.subject).toContain('Test email');
    expect(email!.text).toContain('Trainflow can send you email');

    await system.client.workflow.getHandle(response.body.id).result();
    const outbox = await system.db.prisma.outboxEmail.findMany({ where: { subjectId: response.body.id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.status).toBe('sent');
    expect(outbox[0]!.messageId).toBe(email!.messageId);
    // The delivery is over: the server received that email once, and nothing else for the address.
    expect(system.smtp.received.filter((e) => e.messageId === email!.messageId)).toHaveLength(1);
    expect(system.smtp.received.filter((e) => e.envelopeTo.includes('it-ops@example.nhs.uk'))).toHaveLength(1);
  });

  it('retries a temporary refusal (421) until the server takes it', async () => {
    system.smtp.refuseRecipient('busy@example.nhs.uk', { code: 421, message: '4.7.0 try again later', times: 2 });
    const response = await system.admin.post('/api/admin/test-email', { to: 'busy@example.nhs.uk' });
    expect(response.status).toBe(202);

    await system.client.workflow.getHandle(response.body.id).result();
    const [outbox] = await system.db.prisma.outboxEmail.findMany({ where: { subjectId: response.body.id } });
    expect(outbox).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(system.smtp.received.filter((e) => e.messageId === outbox!.messageId)).toHaveLength(1);
    expect(system.smtp.received.filter((e) => e.envelopeTo.includes('busy@example.nhs.uk'))).toHaveLength(1);
  });

  it('records an address refused for good (550), does not hold the process up, and tells regional staff', async () => {
    system.smtp.refuseRecipient('it-opps@example.nhs.uk', { code: 550, message: '5.1.1 mailbox unavailable' });
    const response = await system.admin.post('/api/admin/test-email', { to: 'it-opps@example.nhs.uk' });
    expect(response.status).toBe(202);

    // The workflow ends: the refusal is recorded, not retried for ever.
    await system.client.workflow.getHandle(response.body.id).result();
    const [outbox] = await system.db.prisma.outboxEmail.findMany({
      where: { subjectId: response.body.id, key: { not: { startsWith: 'outbox:' } } },
    });
    expect(outbox).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outbox!.lastError).toContain('550 5.1.1 mailbox unavailable');

    const [notice] = await system.smtp.waitFor(
      1,
      (e) => e.envelopeTo.includes('staff@example.nhs.uk') && e.text.includes('it-opps@example.nhs.uk'),
    );
    expect(notice!.text).toContain('We could not deliver “Test email: Trainflow mail set-up” to it-opps@example.nhs.uk');
    const report = await system.db.prisma.outboxEmail.findUniqueOrThrow({
      where: { key: `outbox:refused:${outbox!.key}:it-opps@example.nhs.uk` },
    });
    expect(report.status).toBe('sent');
    expect(report.messageId).toBe(notice!.messageId);
    expect(system.smtp.received.filter((e) => e.messageId === notice!.messageId)).toHaveLength(1);
    expect(system.smtp.received.filter((e) => e.envelopeTo.includes('it-opps@example.nhs.uk'))).toEqual([]);
  });
});
