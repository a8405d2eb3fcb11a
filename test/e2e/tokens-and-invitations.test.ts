import { startTestSystem, type TestSystem } from '../support/system';
import { heading, inputValue, WebClient } from '../support/web-client';
import { expectProblem } from './fixtures/world';

describe('API tokens with a name and an expiry, listed and revoked one by one; invitations instead of tokens', () => {
  let system: TestSystem;
  let now: Date;

  beforeAll(async () => {
    now = new Date('2027-03-01T09:00:00Z');
    system = await startTestSystem({}, { now: () => now });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('issues a named token that stops working at its expiry, listed without its secret', async () => {
    const user = await system.admin.post('/api/users', { name: 'Fin Report', email: 'fin@example.nhs.uk', role: 'hee_staff' });
    const issued = await system.admin.post(`/api/users/${user.body.id}/tokens`, {
      name: 'Finance reporting',
      expiresAt: '2027-03-08T09:00:00Z',
    });
    expect(issued.status).toBe(201);
    // A secret in the answer: nothing on the way may keep a copy.
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toEqual({
      token: expect.stringMatching(/^tf_/),
      id: expect.any(String),
      name: 'Finance reporting',
      expiresAt: '2027-03-08T09:00:00.000Z',
    });
    const client = system.as(issued.body.token);
    expect((await client.get('/api/me')).status).toBe(200);

    const listed = await system.admin.get(`/api/users/${user.body.id}/tokens`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        id: issued.body.id,
        name: 'Finance reporting',
        createdAt: expect.any(String),
        expiresAt: '2027-03-08T09:00:00.000Z',
        status: 'active',
      },
      { id: expect.any(String), createdAt: expect.any(String), status: 'active' },
    ]);
    expect(listed.text).not.toContain(issued.body.token.split('.')[1]);

    now = new Date('2027-03-08T09:00:00Z');
    expectProblem(await client.get('/api/me'), 401);
    expect((await system.admin.get(`/api/users/${user.body.id}/tokens`)).body.items[0].status).toBe('expired');
  });

  it('refuses an expiry in the past, and unknown fields, naming them', async () => {
    const user = await system.admin.post('/api/users', { name: 'Past Due', email: 'past@example.nhs.uk', role: 'hee_staff' });
    const past = await system.admin.post(`/api/users/${user.body.id}/tokens`, { expiresAt: '2020-01-01T00:00:00Z' });
    expectProblem(past, 400);
    expect(past.body.errors).toEqual([{ path: 'body.expiresAt', message: 'must be in the future' }]);
    expectProblem(await system.admin.post(`/api/users/${user.body.id}/tokens`, { name: 'x', scopes: ['all'] }), 400);
    expectProblem(await system.admin.post(`/api/users/${user.body.id}/tokens`, { name: 'x'.repeat(101) }), 400);
  });

  it('revokes one token at once, leaving the others; the user may list and revoke their own, not another’s', async () => {
    const user = await system.admin.post('/api/users', { name: 'Two Tokens', email: 'two@example.nhs.uk', role: 'hee_staff' });
    const second = await system.admin.post(`/api/users/${user.body.id}/tokens`, { name: 'Second' });
    const own = system.as(user.body.token);
    expect((await own.get(`/api/users/${user.body.id}/tokens`)).body.items).toHaveLength(2);

    const revoked = await own.request('DELETE', `/api/users/${user.body.id}/tokens/${second.body.id}`);
    expect(revoked.status).toBe(204);
    expectProblem(await system.as(second.body.token).get('/api/me'), 401);
    expect((await own.get('/api/me')).status).toBe(200);
    expect((await own.request('DELETE', `/api/users/${user.body.id}/tokens/${second.body.id}`)).status).toBe(204);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: user.body.id, action: 'user.token_revoked' } });
    expect(audit.map((a) => a.after)).toEqual([{ tokenId: second.body.id }]);

    const other = await system.admin.post('/api/users', { name: 'Other', email: 'other@example.nhs.uk', role: 'hee_staff' });
    const otherTokenId = /^tf_([^.]+)\./.exec(other.body.token)![1];
    expectProblem(await own.get(`/api/users/${other.body.id}/tokens`), 404);
    expectProblem(await own.request('DELETE', `/api/users/${other.body.id}/tokens/${otherTokenId}`), 404);
    expectProblem(await own.request('DELETE', `/api/users/${user.body.id}/tokens/${otherTokenId}`), 404);
    expect((await system.as(other.body.token).get('/api/me')).status).toBe(200);
  });

  it('invites a new user by email instead of answering a token; the invitation signs them in once', async () => {
    const before = system.smtp.received.length;
    const created = await system.admin.post('/api/users', {
      name: 'Nia Invited',
      email: 'nia@example.nhs.uk',
      role: 'hee_staff',
      sendInvitation: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toBeUndefined();
    expect(created.body).toMatchObject({
      activeTokens: 0,
      invitation: { status: 'sent', sentTo: 'nia@example.nhs.uk', expiresAt: '2027-03-15T09:00:00.000Z' },
    });

    const [invitation] = (await system.smtp.waitFor(before + 1)).slice(before);
    expect(invitation!.subject).toBe('You have been invited to Trainflow');
    expect(invitation!.text).toContain('Regional staff (NHS England)');
    const link = /http:\/\/\S+(\/sign-in\/email\/\S+)/.exec(invitation!.text)![1]!;
    const browser = new WebClient(system.baseUrl);
    now = new Date('2027-03-14T09:00:00Z'); // six days later: still valid
    const opened = await browser.get(link);
    expect(heading(opened.text)).toBe('Sign in to Trainflow');
    const confirmed = await browser.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! });
    expect(confirmed.status).toBe(303);
    expect((await browser.get('/')).text).toContain('Nia Invited');
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: created.body.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.invited', 'session.signed_in']);

    // Revoking the user's access ends their session at once.
    expect((await system.admin.request('DELETE', `/api/users/${created.body.id}/tokens`)).status).toBe(204);
    expect((await browser.get('/')).status).toBe(303);

    // Sent again on request; refused for a deactivated user.
    const again = await system.admin.post(`/api/users/${created.body.id}/invitation`);
    expect(again.status).toBe(201);
    await system.admin.post(`/api/users/${created.body.id}/deactivation`);
    expectProblem(await system.admin.post(`/api/users/${created.body.id}/invitation`), 409);
    expectProblem(await system.as('tf_nothing').post(`/api/users/${created.body.id}/invitation`), 401);
  });
});
