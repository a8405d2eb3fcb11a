import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('commissioning scope boundary: each user acts only on the EOIs that concern them', () => {
  let system: TestSystem;
  let region: Region;
  let eoiId: string;
  let otherEoiId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    eoiId = (await region.submitter.api.post('/api/eois', eoiBody(region))).body.id;
    otherEoiId = (
      await region.otherSubmitter.api.post(
        '/api/eois',
        eoiBody(region, {
          organisationId: region.otherOrganisation.id,
          universityId: region.otherUniversity.id,
          serviceType: 'primary_care',
        }),
      )
    ).body.id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('hides another organisation’s EOI from an organisation: 404 on read and on every action', async () => {
    const api = region.otherSubmitter.api;
    expect((await api.get(`/api/eois/${eoiId}`)).status).toBe(404);
    for (const [path, body] of [
      ['amendments', { placesRequested: 1 }],
      ['candidates', { name: 'X', email: 'x@y.nhs.uk', currentRole: 'Nurse' }],
      ['confirmations', { candidateId: 'cand-1', signedBy: 'X' }],
      ['withdrawal', { reason: 'not mine' }],
    ] as const) {
      const response = await api.post(`/api/eois/${eoiId}/${path}`, body);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([
        path,
        404,
        expect.stringContaining('application/problem+json'),
      ]);
    }
    const list = await api.get('/api/eois');
    expect(list.body.items.map((e: any) => e.id)).toEqual([otherEoiId]);
    // A filter naming someone else's organisation finds nothing rather than their EOIs.
    const filtered = await api.get(`/api/eois?organisationId=${region.organisation.id}`);
    expect(filtered.body.items).toEqual([]);
  });

  it('hides EOIs addressed to another university from a reviewer', async () => {
    const api = region.otherReviewer.api;
    expect((await api.get(`/api/eois/${eoiId}`)).status).toBe(404);
    expect((await api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'not mine' })).status).toBe(404);
    expect((await api.get('/api/eois')).body.items.map((e: any) => e.id)).toEqual([otherEoiId]);
  });

  it('refuses roles that have no part in an action with 403, and leaves the EOI unchanged', async () => {
    const review = await region.staff.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'staff cannot review' });
    expect(review.status).toBe(403);
    const fund = await region.submitter.api.post(`/api/eois/${eoiId}/funding-decision`, { decision: 'fund', comment: 'self-funding' });
    expect(fund.status).toBe(403);
    const submitAsReviewer = await region.reviewer.api.post('/api/eois', eoiBody(region));
    expect(submitAsReviewer.status).toBe(403);
    const forSomeoneElse = await region.submitter.api.post('/api/eois', eoiBody(region, { organisationId: region.otherOrganisation.id }));
    expect(forSomeoneElse.status).toBe(403);
    expect(forSomeoneElse.body.errors).toEqual([{ path: 'body.organisationId', message: 'not your organisation' }]);
    expect((await region.staff.api.get(`/api/eois/${eoiId}`)).body.status).toBe('UNDER_UNIVERSITY_REVIEW');
  });

  it('answers an action out of order with 409, the current state and what is allowed', async () => {
    const early = await region.staff.api.post(`/api/eois/${eoiId}/funding-decision`, { decision: 'fund', comment: 'too soon' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ status: 409, state: 'UNDER_UNIVERSITY_REVIEW', allowedActions: ['withdrawal'] });
    expect(early.body.detail).toContain('UNDER_UNIVERSITY_REVIEW');

    await region.submitter.api
      .post(`/api/eois/${otherEoiId}/withdrawal`, { reason: 'changed plans' })
      .then((r) => expect(r.status).toBe(404));
    const withdrawn = await region.otherSubmitter.api.post(`/api/eois/${otherEoiId}/withdrawal`, { reason: 'changed plans' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const afterEnd = await region.staff.api.post(`/api/eois/${otherEoiId}/funding-decision`, { decision: 'fund', comment: 'late' });
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body).toMatchObject({ state: 'WITHDRAWN', allowedActions: [] });
  });

  it('limits the capacity view to HEE staff and admins', async () => {
    expect((await region.submitter.api.get(`/api/intakes/${region.intake.id}/capacity`)).status).toBe(403);
    expect((await region.staff.api.get(`/api/intakes/${region.intake.id}/capacity`)).status).toBe(200);
    expect(
      (await region.submitter.api.request('PUT', `/api/intakes/${region.intake.id}/funded-places`, { fundedPlaces: 100 })).status,
    ).toBe(403);
  });

  it('writes emails in plain text and HTML, naming the EOI, the action and the due date', async () => {
    const [email] = await system.smtp.waitFor(1, (m) => m.to.includes(region.reviewer.email) && m.text.includes(eoiId));
    expect(email!.text).toContain('Action needed: Review the expression of interest');
    expect(email!.text).toMatch(/by \w+day \d{1,2} \w+ \d{4}/);
    expect(email!.html).toContain(`EOI ${eoiId}`);
    expect(email!.subject).toMatch(/\(due \w+day/);
  });
});
