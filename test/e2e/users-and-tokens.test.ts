import { createHash } from 'node:crypto';
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';
import { createWorld, expectProblem, type World } from './fixtures/world';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('users and tokens: a token is shown once, stored hashed, and revoked at once', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('creates a user with a token that authenticates as that user, role and scope', async () => {
    const created = await system.admin.post('/api/users', {
      name: 'Priya Shah',
      email: 'priya.shah@example.nhs.uk',
      role: 'org_submitter',
      organisationId: world.organisation.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^usr_/),
      token: expect.stringMatching(/^tf_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/),
      name: 'Priya Shah',
      email: 'priya.shah@example.nhs.uk',
      role: 'org_submitter',
      organisationId: world.organisation.id,
      activeTokens: 1,
      createdAt: expect.any(String),
    });

    const me = await system.as(created.body.token).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: created.body.id,
      name: 'Priya Shah',
      email: 'priya.shah@example.nhs.uk',
      role: 'org_submitter',
      scope: { organisationId: world.organisation.id },
      bootstrap: false,
    });

    const read = await system.admin.get(`/api/users/${created.body.id}`);
    expect(read.status).toBe(200);
    const { token: _token, ...user } = created.body;
    expect(read.body).toEqual(user);
  });

  it('stores only the sha256 of the secret, and never the token in the audit trail or idempotency records', async () => {
    const created = await system.admin.post(
      '/api/users',
      { name: 'Tom Reed', email: 'tom.reed@example.ac.uk', role: 'university_reviewer', universityId: world.university.id },
      { 'Idempotency-Key': 'create-tom-reed' },
    );
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    const [, tokenId, secret] = /^tf_([^.]+)\.(.+)$/.exec(token)!;
    const row = await system.db.prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row).toMatchObject({ userId: created.body.id, secretHash: sha256(secret!), revokedAt: null });

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: created.body.id } });
    expect(audit.map((a) => [a.action, a.actorId, a.actorRole])).toEqual([['user.created', 'admin', 'admin']]);
    const idempotency = await system.db.prisma.idempotencyRecord.findMany();
    const everything = JSON.stringify([audit, idempotency, await system.db.prisma.user.findMany()], (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    expect(everything).not.toContain(secret);
  });

  it('honours Idempotency-Key on user creation without replaying the token: a repeat is a 409 naming the user', async () => {
    const body = { name: 'Ann Lee', email: 'ann.lee@example.nhs.uk', role: 'hee_staff' };
    const first = await system.admin.post('/api/users', body, { 'Idempotency-Key': 'create-ann-lee' });
    expect(first.status).toBe(201);

    const repeat = await system.admin.post('/api/users', body, { 'Idempotency-Key': 'create-ann-lee' });
    expectProblem(repeat, 409);
    expect(repeat.body.userId).toBe(first.body.id);
    expect(repeat.body.detail).toContain(`/api/users/${first.body.id}/tokens`);
    expect(repeat.body.token).toBeUndefined();

    const different = await system.admin.post('/api/users', { ...body, name: 'Ann Leigh' }, { 'Idempotency-Key': 'create-ann-lee' });
    expectProblem(different, 409);
    expect(different.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: 'already used with a different request' }]);

    expect(await system.db.prisma.user.count({ where: { email: 'ann.lee@example.nhs.uk' } })).toBe(1);
  });

  it.each([
    [{ role: 'org_submitter' }, 'body.organisationId', 'required for the org_submitter role'],
    [{ role: 'university_reviewer' }, 'body.universityId', 'required for the university_reviewer role'],
    [{ role: 'hub_lead' }, 'body.hubId', 'required for the hub_lead role'],
    [{ role: 'practice_manager' }, 'body.practiceId', 'required for the practice_manager role'],
    [{ role: 'org_submitter', organisationId: 'org_nope' }, 'body.organisationId', 'no such organisation'],
    [{ role: 'university_reviewer', universityId: 'uni_nope' }, 'body.universityId', 'no such university'],
    [{ role: 'hub_lead', hubId: 'hub_nope' }, 'body.hubId', 'no such hub'],
    [{ role: 'practice_manager', practiceId: 'prac_nope' }, 'body.practiceId', 'no such practice'],
    [{ role: 'hee_staff', hubId: 'hub_any' }, 'body.hubId', 'not used by the hee_staff role'],
    [{ role: 'admin', organisationId: 'org_any' }, 'body.organisationId', 'not used by the admin role'],
    [{ role: 'superuser' }, 'body.role', expect.any(String)],
  ])('refuses %j with 400 naming %s, and creates nobody', async (fields, path, message) => {
    const before = await system.db.prisma.user.count();
    const response = await system.admin.post('/api/users', { name: 'X', email: 'x@example.org', ...fields });
    expectProblem(response, 400);
    expect(response.body.errors).toContainEqual({ path, message });
    expect(await system.db.prisma.user.count()).toBe(before);
  });

  it('refuses a scope field of another role even when the needed one is present', async () => {
    const response = await system.admin.post('/api/users', {
      name: 'X',
      email: 'x@example.org',
      role: 'hub_lead',
      hubId: world.hub.id,
      practiceId: world.practice.id,
    });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ path: 'body.practiceId', message: 'not used by the hub_lead role' }]);
  });

  it('answers the bootstrap admin as id "admin" on /api/me', async () => {
    const me = await system.admin.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: 'admin', name: expect.any(String), role: 'admin', scope: {}, bootstrap: true });
  });

  it('answers /api/me with each role and its scope', async () => {
    const expected = {
      admin: {},
      hee_staff: {},
      org_submitter: { organisationId: world.organisation.id },
      university_reviewer: { universityId: world.university.id },
      hub_lead: { hubId: world.hub.id },
      practice_manager: { practiceId: world.practice.id },
    };
    for (const [role, scope] of Object.entries(expected)) {
      const me = await world.users[role as keyof typeof expected].client.get('/api/me');
      expect({ role, status: me.status, body: me.body }).toEqual({
        role,
        status: 200,
        body: expect.objectContaining({ id: world.users[role as keyof typeof expected].id, role, scope }),
      });
    }
  });

  it('lists users, paginated and filtered by role', async () => {
    const first = await system.admin.get('/api/users?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await system.admin.get(`/api/users?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);

    const hubLeads = await system.admin.get('/api/users?role=hub_lead');
    expect(hubLeads.body.items.map((u: any) => u.id)).toEqual([world.users.hub_lead.id]);
    expect(hubLeads.body.items[0]).not.toHaveProperty('token');
  });

  it('lets only admins manage users', async () => {
    for (const role of ['hee_staff', 'org_submitter', 'university_reviewer', 'hub_lead', 'practice_manager'] as const) {
      const client = world.users[role].client;
      const responses = [
        await client.post('/api/users', { name: 'X', email: 'x@example.org', role: 'admin' }),
        await client.get('/api/users'),
        await client.get(`/api/users/${world.users[role].id}`),
        await client.post(`/api/users/${world.users[role].id}/tokens`),
      ];
      for (const response of responses) expectProblem(response, 403);
    }
    expect((await system.admin.get('/api/users/usr_unknown')).status).toBe(404);
  });

  it('revokes every token of a user at once, by the user themself, and a new token can be issued', async () => {
    const user = await system.admin.post('/api/users', { name: 'Sam Cole', email: 'sam@example.nhs.uk', role: 'hee_staff' });
    const client = system.as(user.body.token);
    expect((await client.get('/api/me')).status).toBe(200);

    const revoked = await client.delete(`/api/users/${user.body.id}/tokens`);
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');

    const after = await client.get('/api/me');
    expectProblem(after, 401);
    expect((await system.admin.get(`/api/users/${user.body.id}`)).body.activeTokens).toBe(0);

    const issued = await system.admin.post(`/api/users/${user.body.id}/tokens`);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ token: expect.stringMatching(/^tf_/), id: expect.any(String) });
    expect((await system.as(issued.body.token).get('/api/me')).body.id).toBe(user.body.id);
    expect((await client.get('/api/me')).status).toBe(401);

    const audit = await system.admin.get(`/api/audit-events?subjectId=${user.body.id}`);
    expect(audit.body.items.map((e: any) => [e.action, e.actorId])).toEqual([
      ['user.created', 'admin'],
      ['user.tokens_revoked', user.body.id],
      ['user.token_issued', 'admin'],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(issued.body.token.split('.')[1]);
  });

  it("lets an admin revoke another user's tokens, but not a user someone else's (404: existence does not leak)", async () => {
    const victim = await system.admin.post('/api/users', { name: 'Kim Ode', email: 'kim@example.nhs.uk', role: 'hee_staff' });
    const other = world.users.org_submitter.client;
    const refused = await other.delete(`/api/users/${victim.body.id}/tokens`);
    expectProblem(refused, 404);
    expect((await other.delete('/api/users/usr_does_not_exist/tokens')).status).toBe(404);
    expect((await system.as(victim.body.token).get('/api/me')).status).toBe(200);

    expect((await system.admin.delete(`/api/users/${victim.body.id}/tokens`)).status).toBe(204);
    expect((await system.as(victim.body.token).get('/api/me')).status).toBe(401);
  });

  it('refuses unknown, malformed and forged tokens with 401', async () => {
    const user = await system.admin.post('/api/users', { name: 'Lee Hart', email: 'lee@example.nhs.uk', role: 'hee_staff' });
    const [prefix] = (user.body.token as string).split('.');
    const forged = `${prefix}.${'A'.repeat(43)}`;
    for (const token of [forged, 'tf_nope', TEST_ADMIN_TOKEN + 'x', '']) {
      expectProblem(await system.as(token).get('/api/me'), 401);
    }
  });

  it('deactivates a user who has left: tokens and calendar feed stop at once, no new token, audited once', async () => {
    const user = await system.admin.post('/api/users', {
      name: 'Dana Hill',
      email: 'dana.hill@example.ac.uk',
      role: 'university_reviewer',
      universityId: world.university.id,
    });
    const client = system.as(user.body.token);
    const calendar = await client.post('/api/me/calendar-token');
    expect(calendar.status).toBe(201);
    const feedPath = new URL(calendar.body.url).pathname;
    expect((await system.admin.request('GET', feedPath)).status).toBe(200);

    for (const role of ['hee_staff', 'hub_lead', 'org_submitter'] as const) {
      expectProblem(await world.users[role].client.post(`/api/users/${user.body.id}/deactivation`), 403);
    }
    expect((await client.get('/api/me')).status).toBe(200);

    const deactivated = await system.admin.post(`/api/users/${user.body.id}/deactivation`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ id: user.body.id, activeTokens: 0, deactivatedAt: expect.any(String) });

    expectProblem(await client.get('/api/me'), 401);
    expect((await system.admin.request('GET', feedPath)).status).toBe(404);
    expectProblem(await system.admin.post(`/api/users/${user.body.id}/tokens`), 409);

    const again = await system.admin.post(`/api/users/${user.body.id}/deactivation`);
    expect(again.status).toBe(200);
    expect(again.body.deactivatedAt).toBe(deactivated.body.deactivatedAt);
    expect((await system.admin.get(`/api/users/${user.body.id}`)).body).toEqual(deactivated.body);

    const audit = await system.admin.get(`/api/audit-events?subjectId=${user.body.id}`);
    const actions = audit.body.items.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === 'user.deactivated')).toHaveLength(1);
    expectProblem(await system.admin.post('/api/users/usr_unknown/deactivation'), 404);
  });
});
