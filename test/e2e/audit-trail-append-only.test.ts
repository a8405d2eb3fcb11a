/**
 * The audit trail: read by admin and HEE staff only, filtered by subject, paged by a cursor over
 * its BigInt ids (answered as strings), and append-only: no route updates or deletes an event.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, expectProblem, type World } from './fixtures/world';

const serialise = (rows: unknown) => JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

describe('audit trail', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers ids as strings of the BigInt ids, oldest first, and pages with a cursor', async () => {
    const rows = await system.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(rows.length).toBeGreaterThan(10);
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.users.hee_staff.client.get(`/api/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.id)).toEqual(rows.map((r) => r.id.toString()));
    expect(seen.every((e) => typeof e.id === 'string')).toBe(true);
  });

  it('filters by subject id and subject type', async () => {
    const byId = await system.admin.get(`/api/audit-events?subjectId=${world.practice.id}`);
    expect(byId.body.items).toEqual([
      expect.objectContaining({ subjectType: 'practice', subjectId: world.practice.id, action: 'practice.created', after: world.practice }),
    ]);
    const byType = await system.admin.get('/api/audit-events?subjectType=user&limit=100');
    expect(byType.body.items.map((e: any) => e.subjectId).sort()).toEqual(
      Object.values(world.users)
        .map((u) => u.id)
        .sort(),
    );
    const both = await system.admin.get(`/api/audit-events?subjectType=hub&subjectId=${world.practice.id}`);
    expect(both.body.items).toEqual([]);
  });

  it('shows users’ email addresses in user records to admins only', async () => {
    const path = '/api/audit-events?subjectType=user&limit=100';
    const byAdmin = (await system.admin.get(path)).body.items as any[];
    const byStaff = (await world.users.hee_staff.client.get(path)).body.items as any[];
    expect(byStaff.map((e) => e.id)).toEqual(byAdmin.map((e) => e.id));
    const staffCreated = byAdmin.find((e) => e.action === 'user.created' && e.subjectId === world.users.hee_staff.id);
    expect(staffCreated.after.email).toEqual(expect.stringContaining('@'));
    for (const event of byStaff) expect(JSON.stringify(event)).not.toContain('@');
    const { email: _email, ...rest } = staffCreated.after;
    expect(byStaff.find((e) => e.id === staffCreated.id).after).toEqual(rest);

    // The CSV export follows the same rule.
    const exported = await world.users.hee_staff.client.get('/api/exports/audit-events.csv?subjectType=user');
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(staffCreated.id);
    expect(exported.text).not.toContain('@');
    expect((await system.admin.get('/api/exports/audit-events.csv?subjectType=user')).text).toContain(staffCreated.after.email);
  });

  it('refuses a cursor it did not issue and unknown query parameters', async () => {
    const badCursor = await system.admin.get('/api/audit-events?cursor=abc');
    expectProblem(badCursor, 400);
    expect(badCursor.body.errors).toEqual([{ path: 'query.cursor', message: 'unknown cursor' }]);
    const unknown = await system.admin.get('/api/audit-events?subject=x');
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'query.subject', message: 'unknown field' }]);
  });

  it.each(['org_submitter', 'university_reviewer', 'hub_lead', 'practice_manager'] as const)('refuses %s (403)', async (role) => {
    expectProblem(await world.users[role].client.get(`/api/audit-events?subjectId=${world.organisation.id}`), 403);
  });

  it('has no route that changes or deletes an event, and every attempt leaves the rows as they were', async () => {
    const before = serialise(await system.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } }));
    const first = await system.db.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const attempts: [string, string][] = [];
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST']) {
      attempts.push([method, '/api/audit-events'], [method, `/api/audit-events/${first.id}`]);
    }
    for (const [method, path] of attempts) {
      const response = await system.admin.request(method, path, method === 'DELETE' ? undefined : { action: 'forged' });
      expect({ method, path, refused: [404, 405].includes(response.status) }).toEqual({ method, path, refused: true });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(serialise(await system.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } }))).toBe(before);
  });
});
