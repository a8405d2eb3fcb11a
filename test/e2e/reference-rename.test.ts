/**
 * Renaming reference data over HTTP (PATCH /api/<kind>/:id): the name changes and nothing else,
 * the audit trail keeps the name before and after, a retried request renames once, and bad input
 * or an unknown id changes nothing.
 */
import { startTestSystem, type TestSystem } from '../support/system';

describe('renaming a reference record', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('changes the name only, and records before and after in the audit trail', async () => {
    const hub = await system.admin.post('/api/hubs', { name: 'Northshire Hub', areas: ['Northshire'], accreditationValidityMonths: 24 });
    expect(hub.status).toBe(201);
    const renamed = await system.admin.request('PATCH', `/api/hubs/${hub.body.id}`, { name: 'Northshire Training Hub' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...hub.body, name: 'Northshire Training Hub' });
    expect((await system.admin.get(`/api/hubs/${hub.body.id}`)).body).toEqual(renamed.body);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: hub.body.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['hub.created', 'hub.renamed']);
    expect(audit[1]).toMatchObject({ before: { name: 'Northshire Hub' }, after: { name: 'Northshire Training Hub' } });
  });

  it('renames once for a request sent twice with the same Idempotency-Key', async () => {
    const university = await system.admin.post('/api/universities', { name: 'Northshire Uni' });
    const headers = { 'Idempotency-Key': 'rename-northshire-1' };
    const first = await system.admin.request(
      'PATCH',
      `/api/universities/${university.body.id}`,
      { name: 'University of Northshire' },
      headers,
    );
    const again = await system.admin.request(
      'PATCH',
      `/api/universities/${university.body.id}`,
      { name: 'University of Northshire' },
      headers,
    );
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    expect(await system.db.prisma.auditEvent.count({ where: { subjectId: university.body.id, action: 'university.renamed' } })).toBe(1);
  });

  it('refuses a blank name or another field naming it, and an unknown id, changing nothing', async () => {
    const practice = await system.admin.post('/api/practices', { name: 'Elm Tree Surgery', odsCode: 'E81009', isTrainingPractice: false });
    const path = `/api/practices/${practice.body.id}`;
    const blank = await system.admin.request('PATCH', path, { name: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ path: 'body.name', message: expect.any(String) }]);
    const other = await system.admin.request('PATCH', path, { name: 'Elm Tree', odsCode: 'E81010' });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ path: 'body.odsCode', message: 'unknown field' }]);
    expect((await system.admin.request('PATCH', '/api/practices/prac_nobody', { name: 'Nobody' })).status).toBe(404);
    expect((await system.admin.get(path)).body).toEqual(practice.body);
    expect(await system.db.prisma.auditEvent.count({ where: { subjectId: practice.body.id } })).toBe(1);
  });
});
