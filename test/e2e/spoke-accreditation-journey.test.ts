import { randomBytes } from 'node:crypto';
import { EXAMPLE_CRITERIA } from '../../domain/example-criteria';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const MONTH = 30 * 24 * 60 * 60 * 1000;

describe('spoke accreditation end to end over HTTP: from application to ACCREDITED', () => {
  let system: TestSystem;
  let hub: { id: string; name: string };
  let practice: { id: string; name: string };
  let manager: RegionUser;
  let lead: RegionUser;
  let staff: RegionUser;
  const administrator = { name: 'Ann Timetable', email: 'ann.timetable@leigh-fp.nhs.uk' };
  const educationalist = { name: 'Dr Ed Teach', email: 'ed.teach@leigh-fp.nhs.uk' };

  beforeAll(async () => {
    system = await startTestSystem();
    // A hub that has written no criteria yet: the first application gets the example set.
    hub = (await system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan', 'Leigh'] })).body;
    practice = (
      await system.admin.post('/api/practices', {
        name: 'Leigh Family Practice',
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
      })
    ).body;
    manager = await createUser(system, {
      name: 'Pat Manager',
      email: 'pat.manager@leigh-fp.nhs.uk',
      role: 'practice_manager',
      practiceId: practice.id,
    });
    lead = await createUser(system, { name: 'Hal Lead', email: 'hal.lead@wigan-hub.nhs.uk', role: 'hub_lead', hubId: hub.id });
    staff = await createUser(system, { name: 'Hana Staff', email: 'hana.staff@hee.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const mailTo = (address: string, subject: string) => (m: { to: string[]; subject: string }) =>
    m.to.includes(address) && m.subject.includes(subject);

  it('takes a practice through evidence, a rejected item, the quality visit, approval and signature to ACCREDITED', async () => {
    const applicationBody = { practiceId: practice.id, hubId: hub.id, administrator, educationalist };
    const applied = await manager.api.post('/api/spoke-applications', applicationBody, { 'Idempotency-Key': 'leigh-1' });
    expect(applied.status).toBe(201);
    const application = applied.body;
    expect(application).toMatchObject({
      status: 'AWAITING_EVIDENCE',
      practiceId: practice.id,
      hubId: hub.id,
      cycle: 1,
      criteriaSet: { version: 1, isExample: true },
      allowedActions: ['evidence', 'withdrawal'],
      administrator,
      educationalist,
    });
    expect(application.criteria.map((c: { code: string }) => c.code)).toEqual(EXAMPLE_CRITERIA.map((c) => c.code));
    expect(application.nextDeadline).toMatchObject({ owner: 'Leigh Family Practice', action: 'Submit evidence for every criterion' });

    // A retried request reaches the same application.
    const retried = await manager.api.post('/api/spoke-applications', applicationBody, { 'Idempotency-Key': 'leigh-1' });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(application.id);

    // The example set now belongs to the hub, as its editable version 1.
    const sets = await lead.api.get(`/api/criteria-sets?hubId=${hub.id}`);
    expect(sets.body.items).toEqual([expect.objectContaining({ id: application.criteriaSet.id, version: 1, isExample: true })]);

    const created = await system.db.prisma.auditEvent.findMany({ where: { subjectId: application.criteriaSet.id } });
    expect(created.map((a) => [a.action, a.actorId])).toEqual([['criteriaSet.created', 'system']]);

    // The practice, the hub and the two named people hear of it, over real SMTP.
    await system.smtp.waitFor(1, mailTo(manager.email, 'Spoke application opened'));
    await system.smtp.waitFor(1, mailTo(lead.email, 'New spoke application from Leigh Family Practice'));
    const named = await system.smtp.waitFor(1, mailTo(administrator.email, 'You are named on a spoke application'));
    expect(named[0]!.to).toEqual(expect.arrayContaining([administrator.email, educationalist.email]));

    const codes: string[] = application.criteria.map((c: { code: string }) => c.code);
    const submitted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
      items: codes.map((code) => ({
        criterionCode: code,
        statement: `How Leigh Family Practice meets ${code}`,
        documentUrl: `https://docs.leigh-fp.nhs.uk/${code.toLowerCase()}.pdf`,
      })),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'UNDER_HUB_REVIEW', allowedActions: ['withdrawal'] });
    await system.smtp.waitFor(1, mailTo(lead.email, 'Evidence ready for review'));

    const reviewed = await lead.api.post(`/api/spoke-applications/${application.id}/evidence-review`, {
      items: codes.map((code) =>
        code === 'PPI'
          ? { criterionCode: code, decision: 'reject', comment: 'Describe how patients give feedback on learners.' }
          : { criterionCode: code, decision: 'accept', comment: 'Good' },
      ),
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('EVIDENCE_CHANGES_REQUESTED');
    const ppi = reviewed.body.evidence.find((e: { criterionCode: string }) => e.criterionCode === 'PPI');
    expect(ppi).toMatchObject({
      status: 'rejected',
      review: { decision: 'reject', comment: 'Describe how patients give feedback on learners.', reviewer: { name: 'Hal Lead' } },
      resubmissionDueAt: reviewed.body.evidenceDueAt,
    });
    const changes = await system.smtp.waitFor(1, mailTo(manager.email, 'Changes requested to your evidence'));
    expect(changes[0]!.text).toContain('Describe how patients give feedback on learners.');

    // Accepted items stay accepted: only the rejected one may be resubmitted.
    const accepted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
      items: [{ criterionCode: 'IPL', statement: 'Changed my mind' }],
    });
    expect(accepted.status).toBe(409);
    expect(accepted.body).toMatchObject({ state: 'EVIDENCE_CHANGES_REQUESTED', errors: [{ path: 'body.items.0.criterionCode' }] });

    const resubmitted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
      items: [{ criterionCode: 'PPI', statement: 'Our patient participation group meets learners each term and gives feedback.' }],
    });
    expect(resubmitted.body.status).toBe('UNDER_HUB_REVIEW');
    const reReviewed = await lead.api.post(`/api/spoke-applications/${application.id}/evidence-review`, {
      items: [{ criterionCode: 'PPI', decision: 'accept', comment: 'Thank you' }],
    });
    expect(reReviewed.body.status).toBe('VISIT_PENDING');
    expect(reReviewed.body.evidence.every((e: { status: string }) => e.status === 'accepted')).toBe(true);

    // Accepted now, PPI still has the round the hub returned: what was sent, the comment, who and when.
    const returnedRound = {
      cycle: 1,
      statement: 'How Leigh Family Practice meets PPI',
      documentUrl: 'https://docs.leigh-fp.nhs.uk/ppi.pdf',
      submittedBy: { name: 'Pat Manager' },
      review: {
        decision: 'reject',
        comment: 'Describe how patients give feedback on learners.',
        reviewer: { name: 'Hal Lead' },
        source: 'hub_review',
      },
    };
    const acceptedRound = {
      cycle: 1,
      statement: 'Our patient participation group meets learners each term and gives feedback.',
      review: { decision: 'accept', comment: 'Thank you', reviewer: { name: 'Hal Lead' }, source: 'hub_review' },
    };
    const readBack = await manager.api.get(`/api/spoke-applications/${application.id}`);
    const ppiRounds = readBack.body.evidence.find((e: { criterionCode: string }) => e.criterionCode === 'PPI').rounds;
    expect(ppiRounds).toMatchObject([returnedRound, acceptedRound]);
    expect(ppiRounds[1].documentUrl).toBeUndefined();
    // The stored view (the read model the activity writes) carries them, not only the workflow's query.
    const stored = await system.db.prisma.spokeApplication.findUniqueOrThrow({ where: { id: application.id } });
    const storedPpi = (stored.view as { evidence: { criterionCode: string; rounds: unknown }[] }).evidence.find(
      (e) => e.criterionCode === 'PPI',
    );
    expect(storedPpi!.rounds).toEqual(ppiRounds);

    const scheduledFor = new Date(system.now().getTime() + 14 * 24 * 60 * 60 * 1000).toISOString();
    const visit = await lead.api.post(`/api/spoke-applications/${application.id}/visit`, { scheduledFor });
    expect(visit.status).toBe(200);
    expect(visit.body).toMatchObject({ status: 'VISIT_PENDING', visit: { scheduledFor }, nextDeadline: { dueAt: scheduledFor } });
    const visitMail = await system.smtp.waitFor(1, mailTo(manager.email, 'Quality visit scheduled'));
    expect(visitMail[0]!.to).toEqual(expect.arrayContaining([manager.email, administrator.email, educationalist.email, lead.email]));

    const outcome = await lead.api.post(`/api/spoke-applications/${application.id}/visit-outcome`, {
      outcome: 'satisfactory',
      notes: 'Well organised timetable; learners well supported.',
    });
    expect(outcome.body.status).toBe('AWAITING_HEE_APPROVAL');
    await system.smtp.waitFor(1, mailTo(staff.email, 'awaiting HEE approval'));

    const approved = await staff.api.post(`/api/spoke-applications/${application.id}/approval`, {
      decision: 'approve',
      comment: 'Approved',
    });
    expect(approved.body).toMatchObject({ status: 'AWAITING_AGREEMENT', allowedActions: ['withdrawal'] });
    await system.smtp.waitFor(1, mailTo(manager.email, 'sign the Learning and Development Agreement'));

    const before = Date.now();
    const signed = await manager.api.post(`/api/spoke-applications/${application.id}/agreement-signature`, { signedBy: 'Dr P Partner' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'ACCREDITED', agreement: { signedBy: 'Dr P Partner' }, allowedActions: [] });
    const until = Date.parse(signed.body.accreditedUntil);
    expect(until).toBeGreaterThan(before + 35 * MONTH);
    expect(until).toBeLessThan(before + 37 * MONTH);
    const accreditedMail = await system.smtp.waitFor(1, mailTo(manager.email, 'Accredited until'));
    expect(accreditedMail[0]!.to).toEqual(expect.arrayContaining([manager.email, lead.email, staff.email, administrator.email]));

    // The read model agrees, within each reader's scope.
    const read = await lead.api.get(`/api/spoke-applications/${application.id}`);
    expect(read.body).toMatchObject({ status: 'ACCREDITED', accreditedUntil: signed.body.accreditedUntil });
    expect(read.body.history.map((h: { action: string; toStatus: string }) => `${h.action}→${h.toStatus}`)).toEqual([
      'applied→AWAITING_EVIDENCE',
      'evidence→UNDER_HUB_REVIEW',
      'evidence-review→EVIDENCE_CHANGES_REQUESTED',
      'evidence→UNDER_HUB_REVIEW',
      'evidence-review→VISIT_PENDING',
      'visit→VISIT_PENDING',
      'visit-outcome→AWAITING_HEE_APPROVAL',
      'approval→AWAITING_AGREEMENT',
      'agreement-signature→ACCREDITED',
    ]);
    const listed = await staff.api.get(`/api/spoke-applications?status=ACCREDITED&hubId=${hub.id}`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([application.id]);
    expect(listed.body.items[0].allowedActions).toEqual(['suspension', 'withdrawal', 'validity-extension']);

    // Every action is audited; the open deadline is the accreditation's expiry.
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: application.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual([
      'spoke.applied',
      'spoke.evidence',
      'spoke.evidence-review',
      'spoke.evidence',
      'spoke.evidence-review',
      'spoke.visit',
      'spoke.visit-outcome',
      'spoke.approval',
      'spoke.agreement-signature',
      // The signed PDF of the agreement, stored by the same commit (activities/signed-documents.ts).
      'agreement.signed',
    ]);
    const deadlines = await system.db.prisma.deadline.findMany({ where: { subjectId: application.id } });
    expect(deadlines.map((d) => [d.key, d.ownerRole, d.dueAt.toISOString(), d.hubId])).toEqual([
      ['accreditation-expiry', 'practice_manager', signed.body.accreditedUntil, hub.id],
    ]);

    // The practice had no hub: accredited, it is now the hub's spoke (audited), and applies to it only.
    expect((await system.admin.get(`/api/practices/${practice.id}`)).body).toMatchObject({ hubId: hub.id });
    const joined = await system.db.prisma.auditEvent.findMany({ where: { subjectId: practice.id, action: 'practice.joined_hub' } });
    expect(joined.map((a) => a.actorId)).toEqual(['system']);
  });
});
