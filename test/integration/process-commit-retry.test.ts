/**
 * The commit activity run again for the same version: a regular activity after its answer was
 * lost, a local one whenever its workflow task runs again (the worker died before the task was
 * recorded), in both cases possibly after its transaction went through. Either
 * way the state, deadlines, audit entries and emails are there once, the retry answers the same
 * emails to deliver, and the retried task's own content (its clock moved on) is what the row keeps.
 * Real database, the activity's own code.
 */
import { randomBytes } from 'node:crypto';
import { createProcessCommitActivities } from '../../activities/process-commit';
import { queueEmail } from '../../activities/email';
import { databaseDocumentStore } from '../../db/document-store';
import type { ProcessCommit } from '../../domain/process';
import type { Actor } from '../../domain/roles';
import { createTestDatabase, type TestDatabase } from '../support/database';

const staff: Actor = { userId: 'u-staff', role: 'hee_staff', name: 'Hana Staff' };

describe('a process commit run again for the same version', () => {
  let database: TestDatabase;
  let activities: ReturnType<typeof createProcessCommitActivities>;
  const prisma = () => database.db.prisma;

  beforeAll(async () => {
    database = await createTestDatabase();
    activities = createProcessCommitActivities({
      prisma: database.db.prisma,
      publicUrl: 'https://trainflow.example',
      documentStore: databaseDocumentStore(database.db.prisma),
    });
  });

  afterAll(async () => {
    await database?.close();
  });

  function commitOf(subjectId: string, version: number, at: string, overrides: Partial<ProcessCommit> = {}): ProcessCommit {
    return {
      subjectType: 'eoi',
      subjectId,
      version,
      status: 'UNDER_UNIVERSITY_REVIEW',
      scope: { organisationId: 'org-1', universityId: 'uni-1', intakeId: 'int-1' },
      columns: {
        organisationId: 'org-1',
        universityId: 'uni-1',
        intakeId: 'int-1',
        serviceType: 'primary_care',
        placesRequested: 2,
        allocatedPlaces: 0,
        waitlistPosition: null,
        submittedAt: '2027-01-04T10:00:00.000Z',
        nextDeadlineAt: at,
      },
      // Enough of an EOI's view for the commit's funnel facts; `at` marks which attempt wrote it.
      view: {
        id: subjectId,
        at,
        status: 'UNDER_UNIVERSITY_REVIEW',
        intakeId: 'int-1',
        submittedAt: '2027-01-04T10:00:00.000Z',
        placesRequested: 2,
        allocatedPlaces: 0,
        candidates: [],
        history: [],
      },
      deadlines: [{ key: 'review', action: 'Review the EOI', owner: 'University', ownerRole: 'university_reviewer', dueAt: at }],
      audit: [{ key: `${version}:submitted`, actor: staff, action: 'eoi.submitted', comment: `at ${at}` }],
      notices: [
        {
          key: `${subjectId}:${version}:submitted`,
          audience: [{ kind: 'address', email: 'cara@org1.example.nhs.uk' }],
          subjectType: 'eoi',
          subjectId,
          subjectLabel: `EOI ${subjectId}`,
          headline: `Submitted at ${at}`,
        },
      ],
      ...overrides,
    };
  }

  const stored = async (subjectId: string) => ({
    row: await prisma().eoi.findUnique({ where: { id: subjectId }, select: { version: true, view: true, nextDeadlineAt: true } }),
    deadlines: await prisma().deadline.findMany({ where: { subjectId }, select: { key: true, dueAt: true } }),
    audit: await prisma().auditEvent.findMany({ where: { subjectId }, select: { action: true, comment: true } }),
    emails: await prisma().outboxEmail.findMany({ where: { subjectId }, select: { key: true, subject: true, status: true } }),
  });

  it('writes everything once and answers the same emails when the transaction had gone through', async () => {
    const id = `eoi_${randomBytes(5).toString('hex')}`;
    const first = await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:00.000Z'));
    const again = await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:00.000Z'));

    expect(again).toEqual(first);
    expect(first).toEqual([`${id}:1:submitted`]);
    const after = await stored(id);
    expect(after.row?.version).toBe(1);
    expect(after.deadlines).toHaveLength(1);
    expect(after.audit.map((a) => a.action)).toEqual(['eoi.submitted']);
    expect(after.emails.map((e) => e.key)).toEqual([`${id}:1:submitted`]);
  });

  it('keeps the retried task’s content for the row and deadlines, the first audit entry and email once', async () => {
    const id = `eoi_${randomBytes(5).toString('hex')}`;
    await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:00.000Z'));
    const retried = await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:09.000Z'));

    expect(retried).toEqual([`${id}:1:submitted`]);
    const after = await stored(id);
    expect(after.row).toMatchObject({ version: 1, view: { at: '2027-01-14T17:00:09.000Z' } });
    expect(after.deadlines.map((d) => d.dueAt.toISOString())).toEqual(['2027-01-14T17:00:09.000Z']);
    expect(after.audit).toEqual([{ action: 'eoi.submitted', comment: 'at 2027-01-14T17:00:00.000Z' }]);
    expect(after.emails).toHaveLength(1);
  });

  it('never lets an older version overwrite a newer one', async () => {
    const id = `eoi_${randomBytes(5).toString('hex')}`;
    await activities.commitProcessChange(commitOf(id, 2, '2027-02-01T17:00:00.000Z'));
    await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:00.000Z'));

    const after = await stored(id);
    expect(after.row).toMatchObject({ version: 2, view: { at: '2027-02-01T17:00:00.000Z' } });
    expect(after.deadlines.map((d) => d.dueAt.toISOString())).toEqual(['2027-02-01T17:00:00.000Z']);
  });

  it('answers the emails a contact correction readdressed, also when run again after its transaction went through', async () => {
    const id = `eoi_${randomBytes(5).toString('hex')}`;
    await activities.commitProcessChange(commitOf(id, 1, '2027-01-14T17:00:00.000Z', { notices: [] }));
    const undelivered = `${id}:0:submitted`;
    await queueEmail(prisma(), {
      key: undelivered,
      to: ['cara@typo.example'],
      typed: ['cara@typo.example'],
      subject: 'Your EOI was submitted',
      text: 'Submitted',
      html: '<p>Submitted</p>',
      subjectType: 'eoi',
      subjectId: id,
    });
    const correction = commitOf(id, 2, '2027-01-14T17:00:00.000Z', {
      notices: [],
      audit: [{ key: '2:contact-corrected', actor: staff, action: 'eoi.contact_corrected' }],
      readdress: [{ from: 'cara@typo.example', to: 'cara@org1.example.nhs.uk', actor: staff }],
    });

    const first = await activities.commitProcessChange(correction);
    const again = await activities.commitProcessChange(correction);

    expect(first).toEqual([undelivered]);
    expect(again).toEqual([undelivered]);
    const recipients = await prisma().outboxRecipient.findMany({
      where: { email: { key: undelivered } },
      select: { address: true, status: true },
      orderBy: { address: 'asc' },
    });
    expect(recipients).toEqual([
      { address: 'cara@org1.example.nhs.uk', status: 'pending' },
      { address: 'cara@typo.example', status: 'replaced' },
    ]);
    const email = await prisma().outboxEmail.findUniqueOrThrow({ where: { key: undelivered }, select: { id: true } });
    expect(await prisma().auditEvent.count({ where: { action: 'email.readdressed', subjectId: email.id } })).toBe(1);
  });
});
