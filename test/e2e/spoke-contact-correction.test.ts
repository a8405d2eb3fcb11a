/**
 * A named person on a spoke application, put right: the real test SMTP server refuses the
 * administrator's mistyped address (550), the hub lead corrects it, the new person is told, and
 * the email the old address never got goes to the new one, audited; a closed application refuses.
 */
import { createUser } from '../support/region';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, expectProblem, type World } from './fixtures/world';

const TYPO = 'ann.admin@farnwroth.nhs.uk';
const RIGHT = 'amy.admin@farnworth.nhs.uk';

describe('correcting a spoke application’s named people', () => {
  let system: TestSystem;
  let world: World;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const manager = () => world.users.practice_manager.client;
  const lead = () => world.users.hub_lead.client;

  it('records the correction, tells the new person and re-sends what the old address never got', async () => {
    system.smtp.refuseRecipient(TYPO, { code: 550, message: '5.1.2 domain not found' });
    const applied = await manager().post('/api/spoke-applications', {
      practiceId: world.practice.id,
      hubId: world.hub.id,
      administrator: { name: 'Ann Admin', email: TYPO },
      educationalist: { name: 'Ed Educator', email: 'ed@farnworth.nhs.uk' },
    });
    expect(applied.status).toBe(201);
    const id: string = applied.body.id;
    const path = `/api/spoke-applications/${id}/people`;

    // The "you are named" email reaches the educationalist; the mistyped administrator's copy fails.
    const failed = await eventually(
      () =>
        system.db.prisma.outboxEmail.findFirstOrThrow({
          where: { subjectId: id, recipients: { some: { address: TYPO, status: 'failed' } } },
        }),
      'the refused address recorded as failed',
    );

    // Outside the practice, nobody may correct it; a bad address names the field.
    const outsider = await createUser(system, {
      name: 'Pia Other',
      email: 'pia@heaton-moor.nhs.uk',
      role: 'practice_manager',
      practiceId: world.otherPractice.id,
    });
    expectProblem(await outsider.api.post(path, { role: 'administrator', name: 'Mallory', email: 'm@evil.example' }), 404);
    expectProblem(await world.users.org_submitter.client.post(path, { role: 'administrator', name: 'Amy', email: RIGHT }), 403);
    const bad = await lead().post(path, { role: 'administrator', name: 'Amy Admin', email: 'not an address' });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.email']);

    const corrected = await lead().post(path, { role: 'administrator', name: 'Amy Admin', email: RIGHT });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      status: 'AWAITING_EVIDENCE',
      administrator: { name: 'Amy Admin', email: RIGHT },
      educationalist: { name: 'Ed Educator', email: 'ed@farnworth.nhs.uk' },
    });

    const shown = await manager().get(`/api/spoke-applications/${id}`);
    expect(shown.body.administrator).toEqual({ name: 'Amy Admin', email: RIGHT });
    expect(shown.body.history.at(-1)).toMatchObject({
      action: 'people',
      actor: { userId: world.users.hub_lead.id },
      comment: `Administrator: Ann Admin <${TYPO}> replaced by Amy Admin <${RIGHT}>`,
    });

    // The new person is told, in their own email...
    const [told] = await system.smtp.waitFor(
      1,
      (e) => e.envelopeTo.includes(RIGHT) && e.text.includes('now names you as the practice-based administrator'),
    );
    expect(told!.text).toContain('in place of “Ann Admin”');
    // ...and gets the email the mistyped address refused, with its Message-ID.
    const [resent] = await system.smtp.waitFor(1, (e) => e.messageId === failed.messageId && e.envelopeTo.includes(RIGHT));
    expect(resent!.envelopeTo).toEqual([RIGHT]);
    expect(resent!.to).not.toContain(TYPO);
    await eventually(async () => {
      const row = await system.db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: failed.id }, include: { recipients: true } });
      expect(row.status).toBe('sent');
      expect(row.recipients.find((r) => r.address === TYPO)).toMatchObject({ status: 'replaced' });
      expect(row.recipients.find((r) => r.address === RIGHT)).toMatchObject({ status: 'sent', typed: true });
    }, 'the re-sent email recorded');

    const readdressed = await system.admin.get(`/api/audit-events?subjectId=${failed.id}`);
    expect(readdressed.body.items).toEqual([
      expect.objectContaining({
        action: 'email.readdressed',
        actorId: world.users.hub_lead.id,
        after: { status: 'pending', address: RIGHT },
      }),
    ]);
    const audit = await system.admin.get(`/api/audit-events?subjectId=${id}&actorId=${world.users.hub_lead.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'spoke.people' })]);

    // Once withdrawn, the application is closed to corrections: 409 naming the state.
    expect((await manager().post(`/api/spoke-applications/${id}/withdrawal`, { reason: 'moving hub' })).status).toBe(200);
    const closed = await world.users.hee_staff.client.post(path, { role: 'educationalist', name: 'Eve', email: 'eve@farnworth.nhs.uk' });
    expectProblem(closed, 409);
    expect(closed.body).toMatchObject({ state: 'WITHDRAWN', allowedActions: [] });
  });
});
