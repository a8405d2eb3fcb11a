/**
 * Renaming reference data over HTTP (PATCH /api/<kind>/:id): the name changes and nothing else,
 * the audit trail keeps the name before and after, a retried request renames once, and bad input
 * or an unknown id changes nothing. A renamed practice or hub reaches the open applications that
 * hold its name (their view and deadlines), and not those that have ended.
 */
import { eventually } from '../support/eventually';
import { createUser } from '../support/region';
import { createSpokeApplicant } from '../support/spoke-applicant';
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

  it('reaches the open applications of a renamed practice and hub, their views and deadlines, and not an ended one', async () => {
    const oakLane = await createSpokeApplicant(system, {
      practiceName: 'Oak Lane Surgery',
      hub: { name: 'Westshire Hub', areas: ['Westshire'] },
    });
    const birch = await createSpokeApplicant(system, { practiceName: 'Birch Surgery', hubId: oakLane.hubId });
    const closed = await createSpokeApplicant(system, { practiceName: 'Ash Surgery', hubId: oakLane.hubId });
    const staff = await createUser(system, { name: 'Hana Staff', email: 'hana.staff@hee.nhs.uk', role: 'hee_staff' });
    expect(
      (await staff.api.post(`/api/spoke-applications/${closed.application.id}/withdrawal`, { reason: 'The practice merged' })).status,
    ).toBe(200);

    const view = async (id: string) => (await staff.api.get(`/api/spoke-applications/${id}`)).body;
    const closedBefore = await view(closed.application.id);
    expect((await system.admin.request('PATCH', `/api/practices/${oakLane.practice.id}`, { name: 'Oak Lane Medical Centre' })).status).toBe(
      200,
    );
    expect((await system.admin.request('PATCH', `/api/hubs/${oakLane.hubId}`, { name: 'Westshire Training Hub' })).status).toBe(200);

    await eventually(async () => {
      expect(await view(oakLane.application.id)).toMatchObject({
        practiceName: 'Oak Lane Medical Centre',
        hubName: 'Westshire Training Hub',
      });
      expect(await view(birch.application.id)).toMatchObject({ practiceName: 'Birch Surgery', hubName: 'Westshire Training Hub' });
    }, 'the open applications to hold the new names');
    // The deadline the practice must meet names it as it is now called.
    const deadlines = (await oakLane.manager.api.get('/api/deadlines')).body.items as { subjectId: string; owner: string }[];
    expect(deadlines.filter((d) => d.subjectId === oakLane.application.id).map((d) => d.owner)).toEqual(['Oak Lane Medical Centre']);
    // An ended application is the record of what was: its names stay as they were.
    expect(await view(closed.application.id)).toEqual(closedBefore);
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
