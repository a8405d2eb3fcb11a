/**
 * GET /api/deadlines and /api/deadlines.csv over HTTP, on a real Temporal dev server, database
 * and SMTP server: deadlines appear, move and disappear as commissioning workflows change state,
 * and their status, filters and CSV follow.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ApiClient } from '../support/api-client';
import { createIntake, createRegion, createUser, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/eventually';
import { endOfDayAfter } from '../../domain/london-calendar';

const DAY = 24 * 60 * 60 * 1000;

interface Item {
  id: string;
  subjectType: string;
  subjectId: string;
  key: string;
  action: string;
  owner: string;
  ownerRole: string;
  dueAt: string;
  status: 'due' | 'overdue';
}

async function deadlinesOf(api: ApiClient, subjectId: string, query = ''): Promise<Item[]> {
  const response = await api.get(`/api/deadlines?limit=100${query}`);
  expect(response.status).toBe(200);
  return (response.body.items as Item[]).filter((item) => item.subjectId === subjectId);
}

describe('deadlines follow the workflows, over HTTP', () => {
  let system: TestSystem;
  let region: Region;
  // The API's clock, which a deadline's status is computed against; the workflows keep real time.
  let apiClockAhead = 0;

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => new Date(Date.now() + apiClockAhead) });
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('appear when an EOI is submitted, move with each step and the extension, and disappear on withdrawal', async () => {
    const { submitter, reviewer, staff } = region;
    const submitted = await submitter.api.post('/api/eois', eoiBody(region));
    expect(submitted.status).toBe(201);
    const eoi = submitted.body;

    // Review by the university, by the end of the tenth day after submission (London time).
    const [review] = await until(async () => {
      const items = await deadlinesOf(staff.api, eoi.id);
      return items.length ? items : undefined;
    }, 'the review deadline');
    expect(review).toEqual({
      id: `${eoi.id}:review`,
      subjectType: 'eoi',
      subjectId: eoi.id,
      key: 'review',
      action: 'Review the expression of interest',
      owner: 'University of Northshire',
      ownerRole: 'university_reviewer',
      dueAt: endOfDayAfter(eoi.submittedAt, 10),
      status: 'due',
      intakeId: region.intake.id,
    });
    expect(await deadlinesOf(submitter.api, eoi.id)).toEqual([review]);
    expect(await deadlinesOf(reviewer.api, eoi.id)).toEqual([review]);

    // Supported: the review is done, the funding decision waits on HEE staff.
    const supported = await reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good' });
    expect(supported.body.status).toBe('AWAITING_FUNDING_DECISION');
    const afterSupport = await deadlinesOf(staff.api, eoi.id);
    expect(afterSupport).toEqual([
      expect.objectContaining({ key: 'funding-decision', action: 'Make the funding decision', owner: 'HEE staff', status: 'due' }),
    ]);
    const supportedAt = Date.parse(supported.body.history.at(-1).at);
    expect(afterSupport[0]!.dueAt).toBe(endOfDayAfter(new Date(supportedAt), 10));

    // Funded: the organisation owes a confirmation of support by the intake's deadline.
    const funded = await staff.api.post(`/api/eois/${eoi.id}/funding-decision`, { decision: 'fund', places: 1, comment: 'One place' });
    expect(funded.body.status).toBe('FUNDED');
    expect(await deadlinesOf(staff.api, eoi.id)).toEqual([
      expect.objectContaining({
        key: 'confirmation',
        action: 'Return confirmation of support for 1 more candidate(s)',
        owner: 'Northshire Community Trust',
        ownerRole: 'org_submitter',
        dueAt: region.intake.confirmationDueAt,
        status: 'due',
      }),
    ]);

    // An extension moves it.
    const extendedTo = new Date(Date.parse(region.intake.confirmationDueAt) + 7 * DAY).toISOString();
    const extended = await staff.api.post(`/api/eois/${eoi.id}/extension`, { confirmationDueAt: extendedTo, reason: 'Late recruitment' });
    expect(extended.status).toBe(200);
    expect(await deadlinesOf(staff.api, eoi.id)).toEqual([
      expect.objectContaining({ id: `${eoi.id}:confirmation`, dueAt: extendedTo, status: 'due' }),
    ]);

    // Withdrawn: nothing is waiting any more.
    const withdrawn = await submitter.api.post(`/api/eois/${eoi.id}/withdrawal`, { reason: 'Post no longer funded' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    expect(await deadlinesOf(staff.api, eoi.id)).toEqual([]);
    expect(await system.db.prisma.deadline.count({ where: { subjectId: eoi.id } })).toBe(0);
  });

  /**
   * A late EOI, funded after its intake's usual deadline, owes its confirmation in 14 days; a fresh
   * one owes its own months ahead. With the API's clock 15 days ahead the first is overdue and the
   * second still due. (The workflow's own move to CONFIRMATION_OVERDUE is tested on simulated time
   * in test/workflow/commissioning.test.ts.)
   */
  describe('with one EOI past its confirmation deadline and one with its deadline ahead', () => {
    let late: { id: string };
    let fresh: { id: string };
    let lateIntake: Region['intake'];

    const fundedEoi = async (intakeId: string) => {
      const { submitter, reviewer, staff } = region;
      const eoi = (await submitter.api.post('/api/eois', eoiBody(region, { intakeId, placesRequested: 1 }))).body;
      await until(async () => ((await deadlinesOf(staff.api, eoi.id)).length ? true : undefined), 'the EOI in review');
      await reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good' });
      const funded = await staff.api.post(`/api/eois/${eoi.id}/funding-decision`, { decision: 'fund', comment: 'Funded' });
      expect(funded.body.status).toBe('FUNDED');
      return eoi;
    };

    beforeAll(async () => {
      // Starts in 20 days: funded after the usual deadline, so 14 days to confirm.
      lateIntake = await createIntake(system, region.programme.id, { startsInDays: 20 });
      late = await fundedEoi(lateIntake.id);
      fresh = await fundedEoi(region.intake.id);
      apiClockAhead = 15 * DAY;
    });

    afterAll(() => {
      apiClockAhead = 0;
    });

    it('computes status against now, and filters by status, within and intake, soonest first', async () => {
      const { staff } = region;
      const overdue = await deadlinesOf(staff.api, late.id);
      expect(overdue.map((i) => [i.key, i.status])).toEqual([['confirmation', 'overdue']]);
      expect(overdue[0]).toMatchObject({ owner: 'Northshire Community Trust', ownerRole: 'org_submitter' });

      const mine = (items: Item[]) => items.filter((i) => i.subjectId === late.id || i.subjectId === fresh.id).map((i) => i.id);
      const list = async (query: string) => {
        const response = await staff.api.get(`/api/deadlines?limit=100&${query}`);
        expect(response.status).toBe(200);
        return mine(response.body.items);
      };
      expect(await list('')).toEqual([`${late.id}:confirmation`, `${fresh.id}:confirmation`]);
      expect(await list('status=overdue')).toEqual([`${late.id}:confirmation`]);
      expect(await list('status=due')).toEqual([`${fresh.id}:confirmation`]);
      // Overdue ones are always within; the fresh deadline is some 77 days after the API's now.
      expect(await list('within=P5D')).toEqual([`${late.id}:confirmation`]);
      expect(await list('within=P90D&status=due')).toEqual([`${fresh.id}:confirmation`]);
      expect(await list(`intakeId=${lateIntake.id}`)).toEqual([`${late.id}:confirmation`]);
      expect(await list(`organisationId=${region.otherOrganisation.id}`)).toEqual([]);

      // Every item of the whole list is in due order.
      const all = (await staff.api.get('/api/deadlines?limit=100')).body.items as Item[];
      expect(all.map((i) => i.dueAt)).toEqual([...all.map((i) => i.dueAt)].sort());
    });

    it('pages with a cursor', async () => {
      const { staff } = region;
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await staff.api.get(`/api/deadlines?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...response.body.items.map((i: Item) => i.id));
        cursor = response.body.nextCursor;
      } while (cursor);
      const whole = (await staff.api.get('/api/deadlines?limit=100')).body.items.map((i: Item) => i.id);
      expect(seen).toEqual(whole);
    });

    it('refuses a bad within or status with 400 naming the field', async () => {
      for (const query of ['within=30days', 'within=P6Y', 'within=P', 'status=late', 'colour=red']) {
        const response = await region.staff.api.get(`/api/deadlines?${query}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const field = `query.${query.split('=')[0]}`;
        expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
      }
      expect((await region.staff.api.get('/api/deadlines.csv?within=P6Y')).status).toBe(400);
      expect((await system.as('').get('/api/deadlines')).status).toBe(401);
    });

    it('exports the same list as CSV, with a filename', async () => {
      const response = await region.staff.api.get(`/api/deadlines.csv?intakeId=${lateIntake.id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="trainflow-deadlines-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = parse(response.text, { columns: true }) as Record<string, string>[];
      const json = (await region.staff.api.get(`/api/deadlines?intakeId=${lateIntake.id}`)).body.items as Item[];
      expect(rows).toEqual(
        json.map((i) => ({
          subjectType: i.subjectType,
          subjectId: i.subjectId,
          action: i.action,
          owner: i.owner,
          dueAt: i.dueAt,
          status: i.status,
        })),
      );
      expect(rows.map((r) => r.status)).toEqual(['overdue']);
    });

    it('moves the overdue deadline back to due when HEE staff extend it', async () => {
      // Later than the current deadline and the API's clock, before the programme starts in 20 days.
      const to = new Date(Date.now() + 17 * DAY).toISOString();
      const extended = await region.staff.api.post(`/api/eois/${late.id}/extension`, {
        confirmationDueAt: to,
        reason: 'Recruitment ran late',
      });
      expect(extended.body.status).toBe('FUNDED');
      expect(await deadlinesOf(region.staff.api, late.id)).toEqual([
        expect.objectContaining({ key: 'confirmation', dueAt: to, status: 'due' }),
      ]);
    });
  });

  it('exports owners that look like formulas as text', async () => {
    const organisation = await system.admin.post('/api/organisations', {
      name: '=HYPERLINK("http://evil.example","Click")',
      odsCode: `R${randomBytes(3).toString('hex').toUpperCase()}`,
      kind: 'other',
      serviceType: 'other',
    });
    expect(organisation.status).toBe(201);
    const submitter = await createUser(system, {
      name: 'Eve Sub',
      email: `eve.${randomBytes(3).toString('hex')}@evil.example`,
      role: 'org_submitter',
      organisationId: organisation.body.id,
    });
    const eoi = (await submitter.api.post('/api/eois', eoiBody(region, { organisationId: organisation.body.id }))).body;
    await until(async () => ((await deadlinesOf(region.staff.api, eoi.id)).length ? true : undefined), 'the EOI in review');
    const changes = await region.reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'changes_requested', comment: 'More detail' });
    expect(changes.body.status).toBe('CHANGES_REQUESTED');

    const csv = await submitter.api.get('/api/deadlines.csv');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ subjectId: eoi.id, owner: `'=HYPERLINK("http://evil.example","Click")` })]);
    // The JSON list answers the name as it is.
    expect((await deadlinesOf(submitter.api, eoi.id))[0]!.owner).toBe('=HYPERLINK("http://evil.example","Click")');
  });
});
