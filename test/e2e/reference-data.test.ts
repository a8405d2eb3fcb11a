/**
 * Reference data over HTTP: references between records are checked before anything is written,
 * a creation is one transaction with its audit entry (no workflow), creating POSTs replay on
 * their Idempotency-Key, concurrent writers of one unique value get one record and a 409 naming
 * the field, every change is audited, lists page and filter.
 */
import { newId } from '../../api/routes/ids';
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, expectProblem, odsCode, type World } from './fixtures/world';

describe('reference data', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('creates an intake with confirmationDueAt four weeks before it starts', async () => {
    expect(world.intake).toEqual({
      id: expect.stringMatching(/^intake_/),
      programmeId: world.programme.id,
      startsOn: '2027-09-20',
      fundedPlaces: 12,
      eoiOpensAt: '2027-01-04T09:00:00.000Z',
      eoiClosesAt: '2027-03-31T17:00:00.000Z',
      priorityServiceTypes: ['primary_care'],
      confirmationDueAt: '2027-08-23T22:59:59.000Z',
      createdAt: expect.any(String),
    });
    expect((await world.users.org_submitter.client.get(`/api/intakes/${world.intake.id}`)).body).toEqual(world.intake);
  });

  it('answers a programme with the universities that run it', async () => {
    expect(world.programme).toMatchObject({
      name: 'MSc Advanced Clinical Practice',
      role: 'advanced_practitioner',
      universities: expect.arrayContaining([
        { id: world.university.id, name: 'University of Bolton' },
        { id: world.otherUniversity.id, name: 'Edge Hill University' },
      ]),
    });
    expect(world.programme.universityIds.sort()).toEqual([world.university.id, world.otherUniversity.id].sort());
  });

  it.each([
    {
      what: 'a programme run by an unknown university',
      path: '/api/programmes',
      workflow: ['programme', 'prog'],
      body: (w: World) => ({ name: 'P', role: 'assistant_practitioner', universityIds: [w.university.id, 'uni_unknown'] }),
      field: 'body.universityIds.1',
      message: 'no such university',
    },
    {
      what: 'an intake of an unknown programme',
      path: '/api/intakes',
      workflow: ['intake', 'intake'],
      body: () => ({
        programmeId: 'prog_unknown',
        startsOn: '2028-01-10',
        fundedPlaces: 1,
        eoiOpensAt: '2027-06-01T09:00:00Z',
        eoiClosesAt: '2027-07-01T09:00:00Z',
      }),
      field: 'body.programmeId',
      message: 'no such programme',
    },
    {
      what: 'a practice in an unknown hub',
      path: '/api/practices',
      workflow: ['practice', 'prac'],
      body: () => ({ name: 'P', odsCode: odsCode('Z'), isTrainingPractice: true, hubId: 'hub_unknown' }),
      field: 'body.hubId',
      message: 'no such hub',
    },
    {
      what: 'a criteria set for an unknown hub',
      path: '/api/criteria-sets',
      workflow: ['criteriaSet', 'crit'],
      body: () => ({ hubId: 'hub_unknown', name: 'C', criteria: [{ code: 'A', title: 'A' }] }),
      field: 'body.hubId',
      message: 'no such hub',
    },
  ])('refuses $what with 400 naming the field, and writes nothing', async ({ path, workflow, body, field, message }) => {
    const auditBefore = await system.db.prisma.auditEvent.count();
    const key = `bad-${path.slice(5)}`;
    const response = await system.admin.post(path, body(world), { 'Idempotency-Key': key });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ path: field, message }]);
    expect(await system.db.prisma.auditEvent.count()).toBe(auditBefore);
    // The record the request would have made (its id derived from the key) is not there.
    const [, prefix] = workflow as [string, string];
    expectProblem(await system.admin.get(`${path}/${newId(prefix, { userId: 'admin', idempotencyKey: key })}`), 404);
  });

  it('refuses invalid fields with every path named', async () => {
    const response = await system.admin.post('/api/intakes', {
      programmeId: world.programme.id,
      startsOn: '2027-02-30',
      fundedPlaces: -1,
      eoiOpensAt: '2027-06-01T09:00:00Z',
      eoiClosesAt: 'soon',
      priorityServiceTypes: ['primary_care', 'dentistry'],
    });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: any) => e.path).sort()).toEqual(
      ['body.eoiClosesAt', 'body.fundedPlaces', 'body.priorityServiceTypes.1', 'body.startsOn'].sort(),
    );
  });

  it('refuses a second organisation or practice with the same ODS code (409 naming body.odsCode)', async () => {
    const organisation = await system.admin.post('/api/organisations', {
      name: 'Copy',
      odsCode: world.organisation.odsCode.toLowerCase(),
      kind: 'other',
      serviceType: 'other',
    });
    expectProblem(organisation, 409);
    expect(organisation.body.errors).toEqual([{ path: 'body.odsCode', message: 'already registered' }]);
    expect(organisation.body.existingId).toBe(world.organisation.id);
    const practice = await system.admin.post('/api/practices', { name: 'Copy', odsCode: world.practice.odsCode, isTrainingPractice: true });
    expectProblem(practice, 409);
    expect(practice.body.errors).toEqual([{ path: 'body.odsCode', message: 'already registered' }]);
  });

  describe.each([
    ['organisations', () => ({ name: 'Replay Trust', odsCode: 'RPL01', kind: 'nhs_trust', serviceType: 'other' }), { name: 'Other' }],
    ['universities', () => ({ name: 'Replay University' }), { name: 'Other' }],
    [
      'programmes',
      (w: World) => ({ name: 'Replay', role: 'trainee_assistant_practitioner', universityIds: [w.university.id] }),
      { name: 'Other' },
    ],
    [
      'intakes',
      (w: World) => ({
        programmeId: w.programme.id,
        startsOn: '2028-03-01',
        fundedPlaces: 5,
        eoiOpensAt: '2027-10-01T09:00:00Z',
        eoiClosesAt: '2027-11-01T09:00:00Z',
      }),
      { fundedPlaces: 6 },
    ],
    ['hubs', () => ({ name: 'Replay Hub', areas: ['Oldham'] }), { areas: [] }],
    ['practices', () => ({ name: 'Replay Practice', odsCode: 'RPL02', isTrainingPractice: false }), { isTrainingPractice: true }],
    [
      'criteria-sets',
      (w: World) => ({ hubId: w.otherHub.id, name: 'Replay', criteria: [{ code: 'R1', title: 'Replay' }] }),
      { name: 'Other' },
    ],
  ])('POST /api/%s with an Idempotency-Key', (resource, body, change) => {
    it('replays the first response for the same body, writes one row and one audit event, and 409s a different body', async () => {
      const key = `replay-${resource}`;
      const listed = async () => (await system.admin.get(`/api/${resource}?limit=100`)).body.items.length as number;
      const before = await listed();
      const first = await system.admin.post(`/api/${resource}`, body(world), { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const again = await system.admin.post(`/api/${resource}`, body(world), { 'Idempotency-Key': key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      const changed = await system.admin.post(`/api/${resource}`, { ...(body(world) as object), ...change }, { 'Idempotency-Key': key });
      expectProblem(changed, 409);
      expect(changed.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: 'already used with a different request' }]);

      expect(await listed()).toBe(before + 1);
      const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: first.body.id } });
      expect(audit).toHaveLength(1);
    });
  });

  it.each([
    [
      'organisation',
      '/api/organisations',
      () => ({ name: 'Direct Trust', odsCode: odsCode('D'), kind: 'nhs_trust', serviceType: 'other' }),
    ],
    ['hub', '/api/hubs', () => ({ name: 'Direct Hub', areas: ['Bury'] })],
    ['criteriaSet', '/api/criteria-sets', (w: World) => ({ hubId: w.otherHub.id, name: 'Direct', criteria: [{ code: 'D1', title: 'D' }] })],
  ] as const)('writes a new %s itself, with its audit entry, without starting a workflow', async (kind, path, body) => {
    const created = await system.admin.post(path, body(world));
    expect(created.status).toBe(201);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: created.body.id } });
    expect(audit.map((event) => event.action)).toEqual([`${kind}.created`]);
    // The id the reference-data workflow would have run under when creations went through it.
    const workflowId = `reference-${kind}-${created.body.id}`;
    await expect(system.client.workflow.getHandle(workflowId).describe()).rejects.toMatchObject({ name: 'WorkflowNotFoundError' });
  });

  it('gives one of two concurrent organisations with the same ODS code the record, and the other a 409 naming body.odsCode', async () => {
    const code = odsCode('C');
    const body = (name: string) => ({ name, odsCode: code, kind: 'other', serviceType: 'other' });
    const answers = await Promise.all([
      system.admin.post('/api/organisations', body('First Concurrent Trust')),
      system.admin.post('/api/organisations', body('Second Concurrent Trust')),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expectProblem(refused, 409);
    expect(refused.body.errors).toEqual([{ path: 'body.odsCode', message: 'already registered' }]);
    const rows = await system.db.prisma.organisation.findMany({ where: { odsCode: code } });
    expect(rows).toHaveLength(1);
    expect(await system.db.prisma.auditEvent.count({ where: { action: 'organisation.created', subjectId: rows[0]!.id } })).toBe(1);
  });

  it('numbers concurrent criteria-set versions of one hub 1, 2, 3, each audited once', async () => {
    const hub = await system.admin.post('/api/hubs', { name: 'Concurrent Versions Hub' });
    const answers = await Promise.all(
      ['A', 'B', 'C'].map((name) =>
        system.admin.post('/api/criteria-sets', { hubId: hub.body.id, name, criteria: [{ code: 'C', title: name }] }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(answers.map((answer) => answer.body.version).sort()).toEqual([1, 2, 3]);
    for (const answer of answers) {
      expect(await system.db.prisma.auditEvent.count({ where: { action: 'criteriaSet.created', subjectId: answer.body.id } })).toBe(1);
    }
  });

  it('audits each change with actor, role, action, subject, the record and the request id', async () => {
    const hub = await system.admin.post('/api/hubs', { name: 'Audited Hub', areas: [] });
    const events = await system.admin.get(`/api/audit-events?subjectId=${hub.body.id}`);
    expect(events.body.items).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        at: expect.any(String),
        actorId: 'admin',
        actorRole: 'admin',
        action: 'hub.created',
        subjectType: 'hub',
        subjectId: hub.body.id,
        after: hub.body,
        requestId: hub.headers.get('x-request-id'),
      },
    ]);

    const expected: [string, string][] = [
      [world.organisation.id, 'organisation.created'],
      [world.university.id, 'university.created'],
      [world.programme.id, 'programme.created'],
      [world.intake.id, 'intake.created'],
      [world.hub.id, 'hub.created'],
      [world.practice.id, 'practice.created'],
      [world.criteriaSet.id, 'criteriaSet.created'],
      [world.users.hub_lead.id, 'user.created'],
    ];
    for (const [subjectId, action] of expected) {
      const page = await world.users.hee_staff.client.get(`/api/audit-events?subjectId=${subjectId}`);
      expect(page.body.items.map((e: any) => e.action)).toEqual([action]);
    }
  });

  it('filters programmes by university, intakes by programme, practices and criteria sets by hub', async () => {
    const otherProgramme = await system.admin.post('/api/programmes', {
      name: 'FdSc Assistant Practitioner',
      role: 'trainee_assistant_practitioner',
      universityIds: [world.otherUniversity.id],
    });
    const reviewer = world.users.university_reviewer.client;
    const byUniversity = await reviewer.get(`/api/programmes?universityId=${world.university.id}&limit=100`);
    expect(byUniversity.body.items.map((p: any) => p.id)).toContain(world.programme.id);
    expect(byUniversity.body.items.map((p: any) => p.id)).not.toContain(otherProgramme.body.id);

    const intakes = await reviewer.get(`/api/intakes?programmeId=${otherProgramme.body.id}`);
    expect(intakes.body.items).toEqual([]);
    const ours = await reviewer.get(`/api/intakes?programmeId=${world.programme.id}&limit=100`);
    expect(ours.body.items.every((i: any) => i.programmeId === world.programme.id)).toBe(true);
    expect(ours.body.items.map((i: any) => i.id)).toContain(world.intake.id);

    const practices = await system.admin.get(`/api/practices?hubId=${world.otherHub.id}`);
    expect(practices.body.items.map((p: any) => p.id)).toEqual([world.otherPractice.id]);

    const sets = await world.users.practice_manager.client.get(`/api/criteria-sets?hubId=${world.hub.id}`);
    expect(sets.body.items.map((c: any) => c.id)).toEqual([world.criteriaSet.id]);
  });

  it('versions criteria sets per hub and serves the latest as current', async () => {
    const hub = await system.admin.post('/api/hubs', { name: 'Versioned Hub' });
    expectProblem(await system.admin.get(`/api/hubs/${hub.body.id}/criteria-sets/current`), 404);
    expectProblem(await system.admin.get('/api/hubs/hub_unknown/criteria-sets/current'), 404);
    const versions = [];
    for (const name of ['First', 'Second', 'Third']) {
      const created = await system.admin.post('/api/criteria-sets', { hubId: hub.body.id, name, criteria: [{ code: 'C', title: name }] });
      versions.push(created.body.version);
    }
    expect(versions).toEqual([1, 2, 3]);
    const current = await world.users.org_submitter.client.get(`/api/hubs/${hub.body.id}/criteria-sets/current`);
    expect(current.body).toMatchObject({ name: 'Third', version: 3, criteria: [{ code: 'C', title: 'Third', guidance: '' }] });
  });

  it('pages every list with a bounded size and a cursor that walks all rows once', async () => {
    for (let i = 0; i < 4; i++) await system.admin.post('/api/universities', { name: `Paged University ${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await system.admin.get(`/api/universities?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: any) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await system.db.prisma.university.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(seen).toEqual(all.map((u) => u.id));

    for (const resource of ['organisations', 'universities', 'programmes', 'intakes', 'hubs', 'practices', 'criteria-sets', 'users']) {
      const tooMany = await system.admin.get(`/api/${resource}?limit=101`);
      expectProblem(tooMany, 400);
      expect(tooMany.body.errors).toEqual([{ path: 'query.limit', message: expect.any(String) }]);
      const badCursor = await system.admin.get(`/api/${resource}?cursor=nonsense`);
      expectProblem(badCursor, 400);
      expect(badCursor.body.errors).toEqual([{ path: 'query.cursor', message: 'unknown cursor' }]);
    }
  });

  it('answers 404 for unknown ids of every kind', async () => {
    for (const resource of ['organisations', 'universities', 'programmes', 'intakes', 'hubs', 'practices', 'criteria-sets', 'users']) {
      const response = await system.admin.get(`/api/${resource}/nope_123`);
      expectProblem(response, 404);
    }
  });
});
