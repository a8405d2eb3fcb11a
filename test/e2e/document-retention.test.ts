/**
 * Document retention with the whole system running: the daily Temporal Schedule exists, and the
 * documentRetention workflow (the schedule's action, started here for a chosen instant: the
 * simulated "two years later", never the machine's clock) deletes a withdrawn application's
 * documents once their period has passed, audited once, keeping bytes another application still
 * refers to; run again it deletes nothing more.
 */
import { runRetention } from '../support/documents';
import { createHash, randomBytes } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { addDuration } from '../../domain/time';
import { retentionScheduleId } from '../../temporal/schedules';
import { createUser, type RegionUser } from '../support/region';
import { formWith, SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { createSpokeApplicant } from '../support/spoke-applicant';
import { startTestSystem, type TestSystem } from '../support/system';
import { signedInByEmailLink } from '../support/web-sign-in';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('document retention', () => {
  let system: TestSystem;
  let staff: RegionUser;
  let hubId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    hubId = (await system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] })).body.id;
    staff = await createUser(system, { name: 'Hugh Staff', email: 'hugh@hee.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.client.schedule
      .getHandle(retentionScheduleId(system.config.taskQueue))
      .delete()
      .catch(() => undefined);
    await system?.stop();
  });

  /** A practice, its manager and an application with files attached to its first criterion. */
  async function applicationWith(name: string, files: { name: string; bytes: Uint8Array }[]) {
    const { manager, application } = await createSpokeApplicant(system, { practiceName: name, hubId });
    const code = application.criteria[0]!.code;
    const response = await fetch(`${system.baseUrl}/api/spoke-applications/${application.id}/evidence/${code}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}` },
      body: formWith(files),
    });
    expect(response.status).toBe(201);
    const documents = ((await response.json()) as { items: unknown }).items as { id: string; sha256: string; href: string }[];
    return { id: application.id, manager, email: manager.email, documents };
  }

  const run = (asOf: Date) => runRetention(system, asOf);

  it('is scheduled every night at 02:00, Europe/London, never two runs at once', async () => {
    const description = await system.client.schedule.getHandle(retentionScheduleId(system.config.taskQueue)).describe();
    expect(description.spec.timezone).toBe('Europe/London');
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'documentRetention',
      taskQueue: system.config.taskQueue,
    });
    expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    const next = description.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(3);
    for (const [i, at] of next.entries()) {
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeStyle: 'short' }).format(at)).toBe('02:00');
      if (i > 0) expect(at.getTime() - next[i - 1]!.getTime()).toBeGreaterThanOrEqual(23 * 60 * 60 * 1000);
    }
  });

  it('deletes a withdrawn application’s documents two years after it closed, audited once, keeping shared bytes; again: nothing', async () => {
    const unique = { name: 'rota.png', bytes: Buffer.concat([SAMPLE_DOCUMENTS.png.bytes, randomBytes(32)]) };
    const shared = { name: 'plan.pdf', bytes: Buffer.concat([SAMPLE_DOCUMENTS.pdf.bytes, randomBytes(32)]) };
    const withdrawn = await applicationWith('Hindley Green Practice', [unique, shared]);
    const open = await applicationWith('Leigh Family Practice', [shared]);
    const withdrawal = await staff.api.post(`/api/spoke-applications/${withdrawn.id}/withdrawal`, { reason: 'The practice closed' });
    expect(withdrawal.body.status).toBe('WITHDRAWN');
    const closedAt = new Date(withdrawal.body.history.at(-1).at);
    const cutOff = addDuration(closedAt, 'P2Y');

    // The page says when the documents go.
    const browser = await signedInByEmailLink(system, withdrawn.email);
    const page = await browser.get(`/spoke-applications/${withdrawn.id}`);
    expect(page.text).toContain('will be deleted on');

    const early = await run(new Date(cutOff.getTime() - 1));
    expect(early.deleted).toEqual([]);
    expect(await system.db.prisma.documentAttachment.count({ where: { subjectId: withdrawn.id } })).toBe(2);

    const due = await run(cutOff);
    expect(due.deleted).toEqual([
      {
        subjectType: 'spoke_application',
        applicationId: withdrawn.id,
        count: 2,
        sha256: [sha256(unique.bytes), sha256(shared.bytes)].sort(),
        contentDeleted: [sha256(unique.bytes)],
      },
    ]);
    expect(await system.db.prisma.documentAttachment.count({ where: { subjectId: withdrawn.id } })).toBe(0);
    expect(await system.db.prisma.documentContent.count({ where: { sha256: sha256(unique.bytes) } })).toBe(0);
    // The open application's copy of the shared file is untouched, bytes and all.
    const kept = await fetch(system.baseUrl + open.documents[0]!.href, { headers: { authorization: `Bearer ${open.manager.token}` } });
    expect(kept.status).toBe(200);
    expect(sha256(new Uint8Array(await kept.arrayBuffer()))).toBe(sha256(shared.bytes));
    expect((await withdrawn.manager.api.get(withdrawn.documents[0]!.href)).status).toBe(404);

    const audited = await system.db.prisma.auditEvent.findMany({
      where: { subjectId: withdrawn.id, action: 'documents.deleted_by_retention' },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actorId: 'system',
      before: { count: 2, sha256: [sha256(unique.bytes), sha256(shared.bytes)].sort() },
      after: { rule: 'closed_application', countedFrom: closedAt.toISOString(), deletableFrom: cutOff.toISOString() },
    });

    const again = await run(addDuration(cutOff, 'P1D'));
    expect(again.deleted).toEqual([]);
    expect(await system.db.prisma.auditEvent.count({ where: { subjectId: withdrawn.id, action: 'documents.deleted_by_retention' } })).toBe(
      1,
    );
    expect(await system.db.prisma.documentAttachment.count({ where: { subjectId: open.id } })).toBe(1);
  });
});
