/**
 * OWASP API4:2023, unrestricted resource consumption. Generated from `allRoutes` and the zod
 * schemas they validate with: every body over 100 kB answers 413; every string and array maximum
 * in every request schema, exceeded by one, answers 400 naming the field; every page size over
 * 100 answers 400; and a user over their rate limit answers 429 while another user carries on
 * (abuse-rate-limits has the rest of the limits).
 */
import { rolesOf, type AnyRoute } from '../../api/http/route';
import { allRoutes } from '../../api/routes';
import type { Role } from '../../domain/roles';
import { ApiClient } from '../support/api-client';
import { type AbuseWorld, createAbuseWorld } from '../support/abuse-world';
import { createUser } from '../support/region';
import { jsonSchemaOf, oversizes, setPath, validSample } from '../support/schema-samples';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

const withBody = allRoutes.filter((route) => route.body);
const BODY_CASES = withBody.flatMap((route) =>
  oversizes(jsonSchemaOf(route.body)).map((o) => ({ name: `${route.method.toUpperCase()} ${route.path}`, route, oversize: o })),
);
const withQuery = allRoutes.filter((route) => route.query);
const QUERY_CASES = withQuery.flatMap((route) =>
  oversizes(jsonSchemaOf(route.query))
    .filter((o) => o.kind === 'string')
    .map((o) => ({ name: `${route.method.toUpperCase()} ${route.path}`, route, oversize: o })),
);
const paged = withQuery.filter((route) => 'limit' in (jsonSchemaOf(route.query).node.properties ?? {}));

describe('resource consumption: body size, field maxima, page size', () => {
  let system: TestSystem;
  let world: AbuseWorld;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 100_000, rateLimitPerAddressPerMinute: 100_000 });
    world = await createAbuseWorld(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  function callFor(route: AnyRoute) {
    const role = (rolesOf(route.policy)?.[0] ?? 'admin') as Role;
    const id = route.path.startsWith('/api/eois/')
      ? world.ours.eoi.id
      : route.path.startsWith('/api/spoke-applications/')
        ? world.ours.spoke.id
        : route.path.startsWith('/api/intakes/')
          ? world.openIntake.id
          : 'none';
    const path = route.path
      .replace(':id', id)
      .replace(':candidateId', world.ours.eoi.candidateId)
      .replace(':period', '2025-26')
      .replace(':organisationId', 'none');
    return { client: world.users[role].client, path };
  }

  const counts = async () => {
    const prisma = system.db.prisma;
    return Promise.all([prisma.auditEvent.count(), prisma.eoi.count(), prisma.spokeApplication.count(), prisma.idempotencyRecord.count()]);
  };

  it('finds maxima to exceed in the schemas', () => {
    expect(BODY_CASES.length).toBeGreaterThan(50);
    expect(BODY_CASES.some((c) => c.oversize.kind === 'array')).toBe(true);
    expect(QUERY_CASES.length).toBeGreaterThan(10);
    expect(paged.length).toBeGreaterThan(10);
  });

  it.each(withBody.map((route) => ({ name: `${route.method.toUpperCase()} ${route.path}`, route })))(
    '$name: a body over 100 kB is 413, before anything is done',
    async ({ route }) => {
      const { client, path } = callFor(route);
      const before = await counts();
      const response = await client.request(route.method.toUpperCase(), path, JSON.stringify({ name: 'a'.repeat(101 * 1024) }));
      expectProblem(response, 413);
      expect(await counts()).toEqual(before);
    },
  );

  it.each(BODY_CASES)(
    '$name: body.$oversize.path over its $oversize.kind maximum ($oversize.limit) is 400',
    async ({ route, oversize }) => {
      const { client, path } = callFor(route);
      const before = await counts();
      const body = setPath(validSample(route.body), oversize.path, oversize.value);
      const response = await client.request(route.method.toUpperCase(), path, body, { 'idempotency-key': 'oversize' });
      expectProblem(response, 400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(`body.${oversize.path}`);
      expect(await counts()).toEqual(before);
    },
  );

  it.each(QUERY_CASES)('$name: query.$oversize.path over its maximum ($oversize.limit) is 400', async ({ route, oversize }) => {
    const { client, path } = callFor(route);
    const response = await client.get(`${path}?${new URLSearchParams({ [oversize.path]: String(oversize.value) })}`);
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(`query.${oversize.path}`);
  });

  it.each(paged.map((route) => ({ name: route.path, route })))(
    '$name: pages hold at most 100 (limit=101 and limit=0 are 400)',
    async ({ route }) => {
      const { client, path } = callFor(route);
      expect((await client.get(`${path}?limit=100`)).status).toBe(200);
      for (const limit of ['101', '0', '100000000000000000000', '-1', '1e3']) {
        const response = await client.get(`${path}?limit=${limit}`);
        expectProblem(response, 400);
        expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('query.limit');
      }
    },
  );

  it('refuses a body that is not JSON (415) and JSON that does not parse (400)', async () => {
    const client = world.ours.users.org_submitter.client;
    const xml = await client.request('POST', '/api/eois', '<eoi/>', { 'content-type': 'application/xml' });
    expectProblem(xml, 415);
    const broken = await client.request('POST', '/api/eois', '{"organisationId": ', { 'content-type': 'application/json' });
    expectProblem(broken, 400);
  });
});

describe('resource consumption: the rate limit is per user, and per address for refused requests', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 5, rateLimitPerAddressPerMinute: 5 });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers 429 to a user over their limit while another user carries on, and to a flood without a token', async () => {
    const alice = await createUser(system, { name: 'Alice', email: 'alice@hee.nhs.uk', role: 'hee_staff' });
    const bob = await createUser(system, { name: 'Bob', email: 'bob@hee.nhs.uk', role: 'hee_staff' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await alice.api.get('/api/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = await alice.api.get('/api/me');
    expectProblem(limited, 429);
    expect(limited.headers.get('ratelimit-policy') ?? limited.headers.get('ratelimit')).toBeTruthy();
    // Another user is not affected.
    expect((await bob.api.get('/api/me')).status).toBe(200);
    // A flood without a token is limited by address (refused requests), and answers as problem+json too.
    const anonymous: number[] = [];
    for (let i = 0; i < 7; i++) anonymous.push((await new ApiClient(system.baseUrl).get('/api/me')).status);
    expect(anonymous.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(anonymous.slice(5)).toEqual([429, 429]);
  });
});
