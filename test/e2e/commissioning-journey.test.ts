import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/eventually';

const DAY = 24 * 60 * 60 * 1000;

// Run twice: with the worker's workflow cache, and with none, so every workflow task replays its
// history (what happens to a workflow evicted from a bounded cache, WORKER_MAX_CACHED_WORKFLOWS).
describe.each([
  { cache: 'the default workflow cache', maxCachedWorkflows: undefined },
  { cache: 'no workflow cache (every task replays)', maxCachedWorkflows: 0 },
])('commissioning end to end over HTTP: from expression of interest to enrolled, $cache', ({ maxCachedWorkflows }) => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem({ maxCachedWorkflows });
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('takes an EOI through a changes-requested loop, funding, recruitment and confirmation to ENROLLED', async () => {
    const { submitter, reviewer, staff } = region;

    const submitted = await submitter.api.post('/api/eois', eoiBody(region), { 'Idempotency-Key': 'journey-1' });
    expect(submitted.status).toBe(201);
    const eoi = submitted.body;
    expect(eoi).toMatchObject({
      status: 'UNDER_UNIVERSITY_REVIEW',
      placesRequested: 2,
      allocatedPlaces: 0,
      allowedActions: ['withdrawal'],
    });
    expect(eoi.nextDeadline).toMatchObject({ owner: 'University of Northshire', action: 'Review the expression of interest' });

    // The university is told, over real SMTP.
    await system.smtp.waitFor(1, (m) => m.to.includes(reviewer.email) && m.subject.includes('needs your review'));

    const changes = await reviewer.api.post(`/api/eois/${eoi.id}/review`, {
      decision: 'changes_requested',
      comment: 'Please name the supervising consultant.',
    });
    expect(changes.status).toBe(200);
    expect(changes.body.status).toBe('CHANGES_REQUESTED');

    const amended = await submitter.api.post(`/api/eois/${eoi.id}/amendments`, { placesRequested: 3, comment: 'Supervisor: Dr Ade' });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ status: 'UNDER_UNIVERSITY_REVIEW', placesRequested: 3 });

    const supported = await reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Strong application' });
    expect(supported.body.status).toBe('AWAITING_FUNDING_DECISION');

    const funded = await staff.api.post(`/api/eois/${eoi.id}/funding-decision`, {
      decision: 'fund',
      places: 2,
      comment: 'Two places this year',
    });
    expect(funded.status).toBe(200);
    expect(funded.body).toMatchObject({ status: 'FUNDED', allocatedPlaces: 2, confirmationDueAt: region.intake.confirmationDueAt });

    const capacity = await staff.api.get(`/api/intakes/${region.intake.id}/capacity`);
    expect(capacity.body).toMatchObject({ fundedPlaces: 10, allocated: 2, remaining: 8, waitlist: [] });

    const first = await submitter.api.post(`/api/eois/${eoi.id}/candidates`, {
      name: 'Ada Trainee',
      email: 'ada@northshire.nhs.uk',
      currentRole: 'Staff nurse',
    });
    const second = await submitter.api.post(`/api/eois/${eoi.id}/candidates`, {
      name: 'Ben Trainee',
      email: 'ben@northshire.nhs.uk',
      currentRole: 'Paramedic',
    });
    expect(first.status).toBe(201);
    const [a, b] = [first.body.candidateId, second.body.candidateId];

    // A confirmation for a candidate who has not accepted is refused, naming the state.
    const early = await submitter.api.post(`/api/eois/${eoi.id}/confirmations`, { candidateId: a, signedBy: 'Dr Chief Nurse' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ state: 'FUNDED' });

    for (const candidateId of [a, b]) {
      const outcome = await reviewer.api.post(`/api/eois/${eoi.id}/candidates/${candidateId}/outcome`, { outcome: 'accepted' });
      expect(outcome.status).toBe(200);
    }
    const one = await submitter.api.post(`/api/eois/${eoi.id}/confirmations`, { candidateId: a, signedBy: 'Dr Chief Nurse' });
    expect(one.body.status).toBe('FUNDED');
    const both = await submitter.api.post(`/api/eois/${eoi.id}/confirmations`, { candidateId: b, signedBy: 'Dr Chief Nurse' });
    expect(both.body.status).toBe('ENROLLED');
    expect(both.body.candidates.every((c: any) => c.confirmation?.signedBy === 'Dr Chief Nurse')).toBe(true);

    const read = await staff.api.get(`/api/eois/${eoi.id}`);
    expect(read.body.status).toBe('ENROLLED');
    expect(read.body.history.map((h: any) => h.action)).toEqual([
      'submitted',
      'changes_requested',
      'amended',
      'university_supported',
      'funded',
      'candidate_added',
      'candidate_added',
      'candidate_accepted',
      'candidate_accepted',
      'support_confirmed',
      'support_confirmed',
    ]);

    const audit = await staff.api.get(`/api/audit-events?subjectId=${eoi.id}&limit=100`);
    // The eleven steps, and the signed PDF of each confirmation of support (stored by the same commits).
    expect(audit.body.items).toHaveLength(13);
    expect(audit.body.items.filter((e: any) => e.action === 'confirmation_of_support.signed')).toHaveLength(2);

    // Whoever must act next was emailed at each step; the enrolment goes to all three parties.
    await system.smtp.waitFor(
      1,
      (m) => m.to.includes('cara.contact@northshire.nhs.uk') && m.subject.startsWith('Every funded place has a confirmed candidate'),
    );
    await system.smtp.waitFor(
      1,
      (m) => m.to.includes(staff.email) && m.subject.startsWith('An expression of interest is ready for a funding decision'),
    );
    await system.smtp.waitFor(1, (m) => m.to.includes(submitter.email) && m.subject.startsWith('Your expression of interest is funded'));
  });

  it('ends an EOI the university declines: DECLINED, the organisation told why, no deadline left, no second review', async () => {
    const { submitter, reviewer } = region;
    const eoi = (await submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 }))).body;
    await until(
      async () => ((await system.db.prisma.deadline.count({ where: { subjectId: eoi.id } })) > 0 ? true : undefined),
      'the deadline',
    );

    const declined = await reviewer.api.post(`/api/eois/${eoi.id}/review`, {
      decision: 'decline',
      comment: 'No supervisor capacity this year',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'DECLINED', allowedActions: [] });
    expect(declined.body.history.at(-1)).toMatchObject({ action: 'university_declined', comment: 'No supervisor capacity this year' });

    const [told] = await system.smtp.waitFor(
      1,
      (m) => m.to.includes(submitter.email) && m.subject.startsWith('The university declined') && m.text.includes(eoi.id),
    );
    expect(told!.text).toContain('No supervisor capacity this year');
    await until(
      async () => ((await system.db.prisma.deadline.count({ where: { subjectId: eoi.id } })) === 0 ? true : undefined),
      'no deadline',
    );

    const again = await reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ state: 'DECLINED' });
  });

  it('takes back a declined candidate: their confirmation no longer counts, their outcome is final, a new candidate fills the place', async () => {
    const { submitter, reviewer, staff } = region;
    const eoi = (await submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 2 }))).body;
    await reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good' });
    const funded = await staff.api.post(`/api/eois/${eoi.id}/funding-decision`, { decision: 'fund', places: 2, comment: 'Two' });
    expect(funded.body).toMatchObject({ status: 'FUNDED', allocatedPlaces: 2 });
    const candidate = async (name: string) => {
      const added = await submitter.api.post(`/api/eois/${eoi.id}/candidates`, {
        name,
        email: `${name}@northshire.nhs.uk`,
        currentRole: 'Nurse',
      });
      expect(added.status).toBe(201);
      const id: string = added.body.candidateId;
      expect((await reviewer.api.post(`/api/eois/${eoi.id}/candidates/${id}/outcome`, { outcome: 'accepted' })).status).toBe(200);
      return id;
    };
    const confirm = (candidateId: string) =>
      submitter.api.post(`/api/eois/${eoi.id}/confirmations`, { candidateId, signedBy: 'Dr Chief Nurse' });

    const dee = await candidate('dee');
    expect((await confirm(dee)).body.status).toBe('FUNDED');
    const declined = await reviewer.api.post(`/api/eois/${eoi.id}/candidates/${dee}/outcome`, { outcome: 'declined' });
    expect(declined.status).toBe(200);
    const deeNow = declined.body.candidates.find((c: any) => c.id === dee);
    expect(deeNow).toMatchObject({ outcome: 'declined' });
    expect(deeNow.confirmation).toBeUndefined();

    // Final: no outcome or confirmation for them again.
    const reoffered = await reviewer.api.post(`/api/eois/${eoi.id}/candidates/${dee}/outcome`, { outcome: 'accepted' });
    expect(reoffered.status).toBe(409);
    expect(reoffered.body.detail).toContain('declined');
    expect((await confirm(dee)).status).toBe(409);

    // Two confirmed candidates are still needed: the declined one does not count.
    const eve = await candidate('eve');
    expect((await confirm(eve)).body.status).toBe('FUNDED');
    const fay = await candidate('fay');
    expect((await confirm(fay)).body.status).toBe('ENROLLED');
  });

  it('answers a replayed submission with the same EOI, and refuses a changed one with the same key', async () => {
    const body = eoiBody(region, { placesRequested: 1 });
    const first = await region.submitter.api.post('/api/eois', body, { 'Idempotency-Key': 'replay-1' });
    const again = await region.submitter.api.post('/api/eois', body, { 'Idempotency-Key': 'replay-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const changed = await region.submitter.api.post('/api/eois', { ...body, placesRequested: 2 }, { 'Idempotency-Key': 'replay-1' });
    expect(changed.status).toBe(409);
    expect(await system.db.prisma.eoi.count({ where: { id: first.body.id } })).toBe(1);
  });

  it('refuses a submission without all three declarations, naming each field, and starts nothing', async () => {
    const before = await system.db.prisma.eoi.count();
    const response = await region.submitter.api.post(
      '/api/eois',
      eoiBody(region, { declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: false, bandedPostGuaranteed: false } }),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: any) => e.path).sort()).toEqual([
      'body.declarations.bandedPostGuaranteed',
      'body.declarations.hrArrangementsConfirmed',
    ]);
    expect(await system.db.prisma.eoi.count()).toBe(before);
  });

  it('refuses a university that does not run the programme, and a closed EOI window, naming the field', async () => {
    const stranger = await system.admin.post('/api/universities', { name: 'Faraway University' });
    const wrongUniversity = await region.submitter.api.post('/api/eois', eoiBody(region, { universityId: stranger.body.id }));
    expect(wrongUniversity.status).toBe(400);
    expect(wrongUniversity.body.errors).toEqual([{ path: 'body.universityId', message: expect.stringContaining('does not run') }]);

    // Windows that closed a month ago and open in a year, counted from the system's clock (the wall clock here).
    const now = Date.now();
    const intakeWithWindow = async (opensInDays: number, closesInDays: number) => {
      const window = {
        eoiOpensAt: new Date(now + opensInDays * DAY).toISOString(),
        eoiClosesAt: new Date(now + closesInDays * DAY).toISOString(),
      };
      const created = await system.admin.post('/api/intakes', {
        programmeId: region.programme.id,
        startsOn: new Date(now + 600 * DAY).toISOString().slice(0, 10),
        fundedPlaces: 5,
        ...window,
        priorityServiceTypes: [],
      });
      expect(created.status).toBe(201);
      return { id: created.body.id as string, ...window };
    };
    for (const intake of [await intakeWithWindow(-60, -30), await intakeWithWindow(365, 396)]) {
      const refused = await region.submitter.api.post('/api/eois', eoiBody(region, { intakeId: intake.id }));
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          path: 'body.intakeId',
          message: `the intake takes expressions of interest from ${intake.eoiOpensAt} until ${intake.eoiClosesAt}`,
        },
      ]);
    }
  });
});
