/**
 * Who may call what, over HTTP with a real user of every role. The matrix below is written from
 * the product rules (not read from the implementation): every role × every endpoint is tried.
 */
import { allRoutes } from '../../api/routes';
import { auditEventRoutes } from '../../api/routes/audit-events';
import { criteriaSetRoutes } from '../../api/routes/criteria-sets';
import { hubRoutes } from '../../api/routes/hubs';
import { intakeRoutes } from '../../api/routes/intakes';
import { meRoutes } from '../../api/routes/me';
import { organisationRoutes } from '../../api/routes/organisations';
import { practiceRoutes } from '../../api/routes/practices';
import { programmeRoutes } from '../../api/routes/programmes';
import { referenceRenameRoutes } from '../../api/routes/reference-rename';
import { universityRoutes } from '../../api/routes/universities';
import { userRoutes } from '../../api/routes/users';
import { ROLES, type Role } from '../../domain/roles';
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, expectProblem, odsCode, type World } from './fixtures/world';

const ALL = ROLES;
const REGIONAL_AND_REVIEWERS = ['admin', 'hee_staff', 'university_reviewer', 'org_submitter'] as const;
const PRACTICE_READERS = ['admin', 'hee_staff', 'hub_lead', 'practice_manager'] as const;

interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (w: World, role: Role) => string;
  body?: (w: World, role: Role) => unknown;
  allowed: readonly Role[];
  /** Status an allowed call answers. */
  success: number;
}

let counter = 0;
const unique = (what: string, role: Role) => `${what} by ${role} #${++counter}`;

/** Renaming a record: administrators only. */
const rename = (path: string, record: (w: World) => { id: string }): Endpoint => ({
  method: 'PATCH',
  path: (w) => `/api/${path}/${record(w).id}`,
  body: (_w, role) => ({ name: unique(`Renamed ${path}`, role) }),
  allowed: ['admin'],
  success: 200,
});

const ENDPOINTS: Record<string, Endpoint> = {
  'PATCH /api/organisations/:id': rename('organisations', (w) => w.otherOrganisation),
  'PATCH /api/universities/:id': rename('universities', (w) => w.otherUniversity),
  'PATCH /api/programmes/:id': rename('programmes', (w) => w.programme),
  'PATCH /api/hubs/:id': rename('hubs', (w) => w.otherHub),
  'PATCH /api/practices/:id': rename('practices', (w) => w.otherPractice),
  'POST /api/organisations': {
    method: 'POST',
    path: () => '/api/organisations',
    body: (_w, role) => ({ name: unique('Org', role), odsCode: odsCode('M'), kind: 'other', serviceType: 'other' }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/organisations': { method: 'GET', path: () => '/api/organisations', allowed: REGIONAL_AND_REVIEWERS, success: 200 },
  'GET /api/organisations/:id (own)': {
    method: 'GET',
    path: (w) => `/api/organisations/${w.organisation.id}`,
    allowed: REGIONAL_AND_REVIEWERS,
    success: 200,
  },
  'POST /api/universities': {
    method: 'POST',
    path: () => '/api/universities',
    body: (_w, role) => ({ name: unique('University', role) }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/universities': { method: 'GET', path: () => '/api/universities', allowed: ALL, success: 200 },
  'GET /api/universities/:id': { method: 'GET', path: (w) => `/api/universities/${w.university.id}`, allowed: ALL, success: 200 },
  'POST /api/programmes': {
    method: 'POST',
    path: () => '/api/programmes',
    body: (w, role) => ({ name: unique('Programme', role), role: 'assistant_practitioner', universityIds: [w.university.id] }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/programmes': { method: 'GET', path: () => '/api/programmes', allowed: ALL, success: 200 },
  'GET /api/programmes/:id': { method: 'GET', path: (w) => `/api/programmes/${w.programme.id}`, allowed: ALL, success: 200 },
  'POST /api/intakes': {
    method: 'POST',
    path: () => '/api/intakes',
    body: (w) => ({
      programmeId: w.programme.id,
      startsOn: '2028-01-10',
      fundedPlaces: 3,
      eoiOpensAt: '2027-06-01T09:00:00Z',
      eoiClosesAt: '2027-07-01T09:00:00Z',
    }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/intakes': { method: 'GET', path: () => '/api/intakes', allowed: ALL, success: 200 },
  'GET /api/intakes/:id': { method: 'GET', path: (w) => `/api/intakes/${w.intake.id}`, allowed: ALL, success: 200 },
  'POST /api/hubs': {
    method: 'POST',
    path: () => '/api/hubs',
    body: (_w, role) => ({ name: unique('Hub', role), areas: ['Salford'] }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/hubs': { method: 'GET', path: () => '/api/hubs', allowed: ALL, success: 200 },
  'GET /api/hubs/:id': { method: 'GET', path: (w) => `/api/hubs/${w.hub.id}`, allowed: ALL, success: 200 },
  'GET /api/hubs/:id/criteria-sets/current': {
    method: 'GET',
    path: (w) => `/api/hubs/${w.hub.id}/criteria-sets/current`,
    allowed: ALL,
    success: 200,
  },
  'POST /api/practices': {
    method: 'POST',
    path: () => '/api/practices',
    body: (w, role) => ({ name: unique('Practice', role), odsCode: odsCode('Q'), isTrainingPractice: false, hubId: w.hub.id }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/practices': { method: 'GET', path: () => '/api/practices', allowed: PRACTICE_READERS, success: 200 },
  'GET /api/practices/:id (own)': {
    method: 'GET',
    path: (w) => `/api/practices/${w.practice.id}`,
    allowed: PRACTICE_READERS,
    success: 200,
  },
  'POST /api/criteria-sets (own hub)': {
    method: 'POST',
    path: () => '/api/criteria-sets',
    body: (w, role) => ({ hubId: w.hub.id, name: unique('Criteria', role), criteria: [{ code: 'C1', title: 'Teaching time' }] }),
    allowed: ['admin', 'hub_lead'],
    success: 201,
  },
  'GET /api/criteria-sets': { method: 'GET', path: () => '/api/criteria-sets', allowed: ALL, success: 200 },
  'GET /api/criteria-sets/:id': { method: 'GET', path: (w) => `/api/criteria-sets/${w.criteriaSet.id}`, allowed: ALL, success: 200 },
  'GET /api/audit-events': { method: 'GET', path: () => '/api/audit-events', allowed: ['admin', 'hee_staff'], success: 200 },
  'POST /api/users': {
    method: 'POST',
    path: () => '/api/users',
    body: (_w, role) => ({ name: unique('User', role), email: 'someone@example.org', role: 'hee_staff' }),
    allowed: ['admin'],
    success: 201,
  },
  'GET /api/users': { method: 'GET', path: () => '/api/users', allowed: ['admin'], success: 200 },
  'GET /api/users/:id': { method: 'GET', path: (w) => `/api/users/${w.users.hee_staff.id}`, allowed: ['admin'], success: 200 },
  'POST /api/users/:id/tokens': {
    method: 'POST',
    path: (w) => `/api/users/${w.users.hee_staff.id}/tokens`,
    allowed: ['admin'],
    success: 201,
  },
  'POST /api/users/:id/invitation': {
    method: 'POST',
    path: (w) => `/api/users/${w.users.hee_staff.id}/invitation`,
    allowed: ['admin'],
    success: 201,
  },
  'POST /api/users/:id/deactivation': {
    method: 'POST',
    // A user of its own (created in beforeAll): deactivating a role's user would end its part in the matrix.
    path: () => `/api/users/${leaver.id}/deactivation`,
    allowed: ['admin'],
    success: 200,
  },
  'GET /api/me': { method: 'GET', path: () => '/api/me', allowed: ALL, success: 200 },
};

const leaver = { id: '' };

/** A user's own tokens: any role for themself, admins for anyone (object-level, below). */
const SELF_OR_ADMIN = ['GET /api/users/:id/tokens', 'DELETE /api/users/:id/tokens', 'DELETE /api/users/:id/tokens/:tokenId'];

const MATRIX = Object.entries(ENDPOINTS).flatMap(([name, endpoint]) =>
  ROLES.map((role) => ({ name, endpoint, role, allowed: endpoint.allowed.includes(role) })),
);

describe('reference data: each role allowed and refused on every endpoint', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
    const created = await system.admin.post('/api/users', { name: 'Leaver', email: 'leaver@example.org', role: 'hee_staff' });
    expect(created.status).toBe(201);
    leaver.id = created.body.id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each(MATRIX)('$name as $role: allowed=$allowed', async ({ endpoint, role, allowed }) => {
    const client = world.users[role].client;
    const auditBefore = await system.db.prisma.auditEvent.count();
    const response = await client.request(endpoint.method, endpoint.path(world, role), endpoint.body?.(world, role));
    if (allowed) {
      expect({ status: response.status, body: response.body }).toEqual({ status: endpoint.success, body: expect.anything() });
    } else {
      expectProblem(response, 403);
      expect(response.body.detail).toContain(role);
      // A refused call writes nothing.
      expect(await system.db.prisma.auditEvent.count()).toBe(auditBefore);
    }
  });

  it.each(Object.keys(ENDPOINTS))('%s without a token: 401', async (name) => {
    const endpoint = ENDPOINTS[name]!;
    const response = await system.as('').request(endpoint.method, endpoint.path(world, 'admin'), endpoint.body?.(world, 'admin'));
    expectProblem(response, 401);
  });

  it('covers every reference-data, user and audit route (a new one must be added to this matrix)', () => {
    const inMatrix = new Set(Object.keys(ENDPOINTS).map((name) => name.replace(/ \(.*\)$/, '')));
    const routes = [
      ...organisationRoutes,
      ...universityRoutes,
      ...programmeRoutes,
      ...intakeRoutes,
      ...hubRoutes,
      ...practiceRoutes,
      ...criteriaSetRoutes,
      ...referenceRenameRoutes,
      ...auditEventRoutes,
      ...userRoutes,
      ...meRoutes,
    ];
    const missing = routes
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      // Self or admin: tested on their own below.
      .filter((route) => !SELF_OR_ADMIN.includes(route))
      .filter((route) => !inMatrix.has(route));
    expect(missing).toEqual([]);
    // And each of them is really served.
    const served = new Set(allRoutes);
    expect(routes.filter((r) => !served.has(r))).toEqual([]);
  });
});

describe('reference data: object-level scope (out of scope answers 404 like an unknown id)', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const ids = (page: any) => page.body.items.map((item: any) => item.id);

  it('shows an org submitter their own organisation only', async () => {
    const submitter = world.users.org_submitter.client;
    expect((await submitter.get(`/api/organisations/${world.organisation.id}`)).body).toEqual(world.organisation);

    const other = await submitter.get(`/api/organisations/${world.otherOrganisation.id}`);
    const unknown = await submitter.get('/api/organisations/org_unknown');
    expectProblem(other, 404);
    expect(other.body.detail).toBe(unknown.body.detail);
    expect(other.body).not.toHaveProperty('name');

    expect(ids(await submitter.get('/api/organisations'))).toEqual([world.organisation.id]);
    expect(ids(await submitter.get(`/api/organisations?odsCode=${world.otherOrganisation.odsCode}`))).toEqual([]);
  });

  it('shows regional staff and reviewers every organisation', async () => {
    for (const role of ['admin', 'hee_staff', 'university_reviewer'] as const) {
      const listed = ids(await world.users[role].client.get('/api/organisations'));
      expect(listed).toEqual(expect.arrayContaining([world.organisation.id, world.otherOrganisation.id]));
      expect((await world.users[role].client.get(`/api/organisations/${world.otherOrganisation.id}`)).status).toBe(200);
    }
  });

  it("shows a hub lead their hub's practices only", async () => {
    const lead = world.users.hub_lead.client;
    expect((await lead.get(`/api/practices/${world.practice.id}`)).body).toEqual(world.practice);
    const other = await lead.get(`/api/practices/${world.otherPractice.id}`);
    expectProblem(other, 404);
    expect(other.body.detail).toBe((await lead.get('/api/practices/prac_unknown')).body.detail);
    expect(ids(await lead.get('/api/practices'))).toEqual([world.practice.id]);
    expect(ids(await lead.get(`/api/practices?hubId=${world.otherHub.id}`))).toEqual([]);
  });

  it('shows a practice manager their own practice only, even beside another practice of the same hub', async () => {
    const neighbour = await system.admin.post('/api/practices', {
      name: 'Kearsley Medical Centre',
      odsCode: odsCode('P'),
      isTrainingPractice: true,
      hubId: world.hub.id,
    });
    const manager = world.users.practice_manager.client;
    expect((await manager.get(`/api/practices/${world.practice.id}`)).status).toBe(200);
    expectProblem(await manager.get(`/api/practices/${neighbour.body.id}`), 404);
    expectProblem(await manager.get(`/api/practices/${world.otherPractice.id}`), 404);
    expect(ids(await manager.get('/api/practices'))).toEqual([world.practice.id]);
    // The hub lead of that hub sees both.
    expect(ids(await world.users.hub_lead.client.get('/api/practices'))).toEqual([world.practice.id, neighbour.body.id]);
  });

  it('refuses a hub lead a criteria set for another hub (403 naming body.hubId), and writes nothing', async () => {
    const before = await system.db.prisma.criteriaSet.count();
    const response = await world.users.hub_lead.client.post('/api/criteria-sets', {
      hubId: world.otherHub.id,
      name: 'Not mine',
      criteria: [{ code: 'X', title: 'X' }],
    });
    expectProblem(response, 403);
    expect(response.body.errors).toEqual([{ path: 'body.hubId', message: 'not your hub' }]);
    expect(await system.db.prisma.criteriaSet.count()).toBe(before);
  });

  it('lets a hub lead version their own hub’s criteria', async () => {
    const response = await world.users.hub_lead.client.post('/api/criteria-sets', {
      hubId: world.hub.id,
      name: 'Spoke criteria 2027',
      criteria: [{ code: 'C1', title: 'A named educationalist' }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ hubId: world.hub.id, version: world.criteriaSet.version + 1 });
    const current = await world.users.practice_manager.client.get(`/api/hubs/${world.hub.id}/criteria-sets/current`);
    expect(current.body.id).toBe(response.body.id);
  });

  it('lets a user list their own tokens, an admin anyone’s, and answers 404 for anyone else’s', async () => {
    const manager = world.users.practice_manager;
    const own = await manager.client.get(`/api/users/${manager.id}/tokens`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect((await system.admin.get(`/api/users/${manager.id}/tokens`)).body.items).toEqual(own.body.items);
    const tokenId = own.body.items[0].id;
    expectProblem(await world.users.hub_lead.client.get(`/api/users/${manager.id}/tokens`), 404);
    expectProblem(await world.users.hub_lead.client.delete(`/api/users/${manager.id}/tokens/${tokenId}`), 404);
    expect((await manager.client.get('/api/me')).status).toBe(200);
  });

  it('lets a user revoke their own tokens but answers 404 for anyone else’s', async () => {
    const lead = world.users.hub_lead;
    expectProblem(await lead.client.delete(`/api/users/${world.users.practice_manager.id}/tokens`), 404);
    expect((await world.users.practice_manager.client.get('/api/me')).status).toBe(200);
    expect((await lead.client.delete(`/api/users/${lead.id}/tokens`)).status).toBe(204);
    expectProblem(await lead.client.get('/api/me'), 401);
  });
});
