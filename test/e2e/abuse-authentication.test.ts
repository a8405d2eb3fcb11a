/**
 * OWASP API2:2023, broken authentication. Every route that needs a token (generated from
 * `allRoutes`) is called with each kind of bad credential: none, malformed, another scheme, a
 * revoked token, another user's token with its secret changed, a token id paired with someone
 * else's secret, a near miss of the admin token, and a calendar-feed token. Each answers 401 as
 * problem+json and changes nothing. The two kinds of token do not stand in for each other.
 * (Tokens do not expire by time: they live until revoked, which is tested here.)
 */
import http from 'node:http';
import { isPublic } from '../../api/http/route';
import { allRoutes } from '../../api/routes';
import { ApiClient } from '../support/api-client';
import { createUser } from '../support/region';
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

const guarded = allRoutes.filter((route) => !isPublic(route.policy));
const pathOf = (path: string) => path.replace(/:[A-Za-z]+/g, 'some_id');

describe('broken authentication: every guarded route refuses every bad credential', () => {
  let system: TestSystem;
  const bad: Record<string, string | undefined> = {};
  let calendarToken: string;
  let liveToken: string;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 100_000, rateLimitPerAddressPerMinute: 100_000 });
    const alice = await createUser(system, { name: 'Alice', email: 'alice@hee.nhs.uk', role: 'hee_staff' });
    const bob = await createUser(system, { name: 'Bob', email: 'bob@hee.nhs.uk', role: 'hee_staff' });
    const revoked = await createUser(system, { name: 'Rev Oked', email: 'revoked@hee.nhs.uk', role: 'hee_staff' });
    expect((await system.admin.delete(`/api/users/${revoked.id}/tokens`)).status).toBe(204);
    const calendar = await alice.api.post('/api/me/calendar-token');
    expect(calendar.status).toBe(201);
    expect(calendar.headers.get('cache-control')).toBe('no-store');
    calendarToken = calendar.body.token;
    liveToken = alice.token;

    const [aliceId, aliceSecret] = alice.token.replace(/^tf_/, '').split('.') as [string, string];
    const [bobId] = bob.token.replace(/^tf_/, '').split('.') as [string, string];
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    Object.assign(bad, {
      missing: undefined,
      'empty bearer': 'Bearer ',
      'no scheme': alice.token,
      'basic scheme': `Basic ${Buffer.from(`alice:${alice.token}`).toString('base64')}`,
      'garbage token': 'Bearer not-a-token',
      'token and trailing text': `Bearer ${alice.token} extra`,
      'truncated token': `Bearer ${alice.token.slice(0, -5)}`,
      'secret changed': `Bearer tf_${aliceId}.${flip(aliceSecret)}`,
      "another user's id with this secret": `Bearer tf_${bobId}.${aliceSecret}`,
      revoked: `Bearer ${revoked.token}`,
      'admin token with a suffix': `Bearer ${TEST_ADMIN_TOKEN}x`,
      'admin token cut short': `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`,
      'calendar token as bearer': `Bearer ${calendarToken}`,
      'very long token': `Bearer tf_${'a'.repeat(5_000)}`,
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('covers every guarded route', () => {
    expect(guarded.length).toBeGreaterThan(40);
  });

  it.each([
    'missing',
    'empty bearer',
    'no scheme',
    'basic scheme',
    'garbage token',
    'token and trailing text',
    'truncated token',
    'secret changed',
    "another user's id with this secret",
    'revoked',
    'admin token with a suffix',
    'admin token cut short',
    'calendar token as bearer',
    'very long token',
  ])('%s: 401 problem on every guarded route, nothing written', async (kind) => {
    const auditBefore = await system.db.prisma.auditEvent.count();
    const idempotencyBefore = await system.db.prisma.idempotencyRecord.count();
    const header = bad[kind];
    const answers: string[] = [];
    for (const route of guarded) {
      const response = await new ApiClient(system.baseUrl).request(
        route.method.toUpperCase(),
        pathOf(route.path),
        route.body ? {} : undefined,
        header === undefined ? {} : { authorization: header, 'idempotency-key': 'abuse-auth' },
      );
      if (response.status !== 401) answers.push(`${route.method} ${route.path}: ${response.status}`);
      else expectProblem(response, 401);
    }
    expect(answers).toEqual([]);
    expect(await system.db.prisma.auditEvent.count()).toBe(auditBefore);
    expect(await system.db.prisma.idempotencyRecord.count()).toBe(idempotencyBefore);
  });

  it('a bearer token is not a calendar feed token, and the admin token is not one either', async () => {
    for (const token of [liveToken, TEST_ADMIN_TOKEN, `${calendarToken}x`, 'tfcal_x.y']) {
      const response = await new ApiClient(system.baseUrl).get(`/calendar/${encodeURIComponent(token)}.ics`);
      expectProblem(response, 404);
    }
    // The real feed token works, where it belongs.
    const feed = await new ApiClient(system.baseUrl).get(`/calendar/${calendarToken}.ics`);
    expect(feed.status).toBe(200);
  });

  it('revoking tokens takes effect at once, for the API token and the calendar feed alike', async () => {
    const carol = await createUser(system, { name: 'Carol', email: 'carol@hee.nhs.uk', role: 'hee_staff' });
    const feed = (await carol.api.post('/api/me/calendar-token')).body.token as string;
    expect((await carol.api.get('/api/me')).status).toBe(200);
    expect((await carol.api.delete(`/api/users/${carol.id}/tokens`)).status).toBe(204);
    expectProblem(await carol.api.get('/api/me'), 401);
    expectProblem(await new ApiClient(system.baseUrl).get(`/calendar/${feed}.ics`), 404);
    // A new token issued by an admin works; the old one stays dead.
    const issued = await system.admin.post(`/api/users/${carol.id}/tokens`);
    expect((await system.as(issued.body.token).get('/api/me')).body).toMatchObject({ id: carol.id });
    expectProblem(await carol.api.get('/api/me'), 401);
  });
  it('builds a feed’s address from where the service is published, never from the request’s Host header', async () => {
    const carol = await createUser(system, { name: 'Carol Host', email: 'carol.host@hee.nhs.uk', role: 'hee_staff' });
    // fetch cannot forge Host; a raw request can, as any client can.
    const answer = await new Promise<{ status: number; body: { url: string } }>((resolve, reject) => {
      const request = http.request(
        `${system.baseUrl}/api/me/calendar-token`,
        { method: 'POST', headers: { Authorization: `Bearer ${carol.token}`, Host: 'evil.example' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(201);
    expect(answer.body.url.startsWith(`${system.baseUrl}/calendar/tfcal_`)).toBe(true);
    expect(answer.body.url).not.toContain('evil.example');
  });
});
