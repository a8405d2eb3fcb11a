/**
 * Reports over HTTP on real servers (Temporal, database, SMTP): a small region whose EOIs are
 * taken through the real API to known ends across two intakes, then every figure of the funnel,
 * every CSV row and the capacity of both intakes checked, and each role's view of them. The
 * API's clock is fixed (noon UTC on the day the file starts), so the days left are exact.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { EoiView } from '../../domain/eoi';
import { addCalendarDays, londonDateOf } from '../../domain/london-calendar';
import { eoiFunnelFacts } from '../../domain/reports';
import type { ApiClient } from '../support/api-client';
import { eventually } from '../support/eventually';
import { signedInByEmailLink } from '../support/web-sign-in';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const today = new Date().toISOString().slice(0, 10);
const clock = new Date(`${today}T12:00:00.000Z`);
const DAY = 24 * 60 * 60 * 1000;
/** The API's and the pages' clock: `clock`, but for one test that moves it to a week with deadlines in it. */
let apiClock = clock;

describe('reports: the commissioning funnel and capacity of a region with known outcomes', () => {
  let system: TestSystem;
  let region: Region;
  let programme: { id: string; name: string };
  let intakeA: { id: string; startsOn: string };
  let intakeB: { id: string; startsOn: string };
  let lead: RegionUser;
  let manager: RegionUser;

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };
  const submit = (as: ApiClient, intakeId: string, places: number, overrides: Record<string, unknown> = {}) =>
    ok(as.post('/api/eois', eoiBody(region, { intakeId, placesRequested: places, ...overrides })), 'submitting');
  const review = (id: string, decision: string) =>
    ok(region.reviewer.api.post(`/api/eois/${id}/review`, { decision, comment: `${decision} it` }), `review ${decision}`);
  const fund = (id: string, places: number) =>
    ok(region.staff.api.post(`/api/eois/${id}/funding-decision`, { decision: 'fund', places, comment: 'funded' }), 'funding');

  async function intake(startsInDays: number, fundedPlaces: number) {
    const startsOn = addCalendarDays(today, startsInDays);
    return ok(
      system.admin.post('/api/intakes', {
        programmeId: programme.id,
        startsOn,
        fundedPlaces,
        eoiOpensAt: new Date(Date.now() - DAY).toISOString(),
        eoiClosesAt: new Date(Date.now() + 30 * DAY).toISOString(),
        priorityServiceTypes: [],
      }),
      'an intake',
    ) as Promise<{ id: string; startsOn: string }>;
  }

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => apiClock });
    region = await createRegion(system);
    // A programme whose name a spreadsheet would take for a formula: the CSV must neutralise it.
    programme = await ok(
      system.admin.post('/api/programmes', {
        name: '=Advanced Practice',
        role: 'advanced_practitioner',
        universityIds: [region.university.id, region.otherUniversity.id],
      }),
      'a programme',
    );
    intakeA = await intake(120, 3);
    intakeB = await intake(150, 1);
    const tag = randomBytes(3).toString('hex');
    const hub = await ok(system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] }), 'a hub');
    const practice = await ok(
      system.admin.post('/api/practices', {
        name: 'Leigh Family Practice',
        odsCode: `P${tag.toUpperCase()}`,
        isTrainingPractice: false,
        hubId: hub.id,
      }),
      'a practice',
    );
    lead = await createUser(system, { name: 'Hal L', email: `hal.${tag}@wigan-hub.nhs.uk`, role: 'hub_lead', hubId: hub.id });
    manager = await createUser(system, {
      name: 'Pat M',
      email: `pat.${tag}@leigh.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });

    const { submitter, reviewer } = region;
    // Intake A (3 funded places): enrolled, changes requested, declined by the university,
    // declined by HEE staff, funded 2 and 1 given back.
    const enrolled = await submit(submitter.api, intakeA.id, 1);
    await review(enrolled.id, 'support');
    await fund(enrolled.id, 1);
    const { candidateId } = await ok(
      submitter.api.post(`/api/eois/${enrolled.id}/candidates`, {
        name: 'Ada Trainee',
        email: 'ada@northshire.nhs.uk',
        currentRole: 'Nurse',
      }),
      'a candidate',
    );
    await ok(reviewer.api.post(`/api/eois/${enrolled.id}/candidates/${candidateId}/outcome`, { outcome: 'accepted' }), 'accepted');
    const confirmed = await ok(
      submitter.api.post(`/api/eois/${enrolled.id}/confirmations`, { candidateId, signedBy: 'Dr Chief Nurse' }),
      'confirmation',
    );
    expect(confirmed.status).toBe('ENROLLED');

    await review((await submit(submitter.api, intakeA.id, 2)).id, 'changes_requested');
    await review((await submit(submitter.api, intakeA.id, 2)).id, 'decline');
    const heeDeclined = await submit(submitter.api, intakeA.id, 2);
    await review(heeDeclined.id, 'support');
    await ok(region.staff.api.post(`/api/eois/${heeDeclined.id}/funding-decision`, { decision: 'decline', comment: 'no' }), 'declining');
    const givesBack = await submit(submitter.api, intakeA.id, 2);
    await review(givesBack.id, 'support');
    await fund(givesBack.id, 2);
    await ok(submitter.api.post(`/api/eois/${givesBack.id}/place-release`, { places: 1, reason: 'one post unfilled' }), 'release');

    // Intake B (1 funded place): funded then withdrawn, which promotes the waitlisted one; and
    // another organisation's EOI to another university, still under review.
    const withdrawn = await submit(submitter.api, intakeB.id, 1);
    await review(withdrawn.id, 'support');
    await fund(withdrawn.id, 1);
    const promoted = await submit(submitter.api, intakeB.id, 1);
    await review(promoted.id, 'support');
    expect((await fund(promoted.id, 1)).status).toBe('WAITLISTED');
    await ok(submitter.api.post(`/api/eois/${withdrawn.id}/withdrawal`, { reason: 'post withdrawn' }), 'withdrawal');
    await eventually(async () => {
      expect((await region.staff.api.get(`/api/eois/${promoted.id}`)).body.status).toBe('FUNDED');
    }, 'the waitlisted EOI to be promoted');
    await submit(region.otherSubmitter.api, intakeB.id, 1, {
      organisationId: region.otherOrganisation.id,
      universityId: region.otherUniversity.id,
      serviceType: 'primary_care',
      contact: { name: '=HYPERLINK("http://x.example")', email: 'rae.contact@riverside.nhs.uk' },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const report = async (as: ApiClient, query = '') => {
    const response = await as.get(`/api/reports/commissioning?programmeId=${programme.id}${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const zeroStatuses = {
    UNDER_UNIVERSITY_REVIEW: 0,
    CHANGES_REQUESTED: 0,
    AWAITING_FUNDING_DECISION: 0,
    WAITLISTED: 0,
    FUNDED: 0,
    CONFIRMATION_OVERDUE: 0,
    ENROLLED: 0,
    DECLINED: 0,
    WITHDRAWN: 0,
  };
  const step = (measured: number) => ({ medianDays: measured ? expect.any(Number) : null, measured });

  it('counts every figure of both intakes and of the two together', async () => {
    const body = await report(region.staff.api);
    expect(body.generatedAt).toBe(clock.toISOString());
    expect(body.intakes.map((i: any) => [i.intakeId, i.programmeName, i.startsOn])).toEqual([
      [intakeA.id, '=Advanced Practice', intakeA.startsOn],
      [intakeB.id, '=Advanced Practice', intakeB.startsOn],
    ]);
    const [a, b] = body.intakes.map((i: any) => i.figures);
    expect(a.eois).toEqual({
      submitted: 5,
      supported: 3,
      changesRequested: 1,
      declinedByUniversity: 1,
      declinedByHee: 1,
      declinedAtIntakeStart: 0,
      waitlistExpired: 0,
      funded: 2,
      waitlisted: 0,
      enrolled: 1,
      withdrawn: 0,
      withdrawnAfterFunding: 0,
    });
    expect(a.byStatus).toEqual({ ...zeroStatuses, CHANGES_REQUESTED: 1, FUNDED: 1, ENROLLED: 1, DECLINED: 2 });
    expect(a.places).toEqual({
      requested: 9,
      allocated: 2,
      confirmed: 1,
      released: { givenBack: 1, atWithdrawal: 0, afterMissedDeadline: 0, atIntakeStart: 0 },
    });
    expect(a.durations).toEqual({ submissionToReview: step(5), reviewToDecision: step(3), fundingToConfirmation: step(1) });

    expect(b.eois).toEqual({
      submitted: 3,
      supported: 2,
      changesRequested: 0,
      declinedByUniversity: 0,
      declinedByHee: 0,
      declinedAtIntakeStart: 0,
      waitlistExpired: 0,
      funded: 2,
      waitlisted: 1,
      enrolled: 0,
      withdrawn: 1,
      withdrawnAfterFunding: 1,
    });
    expect(b.byStatus).toEqual({ ...zeroStatuses, UNDER_UNIVERSITY_REVIEW: 1, FUNDED: 1, WITHDRAWN: 1 });
    expect(b.places).toEqual({
      requested: 3,
      allocated: 1,
      confirmed: 0,
      released: { givenBack: 0, atWithdrawal: 1, afterMissedDeadline: 0, atIntakeStart: 0 },
    });
    expect(b.durations).toEqual({ submissionToReview: step(2), reviewToDecision: step(2), fundingToConfirmation: step(0) });

    expect(body.total.eois).toMatchObject({ submitted: 8, supported: 5, funded: 4, waitlisted: 1, enrolled: 1, withdrawn: 1 });
    expect(body.total.places).toEqual({
      requested: 12,
      allocated: 3,
      confirmed: 1,
      released: { givenBack: 1, atWithdrawal: 1, afterMissedDeadline: 0, atIntakeStart: 0 },
    });
    expect(body.total.durations.submissionToReview.measured).toBe(7);
  });

  it('exports the same figures as CSV: a row per intake, then the total, formula cells neutralised', async () => {
    const body = await report(region.staff.api);
    const response = await region.staff.api.get(`/api/reports/commissioning.csv?programmeId=${programme.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="trainflow-commissioning-${londonDateOf(clock)}.csv"`);
    const rows: Record<string, string>[] = parse(response.text, { columns: true });
    expect(rows.map((r) => [r.intakeId, r.programmeName])).toEqual([
      [intakeA.id, "'=Advanced Practice"],
      [intakeB.id, "'=Advanced Practice"],
      ['all', ''],
    ]);
    // Every figure column of every row is the JSON's value at that path.
    const figures = [...body.intakes.map((i: any) => i.figures), body.total];
    const at = (object: any, path: string) => path.split('.').reduce((value, key) => value?.[key], object);
    rows.forEach((row, index) => {
      for (const [column, cell] of Object.entries(row)) {
        if (['intakeId', 'programmeName', 'startsOn'].includes(column)) continue;
        const value = at(figures[index], column);
        expect([column, cell]).toEqual([column, value === null ? '' : String(value)]);
      }
    });
    expect(Object.keys(rows[0]!)).toContain('places.released.givenBack');
    expect(rows[2]!['eois.submitted']).toBe('8');
  });

  it('filters by university, organisation, service type, intake and submission dates', async () => {
    const submitted = async (query: string) => (await report(region.staff.api, query)).total.eois.submitted;
    expect(await submitted(`&universityId=${region.otherUniversity.id}`)).toBe(1);
    expect(await submitted(`&organisationId=${region.organisation.id}`)).toBe(7);
    expect(await submitted('&serviceType=primary_care')).toBe(1);
    expect(await submitted(`&intakeId=${intakeA.id}`)).toBe(5);
    const now = Date.now();
    const around = `&submittedFrom=${londonDateOf(new Date(now - DAY))}&submittedTo=${londonDateOf(new Date(now + DAY))}`;
    expect(await submitted(around)).toBe(8);
    expect(await submitted(`&submittedFrom=${londonDateOf(new Date(now + 2 * DAY))}`)).toBe(0);
    const other = await report(region.staff.api, `&intakeId=${region.intake.id}`);
    expect(other).toMatchObject({ intakes: [], total: { eois: { submitted: 0 } } });
  });

  it('refuses bad filters with a 400 naming each field', async () => {
    const problem = async (query: string) => {
      const response = await region.staff.api.get(`/api/reports/commissioning?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      return response.body.errors.map((e: { path: string }) => e.path);
    };
    expect(await problem('serviceType=hospital')).toEqual(['query.serviceType']);
    expect(await problem('submittedFrom=2026-13-01')).toEqual(['query.submittedFrom']);
    expect(await problem('submittedFrom=2026-05-02&submittedTo=2026-05-01')).toEqual(['query.submittedTo']);
    expect(await problem('colour=blue')).toEqual(['query.colour']);
    expect((await region.staff.api.get('/api/reports/capacity?include=some')).status).toBe(400);
  });

  it('reads each EOI’s funnel facts, written with its view by every commit; rows from before them count the same from their views', async () => {
    const prisma = system.db.prisma;
    const rows = await prisma.eoi.findMany({ select: { id: true, view: true, funnelFacts: true } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.funnelFacts).toEqual(eoiFunnelFacts(row.view as unknown as EoiView));
    const capacity = async () => (await region.staff.api.get(`/api/reports/capacity?programmeId=${programme.id}`)).body;
    const [funnelBefore, capacityBefore] = [await report(region.staff.api), await capacity()];
    await prisma.$executeRaw`UPDATE "Eoi" SET "funnelFacts" = NULL`;
    try {
      expect(await report(region.staff.api)).toEqual(funnelBefore);
      expect(await capacity()).toEqual(capacityBefore);
    } finally {
      for (const row of rows) await prisma.eoi.update({ where: { id: row.id }, data: { funnelFacts: row.funnelFacts as object } });
    }
  });

  it('gives each intake’s capacity as the intake holds it, with the days left from the API’s clock', async () => {
    const response = await region.staff.api.get(`/api/reports/capacity?programmeId=${programme.id}`);
    expect(response.status).toBe(200);
    expect(response.body.intakes).toEqual([
      {
        intakeId: intakeA.id,
        programmeId: programme.id,
        programmeName: '=Advanced Practice',
        startsOn: intakeA.startsOn,
        confirmationDueAt: expect.any(String),
        fundedPlaces: 3,
        allocated: 2,
        confirmed: 1,
        remaining: 1,
        waitlistLength: 0,
        daysToConfirmationDeadline: 120 - 28,
        daysToStart: 120,
      },
      {
        intakeId: intakeB.id,
        programmeId: programme.id,
        programmeName: '=Advanced Practice',
        startsOn: intakeB.startsOn,
        confirmationDueAt: expect.any(String),
        fundedPlaces: 1,
        allocated: 1,
        confirmed: 0,
        remaining: 0,
        waitlistLength: 0,
        daysToConfirmationDeadline: 150 - 28,
        daysToStart: 150,
      },
    ]);
    // The same figures as the intake's own capacity route.
    const own = await region.staff.api.get(`/api/intakes/${intakeA.id}/capacity`);
    expect(own.body).toMatchObject({ fundedPlaces: 3, allocated: 2, remaining: 1 });
  });

  describe('exports', () => {
    const csv = async (as: ApiClient, path: string) => {
      const response = await as.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="trainflow-.+\.csv"$/);
      return parse(response.text, { columns: true }) as Record<string, string>[];
    };

    it('exports every EOI a list shows, a row per candidate, formula cells neutralised', async () => {
      const rows = await csv(region.staff.api, `/api/exports/eois.csv?intakeId=${intakeA.id}`);
      const listed = (await region.staff.api.get(`/api/eois?intakeId=${intakeA.id}&limit=100`)).body.items;
      expect(rows.map((r) => r.eoiId).sort()).toEqual(listed.map((e: { id: string }) => e.id).sort());
      for (const eoi of listed) {
        const row = rows.find((r) => r.eoiId === eoi.id)!;
        expect(row).toMatchObject({
          status: eoi.status,
          organisationName: region.organisation.name,
          universityName: region.university.name,
          placesRequested: String(eoi.placesRequested),
          allocatedPlaces: String(eoi.allocatedPlaces),
          submittedAt: eoi.submittedAt,
          candidateName: eoi.candidates[0]?.name ?? '',
          candidateSignedBy: eoi.candidates[0]?.confirmation?.signedBy ?? '',
        });
      }
      const enrolled = rows.filter((r) => r.status === 'ENROLLED');
      expect(enrolled.map((r) => [r.candidateName, r.candidateOutcome, r.candidateSignedBy])).toEqual([
        ['Ada Trainee', 'accepted', 'Dr Chief Nurse'],
      ]);
      const theirs = await csv(region.otherSubmitter.api, '/api/exports/eois.csv');
      expect(theirs.map((r) => [r.organisationId, r.contactName])).toEqual([
        [region.otherOrganisation.id, `'=HYPERLINK("http://x.example")`],
      ]);
      const widened = await csv(region.otherSubmitter.api, `/api/exports/eois.csv?organisationId=${region.organisation.id}`);
      expect(widened).toEqual([]);
    });

    it('exports the audit trail with its filters, the same events the list answers', async () => {
      const enrolled = (await region.staff.api.get(`/api/eois?intakeId=${intakeA.id}&status=ENROLLED`)).body.items[0];
      const listed = (await region.staff.api.get(`/api/audit-events?subjectId=${enrolled.id}&limit=100`)).body.items;
      const rows = await csv(region.staff.api, `/api/exports/audit-events.csv?subjectId=${enrolled.id}`);
      expect(rows.map((r) => [r.id, r.action, r.actorRole])).toEqual(listed.map((e: any) => [e.id, e.action, e.actorRole]));
      expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['eoi.submitted', 'eoi.funded', 'eoi.support_confirmed']));
      const funded = await csv(region.staff.api, `/api/exports/audit-events.csv?subjectId=${enrolled.id}&action=eoi.funded`);
      expect(funded.map((r) => [r.action, JSON.parse(r.after ?? 'null').status])).toEqual([['eoi.funded', 'FUNDED']]);
      const later = londonDateOf(new Date(Date.now() + 2 * DAY));
      expect(await csv(region.staff.api, `/api/exports/audit-events.csv?subjectId=${enrolled.id}&from=${later}`)).toEqual([]);
      const bad = await region.staff.api.get('/api/exports/audit-events.csv?from=2026-05-02&to=2026-05-01');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
      expect((await region.submitter.api.get('/api/exports/audit-events.csv')).status).toBe(403);
    });
  });

  describe('the dashboard on the home page', () => {
    const signedIn = (email: string) => signedInByEmailLink(system, email);
    /** The number in a table's row, the table found by an attribute (data-intake="…", id="…"). */
    function figure(html: string, table: string, row: string): number {
      const start = html.indexOf(table);
      expect(start).toBeGreaterThan(-1);
      const body = html.slice(start, html.indexOf('</table>', start));
      const match = new RegExp(`<th scope="row" class="nhsuk-table__header">${row}</th>\\s*<td[^>]*>(-?\\d+)</td>`).exec(body);
      expect([row, match?.[1]]).toEqual([row, expect.any(String)]);
      return Number(match![1]);
    }

    it('shows regional staff the funnel and each open intake’s places first, as charts with their tables and the CSV', async () => {
      const browser = await signedIn(region.staff.email);
      const home = await browser.get('/');
      expect(home.status).toBe(200);
      const sections = [...home.text.matchAll(/data-section="([a-z-]+)"/g)].map((m) => m[1]);
      expect(sections[0]).toBe('commissioning-dashboard');
      // Charts are images to assistive technology, with a title and a description naming the figures.
      expect(home.text).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="funnel-chart-title funnel-chart-desc"/);
      expect(home.text).toContain('<desc id="funnel-chart-desc">Submitted: 8; Supported by university: 5; Funded: 4; Enrolled: 1</desc>');
      expect(figure(home.text, 'id="funnel-table"', 'Submitted')).toBe(8);
      expect(figure(home.text, 'id="funnel-table"', 'Places allocated')).toBe(3);
      expect(figure(home.text, 'id="funnel-table"', 'Places given back')).toBe(1);
      for (const [intake, funded, allocated, confirmed, days] of [
        [intakeA, 3, 2, 1, 120],
        [intakeB, 1, 1, 0, 150],
      ] as const) {
        const table = `data-intake="${intake.id}"`;
        expect(figure(home.text, table, 'Funded places')).toBe(funded);
        expect(figure(home.text, table, 'Allocated')).toBe(allocated);
        expect(figure(home.text, table, 'Confirmed')).toBe(confirmed);
        expect(figure(home.text, table, 'Days to the start')).toBe(days);
        expect(figure(home.text, table, 'Days to the confirmation deadline')).toBe(days - 28);
      }
      expect(home.text).toContain('href="/reports/commissioning.csv"');
      const download = await browser.get('/reports/commissioning.csv');
      expect(download.status).toBe(200);
      expect(download.text).toBe((await region.staff.api.get('/api/reports/commissioning.csv')).text);
    });

    /** The deadline ids the "Due this week" section links, in order. */
    const dueThisWeek = (html: string) => {
      const start = html.indexOf('data-section="due-this-week"');
      if (start === -1) return undefined;
      const section = html.slice(start, html.indexOf('</section>', start));
      return [...section.matchAll(/data-deadline="([^"]+)"/g)].map((m) => m[1]);
    };

    it('shows regional staff and hub leads what is due in the next 7 days, as GET /api/deadlines?within=P7D answers them', async () => {
      // The region's first deadlines are weeks away: move the clock to 3 days before the soonest,
      // so the week holds some of them and not others.
      const all = (await region.staff.api.get('/api/deadlines?limit=100')).body.items as { dueAt: string }[];
      expect(all.length).toBeGreaterThan(1);
      apiClock = new Date(Date.parse(all[0]!.dueAt) - 3 * DAY);
      try {
        await dueThisWeekMatchesTheApi(all.length);
      } finally {
        apiClock = clock;
      }
    });

    async function dueThisWeekMatchesTheApi(everything: number) {
      let seen = 0;
      for (const user of [region.staff, lead]) {
        const browser = await signedIn(user.email);
        const home = await browser.get('/');
        const api = await user.api.get('/api/deadlines?within=P7D&limit=100');
        expect(api.status).toBe(200);
        const expected = api.body.items.map((item: { id: string }) => item.id);
        expect(dueThisWeek(home.text)).toEqual(expected.slice(0, 15));
        seen += expected.length;
        // Soonest first, none later than the week, whoever must act.
        const dues = api.body.items.map((item: { dueAt: string }) => Date.parse(item.dueAt));
        expect(dues).toEqual([...dues].sort((a, b) => a - b));
        for (const due of dues) expect(due).toBeLessThanOrEqual(apiClock.getTime() + 7 * DAY);
        for (const item of api.body.items.slice(0, 15)) {
          expect(home.text).toContain(`href="/${item.subjectType === 'eoi' ? 'eois' : 'spoke-applications'}/${item.subjectId}"`);
        }
        expect(home.text).toContain('href="/reports/deadlines.csv?within=P7D"');
        const csv = await browser.get('/reports/deadlines.csv?within=P7D');
        expect(csv.status).toBe(200);
        expect(csv.text).toBe((await user.api.get('/api/deadlines.csv?within=P7D')).text);
      }
      // The hub lead's hub has no applications: only the region's EOIs are due, and the lead sees none of them.
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(everything);
      expect(dueThisWeek((await (await signedIn(lead.email)).get('/')).text)).toEqual([]);
    }

    it('shows organisations and universities their own funnel, no intake places and no regional deadlines', async () => {
      for (const [user, submitted] of [
        [region.submitter, 7],
        [region.otherSubmitter, 1],
        [region.reviewer, 7],
        [region.otherReviewer, 1],
      ] as const) {
        const home = await (await signedIn(user.email)).get('/');
        expect(home.status).toBe(200);
        const sections = [...home.text.matchAll(/data-section="([a-z-]+)"/g)].map((m) => m[1]);
        expect(sections[0]).toBe('commissioning-dashboard');
        expect(figure(home.text, 'id="funnel-table"', 'Submitted')).toBe(submitted);
        // The same figures the API gives them.
        const api = (await user.api.get('/api/reports/commissioning')).body.total;
        expect(figure(home.text, 'id="funnel-table"', 'Submitted')).toBe(api.eois.submitted);
        expect(figure(home.text, 'id="funnel-table"', 'Places allocated')).toBe(api.places.allocated);
        expect(home.text).not.toContain('data-intake=');
        expect(sections).not.toContain('due-this-week');
      }
    });

    it('refuses organisations the accreditation CSV, and gives them their own funnel as a file', async () => {
      const browser = await signedIn(region.submitter.email);
      const home = await browser.get('/');
      expect(home.status).toBe(200);
      expect(home.text).not.toContain('data-section="accreditation-dashboard"');
      expect((await browser.get('/reports/accreditation.csv')).status).toBe(403);
      expect(home.text).toContain('href="/reports/commissioning.csv"');
      const own = parse((await browser.get('/reports/commissioning.csv')).text, { columns: true }) as Record<string, string>[];
      expect(own.at(-1)!['eois.submitted']).toBe('7');
    });
  });

  describe('scope', () => {
    it('shows an organisation only its own EOIs, whatever the filter names', async () => {
      expect((await report(region.submitter.api)).total.eois.submitted).toBe(7);
      expect((await report(region.otherSubmitter.api)).total.eois.submitted).toBe(1);
      const widened = await report(region.otherSubmitter.api, `&organisationId=${region.organisation.id}`);
      expect(widened).toMatchObject({ intakes: [], total: { eois: { submitted: 0 } } });
    });

    it('shows a university only the EOIs addressed to it', async () => {
      expect((await report(region.reviewer.api)).total.eois.submitted).toBe(7);
      const other = await report(region.otherReviewer.api);
      expect(other.intakes.map((i: any) => [i.intakeId, i.figures.eois.submitted])).toEqual([[intakeB.id, 1]]);
      const csv = await region.otherReviewer.api.get(`/api/reports/commissioning.csv?programmeId=${programme.id}`);
      expect(parse(csv.text, { columns: true }).map((r: any) => r['eois.submitted'])).toEqual(['1', '1']);
    });

    it('refuses hub leads and practice managers the funnel (they have no EOIs), and all but regional roles the capacity', async () => {
      for (const user of [lead, manager]) {
        expect((await user.api.get('/api/reports/commissioning')).status).toBe(403);
        expect((await user.api.get('/api/reports/commissioning.csv')).status).toBe(403);
      }
      for (const user of [lead, manager, region.submitter, region.reviewer]) {
        expect((await user.api.get('/api/reports/capacity')).status).toBe(403);
      }
      expect((await system.admin.get('/api/reports/capacity')).status).toBe(200);
      expect((await system.admin.get(`/api/reports/commissioning?programmeId=${programme.id}`)).body.total.eois.submitted).toBe(8);
    });
  });
});
