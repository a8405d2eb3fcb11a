/**
 * OWASP API1:2023, broken object-level authorization. The matrix is generated from `allRoutes`
 * (the list the router mounts): every route with a path parameter × every role, each call aimed
 * at an object outside the caller's scope with a body the route's own schema accepts (so the
 * request reaches the scope check rather than stopping at validation). Expected: 403 for a role
 * the route does not admit, 404 for an admitted role (existence is not revealed), never 2xx,
 * never any of the object's data, and the object unchanged.
 */
import { REFERENCE_ACCESS, type ReferenceKind } from '../../api/auth/reference-scope';
import { isPublic, rolesOf, type AnyRoute } from '../../api/http/route';
import { allRoutes } from '../../api/routes';
import { ROLES, type Role } from '../../domain/roles';
import { type AbuseWorld, createAbuseWorld } from '../support/abuse-world';
import { validSample } from '../support/schema-samples';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

type Kind = 'eoi' | 'spoke' | 'document' | 'user' | 'email' | 'fairShare' | ReferenceKind;

/** Fair-share routes are aimed at a period with no figures, and at another organisation's rows. */
const EMPTY_PERIOD = '2031-32';

const KIND_OF_SEGMENT: Record<string, Kind> = {
  eois: 'eoi',
  'spoke-applications': 'spoke',
  documents: 'document',
  // A signed document's id starts with its application's: aimed at the foreign application's.
  'signed-documents': 'spoke',
  users: 'user',
  outbox: 'email',
  organisations: 'organisation',
  universities: 'university',
  programmes: 'programme',
  intakes: 'intake',
  hubs: 'hub',
  practices: 'practice',
  'criteria-sets': 'criteriaSet',
};

/** The kind of object a route's first path parameter names (the path segment before it). */
function kindOf(route: AnyRoute): Kind {
  if (route.path.startsWith('/api/fair-share/')) return 'fairShare';
  const segment = /\/api\/([a-z-]+)\/:/.exec(route.path)?.[1];
  const kind = segment ? KIND_OF_SEGMENT[segment] : undefined;
  if (!kind) throw new Error(`No object kind known for ${route.path}: add its path segment to KIND_OF_SEGMENT`);
  return kind;
}

type Target =
  { kind: 'foreign'; id: string; candidateId?: string; secrets: string[]; subject?: string } | { kind: 'sees-all'; why: string };

/** An object of the kind that the role may not see, or why every object of the kind is the role's to see. */
function targetFor(world: AbuseWorld, kind: Kind, role: Role): Target {
  const theirs = world.theirs;
  switch (kind) {
    case 'eoi':
      if (role === 'admin' || role === 'hee_staff') return { kind: 'sees-all', why: 'regional roles see every EOI' };
      return {
        kind: 'foreign',
        id: theirs.eoi.id,
        candidateId: theirs.eoi.candidateId,
        secrets: theirs.eoi.secrets,
        subject: theirs.eoi.id,
      };
    case 'spoke':
      if (role === 'admin' || role === 'hee_staff') return { kind: 'sees-all', why: 'regional roles see every spoke application' };
      return { kind: 'foreign', id: theirs.spoke.id, secrets: theirs.spoke.secrets, subject: theirs.spoke.id };
    case 'document':
      if (role === 'admin' || role === 'hee_staff')
        return { kind: 'sees-all', why: 'regional roles see every spoke application’s documents' };
      return { kind: 'foreign', id: theirs.document.id, secrets: theirs.document.secrets, subject: theirs.spoke.id };
    case 'email':
      // Only administrators reach the outbox (every other role is refused by policy), and they see all of it.
      return { kind: 'sees-all', why: 'the outbox is for administrators, who see every email' };
    case 'fairShare':
      if (role === 'hee_staff') return { kind: 'sees-all', why: 'regional staff see every provider’s figures' };
      return { kind: 'foreign', id: world.otherOrganisation.id, secrets: [world.otherOrganisation.name] };
    case 'user':
      if (role === 'admin') return { kind: 'sees-all', why: 'administrators manage every user' };
      return { kind: 'foreign', id: theirs.users.org_submitter.id, secrets: [theirs.users.org_submitter.email] };
    default: {
      const rule = REFERENCE_ACCESS[kind].read[role];
      if (rule === undefined || typeof rule === 'function') {
        // A role that may not read the kind at all is refused whatever the object; one that reads
        // within its scope is aimed at the other side's record.
        const other: Partial<Record<ReferenceKind, { id: string; name: string }>> = {
          organisation: world.otherOrganisation,
          practice: world.otherPractice,
          hub: world.otherHub,
        };
        const record = other[kind];
        if (record) return { kind: 'foreign', id: record.id, secrets: [record.name] };
      }
      return { kind: 'sees-all', why: `${kind} records are reference data the ${role} role reads in full` };
    }
  }
}

const scopedRoutes = allRoutes.filter((route) => route.path.includes(':') && !isPublic(route.policy));
const MATRIX = scopedRoutes.flatMap((route) =>
  ROLES.map((role) => ({
    name: `${route.method.toUpperCase()} ${route.path}`,
    route,
    role,
    admitted: !!rolesOf(route.policy)?.includes(role),
  })),
);

describe('object-level authorization: every route with a path parameter × every role, aimed outside the caller’s scope', () => {
  let system: TestSystem;
  let world: AbuseWorld;
  const tokens = {} as Record<Role, AbuseWorld['users'][Role]['client']>;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createAbuseWorld(system);
    for (const role of ROLES) tokens[role] = world.users[role].client;
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('generates a cell for every scoped route with a path parameter, each with a body its schema accepts', () => {
    expect(scopedRoutes.length).toBeGreaterThan(20);
    expect(MATRIX).toHaveLength(scopedRoutes.length * ROLES.length);
    const noSample = scopedRoutes.filter((route) => route.body && !validSample(route.body)).map((r) => `${r.method} ${r.path}`);
    expect(noSample).toEqual([]);
    // Public routes with a path parameter are the credential-in-the-URL kind: covered in abuse-authentication.
    expect(allRoutes.filter((r) => r.path.includes(':') && isPublic(r.policy)).map((r) => r.path)).toEqual([
      '/calendar/:calendarToken.ics',
    ]);
  });

  /** Rows naming the target organisation and a real profession, so only scope can refuse them. */
  function fairShareBody(route: AnyRoute, organisationId: string) {
    if (!route.path.startsWith('/api/fair-share/') || route.method !== 'put' || route.path.endsWith('/required-weeks')) return undefined;
    const value = route.path.endsWith('/workforce') ? { wte: 1 } : { weeks: 1 };
    return { rows: [{ organisationId, profession: 'physiotherapy', ...value }] };
  }

  async function snapshot(subject: string | undefined) {
    if (!subject) return undefined;
    const [eoi, spoke, audit] = await Promise.all([
      system.db.prisma.eoi.findUnique({ where: { id: subject }, select: { version: true, status: true } }),
      system.db.prisma.spokeApplication.findUnique({ where: { id: subject }, select: { version: true, status: true } }),
      system.db.prisma.auditEvent.count({ where: { subjectId: subject } }),
    ]);
    return { eoi, spoke, audit };
  }

  it.each(MATRIX)('$name as $role (admitted by policy: $admitted)', async ({ route, role, admitted }) => {
    const target = targetFor(world, kindOf(route), role);
    const id = target.kind === 'foreign' ? target.id : `unknown_${role}`;
    const candidateId = target.kind === 'foreign' && target.candidateId ? target.candidateId : 'cand_unknown';
    const path = route.path
      .replace(':id', encodeURIComponent(id))
      .replace(':candidateId', encodeURIComponent(candidateId))
      .replace(':tokenId', 'AAAAAAAAAAAAAAAA') // a well-formed token id: what is refused is the user outside one's scope
      // A real criterion code and a well-formed document id: what is refused is the application outside one's scope.
      .replace(':criterionCode', 'C1')
      .replace(':documentId', 'doc_unknown')
      .replace(':period', EMPTY_PERIOD)
      .replace(':organisationId', encodeURIComponent(id));
    const body = fairShareBody(route, id) ?? (route.body ? validSample(route.body) : undefined);
    const before = await snapshot(target.kind === 'foreign' ? target.subject : undefined);

    const response = await tokens[role].request(route.method.toUpperCase(), path, body);

    // Refused by role (403) or, admitted but out of scope or unknown, not found (404). The region's
    // required weeks name no organisation: the sample's unknown profession is refused (400).
    expectProblem(response, !admitted ? 403 : route.path.endsWith('/required-weeks') && route.method === 'put' ? 400 : 404);
    if (route.path.startsWith('/api/fair-share/periods/')) {
      const stored = await Promise.all([
        system.db.prisma.fairShareWorkforce.count({ where: { period: EMPTY_PERIOD } }),
        system.db.prisma.fairShareRequiredWeeks.count({ where: { period: EMPTY_PERIOD } }),
        system.db.prisma.fairShareOfferedWeeks.count({ where: { period: EMPTY_PERIOD } }),
      ]);
      expect(stored).toEqual([0, 0, 0]);
    }
    if (target.kind === 'foreign') {
      for (const secret of target.secrets) expect(response.text).not.toContain(secret);
      expect(await snapshot(target.subject)).toEqual(before);
    }
  });

  it('scopes a candidate id to its EOI: naming theirs through our EOI reaches only ours', async () => {
    const before = await snapshot(world.theirs.eoi.id);
    const response = await world.users.university_reviewer.client.post(
      `/api/eois/${world.ours.eoi.id}/candidates/${world.theirs.eoi.candidateId}/outcome`,
      { outcome: 'offered' },
    );
    // Candidate ids are numbered within their EOI: each side's first candidate has the same id, so
    // the outcome lands on our own candidate, and theirs is untouched.
    expect(world.theirs.eoi.candidateId).toBe(world.ours.eoi.candidateId);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(world.ours.eoi.id);
    for (const secret of world.theirs.eoi.secrets) expect(response.text).not.toContain(secret);
    expect(await snapshot(world.theirs.eoi.id)).toEqual(before);
    const theirs = await world.theirs.users.org_submitter.client.get(`/api/eois/${world.theirs.eoi.id}`);
    expect(theirs.body.candidates.map((c: { outcome?: string }) => c.outcome ?? null)).toEqual([null]);
    const ours = await world.ours.users.org_submitter.client.get(`/api/eois/${world.ours.eoi.id}`);
    expect(ours.body.candidates.map((c: { outcome?: string }) => c.outcome ?? null)).toEqual(['offered']);
  });

  it('still lets each side reach its own objects (the matrix is not refusing everything)', async () => {
    expect((await world.ours.users.org_submitter.client.get(`/api/eois/${world.ours.eoi.id}`)).status).toBe(200);
    expect((await world.theirs.users.org_submitter.client.get(`/api/eois/${world.theirs.eoi.id}`)).status).toBe(200);
    expect((await world.ours.users.hub_lead.client.get(`/api/spoke-applications/${world.ours.spoke.id}`)).status).toBe(200);
    expect((await world.theirs.users.practice_manager.client.get(`/api/spoke-applications/${world.theirs.spoke.id}`)).status).toBe(200);
  });
});
