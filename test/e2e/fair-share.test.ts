/**
 * Fair share over HTTP: a region of six providers whose figures are entered through the API, and
 * the report checked against values worked out by hand (written here as literal numbers), its
 * filters, its CSV, the trend across periods, refused rows (nothing stored), and the audit trail.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { createFairShareProviders, enterFairShareFigures, type FairShareRegion } from './fixtures/fair-share-region';
import { expectProblem } from './fixtures/world';

describe('fair share of placement provision', () => {
  let system: TestSystem;
  let region: FairShareRegion;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createFairShareProviders(system);
    await enterFairShareFigures(system, region);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const row = (key: keyof FairShareRegion['org'], profession: string, values: Record<string, unknown>) => ({
    organisationId: region.org[key].id,
    organisationName: region.org[key].name,
    organisationKind: expect.any(String),
    profession,
    ...values,
  });

  it('computes each provider’s fair share, ratio and RAG as worked out by hand', async () => {
    const response = await region.hee.get('/api/fair-share/periods/2025-26/report');
    expect(response.status).toBe(200);
    expect(response.body.period).toBe('2025-26');
    expect(response.body.thresholds).toEqual({ greenAt: 1, amberAt: 0.8 });
    expect(response.body.rows).toEqual([
      // Physiotherapy: 1200 weeks over 100 WTE, 12 weeks per WTE.
      row('eastfield', 'physiotherapy', { wte: 20, expectedWeeks: 240, offeredWeeks: 0, ratio: 0, rag: 'red' }),
      row('hillview', 'physiotherapy', { wte: 10, expectedWeeks: 120, offeredWeeks: 90, ratio: 0.75, rag: 'red' }),
      row('northgate', 'physiotherapy', { wte: 40, expectedWeeks: 480, offeredWeeks: 500, ratio: 1.04, rag: 'green' }), // 1.0417
      row('parkside', 'physiotherapy', { wte: 5, expectedWeeks: 60, offeredWeeks: 60, ratio: 1, rag: 'green' }),
      row('riverside', 'physiotherapy', { wte: 25, expectedWeeks: 300, offeredWeeks: 250, ratio: 0.83, rag: 'amber' }), // 0.8333
      row('westway', 'physiotherapy', { wte: 0, expectedWeeks: 0, offeredWeeks: 12, ratio: null, rag: null }),
      // Occupational therapy: 500 weeks over 35 WTE.
      row('eastfield', 'occupational_therapy', { wte: 10, expectedWeeks: 142.86, offeredWeeks: 150, ratio: 1.05, rag: 'green' }), // 5000/35
      row('hillview', 'occupational_therapy', { wte: 5, expectedWeeks: 71.43, offeredWeeks: 40, ratio: 0.56, rag: 'red' }), // 2500/35
      row('northgate', 'occupational_therapy', { wte: 12.5, expectedWeeks: 178.57, offeredWeeks: 150, ratio: 0.84, rag: 'amber' }), // 6250/35
      // 107 ÷ 107.142857 = 0.99867, shown as 1.00: green, by the ratio people see.
      row('riverside', 'occupational_therapy', { wte: 7.5, expectedWeeks: 107.14, offeredWeeks: 107, ratio: 1, rag: 'green' }),
      // Speech and language therapy: 90 weeks, all of the region's 3 WTE at Northgate.
      row('northgate', 'speech_and_language_therapy', { wte: 3, expectedWeeks: 90, offeredWeeks: 45, ratio: 0.5, rag: 'red' }),
      row('riverside', 'speech_and_language_therapy', { wte: 0, expectedWeeks: 0, offeredWeeks: 0, ratio: null, rag: null }),
      // Podiatry: 40 weeks needed but no WTE anywhere in the region: no expectation, and no error.
      row('northgate', 'podiatry', { wte: 0, expectedWeeks: 0, offeredWeeks: 0, ratio: null, rag: null }),
      row('parkside', 'podiatry', { wte: 0, expectedWeeks: 0, offeredWeeks: 0, ratio: null, rag: null }),
    ]);
    expect(response.body.totals).toEqual([
      { profession: 'physiotherapy', requiredWeeks: 1200, wte: 100, expectedWeeks: 1200, offeredWeeks: 912 },
      // 447 offered by the providers in the rows, and Parkside's 30 with no workforce figure beside them.
      { profession: 'occupational_therapy', requiredWeeks: 500, wte: 35, expectedWeeks: 500, offeredWeeks: 477 },
      { profession: 'speech_and_language_therapy', requiredWeeks: 90, wte: 3, expectedWeeks: 90, offeredWeeks: 45 },
      { profession: 'podiatry', requiredWeeks: 40, wte: 0, expectedWeeks: 0, offeredWeeks: 0 },
    ]);
    // Parkside's weeks have no fair share to compare with: shown apart, so the missing figure is seen.
    expect(response.body.offeredWithoutWorkforce).toEqual([
      {
        organisationId: region.org.parkside.id,
        organisationName: region.org.parkside.name,
        organisationKind: 'gp_practice',
        profession: 'occupational_therapy',
        weeks: 30,
      },
    ]);
    expect(response.body.rows.find((r: { organisationId: string }) => r.organisationId === region.org.parkside.id).organisationKind).toBe(
      'gp_practice',
    );
  });

  it('filters by profession (rows and totals) and by provider type (rows; totals stay the region’s)', async () => {
    const ot = await region.hee.get('/api/fair-share/periods/2025-26/report?profession=occupational_therapy');
    expect(ot.body.rows.map((r: { organisationName: string }) => r.organisationName)).toEqual([
      region.org.eastfield.name,
      region.org.hillview.name,
      region.org.northgate.name,
      region.org.riverside.name,
    ]);
    expect(ot.body.totals).toEqual([
      { profession: 'occupational_therapy', requiredWeeks: 500, wte: 35, expectedWeeks: 500, offeredWeeks: 477 },
    ]);

    const trusts = await region.hee.get('/api/fair-share/periods/2025-26/report?profession=physiotherapy&kind=nhs_trust');
    expect(trusts.body.rows.map((r: { organisationName: string; expectedWeeks: number }) => [r.organisationName, r.expectedWeeks])).toEqual(
      [
        [region.org.eastfield.name, 240],
        [region.org.northgate.name, 480],
        [region.org.riverside.name, 300],
      ],
    );
    expect(trusts.body.totals).toEqual([
      { profession: 'physiotherapy', requiredWeeks: 1200, wte: 100, expectedWeeks: 1200, offeredWeeks: 912 },
    ]);

    const unknown = await region.hee.get('/api/fair-share/periods/2025-26/report?profession=dentistry');
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'query.profession', message: 'no such profession' }]);
    expectProblem(await region.hee.get('/api/fair-share/periods/2025-26/report?kind=hospice'), 400);
  });

  it('exports the same rows as CSV, a header line first', async () => {
    const response = await region.hee.get('/api/fair-share/periods/2025-26/report.csv?profession=physiotherapy');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="trainflow-fair-share-2025-26.csv"');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines).toEqual([
      'organisationId,organisationName,organisationKind,profession,wte,expectedWeeks,offeredWeeks,ratio,rag',
      `${region.org.eastfield.id},${region.org.eastfield.name},nhs_trust,physiotherapy,20,240,0,0,red`,
      `${region.org.hillview.id},${region.org.hillview.name},not_for_profit,physiotherapy,10,120,90,0.75,red`,
      `${region.org.northgate.id},${region.org.northgate.name},nhs_trust,physiotherapy,40,480,500,1.04,green`,
      `${region.org.parkside.id},${region.org.parkside.name},gp_practice,physiotherapy,5,60,60,1,green`,
      `${region.org.riverside.id},${region.org.riverside.name},nhs_trust,physiotherapy,25,300,250,0.83,amber`,
      `${region.org.westway.id},${region.org.westway.name},other,physiotherapy,0,0,12,,`,
    ]);
  });

  it('shows one provider’s trend across periods, oldest first', async () => {
    const response = await region.hee.get(`/api/fair-share/organisations/${region.org.northgate.id}/trend?profession=physiotherapy`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      organisationId: region.org.northgate.id,
      organisationName: region.org.northgate.name,
      items: [
        // 2024-25: 800 weeks over 100 WTE, Northgate's 50 expect 400 and it offered 300.
        { period: '2024-25', profession: 'physiotherapy', wte: 50, expectedWeeks: 400, offeredWeeks: 300, ratio: 0.75, rag: 'red' },
        { period: '2025-26', profession: 'physiotherapy', wte: 40, expectedWeeks: 480, offeredWeeks: 500, ratio: 1.04, rag: 'green' },
      ],
    });
    const periods = await region.hee.get('/api/fair-share/periods');
    expect(periods.body).toEqual({ items: [{ period: '2024-25' }, { period: '2025-26' }] });
  });

  it('answers 404 for a period with no figures, and 400 for anything that is not an academic year', async () => {
    expectProblem(await region.hee.get('/api/fair-share/periods/2030-31/report'), 404);
    expectProblem(await region.hee.get('/api/fair-share/periods/2030-31/report.csv'), 404);
    for (const period of ['2025-27', '2025-2026', '25-26', '2025_26']) {
      const response = await region.hee.get(`/api/fair-share/periods/${period}/report`);
      expectProblem(response, 400);
      expect(response.body.errors[0].path).toBe('params.period');
    }
  });

  describe('a bad row refuses the whole request, naming it, and nothing is stored', () => {
    async function stored() {
      const [workforce, offered, audit] = await Promise.all([
        region.hee.get('/api/fair-share/periods/2025-26/workforce'),
        region.hee.get('/api/fair-share/periods/2025-26/offered-weeks'),
        system.db.prisma.auditEvent.count({ where: { subjectType: 'fair_share_figure' } }),
      ]);
      return { workforce: workforce.body, offered: offered.body, audit };
    }

    const good = () => ({ organisationId: region.org.hillview.id, profession: 'physiotherapy', wte: 99 });

    it.each([
      {
        what: 'a negative WTE',
        bad: () => ({ ...good(), organisationId: region.org.parkside.id, wte: -1 }),
        status: 400,
        path: 'body.rows.1.wte',
      },
      {
        what: 'a WTE that is not a number',
        bad: () => ({ ...good(), organisationId: region.org.parkside.id, wte: '5' }),
        status: 400,
        path: 'body.rows.1.wte',
      },
      {
        what: 'a missing WTE',
        bad: () => ({ organisationId: region.org.parkside.id, profession: 'physiotherapy' }),
        status: 400,
        path: 'body.rows.1.wte',
      },
      {
        what: 'an unknown field',
        bad: () => ({ ...good(), organisationId: region.org.parkside.id, note: 'x' }),
        status: 400,
        path: 'body.rows.1.note',
      },
      { what: 'an unknown profession', bad: () => ({ ...good(), profession: 'dentistry' }), status: 400, path: 'body.rows.1.profession' },
      { what: 'the same figure twice', bad: () => ({ ...good(), wte: 98 }), status: 400, path: 'body.rows.1' },
      {
        what: 'an unknown organisation',
        bad: () => ({ ...good(), organisationId: 'org_nowhere' }),
        status: 404,
        path: 'body.rows.1.organisationId',
      },
    ])('$what', async ({ bad, status, path }) => {
      const before = await stored();
      const response = await region.hee.put('/api/fair-share/periods/2025-26/workforce', { rows: [good(), bad()] });
      expectProblem(response, status);
      expect(response.body.errors).toEqual([expect.objectContaining({ path })]);
      expect(await stored()).toEqual(before);
    });

    it('names every bad row at once', async () => {
      const response = await region.hee.put('/api/fair-share/periods/2025-26/offered-weeks', {
        rows: [
          { organisationId: region.org.hillview.id, profession: 'physiotherapy', weeks: -5 },
          { organisationId: region.org.hillview.id, profession: 'occupational_therapy', weeks: 10 },
          { organisationId: region.org.hillview.id, profession: 'speech_and_language_therapy', weeks: 10_000_001 },
        ],
      });
      expectProblem(response, 400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.rows.0.weeks', 'body.rows.2.weeks']);
      // The detail names them as the contract writes them: rows[i].field.
      expect(response.body.detail).toMatch(/^Invalid body: rows\[0\]\.weeks .+; rows\[2\]\.weeks /);
    });

    it('refuses an empty list of rows', async () => {
      expectProblem(await region.hee.put('/api/fair-share/periods/2025-26/required-weeks', { rows: [] }), 400);
    });
  });

  it('replaces only the figures named, records each change in the audit trail, and nothing for a figure sent again unchanged', async () => {
    const subject = `2025-26:workforce:${region.org.westway.id}:occupational_therapy`;
    const first = await region.hee.put('/api/fair-share/periods/2025-26/workforce', {
      rows: [{ organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 2 }],
    });
    expect(first.status).toBe(200);
    expect(first.body.period).toBe('2025-26');
    expect(first.body.rows).toHaveLength(15); // the 14 of the fixture, and this one
    expect(first.body.rows).toContainEqual({ organisationId: region.org.northgate.id, profession: 'physiotherapy', wte: 40 });

    await region.hee.put('/api/fair-share/periods/2025-26/workforce', {
      rows: [{ organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 3.5 }],
    });
    await region.hee.put('/api/fair-share/periods/2025-26/workforce', {
      rows: [{ organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 3.5 }],
    });
    const audit = await region.hee.get(`/api/audit-events?subjectId=${encodeURIComponent(subject)}`);
    expect(audit.status).toBe(200);
    expect(
      audit.body.items.map((e: { action: string; before?: unknown; after: unknown; actorRole: string }) => [
        e.action,
        e.before,
        e.after,
        e.actorRole,
      ]),
    ).toEqual([
      [
        'fair_share.workforce.set',
        undefined,
        { period: '2025-26', organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 2 },
        'hee_staff',
      ],
      [
        'fair_share.workforce.set',
        { wte: 2 },
        { period: '2025-26', organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 3.5 },
        'hee_staff',
      ],
    ]);
    // The region's OT workforce is now 38.5: everyone's share moved.
    const report = await region.hee.get('/api/fair-share/periods/2025-26/report?profession=occupational_therapy');
    expect(report.body.totals[0]).toEqual({
      profession: 'occupational_therapy',
      requiredWeeks: 500,
      wte: 38.5,
      expectedWeeks: 500,
      offeredWeeks: 477,
    });
    expect(report.body.rows.find((r: { organisationId: string }) => r.organisationId === region.org.westway.id)).toMatchObject({
      expectedWeeks: 45.45, // 500 × 3.5 ÷ 38.5 = 45.4545…
      offeredWeeks: 0,
      ratio: 0,
      rag: 'red',
    });
    // Put back as it was for the other tests.
    await region.hee.put('/api/fair-share/periods/2025-26/workforce', {
      rows: [{ organisationId: region.org.westway.id, profession: 'occupational_therapy', wte: 0 }],
    });
  });

  describe('professions', () => {
    it('has the three of the placement partnership, and what an admin added', async () => {
      const response = await region.hee.get('/api/fair-share/professions');
      expect(response.body.items.map((p: { code: string; name: string }) => [p.code, p.name])).toEqual([
        ['physiotherapy', 'Physiotherapy'],
        ['occupational_therapy', 'Occupational therapy'],
        ['speech_and_language_therapy', 'Speech and language therapy'],
        ['podiatry', 'Podiatry'],
      ]);
    });

    it('refuses a duplicate code, a code that is not one, and anyone but an admin', async () => {
      expectProblem(await system.admin.post('/api/fair-share/professions', { code: 'podiatry', name: 'Again' }), 409);
      const bad = await system.admin.post('/api/fair-share/professions', { code: 'Art Therapy', name: 'Art therapy' });
      expectProblem(bad, 400);
      expect(bad.body.errors[0].path).toBe('body.code');
      expectProblem(await region.hee.post('/api/fair-share/professions', { code: 'dietetics', name: 'Dietetics' }), 403);
      const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectType: 'profession' } });
      expect(audit.map((e) => [e.action, e.subjectId])).toEqual([['profession.created', 'podiatry']]);
    });
  });
});
