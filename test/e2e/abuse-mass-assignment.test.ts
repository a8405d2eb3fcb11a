/**
 * OWASP API3:2023, broken object property level authorization (mass assignment). Every route
 * with a body (generated from `allRoutes`) is sent a body its schema accepts plus one field a
 * client must never set (state, places, ownership, role, version, ids): each answers 400 naming
 * the unknown field, and nothing changes. Then the fields a body does carry are tried with values
 * outside the caller's scope, and the stored records are read back.
 */
import { rolesOf, type AnyRoute } from '../../api/http/route';
import { allRoutes } from '../../api/routes';
import type { Role } from '../../domain/roles';
import { type AbuseWorld, createAbuseWorld } from '../support/abuse-world';
import { jsonSchemaOf, validSample } from '../support/schema-samples';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

const FORBIDDEN_FIELDS = [
  'status',
  'allocatedPlaces',
  'fundedPlaces',
  'organisationId',
  'universityId',
  'hubId',
  'practiceId',
  'role',
  'version',
  'id',
  'userId',
  'actor',
  'createdAt',
  'submittedAt',
  'waitlistPosition',
  'confirmationDueAt',
  'accreditedUntil',
  'history',
  'candidates',
  'isAdmin',
  'constructor',
  '__proto__',
];

const withBody = allRoutes.filter((route) => route.body);
/** Per route with a body, the forbidden fields its schema does not itself carry. */
const ROUTES = withBody
  .map((route) => {
    const properties = Object.keys(topProperties(route));
    return {
      name: `${route.method.toUpperCase()} ${route.path}`,
      route,
      fields: FORBIDDEN_FIELDS.filter((field) => !properties.includes(field)),
    };
  })
  .filter(({ fields }) => fields.length > 0);

function topProperties(route: AnyRoute): Record<string, unknown> {
  const view = jsonSchemaOf(route.body);
  const ref = view.node.$ref?.replace('#/$defs/', '');
  return (ref ? view.root.$defs?.[ref]?.properties : view.node.properties) ?? {};
}

describe('mass assignment: fields a client must not set are refused on every route with a body', () => {
  let system: TestSystem;
  let world: AbuseWorld;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 100_000, rateLimitPerAddressPerMinute: 100_000 });
    world = await createAbuseWorld(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  /** Our side's object for each path parameter, and an admitted role's client. */
  function callFor(route: AnyRoute) {
    const role = rolesOf(route.policy)![0]! as Role;
    const id = route.path.startsWith('/api/eois/')
      ? world.ours.eoi.id
      : route.path.startsWith('/api/spoke-applications/')
        ? world.ours.spoke.id
        : route.path.startsWith('/api/intakes/')
          ? world.openIntake.id
          : route.path.startsWith('/api/users/')
            ? world.users.hee_staff.id
            : 'none';
    const path = route.path.replace(':id', id).replace(':candidateId', world.ours.eoi.candidateId).replace(':period', '2025-26');
    return { client: world.users[role].client, path };
  }

  async function stateOf() {
    const prisma = system.db.prisma;
    const [eois, spokes, audit, users, organisations, intakes] = await Promise.all([
      prisma.eoi.findMany({
        select: { id: true, version: true, status: true, allocatedPlaces: true, organisationId: true },
        orderBy: { id: 'asc' },
      }),
      prisma.spokeApplication.findMany({ select: { id: true, version: true, status: true, practiceId: true }, orderBy: { id: 'asc' } }),
      prisma.auditEvent.count(),
      prisma.user.findMany({ select: { id: true, role: true, organisationId: true }, orderBy: { id: 'asc' } }),
      prisma.organisation.count(),
      prisma.intake.findMany({ select: { id: true, fundedPlaces: true }, orderBy: { id: 'asc' } }),
    ]);
    return { eois, spokes, audit, users, organisations, intakes };
  }

  /** The state once what the world's setup set off has finished writing (the same twice, 300 ms apart). */
  async function quietState() {
    let last = await stateOf();
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await stateOf();
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
    throw new Error('The database was still changing 30 s after the world was set up');
  }

  it('has a schema-valid body for every route with one', () => {
    expect(withBody.filter((route) => !validSample(route.body)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(ROUTES.flatMap(({ fields }) => fields).length).toBeGreaterThan(withBody.length * 10);
  });

  // The database is read once before and once after each route's refused requests (not around
  // each one): a refused request that changed anything still shows in the route's comparison.
  describe.each(ROUTES)('$name', ({ route, fields }) => {
    let before: Awaited<ReturnType<typeof stateOf>>;
    beforeAll(async () => {
      before = await quietState();
    });

    it.each(fields)('with "%s": 400 unknown field', async (field) => {
      const { client, path } = callFor(route);
      // JSON text, so "__proto__" arrives as an own property the way an attacker would send it.
      const sample = JSON.stringify(validSample(route.body));
      const body = sample === '{}' ? `{${JSON.stringify(field)}:"x"}` : sample.replace(/^\{/, `{${JSON.stringify(field)}:"x",`);
      const response = await client.request(route.method.toUpperCase(), path, body, { 'idempotency-key': `mass-${field}` });
      expectProblem(response, 400);
      expect(response.body.errors).toEqual(expect.arrayContaining([{ path: `body.${field}`, message: 'unknown field' }]));
    });

    it(`changed nothing with its ${fields.length} refused requests`, async () => {
      expect(await stateOf()).toEqual(before);
    });
  });

  it('refuses an EOI submitted for another organisation, and creates none', async () => {
    const before = await stateOf();
    const response = await world.ours.users.org_submitter.client.post('/api/eois', {
      ...validSample(allRoutes.find((r) => r.path === '/api/eois' && r.method === 'post')!.body)!,
      organisationId: world.otherOrganisation.id,
      universityId: world.university.id,
      intakeId: world.openIntake.id,
    });
    expectProblem(response, 403);
    expect(response.body.errors).toEqual([{ path: 'body.organisationId', message: 'not your organisation' }]);
    expect(await stateOf()).toEqual(before);
  });

  it('refuses a spoke application for another practice or a criteria set for another hub', async () => {
    const before = await stateOf();
    const spoke = await world.ours.users.practice_manager.client.post('/api/spoke-applications', {
      practiceId: world.otherPractice.id,
      hubId: world.otherHub.id,
      administrator: { name: 'A', email: 'a@example.org' },
      educationalist: { name: 'E', email: 'e@example.org' },
    });
    expect([403, 404]).toContain(spoke.status);
    const criteria = await world.ours.users.hub_lead.client.post('/api/criteria-sets', {
      hubId: world.otherHub.id,
      name: 'Not mine',
      criteria: [{ code: 'X', title: 'X' }],
    });
    expectProblem(criteria, 403);
    expect(await stateOf()).toEqual(before);
  });

  it('does not let an amendment move an EOI to another organisation or intake, nor set its state', async () => {
    for (const field of ['organisationId', 'intakeId', 'status', 'allocatedPlaces']) {
      const response = await world.ours.users.org_submitter.client.post(`/api/eois/${world.ours.eoi.id}/amendments`, {
        [field]: field === 'allocatedPlaces' ? 5 : world.theirs.eoi.id,
      });
      expectProblem(response, 400);
    }
    const stored = await system.db.prisma.eoi.findUnique({ where: { id: world.ours.eoi.id } });
    expect(stored).toMatchObject({ organisationId: world.organisation.id, status: 'FUNDED', allocatedPlaces: 1 });
  });

  it('does not let a user be created with a role and a scope that do not belong together', async () => {
    const before = await stateOf();
    const cases = [
      { role: 'admin', organisationId: world.organisation.id },
      { role: 'org_submitter' },
      { role: 'org_submitter', organisationId: world.organisation.id, hubId: world.hub.id },
      { role: 'hub_lead', organisationId: world.organisation.id },
    ];
    for (const body of cases) {
      const response = await system.admin.post('/api/users', { name: 'Mallory', email: 'mallory@example.org', ...body });
      expectProblem(response, 400);
    }
    // And nobody but an admin creates users at all.
    expectProblem(
      await world.users.hee_staff.client.post('/api/users', { name: 'Mallory', email: 'mallory@example.org', role: 'admin' }),
      403,
    );
    expect(await stateOf()).toEqual(before);
  });

  it('rejects unknown query parameters on every list route (no filter smuggling)', async () => {
    const lists = allRoutes.filter((r) => r.method === 'get' && r.query);
    for (const route of lists) {
      const role = rolesOf(route.policy)![0]! as Role;
      const response = await world.users[role].client.get(`${route.path}?ownerId=${world.theirs.users.org_submitter.id}`);
      expectProblem(response, 400);
    }
  });
});
