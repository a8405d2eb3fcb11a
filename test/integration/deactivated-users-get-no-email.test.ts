/**
 * A user who has left (deactivatedAt set) is no longer anyone's audience: notices to their
 * university, role or hub and the weekly digest go to the colleagues who are still there, and a
 * notice nobody can receive any more goes to regional staff rather than nowhere.
 */
import { createDigestActivities } from '../../activities/digest';
import { addressNotice, resolveAudience } from '../../activities/notices';
import type { EmailMessage } from '../../domain/notifications';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const prisma = database.db.prisma;
  await prisma.university.create({ data: { id: 'uni_a', name: 'University of Northshire' } });
  await prisma.hub.create({ data: { id: 'hub_a', name: 'Northshire Training Hub', areas: ['Northshire'] } });
  const users = [
    { id: 'u_rev_active', email: 'reviewer.active@example.ac.uk', role: 'university_reviewer', universityId: 'uni_a' },
    { id: 'u_rev_left', email: 'reviewer.left@example.ac.uk', role: 'university_reviewer', universityId: 'uni_a' },
    { id: 'u_staff_active', email: 'staff.active@example.nhs.uk', role: 'hee_staff' },
    { id: 'u_staff_left', email: 'staff.left@example.nhs.uk', role: 'hee_staff' },
    { id: 'u_hub_left', email: 'hub.left@example.nhs.uk', role: 'hub_lead', hubId: 'hub_a' },
  ];
  for (const user of users) {
    await prisma.user.create({
      data: { name: user.id, ...user, deactivatedAt: user.id.endsWith('_left') ? new Date('2026-11-01T00:00:00Z') : null },
    });
  }
});

afterAll(async () => {
  await database.close();
});

test('notices reach only the active members of an audience', async () => {
  const prisma = database.db.prisma;
  expect(await resolveAudience(prisma, [{ kind: 'university', universityId: 'uni_a' }])).toEqual(['reviewer.active@example.ac.uk']);
  expect(await resolveAudience(prisma, [{ kind: 'role', role: 'hee_staff' }])).toEqual(['staff.active@example.nhs.uk']);
  expect(await resolveAudience(prisma, [{ kind: 'hub', hubId: 'hub_a' }])).toEqual([]);
});

test('a notice nobody in its audience can receive goes to regional staff instead, saying why', async () => {
  const prisma = database.db.prisma;
  const notice = {
    key: 'spk_1:visit-reminder',
    audience: [{ kind: 'hub' as const, hubId: 'hub_a' }],
    subjectType: 'spoke_application' as const,
    subjectId: 'spk_1',
    subjectLabel: 'Spoke application spk_1 (Riverside Surgery)',
    headline: 'Quality visit soon',
    action: 'Attend the quality visit',
    dueAt: '2026-12-01T10:00:00Z',
  };
  const email = await addressNotice(prisma, notice, 'http://trainflow.test');
  expect(email).toMatchObject({ key: 'spk_1:visit-reminder', to: ['staff.active@example.nhs.uk'] });
  expect(email!.subject).toMatch(/^No active contact: Quality visit soon: Spoke application spk_1/);
  expect(email!.text).toContain('the lead of hub hub_a');

  // A reachable audience gets the notice itself, unchanged.
  const reachable = await addressNotice(
    prisma,
    { ...notice, audience: [{ kind: 'university', universityId: 'uni_a' }] },
    'http://trainflow.test',
  );
  expect(reachable).toMatchObject({ to: ['reviewer.active@example.ac.uk'], subject: expect.stringMatching(/^Quality visit soon/) });
});

test('the weekly digest goes only to active staff and hub leads', async () => {
  const prisma = database.db.prisma;
  await prisma.deadline.create({
    data: {
      id: 'spk_1:evidence',
      subjectType: 'spoke_application',
      subjectId: 'spk_1',
      key: 'evidence',
      action: 'Resubmit rejected evidence',
      owner: 'Riverside Surgery',
      ownerRole: 'practice_manager',
      dueAt: new Date('2026-11-30T00:00:00Z'),
      hubId: 'hub_a',
    },
  });
  const queued: EmailMessage[] = [];
  const digest = createDigestActivities({
    prisma,
    publicUrl: 'http://trainflow.test',
    email: {
      enqueueEmails: async (messages) => {
        queued.push(...messages);
        return messages.map((m) => m.key);
      },
    },
  });
  await digest.queueWeeklyDigest({ scheduledAt: '2026-11-23T07:00:00Z', asOf: '2026-11-23T07:00:00Z' });
  expect(queued.flatMap((m) => m.to)).toEqual(['staff.active@example.nhs.uk']);
});
