/**
 * The outbox as an operator sees it: an email refused for good (550 from the real test SMTP
 * server) listed by GET /api/outbox with each recipient's answer, counted on /readyz and in the
 * metrics, and "retry now" sending it again once the mailbox is put right, audited.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { heading, inputValue, WebClient } from '../support/web-client';
import { expectProblem } from './fixtures/world';

const HOUR = 3_600_000;
const REFUSING = 'mailbox.full@example.nhs.uk';

describe('the outbox for operators', () => {
  let system: TestSystem;
  let failedId: string;

  beforeAll(async () => {
    // The system's clock runs 26 hours ahead of the database's: every email is a day old when
    // first tried, and "older than" filters have room either side.
    system = await startTestSystem({}, { now: () => new Date(Date.now() + 26 * HOUR) });
    system.smtp.refuseRecipient(REFUSING, { code: 550, message: '5.2.2 mailbox full' });
    const response = await system.admin.post('/api/admin/test-email', { to: REFUSING });
    expect(response.status).toBe(202);
    await system.client.workflow.getHandle(response.body.id).result();
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('lists a failed email with its attempts, the server answer and each recipient', async () => {
    const response = await system.admin.get('/api/outbox?status=failed');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    const [email] = response.body.items;
    expect(email).toMatchObject({
      status: 'failed',
      attempts: 1,
      subject: 'Test email: Trainflow mail set-up',
      subjectType: 'test',
      recipients: [{ address: REFUSING, status: 'failed', attempts: 1 }],
    });
    expect(email.lastError).toContain('550 5.2.2 mailbox full');
    expect(email.recipients[0].lastAnswer).toContain('550 5.2.2 mailbox full');
    expect(email.sentAt).toBeUndefined();
    failedId = email.id;
  });

  it('filters by recipient and subject (any case) and by age', async () => {
    const ids = async (query: string) => ((await system.admin.get(`/api/outbox?${query}`)).body.items as { id: string }[]).map((e) => e.id);
    expect(await ids('recipient=MAILBOX.FULL')).toEqual([failedId]);
    expect(await ids('recipient=someone.else')).toEqual([]);
    expect(await ids('subject=test%20EMAIL')).toEqual([failedId]);
    expect(await ids('subject=reminder')).toEqual([]);
    expect(await ids('olderThanMinutes=60')).toContain(failedId);
    expect(await ids('olderThanMinutes=3000')).toEqual([]);
    expect(await ids('status=sent&recipient=mailbox.full')).toEqual([]);
  });

  it('refuses a bad filter naming it, and every role but admin', async () => {
    expectProblem(await system.admin.get('/api/outbox?status=lost'), 400);
    const bad = await system.admin.get('/api/outbox?olderThanMinutes=soon');
    expectProblem(bad, 400);
    expect(JSON.stringify(bad.body.errors)).toContain('query.olderThanMinutes');
    const staff = await system.admin.post('/api/users', { name: 'Regional staff', email: 'staff@example.nhs.uk', role: 'hee_staff' });
    expectProblem(await system.as(staff.body.token).get('/api/outbox'), 403);
    expectProblem(await system.as(staff.body.token).post(`/api/outbox/${failedId}/retry`), 403);
  });

  it('counts failed emails on /readyz and in the metrics', async () => {
    const ready = await system.admin.get('/readyz');
    expect(ready.body.outbox).toMatchObject({ failed: 1 });
    const metrics = await (await fetch(`${system.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^trainflow_outbox_failed_emails 1$/m);
  });

  it('tells administrators when an email has waited more than a day, and keeps retrying it', async () => {
    const admin = await system.admin.post('/api/users', { name: 'Olu Ops', email: 'olu.ops@example.nhs.uk', role: 'admin' });
    expect(admin.status).toBe(201);
    system.smtp.refuseRecipient('slow.relay@example.nhs.uk', { code: 421, message: '4.4.2 try again later' });
    const queued = await system.admin.post('/api/admin/test-email', { to: 'slow.relay@example.nhs.uk' });
    expect(queued.status).toBe(202);

    const [notice] = await system.smtp.waitFor(
      1,
      (e) => e.envelopeTo.includes('olu.ops@example.nhs.uk') && e.subject.includes('An email has waited more than a day'),
    );
    expect(notice!.text).toContain('“Test email: Trainflow mail set-up” was queued on');
    expect(notice!.text).toContain('421 4.4.2 try again later');
    const pending = await system.admin.get('/api/outbox?status=pending&recipient=slow.relay');
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0].attempts).toBeGreaterThanOrEqual(1);
    // Stop the retries: the test-email workflow finishes once the server takes the email.
    system.smtp.acceptAll();
    await system.client.workflow.getHandle(queued.body.id).result();
  });

  it('retries a failed email now, audited, once the mailbox takes it; only a failed one', async () => {
    system.smtp.acceptAll();
    const retried = await system.admin.post(`/api/outbox/${failedId}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: failedId, status: 'pending', recipients: [{ address: REFUSING, status: 'pending' }] });

    // The delivery workflow "retry now" started, one per failure retried.
    await system.client.workflow.getHandle(`email-retry-${failedId}-1`).result();
    const [delivered] = await system.smtp.waitFor(1, (e) => e.messageId === retried.body.messageId);
    expect(delivered!.envelopeTo).toEqual([REFUSING]);
    const after = await system.db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: failedId }, include: { recipients: true } });
    expect(after).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(after.recipients).toMatchObject([{ address: REFUSING, status: 'sent', attempts: 2 }]);

    const audit = await system.admin.get(`/api/audit-events?subjectId=${failedId}`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'email.retried',
        subjectType: 'outbox_email',
        after: { status: 'pending', recipients: [REFUSING] },
      }),
    ]);

    expectProblem(await system.admin.post(`/api/outbox/${failedId}/retry`), 409);
    expectProblem(await system.admin.post('/api/outbox/no-such-email/retry'), 404);
    expect((await system.admin.get('/readyz')).body.outbox).toMatchObject({ failed: 0 });
  });

  it('shows administrators the outbox page with the answer, and retries a failed email from it', async () => {
    system.smtp.refuseRecipient('left.the.trust@example.nhs.uk', { code: 550, message: '5.1.1 no such user' });
    const queued = await system.admin.post('/api/admin/test-email', { to: 'left.the.trust@example.nhs.uk' });
    await system.client.workflow.getHandle(queued.body.id).result();

    // An administrator signs in to the pages with an invitation's link.
    const before = system.smtp.received.length;
    await system.admin.post('/api/users', { name: 'Ada Admin', email: 'ada.admin@example.nhs.uk', role: 'admin', sendInvitation: true });
    const [invitation] = (await system.smtp.waitFor(before + 1)).slice(before);
    const link = /http:\/\/\S+(\/sign-in\/email\/\S+)/.exec(invitation!.text)![1]!;
    const browser = new WebClient(system.baseUrl);
    const opened = await browser.get(link);
    expect((await browser.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! })).status).toBe(303);
    expect((await browser.get('/')).text).toContain('Email outbox');

    const page = await browser.get('/outbox?status=failed');
    expect(page.status).toBe(200);
    expect(heading(page.text)).toBe('Email outbox');
    expect(page.text).toContain('left.the.trust@example.nhs.uk: Failed');
    expect(page.text).toContain('The mail server answered: 550 5.1.1 no such user');
    const [, id] = /action="\/outbox\/([^"/]+)\/retry"/.exec(page.text)!;

    system.smtp.acceptAll();
    const retried = await browser.post(`/outbox/${id}/retry`, { _csrf: inputValue(page.text, '_csrf')! });
    expect(retried.status).toBe(303);
    const after = await browser.follow(retried);
    expect(after.text).toContain('The email is being sent again');
    await system.client.workflow.getHandle(`email-retry-${id}-1`).result();
    expect(await system.db.prisma.outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'sent' });

    // A form without the session's token is refused, and nobody signed out sees the page.
    expect((await browser.post(`/outbox/${id}/retry`, { _csrf: 'not-the-token' })).status).toBe(403);
    const stranger = await new WebClient(system.baseUrl).get('/outbox');
    expect(stranger.status).toBe(303);
    expect(stranger.location).toContain('/sign-in?returnTo=%2Foutbox');
  });
});
