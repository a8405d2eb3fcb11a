/**
 * The weekly digest's Temporal Schedule on a real dev server, with the whole system running:
 * created at worker start-up for Mondays 07:00 Europe/London, brought up to date idempotently,
 * and run twice for one week it emails each recipient once.
 */
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { digestWeekOf } from '../../domain/digest';
import { addCalendarDays, atLondonTime, londonDateOf } from '../../domain/london-calendar';
import { digestScheduleId, ensureDigestSchedule } from '../../temporal/schedules';
import type { WeeklyDigestResult } from '../../workflows/weekly-digest';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/eventually';

const london = (at: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.hour}:${parts.minute}:${parts.second}`;
};

describe('the weekly digest schedule', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.client.schedule
      .getHandle(digestScheduleId(system.config.taskQueue))
      .delete()
      .catch(() => undefined);
    await system?.stop();
  });

  const schedule = () => system.client.schedule.getHandle(digestScheduleId(system.config.taskQueue));

  it('is created at start-up to run the weeklyDigest workflow on Mondays at 07:00, Europe/London, never two at once', async () => {
    const description = await schedule().describe();
    expect(description.spec.timezone).toBe('Europe/London');
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'weeklyDigest', taskQueue: system.config.taskQueue });
    expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    // A run missed by more than a day (the server was down) is skipped, not sent late.
    expect(description.policies.catchupWindow).toBe(24 * 60 * 60 * 1000);
    expect(description.state.paused).toBe(false);
    const next = description.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(3);
    for (const at of next) expect(london(at)).toBe('Mon 07:00:00');
    expect(next[0]!.getTime()).toBeGreaterThan(Date.now());
  });

  it('is brought up to date, not duplicated, when the worker starts again with another DIGEST_CRON, and stays paused if paused', async () => {
    await ensureDigestSchedule(system.client, { digestCron: '30 8 * * TUE', taskQueue: system.config.taskQueue });
    const changed = await schedule().describe();
    for (const at of changed.info.nextActionTimes) expect(london(at)).toBe('Tue 08:30:00');
    await ensureDigestSchedule(system.client, system.config);
    const restored = await schedule().describe();
    for (const at of restored.info.nextActionTimes) expect(london(at)).toBe('Mon 07:00:00');
    // An operator's pause survives a restart.
    await schedule().pause('holidays');
    await ensureDigestSchedule(system.client, system.config);
    expect((await schedule().describe()).state).toMatchObject({ paused: true, note: 'holidays' });
    await schedule().unpause();
    const ids: string[] = [];
    for await (const s of system.client.schedule.list()) ids.push(s.scheduleId);
    expect(ids.filter((id) => id === digestScheduleId(system.config.taskQueue))).toHaveLength(1);
  });

  it('run twice for one week, emails each recipient once', async () => {
    const eoi = (await region.submitter.api.post('/api/eois', eoiBody(region))).body;
    await until(async () => ((await system.db.prisma.deadline.count({ where: { subjectId: eoi.id } })) ? true : undefined), 'the deadline');

    // Both runs are backfilled for the same Monday 07:00 (the last one before now), so the test
    // means the same whatever the day: two triggers "now" a second apart could straddle midnight
    // on a Sunday in London and fall in two weeks. A backfill ignores the catch-up window.
    const mondayThisWeek = digestWeekOf(new Date());
    let monday = atLondonTime(mondayThisWeek, '07:00')!;
    if (Date.parse(monday) > Date.now()) monday = atLondonTime(addCalendarDays(mondayThisWeek, -7), '07:00')!;
    const runs: WeeklyDigestResult[] = [];
    for (const n of [1, 2]) {
      await schedule().backfill({
        start: new Date(Date.parse(monday) - 60_000),
        end: new Date(Date.parse(monday) + 60_000),
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      });
      const workflowId = await until(async () => {
        const actions = (await schedule().describe()).info.recentActions;
        return actions.length >= n ? actions[n - 1]!.action.workflow.workflowId : undefined;
      }, `run ${n} to start`);
      runs.push(await system.client.workflow.getHandle<() => Promise<WeeklyDigestResult>>(workflowId).result());
    }
    const [first, second] = runs as [WeeklyDigestResult, WeeklyDigestResult];
    // The week comes from the time the schedule meant each run for, not from when it ran.
    expect(first.scheduledAt).toBe(monday);
    expect(second.scheduledAt).toBe(monday);
    expect(first.week).toBe(londonDateOf(monday));
    expect(second.week).toBe(first.week);
    expect(second.keys).toEqual(first.keys);
    expect(first.keys).toContain(`digest:${first.week}:${region.staff.id}`);

    const digests = await system.smtp.waitFor(1, (m) => m.to.includes(region.staff.email) && m.subject.startsWith('Trainflow deadlines'));
    expect(digests[0]!.text).toContain(`Review the expression of interest: EOI ${eoi.id} (Northshire Community Trust)`);
    // Both runs have finished delivering: still one email per recipient, one outbox row each.
    const delivered = await system.db.prisma.outboxEmail.findMany({ where: { subjectType: 'digest' } });
    expect(delivered.map((e) => e.key).sort()).toEqual([...first.keys].sort());
    expect(delivered.every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
    const received = system.smtp.received.filter((m) => m.subject.startsWith('Trainflow deadlines'));
    expect(received).toHaveLength(first.keys.length);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(received.length);
  });
});
