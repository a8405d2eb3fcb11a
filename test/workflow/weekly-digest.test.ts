/**
 * The weekly digest on simulated time: real commissioning and spoke accreditation workflows
 * record their deadlines in a real database through the real activities, weeks pass on the
 * time-skipping server, and the weeklyDigest workflow emails (over real SMTP) each HEE staff user
 * and each hub lead what is overdue and what is due in the next 14 days, grouped by intake and
 * hub; a second run in the same week sends nothing.
 */
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { findDeadlines } from '../../api/services/deadlines';
import { ProcessSettingsSchema } from '../../domain/settings';
import { createLogger } from '../../config/logger';
import type { PrismaClient } from '../../db/database';
import { deadlineWhere, toDeadlineItem } from '../../domain/deadlines';
import type { NewEoi } from '../../domain/eoi';
import type { Actor } from '../../domain/roles';
import { confirmationDueAt } from '../../domain/reference-data';
import { addDays, formatCalendarDate, parseCalendarDate } from '../../domain/time';
import { createSmtpMailer, type Mailer } from '../../mail/mailer';
import { commissioning } from '../../workflows/commissioning';
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { spokeAccreditation } from '../../workflows/spoke-accreditation';
import { weeklyDigest } from '../../workflows/weekly-digest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtpServer, type ReceivedEmail, type TestSmtpServer } from '../support/smtp';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { DAY, workflowCode } from './commissioning-harness';

const PUBLIC_URL = 'https://trainflow.test';
const settings = ProcessSettingsSchema.parse({});
const submitterActor: Actor = { userId: 'usr_sub', role: 'org_submitter', name: 'Olu Submitter', organisationId: 'org_north' };
const managerActor: Actor = { userId: 'usr_pm', role: 'practice_manager', name: 'Pat Manager', practiceId: 'prac_leigh' };

/** Reference data and users, as an administrator would have created them; both intakes start on startsOn. */
async function seed(prisma: PrismaClient, startsOn: Date) {
  await prisma.organisation.create({
    data: {
      id: 'org_north',
      name: 'Northshire Community Trust',
      odsCode: 'RNORTH',
      kind: 'nhs_trust',
      serviceType: 'integrated_community_care',
    },
  });
  await prisma.university.create({ data: { id: 'uni_north', name: 'University of Northshire' } });
  for (const [id, name] of [
    ['prog_msc', 'MSc Advanced Practice'],
    ['prog_bsc', 'BSc Nursing Associate'],
  ] as const) {
    await prisma.programme.create({
      data: { id, name, role: 'advanced_practitioner', universities: { create: [{ universityId: 'uni_north' }] } },
    });
  }
  for (const [id, programmeId] of [
    ['intake_msc', 'prog_msc'],
    ['intake_bsc', 'prog_bsc'],
  ] as const) {
    await prisma.intake.create({
      data: { id, programmeId, startsOn, fundedPlaces: 10, eoiOpensAt: new Date(0), eoiClosesAt: startsOn, priorityServiceTypes: [] },
    });
  }
  for (const [id, name] of [
    ['hub_wigan', 'Wigan Training Hub'],
    ['hub_bolton', 'Bolton Training Hub'],
    ['hub_salford', 'Salford Training Hub'],
  ] as const) {
    await prisma.hub.create({ data: { id, name, areas: [] } });
  }
  for (const [id, name, hubId] of [
    ['prac_leigh', 'Leigh Family Practice', 'hub_wigan'],
    ['prac_farn', 'Farnworth Surgery', 'hub_bolton'],
    ['prac_hindley', 'Hindley Green Practice', 'hub_wigan'],
  ] as const) {
    await prisma.practice.create({ data: { id, name, odsCode: id.toUpperCase(), isTrainingPractice: false, hubId } });
  }
  const users = [
    { id: 'usr_staff1', name: 'Hana Staff', email: 'hana@hee.nhs.uk', role: 'hee_staff' },
    { id: 'usr_staff2', name: 'Sol Staff', email: 'sol@hee.nhs.uk', role: 'hee_staff' },
    { id: 'usr_lead_wigan', name: 'Hal Lead', email: 'hal@wigan-hub.nhs.uk', role: 'hub_lead', hubId: 'hub_wigan' },
    { id: 'usr_lead_bolton', name: 'Bo Lead', email: 'bo@bolton-hub.nhs.uk', role: 'hub_lead', hubId: 'hub_bolton' },
    { id: 'usr_lead_salford', name: 'Sal Lead', email: 'sal@salford-hub.nhs.uk', role: 'hub_lead', hubId: 'hub_salford' },
    { id: 'usr_sub', name: 'Olu Submitter', email: 'olu@northshire.nhs.uk', role: 'org_submitter', organisationId: 'org_north' },
  ];
  for (const user of users) await prisma.user.create({ data: user });
}

describe('weekly digest on simulated time', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let worker: Worker;
  let prisma: PrismaClient;
  const taskQueue = `digest-${randomBytes(4).toString('hex')}`;
  const started: string[] = [];
  /** The intakes start about two years after the test's first day, whatever today's date. */
  let startsOn: string;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    const firstDay = await moveToNextWednesdayNoon(env);
    startsOn = formatCalendarDate(addDays(new Date(firstDay), 730));
    database = await createTestDatabase();
    prisma = database.db.prisma;
    smtp = await startTestSmtpServer();
    mailer = createSmtpMailer(smtp.url, 'Trainflow <no-reply@trainflow.test>');
    await seed(prisma, parseCalendarDate(startsOn));
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...workflowCode(),
      activities: createActivities({
        prisma,
        mailer,
        logger: createLogger('silent'),
        publicUrl: PUBLIC_URL,
        temporal: env.client,
        taskQueue,
      }),
    });
  });

  afterEach(async () => {
    await env?.teardown();
    mailer?.close();
    await smtp?.close();
    await database?.close();
  });

  /** Runs the body with the worker polling; ends every started workflow before the worker stops. */
  const run = (body: () => Promise<void>) =>
    worker.runUntil(async () => {
      try {
        await body();
      } finally {
        await Promise.all(
          started.splice(0).map((id) =>
            env.client.workflow
              .getHandle(id)
              .terminate('test finished')
              .catch(() => undefined),
          ),
        );
      }
    });

  const waitForDeadline = async (subjectId: string) => {
    for (let i = 0; i < 200; i++) {
      if ((await prisma.deadline.count({ where: { subjectId } })) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`No deadline recorded for ${subjectId}`);
  };

  async function submitEoi(intakeId: string): Promise<string> {
    const id = `eoi_${randomBytes(5).toString('hex')}`;
    const eoi: NewEoi = {
      id,
      organisationId: 'org_north',
      universityId: 'uni_north',
      intakeId,
      programmeId: intakeId === 'intake_msc' ? 'prog_msc' : 'prog_bsc',
      serviceType: 'integrated_community_care',
      placesRequested: 1,
      contact: { name: 'Cara Contact', email: 'cara@northshire.nhs.uk' },
      declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
      submittedBy: submitterActor,
      intake: { startsOn, confirmationDueAt: confirmationDueAt(startsOn), priorityServiceTypes: [] },
      labels: { organisation: 'Northshire Community Trust', university: 'University of Northshire', programme: 'MSc Advanced Practice' },
    };
    const handle = await env.client.workflow.start(commissioning, {
      workflowId: commissioningWorkflowId(id),
      taskQueue,
      args: [{ eoi, settings }],
    });
    started.push(handle.workflowId);
    await waitForDeadline(id);
    return id;
  }

  async function applyAsSpoke(practiceId: string, hubId: string): Promise<string> {
    const id = `spoke_${randomBytes(5).toString('hex')}`;
    const handle = await env.client.workflow.start(spokeAccreditation, {
      workflowId: `spoke-test-${id}`,
      taskQueue,
      args: [
        {
          application: {
            id,
            practiceId,
            hubId,
            administrator: { name: 'Ann Admin', email: 'ann@practice.nhs.uk' },
            educationalist: { name: 'Ed Teach', email: 'ed@practice.nhs.uk' },
            appliedBy: { ...managerActor, practiceId },
          },
          settings,
          publicUrl: PUBLIC_URL,
        },
      ],
    });
    started.push(handle.workflowId);
    await waitForDeadline(id);
    return id;
  }

  const runDigest = async () =>
    env.client.workflow.execute(weeklyDigest, { workflowId: `weekly-digest-${randomBytes(4).toString('hex')}`, taskQueue });

  const digestsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address) && m.subject.startsWith('Trainflow deadlines'));

  /** The digest's sections as [group label, subject ids] in the order the email lists them. */
  function sections(email: ReceivedEmail): Record<string, [string, string[]][]> {
    const result: Record<string, [string, string[]][]> = {};
    for (const part of email.text.split(/^== /m).slice(1)) {
      const [heading, ...blocks] = part.split('\n\n');
      const groups = blocks
        .filter((b) => b.includes('\n- '))
        .map((block) => {
          const [label, ...lines] = block.split('\n');
          const ids = lines.filter((l) => l.startsWith('- ')).map((l) => /: (?:EOI|spoke application) (\S+)/.exec(l)![1]!);
          return [label!, ids] as [string, string[]];
        });
      result[heading!.replace(/ \(\d+\) ==$/, '')] = groups;
    }
    return result;
  }

  it('emails HEE staff and hub leads what is overdue and due soon, grouped by intake and hub, once per week', async () => {
    await run(async () => {
      const t0 = await env.currentTimeMs();
      // Evidence is due 30 days after applying.
      const leigh = await applyAsSpoke('prac_leigh', 'hub_wigan');
      const farnworth = await applyAsSpoke('prac_farn', 'hub_bolton');
      await env.sleep(20 * DAY);
      // Review is due 10 days after submission.
      const first = await submitEoi('intake_msc'); // due t0 + 30
      await env.sleep(5 * DAY);
      const second = await submitEoi('intake_bsc'); // due t0 + 35
      await env.sleep(1 * DAY);
      const third = await submitEoi('intake_msc'); // due t0 + 36
      const hindley = await applyAsSpoke('prac_hindley', 'hub_wigan'); // due t0 + 56: beyond 14 days for a while

      const msc = `MSc Advanced Practice, intake starting ${startsOn}`;
      const bsc = `BSc Nursing Associate, intake starting ${startsOn}`;

      // Week 1, day 26: nothing overdue yet; everything but Hindley's evidence is due in the next 14 days.
      const week1 = await runDigest();
      expect(Date.parse(week1.asOf) - t0).toBeGreaterThanOrEqual(26 * DAY);
      // t0 is a Wednesday noon (UTC), so day 26 is a Monday at noon: the digest's week begins that day.
      expect(week1.week).toBe(mondayOf(new Date(t0 + 26 * DAY).toISOString()));
      expect(week1.week).toBe(mondayOf(week1.asOf));
      expect(week1.keys.sort()).toEqual(
        ['usr_lead_bolton', 'usr_lead_wigan', 'usr_staff1', 'usr_staff2'].map((user) => `digest:${week1.week}:${user}`).sort(),
      );
      await smtp.waitFor(4, (m) => m.subject.startsWith('Trainflow deadlines'));
      const [staffWeek1] = digestsTo('hana@hee.nhs.uk');
      expect(staffWeek1!.subject).toMatch(/^Trainflow deadlines, week of \w+day \d+ \w+ \d{4}: 0 overdue, 5 due in the next 14 days$/);
      expect(sections(staffWeek1!)).toEqual({
        Overdue: [],
        'Due in the next 14 days': [
          [bsc, [second]],
          [msc, [first, third]],
          ['Bolton Training Hub', [farnworth]],
          ['Wigan Training Hub', [leigh]],
        ],
      });
      expect(staffWeek1!.text).toContain(
        `Review the expression of interest: EOI ${first} (Northshire Community Trust). Owner: University of Northshire`,
      );
      expect(staffWeek1!.text).toContain(`${PUBLIC_URL}/spoke-applications/${leigh}`);
      expect(staffWeek1!.text).not.toContain(hindley);
      expect(sections(digestsTo('hal@wigan-hub.nhs.uk')[0]!)).toEqual({
        Overdue: [],
        'Due in the next 14 days': [['Wigan Training Hub', [leigh]]],
      });
      expect(sections(digestsTo('bo@bolton-hub.nhs.uk')[0]!)).toEqual({
        Overdue: [],
        'Due in the next 14 days': [['Bolton Training Hub', [farnworth]]],
      });
      // Nothing for the hub with nothing due, nor for anyone who is not HEE staff or a hub lead.
      expect(digestsTo('sal@salford-hub.nhs.uk')).toEqual([]);
      expect(digestsTo('olu@northshire.nhs.uk')).toEqual([]);

      // The schedule firing again in the same week sends nothing new.
      const again = await runDigest();
      expect(again.week).toBe(week1.week);
      expect(again.keys.sort()).toEqual(week1.keys.sort());
      expect(await prisma.outboxEmail.count({ where: { subjectType: 'digest' } })).toBe(4);
      expect(digestsTo('hana@hee.nhs.uk')).toHaveLength(1);

      // A week later: the evidence and the first review have become overdue.
      await env.sleep(7 * DAY);
      const week2 = await runDigest();
      expect(week2.week).not.toBe(week1.week);
      await smtp.waitFor(8, (m) => m.subject.startsWith('Trainflow deadlines'));
      const staffWeek2 = digestsTo('sol@hee.nhs.uk').find((m) => m.subject.includes('3 overdue'))!;
      expect(staffWeek2.subject).toMatch(/: 3 overdue, 2 due in the next 14 days$/);
      expect(sections(staffWeek2)).toEqual({
        Overdue: [
          [msc, [first]],
          ['Bolton Training Hub', [farnworth]],
          ['Wigan Training Hub', [leigh]],
        ],
        'Due in the next 14 days': [
          [bsc, [second]],
          [msc, [third]],
        ],
      });
      const leadWeek2 = digestsTo('hal@wigan-hub.nhs.uk');
      expect(leadWeek2).toHaveLength(2);
      expect(sections(leadWeek2[1]!)).toEqual({ Overdue: [['Wigan Training Hub', [leigh]]], 'Due in the next 14 days': [] });
    });
  });

  it('turns a deadline from due to overdue as simulated time passes, in the list the API reads', async () => {
    await run(async () => {
      const eoi = await submitEoi('intake_msc');
      const staff = { role: 'hee_staff' as const };
      const list = async (filters: { status?: 'due' | 'overdue' }) => {
        const now = new Date(await env.currentTimeMs());
        const rows = await findDeadlines(prisma, deadlineWhere(staff, filters, now), 100);
        return rows.map((row) => toDeadlineItem(row, now)).filter((item) => item.subjectId === eoi);
      };
      const [before] = await list({});
      expect(before).toMatchObject({ key: 'review', status: 'due', owner: 'University of Northshire' });
      expect(await list({ status: 'overdue' })).toEqual([]);

      await env.sleep(11 * DAY);
      // The workflow has sent its reminder meanwhile; the deadline itself has not moved.
      const [after] = await list({});
      expect(after).toEqual({ ...before, status: 'overdue' });
      expect(await list({ status: 'overdue' })).toEqual([after]);
      expect(await list({ status: 'due' })).toEqual([]);
    });
  });
});

/**
 * Skips the test server's clock to the next Wednesday at 12:00 UTC (at least a day ahead), so
 * the weeks a test crosses begin and end on the same days of its timeline whatever today's date:
 * Monday 00:00 in London is then always at least 11 hours away from any digest the test runs.
 */
async function moveToNextWednesdayNoon(env: TestWorkflowEnvironment): Promise<number> {
  const now = await env.currentTimeMs();
  let target = new Date(now + DAY);
  target.setUTCHours(12, 0, 0, 0);
  while (target.getUTCDay() !== 3) target = addDays(target, 1);
  await env.sleep(target.getTime() - now);
  return target.getTime();
}

/** The Monday (Europe/London) of the week an instant falls in, computed independently of the code under test. */
function mondayOf(iso: string): string {
  const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
  const date = new Date(`${london}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return formatCalendarDate(addDays(date, -sinceMonday));
}
