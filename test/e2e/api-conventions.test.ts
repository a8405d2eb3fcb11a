/**
 * The conventions every endpoint follows (API.md "Conventions"), over HTTP: each error status
 * as RFC 9457 problem+json with its type, title, status, detail, field paths and request id;
 * idempotent creation; request ids; security headers; rate limiting per user.
 */
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';
import { ApiClient } from '../support/api-client';
import { createWorld, odsCode, type World } from './fixtures/world';

const PROBLEMS: Record<number, { type: string; title: string }> = {
  400: { type: '/problems/invalid-request', title: 'Invalid request' },
  401: { type: '/problems/unauthenticated', title: 'Not authenticated' },
  403: { type: '/problems/forbidden', title: 'Forbidden' },
  404: { type: '/problems/not-found', title: 'Not found' },
  409: { type: '/problems/conflict', title: 'Conflict' },
  413: { type: '/problems/payload-too-large', title: 'Request body too large' },
  415: { type: '/problems/unsupported-media-type', title: 'Unsupported media type' },
  429: { type: '/problems/rate-limited', title: 'Too many requests' },
};

/** The exact problem for a status: type, title, status, a detail, the request id of the response. */
function expectExactProblem(response: { status: number; body: any; headers: Headers; text: string }, status: number, detail: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toEqual(expect.any(String));
  expect(response.body).toMatchObject({ ...PROBLEMS[status], status, detail: expect.stringMatching(detail), requestId });
}

describe('API conventions', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('400: invalid body or query, unknown fields refused, every field named', () => {
    it('names unknown and invalid body fields', async () => {
      const response = await system.admin.post('/api/organisations', {
        name: 'Trust',
        odsCode: 'no!',
        kind: 'hospital',
        serviceType: 'primary_care',
        colour: 'blue',
      });
      expectExactProblem(response, 400, /^Invalid body: /);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { path: 'body.odsCode', message: 'an ODS code: 3 to 10 letters or digits' },
          { path: 'body.kind', message: expect.any(String) },
          { path: 'body.colour', message: 'unknown field' },
        ]),
      );
      expect(response.body.errors).toHaveLength(3);
    });

    it('names nested fields with their index', async () => {
      const response = await system.admin.post('/api/criteria-sets', {
        hubId: world.hub.id,
        name: 'Nested',
        criteria: [
          { code: 'A', title: 'ok' },
          { code: 'A', title: 'duplicate code', weight: 2 },
        ],
      });
      // The detail names each as people write it; each error's path is the dotted form with its location.
      expectExactProblem(
        response,
        400,
        /^Invalid body: criteria\[1\]\.weight unknown field; criteria\[1\]\.code duplicate criterion code$/,
      );
      expect(response.body.errors).toEqual([
        { path: 'body.criteria.1.weight', message: 'unknown field' },
        { path: 'body.criteria.1.code', message: 'duplicate criterion code' },
      ]);
    });

    it('names unknown and invalid query parameters', async () => {
      const response = await system.admin.get('/api/universities?limit=0&colour=blue');
      expectExactProblem(response, 400, /^Invalid query: /);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { path: 'query.limit', message: expect.any(String) },
          { path: 'query.colour', message: 'unknown field' },
        ]),
      );
    });

    it('refuses a body that is not valid JSON', async () => {
      const response = await system.admin.request('POST', '/api/universities', '{"name": "unterminated', {
        'content-type': 'application/json',
      });
      expectExactProblem(response, 400, /not valid JSON/);
      expect(response.body.errors).toEqual([{ path: 'body', message: 'not valid JSON' }]);
    });

    it('refuses a malformed Idempotency-Key', async () => {
      const response = await system.admin.post('/api/universities', { name: 'Keyed' }, { 'Idempotency-Key': 'spaces are not allowed' });
      expectExactProblem(response, 400, /Idempotency-Key/);
      expect(response.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: expect.any(String) }]);
    });

    it('never answers 5xx for hostile input', async () => {
      const inputs: [string, string, unknown, number][] = [
        ['POST', '/api/programmes', { name: 'x', role: 'advanced_practitioner', universityIds: 'not-a-list' }, 400],
        ['POST', '/api/intakes', { programmeId: { $ne: null } }, 400],
        ['POST', '/api/users', { name: 'x', email: 'x@example.org', role: 'hub_lead', hubId: '\'; DROP TABLE "User"; --' }, 400],
        ['POST', '/api/organisations', [], 400],
        ['POST', '/api/organisations', 'null', 400],
        ['GET', '/api/organisations/..%2F..%2Fetc', undefined, 400],
        ['GET', '/api/audit-events?cursor=%00%01', undefined, 400],
        ['GET', '/api/practices?limit=1e309', undefined, 400],
      ];
      for (const [method, path, body, expected] of inputs) {
        const response = await system.admin.request(method, path, body);
        // The path in the comparison names the input that answered otherwise.
        expect({ path, status: response.status }).toEqual({ path, status: expected });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('401: no or bad token', () => {
    it.each([
      ['no Authorization header', {}],
      ['a token nobody holds', { authorization: 'Bearer tf_AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
      ['a Basic credential', { authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}` }],
      ['a bearer with trailing junk', { authorization: `Bearer ${TEST_ADMIN_TOKEN} extra` }],
    ])('refuses %s', async (_what, headers) => {
      const response = await new ApiClient(system.baseUrl).get('/api/universities', headers as Record<string, string>);
      expectExactProblem(response, 401, /bearer token/);
      expect(response.body).not.toHaveProperty('items');
    });
  });

  it('403: a role outside the route', async () => {
    const response = await world.users.practice_manager.client.get('/api/organisations');
    expectExactProblem(response, 403, /practice_manager role cannot/);
  });

  describe('404', () => {
    it('an unknown id', async () => {
      expectExactProblem(await system.admin.get('/api/programmes/prog_unknown'), 404, /^Programme not found$/);
    });

    it('a route that does not exist, with or without a token', async () => {
      expectExactProblem(await system.admin.get('/api/nothing-here'), 404, /No route for GET \/api\/nothing-here/);
      expectExactProblem(await system.admin.request('PATCH', '/api/universities'), 404, /No route for PATCH/);
    });
  });

  it('409: a duplicate, naming the field', async () => {
    const response = await system.admin.post('/api/practices', {
      name: 'Again',
      odsCode: world.practice.odsCode,
      isTrainingPractice: false,
    });
    expectExactProblem(response, 409, /already exists/);
    expect(response.body.errors).toEqual([{ path: 'body.odsCode', message: 'already registered' }]);
  });

  it('413: a body over 100 kB, and nothing written', async () => {
    const before = await system.db.prisma.hub.count();
    const response = await system.admin.post('/api/hubs', { name: 'Big', areas: Array.from({ length: 600 }, () => 'x'.repeat(200)) });
    expectExactProblem(response, 413, /100 kB/);
    expect(await system.db.prisma.hub.count()).toBe(before);
    // Just under the limit is parsed (and then refused by validation, not by size).
    const under = await system.admin.post('/api/hubs', { name: 'Big', areas: Array.from({ length: 400 }, () => 'x'.repeat(200)) });
    expect(under.status).toBe(400);
  });

  it.each([
    ['text/plain', 'name=University'],
    ['application/x-www-form-urlencoded', 'name=University'],
    ['application/xml', '<university><name>U</name></university>'],
  ])('415: a %s body', async (contentType, body) => {
    const before = await system.db.prisma.university.count();
    const response = await system.admin.request('POST', '/api/universities', body, { 'content-type': contentType });
    expectExactProblem(response, 415, /application\/json/);
    expect(await system.db.prisma.university.count()).toBe(before);
  });

  describe('Idempotency-Key on creating POSTs', () => {
    it('replays the first response for the same key and body; a different body is a 409', async () => {
      const body = { name: 'Conventional Trust', odsCode: odsCode('C'), kind: 'not_for_profit', serviceType: 'other' };
      const first = await system.admin.post('/api/organisations', body, { 'Idempotency-Key': 'conventions-1' });
      const second = await system.admin.post('/api/organisations', body, { 'Idempotency-Key': 'conventions-1' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await system.db.prisma.organisation.count({ where: { odsCode: body.odsCode } })).toBe(1);

      const conflict = await system.admin.post('/api/organisations', { ...body, name: 'Other' }, { 'Idempotency-Key': 'conventions-1' });
      expectExactProblem(conflict, 409, /different request/);
      expect(conflict.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: 'already used with a different request' }]);
    });

    it('keeps keys per user: the same key from another user is a new request', async () => {
      const first = await system.admin.post(
        '/api/criteria-sets',
        { hubId: world.hub.id, name: 'Keyed', criteria: [{ code: 'K', title: 'K' }] },
        {
          'Idempotency-Key': 'shared-key',
        },
      );
      const other = await world.users.hub_lead.client.post(
        '/api/criteria-sets',
        { hubId: world.hub.id, name: 'Keyed', criteria: [{ code: 'K', title: 'K' }] },
        { 'Idempotency-Key': 'shared-key' },
      );
      expect([first.status, other.status]).toEqual([201, 201]);
      expect(other.body.id).not.toBe(first.body.id);
      expect(other.body.version).toBe(first.body.version + 1);
    });

    it('forgets a refused request, so the corrected one may reuse the key', async () => {
      const refused = await system.admin.post('/api/universities', { name: '' }, { 'Idempotency-Key': 'fix-and-retry' });
      expect(refused.status).toBe(400);
      const fixed = await system.admin.post('/api/universities', { name: 'Fixed University' }, { 'Idempotency-Key': 'fix-and-retry' });
      expect(fixed.status).toBe(201);
    });
  });

  describe('request ids', () => {
    it('generates one per request, returns it as X-Request-Id and in problems, and records it in the audit trail', async () => {
      const created = await system.admin.post('/api/universities', { name: 'Traced University' });
      const generated = created.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const audit = await system.db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: created.body.id } });
      expect(audit.requestId).toBe(generated);

      const problem = await system.admin.get('/api/universities/uni_missing');
      expect(problem.body.requestId).toBe(problem.headers.get('x-request-id'));
      expect(problem.body.requestId).not.toBe(generated);
    });

    it('never takes a client’s X-Request-Id as its own: the audit trail holds only ids the server made', async () => {
      const created = await system.admin.post(
        '/api/universities',
        { name: 'Forged Id University' },
        { 'x-request-id': 'client-chosen-id.42' },
      );
      expect(created.status).toBe(201);
      const ours = created.headers.get('x-request-id');
      expect(ours).toMatch(/^[0-9a-f-]{36}$/);
      const audit = await system.db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: created.body.id } });
      expect(audit.requestId).toBe(ours);

      const problem = await system.admin.get('/api/universities/uni_missing', { 'x-request-id': 'client-chosen-id.43' });
      expect(problem.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(problem.body.requestId).toBe(problem.headers.get('x-request-id'));
    });
  });

  it('sends security headers on API answers, problems and the docs page', async () => {
    for (const response of [
      await system.admin.get('/api/universities'),
      await system.as('').get('/api/universities'),
      await system.admin.get('/docs'),
    ]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('API conventions: 429 rate limiting per user', () => {
  const LIMIT = 5;
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: LIMIT });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers 429 problem+json once a user exceeds their limit, while other users carry on', async () => {
    const user = await system.admin.post('/api/users', { name: 'Busy', email: 'busy@example.org', role: 'hee_staff' });
    expect(user.status).toBe(201);
    const busy = system.as(user.body.token);
    for (let i = 0; i < LIMIT; i++) expect((await busy.get('/api/universities')).status).toBe(200);

    const limited = await busy.get('/api/universities');
    expectExactProblem(limited, 429, /slow down/);
    expect(limited.headers.get('ratelimit-policy')).toContain(`${LIMIT}`);

    // Still limited on another route: the limit is per user, not per route.
    expect((await busy.get('/api/me')).status).toBe(429);
    // The admin token made 1 request so far: it is not affected.
    expect((await system.admin.get('/api/universities')).status).toBe(200);
  });
});
