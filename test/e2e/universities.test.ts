import { startTestSystem, type TestSystem } from '../support/system';

describe('the first slice: a university written through Temporal and read back over HTTP', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('creates a university with the admin token and reads it back', async () => {
    const created = await system.admin.post('/api/universities', { name: 'University of Salford' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'University of Salford' });

    const read = await system.admin.get(`/api/universities/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: created.body.id } });
    expect(audit.map((a) => a.action)).toEqual(['university.created']);
  });

  it('answers problem+json naming the field for bad input, and writes nothing', async () => {
    const before = await system.db.prisma.university.count();
    const response = await system.admin.post('/api/universities', { name: '', motto: 'x' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: expect.any(String) },
        { path: 'body.motto', message: 'unknown field' },
      ]),
    );
    expect(await system.db.prisma.university.count()).toBe(before);
  });

  it('refuses a missing token with 401 and an unknown id with 404', async () => {
    expect((await system.as('').get('/api/universities')).status).toBe(401);
    const missing = await system.admin.get('/api/universities/uni_missing');
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe('Not found');
  });

  it('reports ready only when the database and Temporal answer', async () => {
    const ready = await system.admin.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: true, temporal: true });
  });
});
