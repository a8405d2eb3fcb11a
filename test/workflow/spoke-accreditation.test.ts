/**
 * The spoke accreditation workflow on the time-skipping server, with recording activities: every
 * commit is kept with the simulated time it happened at, so the tests can say which notices went
 * to whom and when, and which deadlines were open.
 *
 * `TRAINFLOW_RECORD_HISTORIES=1 npx jest test/workflow/spoke-accreditation.test.ts` re-records the
 * histories of the main paths under test/histories/ (replayed by test/workflow/replay.test.ts);
 * add `-t '<test name>'` to record only a new one and keep the old files as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { ProcessSettingsSchema } from '../../domain/settings';
import type { PrepareSpokeInput, PrepareSpokeResult } from '../../workflows/activities';
import type { ProcessCommit } from '../../domain/process';
import type { Actor } from '../../domain/roles';
import type { SpokeCycleData, SpokeView } from '../../domain/spoke-accreditation';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { addMonths } from '../../domain/time';
import { searchAttributes } from '../../workflows/search-attributes';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { spokeAccreditation, type SpokeAccreditationInput } from '../../workflows/spoke-accreditation';
import {
  openedUpdate,
  peopleCorrectionUpdate,
  referenceRenamedSignal,
  spokeUpdates,
  spokeViewQuery,
  spokeWorkflowId,
} from '../../workflows/spoke-accreditation.messages';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const manager: Actor = { userId: 'u-pm', role: 'practice_manager', name: 'Pat Manager', practiceId: 'practice-1' };
const otherManager: Actor = { userId: 'u-pm2', role: 'practice_manager', name: 'Pia Other', practiceId: 'practice-2' };
const hubLead: Actor = { userId: 'u-hl', role: 'hub_lead', name: 'Hal Lead', hubId: 'hub-1' };
const otherHubLead: Actor = { userId: 'u-hl2', role: 'hub_lead', name: 'Hope Other', hubId: 'hub-2' };
const staff: Actor = { userId: 'u-hee', role: 'hee_staff', name: 'Hana Staff' };
const admin: Actor = { userId: 'u-admin', role: 'admin', name: 'Ada Admin' };

const CRITERIA = [
  { code: 'C1', title: 'Named administrator', guidance: '' },
  { code: 'C2', title: 'Named educationalist', guidance: '' },
  { code: 'C3', title: 'Induction', guidance: '' },
];

function cycleData(criteria = CRITERIA, version = 1): SpokeCycleData {
  return {
    practice: { id: 'practice-1', name: 'Farnworth Surgery', isTrainingPractice: false },
    hub: { id: 'hub-1', name: 'Bolton Training Hub', accreditationValidityMonths: 36 },
    criteriaSet: { id: `crit-v${version}`, version, name: 'Spoke criteria', isExample: false, criteria },
  };
}

/** A simulated instant: at the expected time or just after it (the worker's own work takes real milliseconds). */
function expectAt(actual: number, expected: number) {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThan(expected + HOUR);
}

interface RecordedCommit extends ProcessCommit {
  at: number;
}

/** The suite's prebuilt bundle (test/support/global-setup.ts), or a fresh one. */
function workflowCode(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const prebuilt = process.env.TRAINFLOW_WORKFLOW_BUNDLE;
  return prebuilt ? { workflowBundle: { codePath: prebuilt } } : { workflowsPath: require.resolve('../../workflows') };
}

/** The failure an Update was refused with: the rejection its validator raised. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; state?: string; detail: string; allowedActions?: string[]; errors?: unknown[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { type?: string; details?: unknown[] } }).cause;
    if (cause?.type === 'ActionRejected') return cause.details![0] as never;
    throw error;
  }
  throw new Error('Expected the update to be refused');
}

describe('spoke accreditation workflow on simulated time', () => {
  let env: TestWorkflowEnvironment;
  let commits: RecordedCommit[];
  let prepared: PrepareSpokeResult;
  let nextCycle: SpokeCycleData;
  let prepareCalls: PrepareSpokeInput[];
  let taskQueue: string;
  let worker: Worker;
  const settings = ProcessSettingsSchema.parse({});

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(async () => {
    commits = [];
    prepareCalls = [];
    prepared = { ok: true, data: cycleData() };
    nextCycle = cycleData();
    taskQueue = `spoke-${randomBytes(4).toString('hex')}`;
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...workflowCode(),
      activities: {
        prepareSpokeApplication: async (input: PrepareSpokeInput) => {
          prepareCalls.push(input);
          return prepared;
        },
        loadSpokeCycle: async () => nextCycle,
        commitProcessChange: async (commit: ProcessCommit) => {
          commits.push({ ...commit, at: await env.currentTimeMs() });
          return commit.notices.map((n) => n.key);
        },
        deliverEmail: async () => 'sent',
      },
    });
  });

  /**
   * The test server stops its clock while a workflow or activity task is outstanding. A test ends
   * only when its workflows have no such task left (emails are delivered in the background), and
   * then ends them, so nothing holds the shared server's clock in later tests.
   */
  const started: string[] = [];
  const EventType = temporal.api.enums.v1.EventType;
  /** No workflow or activity task outstanding: every scheduled one completed, failed or timed out. */
  async function isQuiet(id: string): Promise<boolean> {
    const handle = handleOf(id);
    if ((await handle.describe()).status.name !== 'RUNNING') return true;
    const events = (await handle.fetchHistory()).events ?? [];
    const count = (...types: temporal.api.enums.v1.EventType[]) => events.filter((e) => types.includes(e.eventType!)).length;
    return (
      count(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) ===
        count(
          EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
        ) &&
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) ===
        count(
          EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
          EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
        )
    );
  }
  async function quiesce() {
    for (const id of started) {
      for (let i = 0; i < 400 && !(await isQuiet(id)); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  const run = (body: () => Promise<void>) =>
    worker.runUntil(async () => {
      try {
        await body();
      } finally {
        await quiesce();
      }
    });
  afterEach(async () => {
    for (const id of started.splice(0)) {
      await handleOf(id)
        .terminate('test over')
        .catch(() => undefined);
    }
  });

  // In version order: commits may run side by side and land out of order, as in the database.
  const commitsOf = (id: string) => commits.filter((c) => c.subjectId === id).sort((a, b) => a.version - b.version);
  const noticesOf = (id: string) => commitsOf(id).flatMap((c) => c.notices.map((n) => ({ ...n, at: c.at })));
  const lastView = (id: string) => commitsOf(id).at(-1)!.view as SpokeView;

  async function start(overrides: Partial<SpokeAccreditationInput> = {}) {
    const id = `spoke_${randomBytes(5).toString('hex')}`;
    const input: SpokeAccreditationInput = {
      application: {
        id,
        practiceId: 'practice-1',
        hubId: 'hub-1',
        administrator: { name: 'Ann Admin', email: 'ann@farnworth.nhs.uk' },
        educationalist: { name: 'Ed Educator', email: 'ed@farnworth.nhs.uk' },
        appliedBy: manager,
      },
      settings,
      ...overrides,
    };
    const handle = await env.client.workflow.start(spokeAccreditation, { workflowId: spokeWorkflowId(id), taskQueue, args: [input] });
    started.push(id);
    return { id, handle };
  }

  type Handle = WorkflowHandle<typeof spokeAccreditation>;
  const evidence = (handle: Handle, codes: string[], actor = manager) =>
    handle.executeUpdate(spokeUpdates.evidence, {
      args: [{ actor, body: { items: codes.map((code) => ({ criterionCode: code, statement: `How we meet ${code}` })) } }],
    });
  const review = (handle: Handle, decisions: Record<string, 'accept' | 'reject'>, actor = hubLead) =>
    handle.executeUpdate(spokeUpdates['evidence-review'], {
      args: [
        {
          actor,
          body: {
            items: Object.entries(decisions).map(([criterionCode, decision]) => ({
              criterionCode,
              decision,
              comment: decision === 'reject' ? `Say more about ${criterionCode}` : '',
            })),
          },
        },
      ],
    });
  const visit = (handle: Handle, scheduledFor: number, actor = hubLead) =>
    handle.executeUpdate(spokeUpdates.visit, { args: [{ actor, body: { scheduledFor: new Date(scheduledFor).toISOString() } }] });
  const visitOutcome = (handle: Handle, outcome: 'satisfactory' | 'actions_required', criteria?: string[]) =>
    handle.executeUpdate(spokeUpdates['visit-outcome'], {
      args: [{ actor: hubLead, body: { outcome, notes: `Visit notes: ${outcome}`, ...(criteria ? { criteria } : {}) } }],
    });
  const approval = (handle: Handle, decision: 'approve' | 'reject') =>
    handle.executeUpdate(spokeUpdates.approval, { args: [{ actor: staff, body: { decision, comment: `${decision}d by HEE` } }] });
  const sign = (handle: Handle, actor = manager) =>
    handle.executeUpdate(spokeUpdates['agreement-signature'], { args: [{ actor, body: { signedBy: 'Dr P Partner' } }] });
  const reason = (text: string) => ({ reason: text });

  /** From a fresh application to ACCREDITED, the shortest way. */
  async function accredit(handle: Handle): Promise<SpokeView> {
    await evidence(handle, ['C1', 'C2', 'C3']);
    await review(handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
    await visit(handle, (await env.currentTimeMs()) + 2 * DAY);
    await env.sleep(2 * DAY);
    await visitOutcome(handle, 'satisfactory');
    await approval(handle, 'approve');
    return sign(handle);
  }

  const handleOf = (id: string) => env.client.workflow.getHandle<typeof spokeAccreditation>(spokeWorkflowId(id));
  const practiceAudience = { kind: 'practice', practiceId: 'practice-1' };
  const hubAudience = { kind: 'hub', hubId: 'hub-1' };
  const heeAudience = { kind: 'role', role: 'hee_staff' };
  const stepOf = (key: string) => key.split(':')[1]!;

  /** Polls (real time) until the condition holds: for what the workflow does after an update returned. */
  async function waitFor(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  async function sleepUntil(at: number) {
    await env.sleep(Math.max(0, at - (await env.currentTimeMs())));
  }

  /** Writes the run's history; `closed`: once the run has ended (it may still be delivering email). */
  async function recordHistory(handle: Handle, scenario: string, { closed = false } = {}) {
    if (!process.env.TRAINFLOW_RECORD_HISTORIES) return;
    for (let i = 0; closed && i < 200 && (await handle.describe()).status.name === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const history = await handle.fetchHistory();
    const file = path.resolve(__dirname, '../histories', `spoke-accreditation-${scenario}.json`);
    fs.writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
  }

  it('takes a practice from application to ACCREDITED, telling whoever must act next', async () => {
    await run(async () => {
      const t0 = await env.currentTimeMs();
      const { id, handle } = await start();
      const opened = await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      expect(opened).toMatchObject({
        id,
        status: 'AWAITING_EVIDENCE',
        cycle: 1,
        criteriaSet: { id: 'crit-v1', version: 1 },
        criteria: CRITERIA,
        allowedActions: ['evidence', 'withdrawal'],
      });
      expect(opened.evidence.map((e) => e.status)).toEqual(['missing', 'missing', 'missing']);
      expectAt(Date.parse(opened.evidenceDueAt!), t0 + 30 * DAY);
      expect(prepareCalls).toEqual([{ applicationId: id, practiceId: 'practice-1', hubId: 'hub-1', actor: manager }]);
      expect(noticesOf(id).map((n) => [n.key, n.audience])).toEqual([
        [`${id}:opened-practice:1`, [{ kind: 'practice', practiceId: 'practice-1' }]],
        [`${id}:opened-hub:1`, [{ kind: 'hub', hubId: 'hub-1' }]],
        [
          `${id}:opened-named:1`,
          [
            { kind: 'address', email: 'ann@farnworth.nhs.uk', name: 'Ann Admin' },
            { kind: 'address', email: 'ed@farnworth.nhs.uk', name: 'Ed Educator' },
          ],
        ],
      ]);

      // Part of the evidence: still gathering.
      const partial = await evidence(handle, ['C1']);
      expect(partial.status).toBe('AWAITING_EVIDENCE');
      expect(partial.evidence.map((e) => e.status)).toEqual(['submitted', 'missing', 'missing']);
      const complete = await evidence(handle, ['C2', 'C3']);
      expect(complete.status).toBe('UNDER_HUB_REVIEW');
      expect(complete.nextDeadline).toMatchObject({ action: 'Review the evidence for each criterion', owner: 'Bolton Training Hub' });
      expect(noticesOf(id).at(-1)).toMatchObject({ headline: 'Evidence ready for review', audience: [{ kind: 'hub', hubId: 'hub-1' }] });

      const reviewed = await review(handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
      expect(reviewed.status).toBe('VISIT_PENDING');
      expect(reviewed.evidence.map((e) => [e.status, e.review?.reviewer.name])).toEqual([
        ['accepted', 'Hal Lead'],
        ['accepted', 'Hal Lead'],
        ['accepted', 'Hal Lead'],
      ]);

      const visitAt = (await env.currentTimeMs()) + 10 * DAY;
      const scheduled = await visit(handle, visitAt);
      expect(scheduled).toMatchObject({ status: 'VISIT_PENDING', visit: { number: 1, scheduledFor: new Date(visitAt).toISOString() } });
      expect(scheduled.allowedActions).toEqual(['visit', 'visit-outcome']);
      await env.sleep(10 * DAY);
      const reminders = noticesOf(id).filter((n) => n.key.includes(':visit-reminder-'));
      expect(reminders.map((n) => n.key.split(':')[1])).toEqual(['visit-reminder-7d', 'visit-reminder-1d']);
      expectAt(reminders[0]!.at, visitAt - 7 * DAY);
      expectAt(reminders[1]!.at, visitAt - 1 * DAY);
      expect(reminders[0]!.audience).toEqual([
        { kind: 'practice', practiceId: 'practice-1' },
        { kind: 'address', email: 'ann@farnworth.nhs.uk', name: 'Ann Admin' },
        { kind: 'address', email: 'ed@farnworth.nhs.uk', name: 'Ed Educator' },
        { kind: 'hub', hubId: 'hub-1' },
      ]);

      const satisfactory = await visitOutcome(handle, 'satisfactory');
      expect(satisfactory.status).toBe('AWAITING_HEE_APPROVAL');
      expect(noticesOf(id).find((n) => n.key.includes(':approval-needed:'))!.audience).toEqual([{ kind: 'role', role: 'hee_staff' }]);
      const approved = await approval(handle, 'approve');
      expect(approved.status).toBe('AWAITING_AGREEMENT');
      expect(noticesOf(id).find((n) => n.key.includes(':agreement-needed:'))!.audience).toEqual([
        { kind: 'practice', practiceId: 'practice-1' },
      ]);

      const signedAt = await env.currentTimeMs();
      const accredited = await sign(handle);
      expect(accredited.status).toBe('ACCREDITED');
      expectAt(Date.parse(accredited.accreditedAt!), signedAt);
      expect(accredited.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(londonDateOf(accredited.accreditedAt!), 36)));
      expect(accredited.agreement).toMatchObject({ signedBy: 'Dr P Partner', by: { userId: 'u-pm' } });
      expect(accredited.history.map((h) => [h.action, h.toStatus])).toEqual([
        ['applied', 'AWAITING_EVIDENCE'],
        ['evidence', 'AWAITING_EVIDENCE'],
        ['evidence', 'UNDER_HUB_REVIEW'],
        ['evidence-review', 'VISIT_PENDING'],
        ['visit', 'VISIT_PENDING'],
        ['visit-outcome', 'AWAITING_HEE_APPROVAL'],
        ['approval', 'AWAITING_AGREEMENT'],
        ['agreement-signature', 'ACCREDITED'],
      ]);
      expect(accredited.nextDeadline).toEqual({
        action: expect.stringContaining('Renew the accreditation'),
        owner: 'Farnworth Surgery',
        dueAt: accredited.accreditedUntil,
      });

      // The read model got the same, through commits with rising versions, each audited.
      expect(lastView(id)).toMatchObject({ status: 'ACCREDITED', accreditedUntil: accredited.accreditedUntil });
      expect(commitsOf(id).map((c) => c.version)).toEqual(commitsOf(id).map((_, i) => i + 1));
      expect(commitsOf(id).flatMap((c) => c.audit.map((a) => a.action))).toEqual([
        'spoke.applied',
        'spoke.evidence',
        'spoke.evidence',
        'spoke.evidence-review',
        'spoke.visit',
        'spoke.visit-outcome',
        'spoke.approval',
        'spoke.agreement-signature',
      ]);
      expect(commitsOf(id).at(-1)!.deadlines).toEqual([
        {
          key: 'accreditation-expiry',
          action: expect.any(String),
          owner: 'Farnworth Surgery',
          ownerRole: 'practice_manager',
          dueAt: accredited.accreditedUntil,
        },
      ]);
      const accreditedNotice = noticesOf(id).find((n) => n.key.includes(':accredited:'))!;
      expect(accreditedNotice.audience).toEqual(
        expect.arrayContaining([
          { kind: 'practice', practiceId: 'practice-1' },
          { kind: 'hub', hubId: 'hub-1' },
          { kind: 'role', role: 'hee_staff' },
        ]),
      );

      // Ids and states only in the search attributes.
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(searchAttributes.process)).toBe('spoke');
      expect(described.typedSearchAttributes.get(searchAttributes.status)).toBe('ACCREDITED');
      expect(described.typedSearchAttributes.get(searchAttributes.hubId)).toBe('hub-1');
      expect(described.typedSearchAttributes.get(searchAttributes.practiceId)).toBe('practice-1');
      expect(described.typedSearchAttributes.get(searchAttributes.nextDeadline)?.toISOString()).toBe(accredited.accreditedUntil);

      expect(await handle.query(spokeViewQuery, staff)).toMatchObject({
        status: 'ACCREDITED',
        allowedActions: ['suspension', 'withdrawal', 'validity-extension'],
      });
      await recordHistory(handle, 'happy-path');
    });
  });

  it('returns only the rejected evidence to the practice, with the comment, a 30-day deadline and reminders 7 and 2 days before', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await evidence(handle, ['C1', 'C2', 'C3']);
      const reviewedAt = await env.currentTimeMs();
      const reviewed = await review(handle, { C1: 'accept', C2: 'reject', C3: 'accept' });
      expect(reviewed.status).toBe('EVIDENCE_CHANGES_REQUESTED');
      expect(reviewed.evidence.map((e) => [e.criterionCode, e.status])).toEqual([
        ['C1', 'accepted'],
        ['C2', 'rejected'],
        ['C3', 'accepted'],
      ]);
      const c2 = reviewed.evidence[1]!;
      expect(c2.review).toMatchObject({
        decision: 'reject',
        comment: 'Say more about C2',
        reviewer: { userId: 'u-hl' },
        source: 'hub_review',
      });
      const due = Date.parse(c2.resubmissionDueAt!);
      expectAt(due, reviewedAt + 30 * DAY);
      expect(reviewed.nextDeadline).toEqual({
        action: 'Resubmit the evidence the hub returned',
        owner: 'Farnworth Surgery',
        dueAt: c2.resubmissionDueAt,
      });
      const changes = noticesOf(id).find((n) => stepOf(n.key) === 'evidence-changes')!;
      expect(changes).toMatchObject({ audience: [practiceAudience], action: 'Resubmit the evidence for C2', dueAt: c2.resubmissionDueAt });
      expect(changes.lines!.join('\n')).toContain('Say more about C2');

      // Accepted evidence stays accepted: it is not the practice's to resubmit.
      expect(await refusal(evidence(handle, ['C1']))).toMatchObject({
        status: 409,
        state: 'EVIDENCE_CHANGES_REQUESTED',
        errors: [{ path: 'body.items.0.criterionCode', message: 'C1 is already accepted' }],
      });

      await env.sleep(31 * DAY);
      const timed = noticesOf(id).filter((n) => /^evidence-(reminder|overdue)/.test(stepOf(n.key)));
      expect(timed.map((n) => stepOf(n.key))).toEqual(['evidence-reminder-7d', 'evidence-reminder-2d', 'evidence-overdue']);
      expectAt(timed[0]!.at, due - 7 * DAY);
      expectAt(timed[1]!.at, due - 2 * DAY);
      expectAt(timed[2]!.at, due);
      expect(timed[0]!.audience).toEqual([practiceAudience]);
      expect(timed[2]!.audience).toEqual([practiceAudience, hubAudience]);
      expect(timed[0]!.lines).toEqual(['Still to submit:', '- C2: Named educationalist']);

      // Late is still accepted; only C2 goes back for review.
      const resubmitted = await evidence(handle, ['C2']);
      expect(resubmitted.status).toBe('UNDER_HUB_REVIEW');
      expect(resubmitted.evidence.map((e) => e.status)).toEqual(['accepted', 'submitted', 'accepted']);
      expect(await refusal(review(handle, { C1: 'reject' }))).toMatchObject({
        status: 409,
        errors: [{ path: 'body.items.0.criterionCode' }],
      });
      expect((await review(handle, { C2: 'accept' })).status).toBe('VISIT_PENDING');

      // The quality visit asks for actions on C3: only C3 returns to the practice.
      await visit(handle, (await env.currentTimeMs()) + 3 * DAY);
      await env.sleep(3 * DAY);
      const actions = await visitOutcome(handle, 'actions_required', ['C3']);
      expect(actions.status).toBe('EVIDENCE_CHANGES_REQUESTED');
      expect(actions.evidence.map((e) => e.status)).toEqual(['accepted', 'accepted', 'rejected']);
      expect(actions.evidence[2]!.review).toMatchObject({ source: 'quality_visit', comment: 'Visit notes: actions_required' });
      expect(actions.visit).toMatchObject({ outcome: 'actions_required', criteria: ['C3'] });
      expect(noticesOf(id).at(-1)).toMatchObject({
        headline: 'Actions required after the quality visit',
        action: 'Resubmit the evidence for C3',
      });
      expect((await evidence(handle, ['C3'])).status).toBe('UNDER_HUB_REVIEW');
      const again = await review(handle, { C3: 'accept' });
      expect(again).toMatchObject({ status: 'VISIT_PENDING', allowedActions: ['visit'] });
      expect(again.visit).toBeUndefined();
      expect(again.history.map((h) => `${h.action}→${h.toStatus}`)).toEqual([
        'applied→AWAITING_EVIDENCE',
        'evidence→UNDER_HUB_REVIEW',
        'evidence-review→EVIDENCE_CHANGES_REQUESTED',
        'evidence→UNDER_HUB_REVIEW',
        'evidence-review→VISIT_PENDING',
        'visit→VISIT_PENDING',
        'visit-outcome→EVIDENCE_CHANGES_REQUESTED',
        'evidence→UNDER_HUB_REVIEW',
        'evidence-review→VISIT_PENDING',
      ]);
      await recordHistory(handle, 'evidence-loop');
    });
  });

  it('refuses actions out of state with 409 and the wrong actor with 403, naming the state and the allowed actions, changing nothing', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });

      // A role that never takes the action, an actor outside the application's practice or hub: 403.
      expect(await refusal(review(handle, { C1: 'accept' }, manager))).toMatchObject({
        status: 403,
        state: 'AWAITING_EVIDENCE',
        allowedActions: ['evidence', 'withdrawal'],
      });
      expect(await refusal(evidence(handle, ['C1'], otherManager))).toMatchObject({
        status: 403,
        detail: expect.stringContaining('outside your scope'),
        allowedActions: [],
      });
      expect(
        await refusal(handle.executeUpdate(spokeUpdates.withdrawal, { args: [{ actor: admin, body: reason('tidying up') }] })),
      ).toMatchObject({
        status: 403,
        allowedActions: [],
      });

      // Nobody may take the action in this state: 409, with what the caller may do instead.
      expect(await refusal(review(handle, { C1: 'accept' }))).toEqual({
        status: 409,
        detail: 'Cannot review evidence while the application is AWAITING_EVIDENCE',
        state: 'AWAITING_EVIDENCE',
        allowedActions: [],
      });
      expect(await refusal(approval(handle, 'approve'))).toMatchObject({ status: 409, allowedActions: ['withdrawal'] });
      expect(await refusal(sign(handle))).toMatchObject({ status: 409, allowedActions: ['evidence', 'withdrawal'] });
      expect(await refusal(visit(handle, (await env.currentTimeMs()) + DAY))).toMatchObject({ status: 409 });
      for (const action of ['suspension', 'reinstatement'] as const) {
        expect(
          await refusal(
            handle.executeUpdate(spokeUpdates[action] as typeof spokeUpdates.suspension, { args: [{ actor: staff, body: reason('x') }] }),
          ),
        ).toMatchObject({
          status: 409,
          state: 'AWAITING_EVIDENCE',
        });
      }

      // Bad input: unknown criteria and unknown fields are 400 naming the path.
      expect(await refusal(evidence(handle, ['C1', 'C9']))).toMatchObject({
        status: 400,
        errors: [{ path: 'body.items.1.criterionCode', message: expect.stringContaining('not a criterion') }],
      });
      const extra = { items: [{ criterionCode: 'C1', statement: 'x', colour: 'blue' }] } as never;
      expect(await refusal(handle.executeUpdate(spokeUpdates.evidence, { args: [{ actor: manager, body: extra }] }))).toMatchObject({
        status: 400,
      });
      expect(commitsOf(id)).toHaveLength(1);

      await evidence(handle, ['C1', 'C2', 'C3']);
      expect(await refusal(review(handle, { C1: 'accept' }, otherHubLead))).toMatchObject({ status: 403, state: 'UNDER_HUB_REVIEW' });
      expect(await refusal(evidence(handle, ['C1']))).toMatchObject({
        status: 409,
        state: 'UNDER_HUB_REVIEW',
        allowedActions: ['withdrawal'],
      });
      await review(handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
      expect(await refusal(visitOutcome(handle, 'satisfactory'))).toMatchObject({
        status: 409,
        detail: 'Schedule the quality visit before recording its outcome',
        allowedActions: ['visit'],
      });
      expect(await refusal(visit(handle, (await env.currentTimeMs()) - HOUR))).toMatchObject({
        status: 400,
        errors: [{ path: 'body.scheduledFor', message: 'must be in the future' }],
      });
      expect(await refusal(visitOutcome(handle, 'actions_required', ['C7']))).toMatchObject({ status: 409 });
      await visit(handle, (await env.currentTimeMs()) + DAY);
      expect(await refusal(visitOutcome(handle, 'actions_required', ['C7']))).toMatchObject({
        status: 400,
        errors: [{ path: 'body.criteria.0' }],
      });
      await env.sleep(DAY);
      await visitOutcome(handle, 'satisfactory');
      await approval(handle, 'approve');
      await sign(handle);

      // Someone else must act now: 403. An accredited practice is withdrawn by HEE staff only.
      expect(
        await refusal(handle.executeUpdate(spokeUpdates.withdrawal, { args: [{ actor: manager, body: reason('leaving') }] })),
      ).toMatchObject({
        status: 403,
        detail: 'Only HEE staff can withdraw now',
        state: 'ACCREDITED',
        allowedActions: [],
      });
      expect(await refusal(sign(handle))).toMatchObject({ status: 409, state: 'ACCREDITED' });
      // One commit per accepted action, none for a refused one.
      expect(commitsOf(id).map((c) => c.status)).toEqual([
        'AWAITING_EVIDENCE',
        'UNDER_HUB_REVIEW',
        'VISIT_PENDING',
        'VISIT_PENDING',
        'AWAITING_HEE_APPROVAL',
        'AWAITING_AGREEMENT',
        'ACCREDITED',
      ]);
    });
  });

  it('reminds the hub after 10 days of waiting review and escalates to HEE staff after 20, once each', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const submittedAt = await env.currentTimeMs();
      await evidence(handle, ['C1', 'C2', 'C3']);
      await env.sleep(25 * DAY);
      const timed = noticesOf(id).filter((n) => stepOf(n.key).startsWith('hub-review'));
      expect(timed.map((n) => [stepOf(n.key), n.audience])).toEqual([
        ['hub-review-reminder', [hubAudience]],
        ['hub-review-escalation', [hubAudience, heeAudience]],
      ]);
      expectAt(timed[0]!.at, submittedAt + 10 * DAY);
      expectAt(timed[1]!.at, submittedAt + 20 * DAY);
      // The practice's own evidence deadline no longer applies once everything is submitted.
      expect(noticesOf(id).filter((n) => /^evidence-(reminder|overdue)/.test(stepOf(n.key)))).toEqual([]);
      expect(lastView(id).deadlines.map((d) => d.key)).toEqual(['hub-review']);
    });
  });

  it('reminds both sides before the visit, only for the date it is (re)scheduled for', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await evidence(handle, ['C1', 'C2', 'C3']);
      await review(handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
      const t = await env.currentTimeMs();
      await visit(handle, t + 20 * DAY);
      await env.sleep(2 * DAY);
      // Brought forward to five days away: its 7-day reminder would be in the past, so only the 1-day one goes.
      const rescheduled = await visit(handle, t + 7 * DAY);
      expect(rescheduled.visit).toMatchObject({ number: 2 });
      expect(rescheduled.history.at(-1)!.comment).toContain('Rescheduled');
      await env.sleep(20 * DAY);
      const reminders = noticesOf(id).filter((n) => stepOf(n.key).startsWith('visit-reminder'));
      expect(reminders.map((n) => stepOf(n.key))).toEqual(['visit-reminder-1d']);
      expectAt(reminders[0]!.at, t + 6 * DAY);
      expect(noticesOf(id).filter((n) => stepOf(n.key) === 'visit-scheduled')).toHaveLength(2);
    });
  });

  it('opens an action plan after a visit with actions required: the overdue action emails its owner and the hub once; once all are done, a follow-up visit', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await evidence(handle, ['C1', 'C2', 'C3']);
      await review(handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
      await visit(handle, (await env.currentTimeMs()) + 2 * DAY);
      await env.sleep(2 * DAY);
      const t = await env.currentTimeMs();
      const dueIn = (days: number) => londonDateOf(new Date(t + days * DAY));
      const planned = await handle.executeUpdate(spokeUpdates['visit-outcome'], {
        args: [
          {
            actor: hubLead,
            body: {
              outcome: 'actions_required',
              notes: 'Two things before accreditation',
              actions: [
                { description: 'Write an induction pack', owner: 'educationalist', dueDate: dueIn(5) },
                { description: 'Book protected teaching time', owner: 'practice_manager', dueDate: dueIn(20) },
              ],
            },
          },
        ],
      });
      expect(planned.status).toBe('ACTIONS_IN_PROGRESS');
      expect(planned.actionPlan!.actions.map((a) => [a.id, a.dueAt])).toEqual([
        ['A1', endOfLondonDay(dueIn(5))],
        ['A2', endOfLondonDay(dueIn(20))],
      ]);
      expect(planned.deadlines.map((d) => d.key)).toEqual(['action-A1', 'action-A2']);
      expect(planned.allowedActions).toEqual(['action-completion']);
      expect(noticesOf(id).at(-1)).toMatchObject({ headline: 'Action plan after the quality visit' });

      // Nothing moves on while an action is open.
      expect(await refusal(handle.executeUpdate(spokeUpdates['approval-request'], { args: [{ actor: hubLead, body: {} }] }))).toMatchObject(
        {
          status: 409,
          state: 'ACTIONS_IN_PROGRESS',
        },
      );
      const a2done = await handle.executeUpdate(spokeUpdates['action-completion'], { args: [{ actor: staff, body: { actionId: 'A2' } }] });
      expect(a2done.actionPlan!.actions[1]).toMatchObject({ completedBy: { userId: 'u-hee' } });

      // A1 passes its due date: its owner and the hub are told, once.
      await sleepUntil(Date.parse(endOfLondonDay(dueIn(5))) + 3 * DAY);
      const overdue = noticesOf(id).filter((n) => stepOf(n.key).endsWith('-overdue'));
      expect(overdue.map((n) => [stepOf(n.key), n.audience])).toEqual([
        ['action-A1-overdue', [{ kind: 'address', email: 'ed@farnworth.nhs.uk', name: 'Ed Educator' }, hubAudience]],
      ]);
      expectAt(overdue[0]!.at, Date.parse(endOfLondonDay(dueIn(5))));

      const allDone = await handle.executeUpdate(spokeUpdates['action-completion'], {
        args: [{ actor: hubLead, body: { actionId: 'A1' } }],
      });
      expect(allDone.allowedActions).toEqual(['approval-request', 'follow-up-visit']);
      expect(allDone.deadlines.map((d) => d.key)).toEqual(['after-actions']);
      const followUpAt = (await env.currentTimeMs()) + 3 * DAY;
      const followUp = await handle.executeUpdate(spokeUpdates['follow-up-visit'], {
        args: [{ actor: hubLead, body: { scheduledFor: new Date(followUpAt).toISOString() } }],
      });
      expect(followUp).toMatchObject({ status: 'VISIT_PENDING', visit: { number: 2 }, actionPlan: { visitNumber: 1 } });
      await sleepUntil(followUpAt);
      expect((await visitOutcome(handle, 'satisfactory')).status).toBe('AWAITING_HEE_APPROVAL');
      expect((await approval(handle, 'approve')).status).toBe('AWAITING_AGREEMENT');
      expect(lastView(id).history.map((h) => h.action)).toEqual([
        'applied',
        'evidence',
        'evidence-review',
        'visit',
        'visit-outcome',
        'action-completion',
        'action-completion',
        'follow-up-visit',
        'visit-outcome',
        'approval',
      ]);
      await recordHistory(handle, 'action-plan');
    });
  });

  it('applies concurrent updates one after the other, each answering with its own change (read-your-writes)', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const [first, second] = await Promise.all([evidence(handle, ['C1']), evidence(handle, ['C2', 'C3'])]);
      expect(first.evidence[0]!.status).toBe('submitted');
      expect(second.evidence.slice(1).map((e) => e.status)).toEqual(['submitted', 'submitted']);
      expect([first.status, second.status].sort()).toEqual(['AWAITING_EVIDENCE', 'UNDER_HUB_REVIEW']);
      expect((await handle.query(spokeViewQuery)).status).toBe('UNDER_HUB_REVIEW');
      expect(commitsOf(id).map((c) => [c.version, c.status])).toEqual([
        [1, 'AWAITING_EVIDENCE'],
        [2, 'AWAITING_EVIDENCE'],
        [3, 'UNDER_HUB_REVIEW'],
      ]);
    });
  });

  it('re-accredits after three years: a new cycle six months before expiry, continued as new with its state, renewed in time', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const accredited = await accredit(handle);
      const firstRunId = (await handle.describe()).runId;
      const until = Date.parse(accredited.accreditedUntil!);
      const opensAt = addMonths(new Date(until), -6).getTime();
      nextCycle = cycleData([...CRITERIA, { code: 'C4', title: 'Patient and public involvement', guidance: '' }], 2);

      await sleepUntil(opensAt + HOUR);
      await waitFor(() => lastView(id).status === 'REACCREDITATION_DUE', 'the re-accreditation');
      const due = lastView(id);
      expectAt(commitsOf(id).at(-1)!.at, opensAt);
      expect(due).toMatchObject({ cycle: 2, criteriaSet: { id: 'crit-v2', version: 2 }, accreditedUntil: accredited.accreditedUntil });
      expect(due.evidence.map((e) => [e.criterionCode, e.status, e.statement])).toEqual([
        ['C1', 'to_reconfirm', 'How we meet C1'],
        ['C2', 'to_reconfirm', 'How we meet C2'],
        ['C3', 'to_reconfirm', 'How we meet C3'],
        ['C4', 'missing', undefined],
      ]);
      const opened = noticesOf(id).find((n) => stepOf(n.key) === 'reaccreditation-due')!;
      expect(opened).toMatchObject({ audience: [practiceAudience], dueAt: due.evidenceDueAt });
      expect(opened.lines!.join('\n')).toContain('C4: Patient and public involvement');

      // A new run carries the state on; the old one ended by continuing as new.
      const renewal = handleOf(id);
      expect((await renewal.describe()).runId).not.toBe(firstRunId);
      expect((await env.client.workflow.getHandle(spokeWorkflowId(id), firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
      const carried = await renewal.query(spokeViewQuery, manager);
      expect(carried).toMatchObject({
        status: 'REACCREDITATION_DUE',
        cycle: 2,
        allowedActions: ['evidence'],
      });
      expect(carried.history.map((h) => h.action)).toEqual([
        'applied',
        'evidence',
        'evidence-review',
        'visit',
        'visit-outcome',
        'approval',
        'agreement-signature',
        'reaccreditation-due',
      ]);

      expect((await evidence(renewal, ['C1', 'C2', 'C3', 'C4'])).status).toBe('UNDER_HUB_REVIEW');
      // A month before expiry the renewal is not signed yet: both sides are reminded.
      const reminderAt = addMonths(new Date(until), -1).getTime();
      await sleepUntil(reminderAt + HOUR);
      const reminder = noticesOf(id).find((n) => stepOf(n.key) === 'expiry-reminder-1m')!;
      expectAt(reminder.at, reminderAt);
      expect(reminder.audience).toEqual([practiceAudience, hubAudience]);

      await review(renewal, { C1: 'accept', C2: 'accept', C3: 'accept', C4: 'accept' });
      await visit(renewal, (await env.currentTimeMs()) + 2 * DAY);
      await env.sleep(2 * DAY);
      await visitOutcome(renewal, 'satisfactory');
      await approval(renewal, 'approve');
      const renewed = await sign(renewal);
      expect(renewed).toMatchObject({ status: 'ACCREDITED', cycle: 2 });
      // Signed months before the old expiry: the new period runs from that expiry, not from the signature.
      expect(renewed.accreditedUntil).toBe(endOfLondonDay(addCalendarMonths(londonDateOf(new Date(until)), 36)));
      expect(Date.parse(renewed.accreditedAt!)).toBeLessThan(until);

      // The old expiry date passes without a lapse.
      await sleepUntil(until + DAY);
      expect(lastView(id)).toMatchObject({ status: 'ACCREDITED', accreditedUntil: renewed.accreditedUntil });
      expect(noticesOf(id).some((n) => stepOf(n.key) === 'lapsed')).toBe(false);
      // One journal across both runs: versions rise without a gap or a repeat.
      expect(commitsOf(id).map((c) => c.version)).toEqual(commitsOf(id).map((_, i) => i + 1));
      const keys = noticesOf(id).map((n) => n.key);
      expect(new Set(keys).size).toBe(keys.length);
      // The first run ends by continuing as new; the second renews.
      await recordHistory(env.client.workflow.getHandle(spokeWorkflowId(id), firstRunId), 'reaccreditation-due', { closed: true });
      await recordHistory(renewal, 'renewed');
    });
  });

  it('lapses when the expiry passes without renewal, after the re-accreditation notices', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const accredited = await accredit(handle);
      const until = Date.parse(accredited.accreditedUntil!);
      const notified = noticesOf(id).length;

      await sleepUntil(until + HOUR);
      expect(await handle.result()).toEqual({ status: 'LAPSED' });
      const later = noticesOf(id).slice(notified);
      expect(later.map((n) => stepOf(n.key))).toEqual([
        'reaccreditation-due',
        'reaccreditation-due-hub',
        'evidence-reminder-7d',
        'evidence-reminder-2d',
        'evidence-overdue',
        'expiry-reminder-1m',
        'lapsed',
      ]);
      expectAt(later[0]!.at, addMonths(new Date(until), -6).getTime());
      expectAt(later[5]!.at, addMonths(new Date(until), -1).getTime());
      expectAt(later[6]!.at, until);
      expect(later[6]!.audience).toEqual([practiceAudience, hubAudience, heeAudience]);
      const last = commitsOf(id).at(-1)!;
      expect(last).toMatchObject({ status: 'LAPSED', deadlines: [] });
      expect((last.view as SpokeView).history.at(-1)).toMatchObject({
        action: 'lapsed',
        actor: { userId: 'system' },
        fromStatus: 'REACCREDITATION_DUE',
        toStatus: 'LAPSED',
      });
      expect((await handleOf(id).describe()).typedSearchAttributes.get(searchAttributes.status)).toBe('LAPSED');
      await recordHistory(handleOf(id), 'lapse');
    });
  });

  it('keeps a practice accredited when HEE refuses its renewal, until the expiry an extension moved, then lapses', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const accredited = await accredit(handle);
      const until = Date.parse(accredited.accreditedUntil!);
      await sleepUntil(addMonths(new Date(until), -6).getTime() + HOUR);
      await waitFor(() => lastView(id).status === 'REACCREDITATION_DUE', 'the re-accreditation');
      const renewal = handleOf(id);
      await evidence(renewal, ['C1', 'C2', 'C3']);
      await review(renewal, { C1: 'accept', C2: 'accept', C3: 'accept' });
      await visit(renewal, (await env.currentTimeMs()) + 2 * DAY);
      await env.sleep(2 * DAY);
      await visitOutcome(renewal, 'satisfactory');

      // Refused while the accreditation is valid: accredited still, until the same expiry.
      const refused = await approval(renewal, 'reject');
      expect(refused).toMatchObject({
        status: 'ACCREDITED',
        cycle: 2,
        accreditedUntil: accredited.accreditedUntil,
        renewalRefused: { cycle: 2, accreditationCycle: 1, comment: 'rejectd by HEE' },
        deadlines: [expect.objectContaining({ key: 'accreditation-expiry', dueAt: accredited.accreditedUntil })],
      });
      const told = noticesOf(id).find((n) => stepOf(n.key) === 'renewal-refused')!;
      expect(told.audience).toEqual([practiceAudience, hubAudience]);
      expect(told.lines!.join('\n')).toContain('remains valid until');

      // HEE staff extend it by two months; a bad date is refused naming the field, changing nothing.
      const count = commitsOf(id).length;
      const extend = (accreditedUntil: string) =>
        renewal.executeUpdate(spokeUpdates['validity-extension'], {
          args: [{ actor: staff, body: { accreditedUntil, reason: 'Hub visit team unavailable' } }],
        });
      expect(await refusal(extend(londonDateOf(new Date(until))))).toMatchObject({
        status: 400,
        errors: [{ path: 'body.accreditedUntil' }],
      });
      expect(commitsOf(id)).toHaveLength(count);
      const newDate = addCalendarMonths(londonDateOf(new Date(until)), 2);
      const extended = await extend(newDate);
      const newUntil = Date.parse(endOfLondonDay(newDate));
      expect(extended).toMatchObject({ status: 'ACCREDITED', accreditedUntil: endOfLondonDay(newDate) });
      expect(noticesOf(id).at(-1)).toMatchObject({ audience: [practiceAudience, hubAudience] });

      // The old expiry passes without a lapse; re-accreditation does not reopen.
      await sleepUntil(until + DAY);
      expect(lastView(id)).toMatchObject({ status: 'ACCREDITED', accreditedUntil: endOfLondonDay(newDate) });
      await sleepUntil(newUntil + HOUR);
      expect(await renewal.result()).toEqual({ status: 'LAPSED' });
      const lapsed = noticesOf(id).at(-1)!;
      expect(stepOf(lapsed.key)).toBe('lapsed');
      expectAt(lapsed.at, newUntil);
      expect(
        lastView(id)
          .history.slice(-3)
          .map((h) => `${h.action}→${h.toStatus}`),
      ).toEqual(['approval→ACCREDITED', 'validity-extension→ACCREDITED', 'lapsed→LAPSED']);
      await recordHistory(handleOf(id), 'renewal-refused-extended');
    });
  });

  it('pauses the clock while suspended: no re-accreditation or lapse fires; reinstatement resumes it', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const accredited = await accredit(handle);
      const until = Date.parse(accredited.accreditedUntil!);
      await env.sleep(30 * DAY);
      const suspended = await handle.executeUpdate(spokeUpdates.suspension, {
        args: [{ actor: staff, body: reason('Supervision concerns') }],
      });
      expect(suspended).toMatchObject({
        status: 'SUSPENDED',
        suspension: { reason: 'Supervision concerns', fromStatus: 'ACCREDITED' },
        deadlines: [],
      });
      expect(suspended.nextDeadline).toBeUndefined();
      expect(suspended.allowedActions).toEqual(['reinstatement', 'withdrawal']);
      const count = commitsOf(id).length;

      // Past the point where re-accreditation would open: nothing happens.
      await sleepUntil(addMonths(new Date(until), -5).getTime());
      expect(commitsOf(id)).toHaveLength(count);
      expect((await handle.query(spokeViewQuery)).status).toBe('SUSPENDED');

      // Reinstated before expiry: accredited again, and the overdue re-accreditation opens at once.
      const suspendedRun = env.client.workflow.getHandle(spokeWorkflowId(id), (await handleOf(id).describe()).runId);
      const reinstated = await handleOf(id).executeUpdate(spokeUpdates.reinstatement, {
        args: [{ actor: staff, body: reason('Resolved') }],
      });
      expect(reinstated).toMatchObject({ status: 'ACCREDITED', accreditedUntil: accredited.accreditedUntil });
      await waitFor(() => lastView(id).status === 'REACCREDITATION_DUE', 'the re-accreditation');
      expect(
        commitsOf(id)
          .slice(count)
          .map((c) => c.status),
      ).toEqual(['ACCREDITED', 'REACCREDITATION_DUE']);
      expect(
        lastView(id)
          .history.slice(-3)
          .map((h) => `${h.action}→${h.toStatus}`),
      ).toEqual(['suspension→SUSPENDED', 'reinstatement→ACCREDITED', 'reaccreditation-due→REACCREDITATION_DUE']);
      // The run that was suspended ends by continuing as new into the re-accreditation.
      await recordHistory(suspendedRun, 'suspension-reinstatement', { closed: true });
    });
  });

  it('lapses on reinstatement when the accreditation expired while suspended, and skips reminders that fell due meanwhile', async () => {
    await run(async () => {
      // Suspended during re-accreditation, reinstated after the evidence reminders' dates: they are not sent late.
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const accredited = await accredit(handle);
      const until = Date.parse(accredited.accreditedUntil!);
      await sleepUntil(addMonths(new Date(until), -6).getTime() + HOUR);
      await waitFor(() => lastView(id).status === 'REACCREDITATION_DUE', 'the re-accreditation');
      const dueAt = Date.parse(lastView(id).evidenceDueAt!);
      const renewal = handleOf(id);
      await renewal.executeUpdate(spokeUpdates.suspension, { args: [{ actor: staff, body: reason('Complaint under review') }] });
      await sleepUntil(dueAt - DAY);
      const back = await renewal.executeUpdate(spokeUpdates.reinstatement, { args: [{ actor: staff, body: reason('Complaint closed') }] });
      expect(back.status).toBe('REACCREDITATION_DUE');
      await sleepUntil(dueAt + HOUR);
      await waitFor(() => noticesOf(id).some((n) => stepOf(n.key) === 'evidence-overdue'), 'the overdue notice');
      expect(noticesOf(id).filter((n) => stepOf(n.key).startsWith('evidence-reminder'))).toEqual([]);
      expectAt(noticesOf(id).find((n) => stepOf(n.key) === 'evidence-overdue')!.at, dueAt);

      // Suspended again, and the expiry passes: no lapse while suspended; reinstating lapses it.
      await renewal.executeUpdate(spokeUpdates.suspension, { args: [{ actor: staff, body: reason('Second complaint') }] });
      const count = commitsOf(id).length;
      await sleepUntil(until + 30 * DAY);
      expect(commitsOf(id)).toHaveLength(count);
      const lapsed = await renewal.executeUpdate(spokeUpdates.reinstatement, { args: [{ actor: staff, body: reason('Closed') }] });
      expect(lapsed).toMatchObject({ status: 'LAPSED', allowedActions: [] });
      expect(await renewal.result()).toEqual({ status: 'LAPSED' });
      expect(noticesOf(id).at(-1)).toMatchObject({ headline: 'Spoke accreditation lapsed' });
      await recordHistory(renewal, 'suspended-lapsed');
    });
  });

  it('ends on withdrawal (practice before accreditation, HEE staff after) and on HEE rejection', async () => {
    await run(async () => {
      const first = await start();
      await first.handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const withdrawn = await first.handle.executeUpdate(spokeUpdates.withdrawal, {
        args: [{ actor: manager, body: reason('Not this year') }],
      });
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', allowedActions: [] });
      expect(await first.handle.result()).toEqual({ status: 'WITHDRAWN' });
      expect(noticesOf(first.id).at(-1)!.audience).toEqual([practiceAudience, hubAudience, heeAudience]);
      expect(commitsOf(first.id).at(-1)!.deadlines).toEqual([]);
      await recordHistory(first.handle, 'withdrawn');

      const second = await start();
      await second.handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await evidence(second.handle, ['C1', 'C2', 'C3']);
      await review(second.handle, { C1: 'accept', C2: 'accept', C3: 'accept' });
      await visit(second.handle, (await env.currentTimeMs()) + DAY);
      await env.sleep(DAY);
      await visitOutcome(second.handle, 'satisfactory');
      expect((await approval(second.handle, 'reject')).status).toBe('REJECTED');
      expect(await second.handle.result()).toEqual({ status: 'REJECTED' });
      expect(noticesOf(second.id).at(-1)).toMatchObject({
        headline: 'Spoke accreditation not approved',
        lines: ['Reason from Hana Staff, NHS England (regional team): “rejectd by HEE”'],
      });
      await recordHistory(second.handle, 'rejected');

      const third = await start();
      await third.handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await accredit(third.handle);
      const ended = await third.handle.executeUpdate(spokeUpdates.withdrawal, {
        args: [{ actor: staff, body: reason('Left the scheme') }],
      });
      expect(ended.status).toBe('WITHDRAWN');
      expect(await third.handle.result()).toEqual({ status: 'WITHDRAWN' });
      await recordHistory(third.handle, 'withdrawn-accredited');
    });
  });

  it('corrects a named person in any open state without moving the process, re-addressing old email; refuses once closed', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      await accredit(handle);
      await handle.executeUpdate(spokeUpdates.suspension, { args: [{ actor: staff, body: reason('Review') }] });
      const before = commitsOf(id).at(-1)!;
      const body = { role: 'educationalist' as const, name: 'Eve Educator', email: 'eve@farnworth.nhs.uk' };
      const corrected = await handle.executeUpdate(peopleCorrectionUpdate, { args: [{ actor: hubLead, body }] });
      expect(corrected).toMatchObject({ status: 'SUSPENDED', educationalist: { name: 'Eve Educator', email: 'eve@farnworth.nhs.uk' } });
      const commit = commitsOf(id).at(-1)!;
      expect(commit.deadlines).toEqual(before.deadlines);
      expect(commit.readdress).toEqual([{ from: 'ed@farnworth.nhs.uk', to: 'eve@farnworth.nhs.uk', actor: hubLead }]);
      expect(commit.notices.map((n) => n.audience)).toEqual([[{ kind: 'address', email: 'eve@farnworth.nhs.uk', name: 'Eve Educator' }]]);

      expect(
        await refusal(handle.executeUpdate(peopleCorrectionUpdate, { args: [{ actor: hubLead, body: { ...body, email: 'nope' } }] })),
      ).toMatchObject({ status: 400, errors: [{ path: 'body.email' }] });
      expect(await refusal(handle.executeUpdate(peopleCorrectionUpdate, { args: [{ actor: otherHubLead, body }] }))).toMatchObject({
        status: 403,
      });
      await handle.executeUpdate(spokeUpdates.withdrawal, { args: [{ actor: staff, body: reason('Left the scheme') }] });
      expect(await handle.result()).toEqual({ status: 'WITHDRAWN' });
      await recordHistory(handle, 'people-corrected');
    });
  });

  it('takes a renamed practice’s and hub’s new names into its view and deadlines, and ignores another’s', async () => {
    await run(async () => {
      const { id, handle } = await start();
      await handle.executeUpdate(openedUpdate, { args: [{ actor: manager }] });
      const before = commitsOf(id).length;
      await handle.signal(referenceRenamedSignal, { target: 'practice', id: 'practice-2', name: 'Elsewhere Surgery' });
      await handle.signal(referenceRenamedSignal, { target: 'practice', id: 'practice-1', name: 'Farnworth Health Centre' });
      await handle.signal(referenceRenamedSignal, { target: 'hub', id: 'hub-1', name: 'Bolton and Wigan Hub' });
      // The two commits are activities that may finish in either order: wait for both.
      await waitFor(() => commitsOf(id).length >= before + 2, 'the two renames’ commits');
      // One commit per rename of its own, none for another practice's; no email, no audit of its own.
      expect(
        commitsOf(id)
          .slice(before)
          .map((c) => [(c.view as SpokeView).practiceName, (c.view as SpokeView).hubName, c.notices.length, c.audit.length]),
      ).toEqual([
        ['Farnworth Health Centre', 'Bolton Training Hub', 0, 0],
        ['Farnworth Health Centre', 'Bolton and Wigan Hub', 0, 0],
      ]);
      expect(
        commitsOf(id)
          .at(-1)!
          .deadlines.map((d) => d.owner),
      ).toEqual(['Farnworth Health Centre']);
      await handle.executeUpdate(spokeUpdates.withdrawal, { args: [{ actor: staff, body: reason('Left the scheme') }] });
      expect(await handle.result()).toEqual({ status: 'WITHDRAWN' });
      await recordHistory(handle, 'reference-renamed', { closed: true });
    });
  });

  it('opens nothing when the practice already has an open application at the hub', async () => {
    await run(async () => {
      const refused = {
        status: 409 as const,
        detail: 'Farnworth Surgery already has an open application',
        errors: [{ path: 'body.hubId', message: 'open' }],
      };
      prepared = { ok: false, refused };
      const { id, handle } = await start();
      expect(await handle.result()).toEqual({ refused });
      expect(commitsOf(id)).toEqual([]);
      await recordHistory(handle, 'refused');
    });
  });
});
