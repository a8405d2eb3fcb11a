/**
 * A mistyped contact address, put right: the real test SMTP server refuses the contact of a new
 * EOI (550), the organisation is told, corrects the contact, and the email the contact never got
 * goes to the corrected address, audited; the EOI's later emails go there too.
 */
import { eventually } from '../support/eventually';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

const TYPO = 'cara.contact@northshre.nhs.uk';
const RIGHT = 'cara.contact@northshire.nhs.uk';

describe('correcting an EOI contact re-sends what it never received', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('sends the undelivered email to the corrected address, audited, and later email to it', async () => {
    system.smtp.refuseRecipient(TYPO, { code: 550, message: '5.1.2 domain not found' });
    const submitted = await region.submitter.api.post('/api/eois', eoiBody(region, { contact: { name: 'Cara Contact', email: TYPO } }));
    expect(submitted.status).toBe(201);
    const eoiId: string = submitted.body.id;

    // The organisation hears that its contact's address refused the receipt.
    const [report] = await system.smtp.waitFor(1, (e) => e.envelopeTo.includes(region.submitter.email) && e.text.includes(TYPO));
    expect(report!.text).toContain('check the contact address');
    const receipt = await system.db.prisma.outboxEmail.findFirstOrThrow({
      where: { subjectId: eoiId, recipients: { some: { address: TYPO, status: 'failed' } } },
    });

    // Outside the organisation and the region, nobody may correct it.
    expectProblem(
      await region.otherSubmitter.api.post(`/api/eois/${eoiId}/contact`, { contact: { name: 'Mallory', email: 'm@evil.example' } }),
      404,
    );
    expectProblem(await region.reviewer.api.post(`/api/eois/${eoiId}/contact`, { contact: { name: 'Cara Contact', email: RIGHT } }), 403);
    expectProblem(
      await region.submitter.api.post(`/api/eois/${eoiId}/contact`, { contact: { name: 'Cara Contact', email: 'not an address' } }),
      400,
    );

    const corrected = await region.submitter.api.post(`/api/eois/${eoiId}/contact`, {
      contact: { name: 'Cara Contact', email: RIGHT },
      comment: 'typo in the domain',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'UNDER_UNIVERSITY_REVIEW', contact: { email: RIGHT } });

    const [resent] = await system.smtp.waitFor(1, (e) => e.messageId === receipt.messageId && e.envelopeTo.includes(RIGHT));
    expect(resent!.envelopeTo).toEqual([RIGHT]);
    expect(resent!.to).toContain(RIGHT);
    expect(resent!.to).not.toContain(TYPO);
    // The outbox records the delivery just after the server took it.
    await eventually(async () => {
      const row = await system.db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: receipt.id }, include: { recipients: true } });
      expect(row.status).toBe('sent');
      expect(row.recipients.find((r) => r.address === TYPO)).toMatchObject({ status: 'replaced' });
      expect(row.recipients.find((r) => r.address === RIGHT)).toMatchObject({ status: 'sent', typed: true });
    }, 'the re-sent email recorded');

    const audit = await system.admin.get(`/api/audit-events?subjectId=${receipt.id}`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'email.readdressed', actorId: region.submitter.id, after: { status: 'pending', address: RIGHT } }),
    ]);
    const history = await system.admin.get(`/api/audit-events?subjectId=${eoiId}&actorId=${region.submitter.id}`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toContain('eoi.contact_corrected');

    // The EOI's next email to its organisation goes to the corrected contact.
    const reviewed = await region.reviewer.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'fine' });
    expect(reviewed.status).toBe(200);
    const [supported] = await system.smtp.waitFor(1, (e) => e.subject.includes('The university supports your expression of interest'));
    expect(supported!.envelopeTo).toContain(RIGHT);
    expect(supported!.envelopeTo).not.toContain(TYPO);
  });
});
