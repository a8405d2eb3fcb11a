/**
 * Who sees and sets fair-share figures: regional staff everything; an organisation its own rows
 * and the region's totals, and only its own offered weeks; every other role nothing at all.
 */
import type { Role } from '../../domain/roles';
import { startTestSystem, type TestSystem } from '../support/system';
import { createFairShareProviders, enterFairShareFigures, type FairShareRegion } from './fixtures/fair-share-region';
import { createWorld, expectProblem, type World } from './fixtures/world';

describe('fair share: scope of every role', () => {
  let system: TestSystem;
  let region: FairShareRegion;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
    region = await createFairShareProviders(system);
    await enterFairShareFigures(system, region);
    // Two worlds of users and figures, like the abuse suites' set-up.
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const offered = () => ({ rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 1 }] });
  const calls = () =>
    [
      ['GET', '/api/fair-share/periods', undefined],
      ['GET', '/api/fair-share/periods/2025-26/report', undefined],
      ['GET', '/api/fair-share/periods/2025-26/report.csv', undefined],
      ['GET', `/api/fair-share/organisations/${region.org.hillview.id}/trend`, undefined],
      ['GET', '/api/fair-share/periods/2025-26/workforce', undefined],
      ['GET', '/api/fair-share/periods/2025-26/required-weeks', undefined],
      ['GET', '/api/fair-share/periods/2025-26/offered-weeks', undefined],
      [
        'PUT',
        '/api/fair-share/periods/2025-26/workforce',
        { rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', wte: 1 }] },
      ],
      ['PUT', '/api/fair-share/periods/2025-26/required-weeks', { rows: [{ profession: 'physiotherapy', weeks: 1 }] }],
      ['PUT', '/api/fair-share/periods/2025-26/offered-weeks', offered()],
    ] as const;

  it.each<Role>(['admin', 'university_reviewer', 'hub_lead', 'practice_manager'])(
    'refuses the %s role every figure and report (403)',
    async (role) => {
      const audit = await system.db.prisma.auditEvent.count({ where: { subjectType: 'fair_share_figure' } });
      for (const [method, path, body] of calls()) {
        const response = await world.users[role].client.request(method, path, body);
        expectProblem(response, 403);
        expect(response.text).not.toContain(region.org.hillview.name);
      }
      expect(await system.db.prisma.auditEvent.count({ where: { subjectType: 'fair_share_figure' } })).toBe(audit);
      // Professions are reference data everyone may read.
      expect((await world.users[role].client.get('/api/fair-share/professions')).status).toBe(200);
    },
  );

  it('shows an organisation its own rows and the region’s totals, never another provider’s figures', async () => {
    const hillview = region.submitter.hillview;
    const report = await hillview.get('/api/fair-share/periods/2025-26/report');
    expect(report.status).toBe(200);
    expect(
      report.body.rows.map((r: { organisationId: string; profession: string; expectedWeeks: number }) => [
        r.organisationId,
        r.profession,
        r.expectedWeeks,
      ]),
    ).toEqual([
      [region.org.hillview.id, 'physiotherapy', 120],
      [region.org.hillview.id, 'occupational_therapy', 71.43],
    ]);
    expect(report.body.totals.map((t: { profession: string; offeredWeeks: number }) => [t.profession, t.offeredWeeks])).toEqual([
      ['physiotherapy', 912],
      ['occupational_therapy', 477],
      ['speech_and_language_therapy', 45],
      ['podiatry', 0],
    ]);
    for (const other of ['northgate', 'riverside', 'parkside', 'eastfield', 'westway'] as const) {
      expect(report.text).not.toContain(region.org[other].id);
      expect(report.text).not.toContain(region.org[other].name);
    }
    expect(report.body.offeredWithoutWorkforce).toEqual([]);
    // Parkside's own weeks with no workforce figure are shown to Parkside, and only to it.
    const parkside = await region.submitter.parkside.get('/api/fair-share/periods/2025-26/report');
    expect(
      parkside.body.offeredWithoutWorkforce.map((f: { organisationId: string; weeks: number }) => [f.organisationId, f.weeks]),
    ).toEqual([[region.org.parkside.id, 30]]);
    const csv = await hillview.get('/api/fair-share/periods/2025-26/report.csv');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(3);
    expect(csv.text).not.toContain(region.org.northgate.name);

    const offeredWeeks = await hillview.get('/api/fair-share/periods/2025-26/offered-weeks');
    expect(offeredWeeks.body.rows.map((r: { organisationId: string }) => r.organisationId)).toEqual([
      region.org.hillview.id,
      region.org.hillview.id,
    ]);
    expect((await hillview.get('/api/fair-share/periods/2025-26/required-weeks')).body.rows).toHaveLength(4);
    expect((await hillview.get(`/api/fair-share/organisations/${region.org.hillview.id}/trend`)).status).toBe(200);
  });

  it('lets an organisation set its own offered weeks, and nothing else', async () => {
    const hillview = region.submitter.hillview;
    const own = await hillview.put('/api/fair-share/periods/2025-26/offered-weeks', {
      rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 96 }],
    });
    expect(own.status).toBe(200);
    expect(own.body.rows).toEqual([
      { organisationId: region.org.hillview.id, profession: 'occupational_therapy', weeks: 40 },
      { organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 96 },
    ]);
    const entry = await system.db.prisma.auditEvent.findFirst({
      where: { subjectId: `2025-26:offered-weeks:${region.org.hillview.id}:physiotherapy` },
      orderBy: { id: 'desc' },
    });
    expect(entry).toMatchObject({ actorRole: 'org_submitter', before: { weeks: 90 }, after: expect.objectContaining({ weeks: 96 }) });

    // Another provider's figure, even beside its own: refused whole, as an unknown organisation would be.
    const before = await region.hee.get('/api/fair-share/periods/2025-26/offered-weeks');
    const theirs = await hillview.put('/api/fair-share/periods/2025-26/offered-weeks', {
      rows: [
        { organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 200 },
        { organisationId: region.org.northgate.id, profession: 'physiotherapy', weeks: 0 },
      ],
    });
    expectProblem(theirs, 404);
    expect(theirs.body.errors).toEqual([{ path: 'body.rows.1.organisationId', message: 'no such organisation' }]);
    expect((await region.hee.get('/api/fair-share/periods/2025-26/offered-weeks')).body).toEqual(before.body);

    expectProblem(
      await hillview.put('/api/fair-share/periods/2025-26/workforce', {
        rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', wte: 99 }],
      }),
      403,
    );
    expectProblem(
      await hillview.put('/api/fair-share/periods/2025-26/required-weeks', { rows: [{ profession: 'physiotherapy', weeks: 1 }] }),
      403,
    );
    expectProblem(await hillview.get('/api/fair-share/periods/2025-26/workforce'), 403);
    const trend = await hillview.get(`/api/fair-share/organisations/${region.org.northgate.id}/trend`);
    expectProblem(trend, 404);
    expect(trend.text).not.toContain(region.org.northgate.name);
    // Put back for the other tests.
    await hillview.put('/api/fair-share/periods/2025-26/offered-weeks', {
      rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 90 }],
    });
  });

  it('shows regional staff every provider and lets them set every figure', async () => {
    const report = await region.hee.get('/api/fair-share/periods/2025-26/report');
    expect(new Set(report.body.rows.map((r: { organisationId: string }) => r.organisationId)).size).toBe(6);
    expect((await region.hee.get(`/api/fair-share/organisations/${region.org.northgate.id}/trend`)).body.items).toHaveLength(5); // 2024-25 physiotherapy, and four professions in 2025-26
    const response = await region.hee.put('/api/fair-share/periods/2025-26/offered-weeks', offered());
    expect(response.status).toBe(200);
    expect(response.body.rows.length).toBeGreaterThan(2);
    await region.hee.put('/api/fair-share/periods/2025-26/offered-weeks', {
      rows: [{ organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: 90 }],
    });
  });
});
