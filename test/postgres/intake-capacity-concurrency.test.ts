/**
 * Funded places under concurrency, on PostgreSQL with two API instances: however many funding
 * decisions arrive at once, the intake is never over-allocated, the waitlist is in priority
 * then submission order, and released places go to the head of the waitlist.
 */
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/database';
import { startSystem, type System } from '../../system/system';
import { ApiClient } from '../support/api-client';
import { eventually } from '../support/eventually';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const EOIS = 50;
const PLACES = 10;
const SETTLE_MS = 120_000;

describe('intake capacity under 50 simultaneous funding decisions from two API processes', () => {
  let system: TestSystem;
  let secondApi: System;
  let region: Region;
  const eois: { id: string; submittedAt: string; priority: boolean }[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    secondApi = await startSystem(
      { ...system.config, port: 0, temporalAddress: system.temporalAddress },
      { role: 'api', db: await openDatabase(system.database.location), logger: createLogger('silent'), stablePorts: false },
    );
    region = await createRegion(system, { fundedPlaces: PLACES });
    for (let i = 0; i < EOIS; i++) {
      const priority = i % 5 === 3;
      const response = await region.submitter.api.post(
        '/api/eois',
        eoiBody(region, { placesRequested: 1, serviceType: priority ? 'primary_care' : 'integrated_community_care' }),
      );
      expect(response.status).toBe(201);
      eois.push({ id: response.body.id, submittedAt: response.body.submittedAt, priority });
    }
    await Promise.all(eois.map((e) => region.reviewer.api.post(`/api/eois/${e.id}/review`, { decision: 'support', comment: 'ok' })));
  }, 180_000);

  afterAll(async () => {
    await secondApi?.stop();
    await secondApi?.db.close();
    await system?.stop();
  });

  const byWaitlistRule = (a: (typeof eois)[number], b: (typeof eois)[number]) =>
    a.priority !== b.priority ? (a.priority ? -1 : 1) : Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || a.id.localeCompare(b.id);

  async function statuses(): Promise<Map<string, { status: string; waitlistPosition?: number; allocatedPlaces: number }>> {
    const rows = await system.db.prisma.eoi.findMany({ where: { intakeId: region.intake.id } });
    return new Map(
      rows.map((r) => [r.id, { status: r.status, waitlistPosition: r.waitlistPosition ?? undefined, allocatedPlaces: r.allocatedPlaces }]),
    );
  }

  async function capacityAgreesWithEois(expectedFunded: number) {
    const capacity = (await region.staff.api.get(`/api/intakes/${region.intake.id}/capacity`)).body;
    const states = await statuses();
    const funded = [...states.values()].filter((s) => s.status === 'FUNDED');
    const waitlisted = [...states.entries()].filter(([, s]) => s.status === 'WAITLISTED');
    expect(funded).toHaveLength(expectedFunded);
    expect(capacity.allocated).toBe(funded.reduce((sum, s) => sum + s.allocatedPlaces, 0));
    expect(capacity.allocated).toBeLessThanOrEqual(capacity.fundedPlaces);
    expect(capacity.waitlist).toHaveLength(waitlisted.length);
    for (const { eoiId, position } of capacity.waitlist) {
      expect(states.get(eoiId)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: position });
    }
    return capacity;
  }

  it('funds exactly 10, waitlists 40 in priority-then-submission order, and promotes exactly the next 5 after 5 withdrawals', async () => {
    const apis = [region.staff.api, new ApiClient(secondApi.apiUrl!, region.staff.token)];
    const decisions = await Promise.all(
      eois.map((e, i) => apis[i % 2]!.post(`/api/eois/${e.id}/funding-decision`, { decision: 'fund', places: 1, comment: 'fund' })),
    );
    expect(decisions.map((d) => d.status)).toEqual(Array(EOIS).fill(200));
    expect(decisions.filter((d) => d.body.status === 'FUNDED')).toHaveLength(PLACES);
    expect(decisions.filter((d) => d.body.status === 'WAITLISTED')).toHaveLength(EOIS - PLACES);

    const funded = new Set(decisions.filter((d) => d.body.status === 'FUNDED').map((d) => d.body.id as string));
    const expectedWaitlist = eois
      .filter((e) => !funded.has(e.id))
      .sort(byWaitlistRule)
      .map((e) => e.id);
    // Each change of the waitlist reaches every waitlisted EOI's workflow and read model (tens of
    // updates per promotion): on a loaded two-core machine that takes longer than eventually's default.
    const capacity = await eventually(() => capacityAgreesWithEois(PLACES), 'waitlist positions to settle', SETTLE_MS);
    expect(capacity).toMatchObject({ fundedPlaces: PLACES, allocated: PLACES, remaining: 0 });
    expect(capacity.waitlist.map((w: { eoiId: string }) => w.eoiId)).toEqual(expectedWaitlist);

    const leaving = [...funded].slice(0, 5);
    const withdrawals = await Promise.all(
      leaving.map((id, i) =>
        (i % 2 ? region.submitter.api : new ApiClient(secondApi.apiUrl!, region.submitter.token)).post(`/api/eois/${id}/withdrawal`, {
          reason: 'post frozen',
        }),
      ),
    );
    expect(withdrawals.map((w) => w.body.status)).toEqual(Array(5).fill('WITHDRAWN'));

    const after = await eventually(
      async () => {
        const c = await capacityAgreesWithEois(PLACES);
        expect(c.waitlist).toHaveLength(EOIS - PLACES - 5);
        return c;
      },
      'promotions to settle',
      SETTLE_MS,
    );
    const states = await statuses();
    for (const promoted of expectedWaitlist.slice(0, 5)) expect(states.get(promoted)!.status).toBe('FUNDED');
    expect(after.waitlist.map((w: { eoiId: string }) => w.eoiId)).toEqual(expectedWaitlist.slice(5));
    expect(after).toMatchObject({ allocated: PLACES, remaining: 0 });
  }, 480_000);
});
