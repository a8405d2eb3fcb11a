/**
 * HEE staff extend an accreditation's validity over HTTP on real servers: a new expiry (to the end
 * of that London day) and a reason; the deadline, the history, the audit and the emails follow.
 * Other roles are refused (403), a date that is not after the current expiry or more than 12
 * months after it names `accreditedUntil` (400), and an application not yet accredited is 409,
 * each changing nothing. Dates are reckoned from the accreditation the workflow granted.
 */
import { randomBytes } from 'node:crypto';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('extending a spoke accreditation’s validity over HTTP', () => {
  let system: TestSystem;
  let hub: { id: string; name: string };
  let practice: { id: string; name: string };
  let manager: RegionUser;
  let lead: RegionUser;
  let staff: RegionUser;
  const tag = randomBytes(3).toString('hex');

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  const applicationBody = () => ({
    practiceId: practice.id,
    hubId: hub.id,
    administrator: { name: 'Ann Admin', email: `ann.${tag}@astley.nhs.uk` },
    educationalist: { name: 'Ed Teach', email: `ed.${tag}@astley.nhs.uk` },
  });

  /** A new application of the practice, taken through the API to ACCREDITED. */
  async function accredit(): Promise<any> {
    const application = await ok(manager.api.post('/api/spoke-applications', applicationBody()), 'an application');
    const path = `/api/spoke-applications/${application.id}`;
    const codes: string[] = application.criteria.map((c: { code: string }) => c.code);
    await ok(
      manager.api.post(`${path}/evidence`, { items: codes.map((code) => ({ criterionCode: code, statement: `We meet ${code}` })) }),
      'evidence',
    );
    await ok(
      lead.api.post(`${path}/evidence-review`, {
        items: codes.map((code) => ({ criterionCode: code, decision: 'accept', comment: 'Good' })),
      }),
      'review',
    );
    // Two weeks from the system's clock (the shared Temporal dev server, whose time the visit check reads, keeps the same).
    const scheduledFor = new Date(system.now().getTime() + 14 * 24 * 3600 * 1000).toISOString();
    await ok(lead.api.post(`${path}/visit`, { scheduledFor }), 'visit');
    await ok(lead.api.post(`${path}/visit-outcome`, { outcome: 'satisfactory', notes: 'Fine' }), 'visit outcome');
    await ok(staff.api.post(`${path}/approval`, { decision: 'approve', comment: 'Approved' }), 'approval');
    return ok(manager.api.post(`${path}/agreement-signature`, { signedBy: 'Dr P Partner' }), 'signature');
  }

  beforeAll(async () => {
    system = await startTestSystem();
    hub = await ok(system.admin.post('/api/hubs', { name: `Atherton Hub ${tag}`, areas: ['Atherton'] }), 'hub');
    practice = await ok(
      system.admin.post('/api/practices', {
        name: 'Astley Surgery',
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
        hubId: hub.id,
      }),
      'practice',
    );
    manager = await createUser(system, {
      name: 'Pat Manager',
      email: `pat.${tag}@astley.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    lead = await createUser(system, { name: 'Hal Lead', email: `hal.${tag}@atherton-hub.nhs.uk`, role: 'hub_lead', hubId: hub.id });
    staff = await createUser(system, { name: 'Hana Staff', email: `hana.${tag}@hee.nhs.uk`, role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('moves the expiry for HEE staff and admins; refuses other roles, bad dates and unaccredited applications', async () => {
    const accredited = await accredit();
    expect(accredited.allowedActions).toEqual([]);
    const path = `/api/spoke-applications/${accredited.id}/validity-extension`;
    const current = londonDateOf(accredited.accreditedUntil);
    const body = (accreditedUntil: string) => ({ accreditedUntil, reason: 'The hub’s visiting team was unavailable' });
    const unchanged = async () => {
      const read = await staff.api.get(`/api/spoke-applications/${accredited.id}`);
      expect(read.body).toMatchObject({ status: 'ACCREDITED', accreditedUntil: accredited.accreditedUntil });
      expect(read.body.history).toHaveLength(accredited.history.length);
      expect(read.body.allowedActions).toEqual(['suspension', 'withdrawal', 'validity-extension']);
    };

    // Other roles: 403, whoever's application it is.
    for (const user of [manager, lead]) {
      const refused = await user.api.post(path, body(addCalendarMonths(current, 3)));
      expect(refused.status).toBe(403);
    }
    // Not after the current expiry, more than 12 months after it, not a date: 400 naming accreditedUntil.
    for (const date of [current, addCalendarMonths(current, -1), addCalendarMonths(current, 13), '14/04/2030']) {
      const refused = await staff.api.post(path, body(date));
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.accreditedUntil' })]);
    }
    const noReason = await staff.api.post(path, { accreditedUntil: addCalendarMonths(current, 3), reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    await unchanged();

    // HEE staff: 200, the expiry to the end of the new London day, the deadline, history, audit and emails.
    const newDate = addCalendarMonths(current, 3);
    const extended = await staff.api.post(path, body(newDate));
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({
      status: 'ACCREDITED',
      accreditedUntil: endOfLondonDay(newDate),
      validityExtensions: [
        { from: accredited.accreditedUntil, to: endOfLondonDay(newDate), reason: 'The hub’s visiting team was unavailable' },
      ],
    });
    expect(extended.body.history.at(-1)).toMatchObject({ action: 'validity-extension', fromStatus: 'ACCREDITED', toStatus: 'ACCREDITED' });
    const deadlines = await system.db.prisma.deadline.findMany({ where: { subjectId: accredited.id } });
    expect(deadlines.map((d) => [d.key, d.dueAt.toISOString()])).toEqual([['accreditation-expiry', endOfLondonDay(newDate)]]);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: accredited.id, action: 'spoke.validity-extension' } });
    expect(audit.map((a) => a.actorId)).toEqual([staff.id]);
    const mail = await system.smtp.waitFor(1, (m) => m.to.includes(manager.email) && m.subject.includes('Accreditation extended until'));
    expect(mail[0]!.to).toEqual(expect.arrayContaining([manager.email, lead.email]));
    expect(mail[0]!.text).toContain('The hub’s visiting team was unavailable');

    // An admin may too, from the new expiry.
    const again = await system.admin.post(path, body(addCalendarMonths(newDate, 1)));
    expect(again.status).toBe(200);
    expect(again.body.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(newDate, 1)));

    // Not yet accredited: 409, naming the state.
    await ok(staff.api.post(`/api/spoke-applications/${accredited.id}/withdrawal`, { reason: 'Left the scheme' }), 'withdrawal');
    const fresh = await ok(manager.api.post('/api/spoke-applications', applicationBody()), 'a second application');
    const early = await staff.api.post(`/api/spoke-applications/${fresh.id}/validity-extension`, body(addCalendarMonths(current, 3)));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ state: 'AWAITING_EVIDENCE' });
    // Closed: 409 too.
    const closed = await staff.api.post(path, body(addCalendarMonths(current, 6)));
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ state: 'WITHDRAWN' });
  });
});
