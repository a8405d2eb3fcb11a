import { startTestSystem, type TestSystem } from '../support/system';

describe('email through the outbox, the worker and a real SMTP server', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

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
  });
});
