/**
 * The accreditation report over HTTP on real servers: practices taken through the real API to
 * known states in two hubs (one whose accreditations last 2 months, so the re-accreditation opens
 * at once; one of 10 months), then every figure, every CSV row and each role's view checked. The
 * API's clock is fixed (noon UTC on the day the file starts).
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { accreditationFacts } from '../../domain/reports';
import type { SpokeView } from '../../domain/spoke-accreditation';
import { eventually } from '../support/eventually';
import { inputValue, WebClient } from '../support/web-client';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const clock = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`);

describe('reports: the accreditation picture per hub', () => {
  let system: TestSystem;
  let hubA: { id: string; name: string };
  let hubB: { id: string; name: string };
  let leadA: RegionUser;
  let staff: RegionUser;
  const managers: RegionUser[] = [];
  const tag = randomBytes(3).toString('hex');

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  /** A practice in the hub, its manager, and its application (AWAITING_EVIDENCE). */
  async function apply(hubId: string, name: string) {
    const practice = await ok(
      system.admin.post('/api/practices', {
        name,
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
        hubId,
      }),
      'a practice',
    );
    const manager = await createUser(system, {
      name: `${name} Manager`,
      email: `pm.${managers.length}.${tag}@practice.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    managers.push(manager);
    const application = await ok(
      manager.api.post('/api/spoke-applications', {
        practiceId: practice.id,
        hubId,
        administrator: { name: 'Ann Admin', email: `ann.${managers.length}.${tag}@practice.nhs.uk` },
        educationalist: { name: 'Ed Teach', email: `ed.${managers.length}.${tag}@practice.nhs.uk` },
      }),
      'an application',
    );
    return { manager, application };
  }

  async function submitEvidence(manager: RegionUser, application: any) {
    const codes: string[] = application.criteria.map((c: { code: string }) => c.code);
    await ok(
      manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
        items: codes.map((code) => ({ criterionCode: code, statement: `How we meet ${code}` })),
      }),
      'evidence',
    );
    return codes;
  }

  async function accredit(lead: RegionUser, hubId: string, name: string) {
    const { manager, application } = await apply(hubId, name);
    const codes = await submitEvidence(manager, application);
    const path = `/api/spoke-applications/${application.id}`;
    await ok(
      lead.api.post(`${path}/evidence-review`, {
        items: codes.map((code) => ({ criterionCode: code, decision: 'accept', comment: 'Good' })),
      }),
      'review',
    );
    await ok(
      lead.api.post(`${path}/visit`, { scheduledFor: new Date(system.now().getTime() + 14 * 24 * 3600 * 1000).toISOString() }),
      'visit',
    );
    await ok(lead.api.post(`${path}/visit-outcome`, { outcome: 'satisfactory', notes: 'Fine' }), 'visit outcome');
    await ok(staff.api.post(`${path}/approval`, { decision: 'approve', comment: 'Approved' }), 'approval');
    const signed = await ok(manager.api.post(`${path}/agreement-signature`, { signedBy: 'Dr P Partner' }), 'signature');
    expect(signed.status).toBe('ACCREDITED');
    return application.id as string;
  }

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => clock });
    hubA = await ok(system.admin.post('/api/hubs', { name: 'Atherton Hub', areas: ['Atherton'], accreditationValidityMonths: 2 }), 'hub');
    hubB = await ok(system.admin.post('/api/hubs', { name: 'Bolton Hub', areas: ['Bolton'], accreditationValidityMonths: 10 }), 'hub');
    leadA = await createUser(system, { name: 'Ali Lead', email: `ali.${tag}@atherton-hub.nhs.uk`, role: 'hub_lead', hubId: hubA.id });
    const leadB = await createUser(system, { name: 'Bo Lead', email: `bo.${tag}@bolton-hub.nhs.uk`, role: 'hub_lead', hubId: hubB.id });
    staff = await createUser(system, { name: 'Hana Staff', email: `hana.${tag}@hee.nhs.uk`, role: 'hee_staff' });

    // Hub A: accredited for 2 months (its re-accreditation opens at once), one just applied, one withdrawn.
    const reaccrediting = await accredit(leadA, hubA.id, 'Astley Surgery');
    await eventually(async () => {
      expect((await staff.api.get(`/api/spoke-applications/${reaccrediting}`)).body).toMatchObject({
        status: 'REACCREDITATION_DUE',
        cycle: 2,
      });
    }, 'the re-accreditation to open');
    await apply(hubA.id, 'Atherton Practice');
    const withdrawn = await apply(hubA.id, 'Hindley Practice');
    await ok(
      withdrawn.manager.api.post(`/api/spoke-applications/${withdrawn.application.id}/withdrawal`, { reason: 'Not now' }),
      'withdrawal',
    );

    // Hub B: accredited for 10 months, and one with its evidence under review.
    await accredit(leadB, hubB.id, 'Bolton Family Practice');
    const reviewing = await apply(hubB.id, 'Farnworth Surgery');
    await submitEvidence(reviewing.manager, reviewing.application);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const zero = {
    AWAITING_EVIDENCE: 0,
    UNDER_HUB_REVIEW: 0,
    EVIDENCE_CHANGES_REQUESTED: 0,
    VISIT_PENDING: 0,
    ACTIONS_IN_PROGRESS: 0,
    AWAITING_HEE_APPROVAL: 0,
    AWAITING_AGREEMENT: 0,
    ACCREDITED: 0,
    REACCREDITATION_DUE: 0,
    SUSPENDED: 0,
    REJECTED: 0,
    WITHDRAWN: 0,
    LAPSED: 0,
  };
  // Median days of each step taken (a real run takes seconds: 0 days; what is checked is which
  // steps were measured, and how many times).
  const step = (measured: number) => ({ medianDays: measured ? 0 : null, measured });
  /** Accredited once: one of each step of a first cycle, no action plan. */
  const accreditedOnce = {
    evidence: step(1),
    hubReview: step(1),
    visit: step(1),
    actionPlan: step(0),
    heeApproval: step(1),
    agreement: step(1),
    applicationToAccreditation: step(1),
  };
  const hubAFigures = {
    applications: 3,
    byStatus: { ...zero, REACCREDITATION_DUE: 1, AWAITING_EVIDENCE: 1, WITHDRAWN: 1 },
    accredited: 1,
    expiring: { within3Months: 1, within6Months: 1, within12Months: 1 },
    reaccreditationsInProgress: 1,
    reaccreditationsOverdue: 0,
    lapsed: 0,
    // Astley's first cycle; its re-accreditation's evidence is not in yet, Atherton's neither, and
    // Hindley's, withdrawn before it sent any, is not a measurement.
    durations: accreditedOnce,
  };
  const hubBFigures = {
    applications: 2,
    byStatus: { ...zero, ACCREDITED: 1, UNDER_HUB_REVIEW: 1 },
    accredited: 1,
    expiring: { within3Months: 0, within6Months: 0, within12Months: 1 },
    reaccreditationsInProgress: 0,
    reaccreditationsOverdue: 0,
    lapsed: 0,
    // Bolton Family Practice's cycle, and Farnworth's evidence (its review not finished yet).
    durations: { ...accreditedOnce, evidence: step(2) },
  };

  it('counts every figure per hub and across hubs, as regional staff see them', async () => {
    const response = await staff.api.get('/api/reports/accreditation');
    expect(response.status).toBe(200);
    expect(response.body.generatedAt).toBe(clock.toISOString());
    expect(response.body.hubs).toEqual([
      { hubId: hubA.id, hubName: 'Atherton Hub', figures: hubAFigures },
      { hubId: hubB.id, hubName: 'Bolton Hub', figures: hubBFigures },
    ]);
    expect(response.body.total).toMatchObject({ applications: 5, accredited: 2, expiring: { within3Months: 1, within12Months: 2 } });
    expect((await staff.api.get(`/api/reports/accreditation?hubId=${hubB.id}`)).body.hubs).toEqual([
      { hubId: hubB.id, hubName: 'Bolton Hub', figures: hubBFigures },
    ]);
  });

  it('reads each application’s facts, written with its view by every commit; rows from before them count the same from their views', async () => {
    const prisma = system.db.prisma;
    const rows = await prisma.spokeApplication.findMany({
      where: { version: { gt: 0 } },
      select: { id: true, view: true, reportFacts: true },
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.reportFacts).toEqual(accreditationFacts(row.view as unknown as SpokeView));
    const before = (await staff.api.get('/api/reports/accreditation')).body;
    await prisma.$executeRaw`UPDATE "SpokeApplication" SET "reportFacts" = NULL`;
    try {
      expect((await staff.api.get('/api/reports/accreditation')).body).toEqual(before);
    } finally {
      for (const row of rows)
        await prisma.spokeApplication.update({ where: { id: row.id }, data: { reportFacts: row.reportFacts as object } });
    }
  });

  it('exports every figure as CSV: a row per hub, then the total', async () => {
    const json = (await staff.api.get('/api/reports/accreditation')).body;
    const response = await staff.api.get('/api/reports/accreditation.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows: Record<string, string>[] = parse(response.text, { columns: true });
    expect(rows.map((r) => [r.hubId, r.hubName])).toEqual([
      [hubA.id, 'Atherton Hub'],
      [hubB.id, 'Bolton Hub'],
      ['all', ''],
    ]);
    const figures = [...json.hubs.map((h: any) => h.figures), json.total];
    const at = (object: any, path: string) => path.split('.').reduce((value, key) => value?.[key], object);
    rows.forEach((row, index) => {
      for (const [column, cell] of Object.entries(row)) {
        if (column === 'hubId' || column === 'hubName') continue;
        expect([column, cell]).toEqual([column, String(at(figures[index], column) ?? '')]);
      }
    });
  });

  it('exports the applications with their evidence, a row per item, within each role’s scope', async () => {
    const exported = async (as: RegionUser, query = '') => {
      const response = await as.api.get(`/api/exports/spoke-applications.csv${query}`);
      expect(response.status).toBe(200);
      return parse(response.text, { columns: true }) as Record<string, string>[];
    };
    const listed = (await staff.api.get(`/api/spoke-applications?hubId=${hubA.id}&limit=100`)).body.items;
    const rows = await exported(staff, `?hubId=${hubA.id}`);
    const expected = listed.flatMap((a: any) =>
      a.evidence.map((e: any) => [a.id, a.status, String(a.cycle), a.hubName, e.criterionCode, e.status]),
    );
    expect(rows.map((r) => [r.applicationId, r.status, r.cycle, r.hubName, r.criterionCode, r.evidenceStatus]).sort()).toEqual(
      expected.sort(),
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(new Set((await exported(leadA)).map((r) => r.hubId))).toEqual(new Set([hubA.id]));
    expect(await exported(leadA, `?hubId=${hubB.id}`)).toEqual([]);
  });

  it('shows a hub lead their hub’s accreditation picture at the top of the home page, and no other hub', async () => {
    /** Hub A's lead, signed in by an emailed link at the clock as it is. */
    const signedIn = async () => {
      const client = new WebClient(system.baseUrl);
      const isLink = (m: { to: string[]; text: string }) => m.to.includes(leadA.email) && /\/sign-in\/email\//.test(m.text);
      const before = system.smtp.received.filter(isLink).length;
      expect((await client.post('/sign-in/email', { email: leadA.email, returnTo: '/' })).status).toBe(303);
      const messages = await system.smtp.waitFor(before + 1, isLink);
      const link = /\/sign-in\/email\/tfsl_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(messages[messages.length - 1]!.text)![0];
      const opened = await client.get(link);
      expect((await client.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! })).status).toBe(303);
      return client;
    };
    const browser = await signedIn();
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect([...home.text.matchAll(/data-section="([a-z-]+)"/g)].map((m) => m[1])[0]).toBe('accreditation-dashboard');
    expect(home.text).toContain(`data-hub="${hubA.id}"`);
    expect(home.text).not.toContain(`data-hub="${hubB.id}"`);
    expect(home.text).toContain(
      '<desc id="accreditation-chart-1-desc">Accredited: 1; Expiring in 3 months: 1; Expiring in 12 months: 1; Re-accrediting: 1; Lapsed: 0</desc>',
    );
    const durations = /<p class="nhsuk-body-s" id="accreditation-durations">([\s\S]*?)<\/p>/.exec(home.text)![1]!.replace(/\s+/g, ' ');
    expect(durations.trim()).toBe(
      'Median days: the practice’s evidence 0; the hub’s review 0; the quality visit 0; a visit’s actions none yet; ' +
        'HEE approval 0; signing the agreement 0; from application to accreditation 0.',
    );
    expect(home.text).not.toContain('data-section="commissioning-dashboard"');
    // Then their hub's deadlines of the next 7 days (overdue ones included), as the API lists them.
    // This region's fall later than a week from now: the clock moves to 3 days before the first of
    // them, for this part only (a session does not last that long: sign in again), so the week has some.
    const all = (await system.admin.get('/api/deadlines?limit=100')).body.items as { id: string; hubId?: string; dueAt: string }[];
    const firstOfHubA = all.filter((item) => item.hubId === hubA.id).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]!;
    system.setToday(new Date(Date.parse(firstOfHubA.dueAt) - 3 * 24 * 3600 * 1000));
    try {
      const due = (await leadA.api.get('/api/deadlines?within=P7D&limit=100')).body.items as { id: string; hubId?: string }[];
      expect(due.map((item) => item.id)).toContain(firstOfHubA.id);
      expect(due.every((item) => item.hubId === hubA.id)).toBe(true);
      const week = (await (await signedIn()).get('/')).text;
      const section = week.slice(week.indexOf('data-section="due-this-week"'));
      const shown = [...section.slice(0, section.indexOf('</section>')).matchAll(/data-deadline="([^"]+)"/g)].map((m) => m[1]);
      expect(shown).toEqual(due.slice(0, 15).map((item) => item.id));
    } finally {
      system.setToday(undefined);
    }
    const csv = parse((await browser.get('/reports/accreditation.csv')).text, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.hubId, r.applications])).toEqual([
      [hubA.id, '3'],
      ['all', '3'],
    ]);
  });

  it('shows a hub lead only their hub, a practice manager only their practice’s, and refuses the commissioning roles', async () => {
    const lead = await leadA.api.get(`/api/reports/accreditation?hubId=${hubB.id}`);
    expect(lead.status).toBe(200);
    expect(lead.body.hubs).toEqual([]);
    expect((await leadA.api.get('/api/reports/accreditation')).body.hubs).toEqual([
      { hubId: hubA.id, hubName: 'Atherton Hub', figures: hubAFigures },
    ]);
    const farnworth = managers[managers.length - 1]!;
    const own = (await farnworth.api.get('/api/reports/accreditation')).body;
    expect(own.hubs.map((h: any) => [h.hubId, h.figures.applications, h.figures.byStatus.UNDER_HUB_REVIEW])).toEqual([[hubB.id, 1, 1]]);
    expect(own.total.applications).toBe(1);
    const organisation = await ok(
      system.admin.post('/api/organisations', {
        name: 'Northshire Trust',
        odsCode: `R${tag.toUpperCase()}`,
        kind: 'nhs_trust',
        serviceType: 'primary_care',
      }),
      'an organisation',
    );
    const submitter = await createUser(system, {
      name: 'Olu S',
      email: `olu.${tag}@northshire.nhs.uk`,
      role: 'org_submitter',
      organisationId: organisation.id,
    });
    expect((await submitter.api.get('/api/reports/accreditation')).status).toBe(403);
    expect((await submitter.api.get('/api/reports/accreditation.csv')).status).toBe(403);
    expect((await staff.api.get('/api/reports/accreditation?hubId=not a hub')).status).toBe(400);
  });
});
