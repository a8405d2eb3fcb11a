/**
 * `npm run record-histories [scenario...]`: runs the paths of the commissioning process and the
 * intake's capacity (and the small workflows) on the time-skipping server, or on the dev server
 * where continue-as-new must come early, and writes their event histories to test/histories/. The replay test
 * replays every file there against the current workflow code, so a change that would break
 * running workflows fails CI. Record new histories when a workflow gains a code path; keep the
 * old ones (see CONTRIBUTING.md, "Changing a workflow").
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  addCandidateUpdate,
  amendUpdate,
  candidateOutcomeUpdate,
  confirmationUpdate,
  contactCorrectionUpdate,
  extensionUpdate,
  fundingDecisionUpdate,
  placeReleaseUpdate,
  reviewUpdate,
  withdrawalUpdate,
} from '../workflows/commissioning.messages';
import { intakeCapacityWorkflowId, setFundedPlacesUpdate } from '../workflows/intake-capacity.messages';
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { addCalendarDays, startOfLondonDay } from '../domain/london-calendar';
import { allSearchAttributeKeys } from '../workflows/search-attributes';
import { devServerExecutable } from '../temporal/servers';
import { CommissioningHarness, DAY, reviewer, staff, submitter, workflowCode } from '../test/workflow/commissioning-harness';
import { createTimeSkippingEnv } from '../test/support/time-skipping';

const outDir = path.resolve(__dirname, '..', 'test', 'histories');
const support = { actor: reviewer, body: { decision: 'support' as const, comment: 'supported' } };
const fund = (places: number) => ({ actor: staff, body: { decision: 'fund' as const, places, allowPartial: false, comment: 'funded' } });

/** A workflow to record: its current run, or the run named. */
type Recorded = string | { workflowId: string; runId: string };
type Scenario = (h: CommissioningHarness) => Promise<Recorded[]>;

/** Every run of a workflow, the first one first: back from the current run along continue-as-new. */
async function everyRun(h: CommissioningHarness, workflowId: string): Promise<{ workflowId: string; runId: string }[]> {
  const runs: { workflowId: string; runId: string }[] = [];
  let runId: string | undefined = (await h.env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    runs.unshift({ workflowId, runId });
    const history = await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

/** Submitted and supported EOIs of one place each, an hour apart (so their order is known), all funded. */
async function fundedInTurn(h: CommissioningHarness, count: number, startsInDays?: number) {
  const eois = [];
  for (let i = 0; i < count; i++) {
    const eoi = h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 1, startsInDays });
    const handle = await h.start(eoi);
    await handle.executeUpdate(reviewUpdate, { args: [support] });
    await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
    eois.push({ id: eoi.id, startsOn: eoi.intake.startsOn, handle });
    await h.env.sleep(60 * 60 * 1000);
  }
  return eois;
}

const scenarios: Record<string, Scenario> = {
  // Changes requested, amended, funded, two candidates, confirmed: ENROLLED.
  'commissioning-enrolled': async (h) => {
    const eoi = h.newEoi({ nowMs: await h.env.currentTimeMs() });
    const handle = await h.start(eoi);
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: reviewer, body: { decision: 'changes_requested', comment: 'more detail' } }],
    });
    await handle.executeUpdate(amendUpdate, { args: [{ actor: submitter, body: { placesRequested: 2, comment: 'detail added' } }] });
    await handle.executeUpdate(reviewUpdate, { args: [support] });
    await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(2)] });
    for (const name of ['Ada', 'Ben']) {
      const { candidateId } = await handle.executeUpdate(addCandidateUpdate, {
        args: [{ actor: submitter, body: { name, email: `${name.toLowerCase()}@org.nhs.uk`, currentRole: 'Nurse' } }],
      });
      await handle.executeUpdate(candidateOutcomeUpdate, { args: [{ actor: reviewer, body: { candidateId, outcome: 'accepted' } }] });
      await handle.executeUpdate(confirmationUpdate, { args: [{ actor: submitter, body: { candidateId, signedBy: 'Chief Nurse' } }] });
    }
    await handle.result();
    return [handle.workflowId];
  },
  // Review reminder and escalation, funded, reminders, overdue, extended, withdrawn by HEE.
  'commissioning-overdue-extension': async (h) => {
    const eoi = h.newEoi({ nowMs: await h.env.currentTimeMs(), startsInDays: 60 });
    const handle = await h.start(eoi);
    await h.env.sleep(21 * DAY);
    await handle.executeUpdate(reviewUpdate, { args: [support] });
    await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
    await h.env.sleep(Date.parse(eoi.intake.confirmationDueAt) - (await h.env.currentTimeMs()) + DAY);
    await h.waitFor(() => h.latestView(eoi.id).status === 'CONFIRMATION_OVERDUE', 'overdue');
    const due = new Date((await h.env.currentTimeMs()) + 10 * DAY).toISOString();
    await handle.executeUpdate(extensionUpdate, { args: [{ actor: staff, body: { confirmationDueAt: due, reason: 'late recruitment' } }] });
    await h.env.sleep(4 * DAY);
    await handle.executeUpdate(withdrawalUpdate, { args: [{ actor: staff, body: { reason: 'funding withdrawn' } }] });
    await handle.result();
    return [handle.workflowId];
  },
  // One place: A funded, B waitlisted, A withdraws, B promoted; with the intake's history.
  'commissioning-waitlist-promotion': async (h) => {
    h.fundedPlaces.set(h.intakeId, 1);
    const a = h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 1 });
    const b = h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 1 });
    const ha = await h.start(a);
    const hb = await h.start(b);
    for (const handle of [ha, hb]) {
      await handle.executeUpdate(reviewUpdate, { args: [support] });
      await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
    }
    await ha.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
    await h.waitFor(() => h.latestView(b.id).status === 'FUNDED', 'promotion');
    await hb.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'done recording' } }] });
    await h.waitFor(async () => (await hb.describe()).status.name === 'COMPLETED', 'completion');
    return [ha.workflowId, hb.workflowId, intakeCapacityWorkflowId(h.intakeId)];
  },
  // The university declines: DECLINED, and the workflow ends.
  'commissioning-university-decline': async (h) => {
    const handle = await h.start(h.newEoi({ nowMs: await h.env.currentTimeMs() }));
    await handle.executeUpdate(reviewUpdate, { args: [{ actor: reviewer, body: { decision: 'decline', comment: 'no mentors' } }] });
    await handle.result();
    return [handle.workflowId];
  },
  // Three places funded, one given back unfilled: it goes to the EOI waiting; with the intake's history.
  'commissioning-place-release': async (h) => {
    h.fundedPlaces.set(h.intakeId, 3);
    const a = await h.start(h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 3 }));
    const waiting = h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 1 });
    const b = await h.start(waiting);
    for (const [handle, places] of [
      [a, 3],
      [b, 1],
    ] as const) {
      await handle.executeUpdate(reviewUpdate, { args: [support] });
      await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(places)] });
    }
    await a.executeUpdate(placeReleaseUpdate, { args: [{ actor: submitter, body: { places: 1, reason: 'two recruits' } }] });
    await h.waitFor(() => h.latestView(waiting.id).status === 'FUNDED', 'the offer');
    return [a.workflowId, b.workflowId, intakeCapacityWorkflowId(h.intakeId)];
  },
  // One place: B waitlisted until offers close (DECLINED), A funded but unconfirmed when the programme starts (WITHDRAWN).
  'commissioning-waitlist-expiry': async (h) => {
    h.fundedPlaces.set(h.intakeId, 1);
    const [a, b] = await fundedInTurn(h, 2, 30);
    const offersClose = Date.parse(startOfLondonDay(addCalendarDays(a!.startsOn, -14)));
    await h.env.sleep(offersClose - (await h.env.currentTimeMs()) + DAY);
    await h.waitFor(() => h.latestView(b!.id).status === 'DECLINED', 'the waitlist to close');
    await h.env.sleep(Date.parse(startOfLondonDay(a!.startsOn)) - (await h.env.currentTimeMs()) + DAY);
    // Not result(): waiting on it lets the server skip on to the intake's execution timeout.
    for (const { handle } of [a!, b!]) await h.waitFor(async () => (await handle.describe()).status.name === 'COMPLETED', 'completion');
    return [a!.handle.workflowId, b!.handle.workflowId, intakeCapacityWorkflowId(h.intakeId)];
  },
  // One place: B waitlisted, its contact corrected, then HEE decline its funding; B leaves the waitlist.
  'commissioning-funding-declined': async (h) => {
    h.fundedPlaces.set(h.intakeId, 1);
    const [, b] = await fundedInTurn(h, 2);
    const contact = { name: 'Cai Contact', email: 'cai@org1.nhs.uk' };
    await b!.handle.executeUpdate(contactCorrectionUpdate, { args: [{ actor: submitter, body: { contact, comment: 'Cara left' } }] });
    await b!.handle.executeUpdate(fundingDecisionUpdate, {
      args: [{ actor: staff, body: { decision: 'decline', allowPartial: false, comment: 'budget cut' } }],
    });
    await h.waitFor(async () => (await b!.handle.describe()).status.name === 'COMPLETED', 'completion');
    return [b!.handle.workflowId, intakeCapacityWorkflowId(h.intakeId)];
  },
  // One place, three EOIs: HEE staff raise the intake's funded places to two, and the first waiting is offered one.
  'intake-funded-places-changed': async (h) => {
    h.fundedPlaces.set(h.intakeId, 1);
    const [, b] = await fundedInTurn(h, 3);
    const intake = h.env.client.workflow.getHandle(intakeCapacityWorkflowId(h.intakeId));
    await intake.executeUpdate(setFundedPlacesUpdate, { args: [{ fundedPlaces: 2, actor: staff, requestId: 'req-raise' }] });
    await h.waitFor(() => h.latestView(b!.id).status === 'FUNDED', 'the offer');
    return [intakeCapacityWorkflowId(h.intakeId)];
  },
  // A short intake history: it continues as new while three EOIs wait, then A's withdrawal offers B
  // the place in a later run. The first run (ending in continue-as-new) and the last.
  'intake-continue-as-new': async (h) => {
    h.fundedPlaces.set(h.intakeId, 1);
    h.intakeHistoryLimit = 20;
    const [a, b] = await fundedInTurn(h, 4);
    const intakeId = intakeCapacityWorkflowId(h.intakeId);
    await h.waitFor(async () => (await everyRun(h, intakeId)).length > 1, 'the intake to continue as new');
    await a!.handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitter, body: { reason: 'post frozen' } }] });
    await h.waitFor(() => h.latestView(b!.id).status === 'FUNDED', 'the offer');
    const runs = await everyRun(h, intakeId);
    return [runs[0]!, runs.at(-1)!];
  },
  // The workflows without a process of their own run on a worker of their own with recording
  // activities, on the same time-skipping server.
  // The weekly digest: two recipients queued, both delivered.
  'weekly-digest': async (h) =>
    runOnOwnWorker(h, 'weeklyDigest', [], {
      queueWeeklyDigest: async () => ({ week: '2027-01-04', keys: ['digest:2027-01-04:u-staff', 'digest:2027-01-04:u-lead'] }),
      deliverEmail: async () => 'sent',
    }),
  // The daily document retention run: one application's documents deleted.
  'document-retention': async (h) =>
    runOnOwnWorker(h, 'documentRetention', [], {
      deleteExpiredDocuments: async (request: { asOf: string }) => ({
        asOf: request.asOf,
        deleted: [{ applicationId: 'spk_1', count: 2, sha256: ['a'.repeat(64)], contentDeleted: ['a'.repeat(64)] }],
      }),
    }),
  // The virus-scan sweep: one held file released, one removed, one still held.
  'document-scan': async (h) =>
    runOnOwnWorker(h, 'documentScan', [], {
      scanHeldDocuments: async () => ({ clean: ['doc_1'], infected: ['doc_2'], stillHeld: ['doc_3'] }),
    }),
  // A reference-data record saved durably.
  'reference-data': async (h) =>
    runOnOwnWorker(
      h,
      'recordReferenceData',
      [{ id: 'uni_recorded', kind: 'university', actor: staff, data: { name: 'University of Northshire' } }],
      { saveReferenceRecord: async (change: { id: string }) => ({ id: change.id }) },
    ),
  // A practice renamed: saved, then told to its open applications (patch reference:rename-reaches-open-spokes).
  'reference-data-rename': async (h) =>
    runOnOwnWorker(
      h,
      'recordReferenceData',
      [
        {
          id: 'prac_recorded',
          kind: 'rename',
          actor: staff,
          data: { target: 'practice', name: 'Oak Lane Medical Centre', changeId: 'rename_1' },
        },
      ],
      { saveReferenceRecord: async (change: { id: string }) => ({ id: change.id }), renameInOpenSpokes: async () => 2 },
    ),
  // The administrator's test email: queued and delivered.
  'test-email': async (h) =>
    runOnOwnWorker(h, 'sendTestEmail', [{ to: 'admin@example.nhs.uk', requestedBy: 'Bootstrap administrator' }], {
      queueNotices: async (notices: { key: string }[]) => notices.map((n) => n.key),
      deliverEmail: async () => 'sent',
    }),
  // An admin's "retry now": the email refused again for good, and the notice about it delivered.
  'deliver-queued-email': async (h) => {
    const outcomes: unknown[] = [
      { refused: ['contact@example.org'], noticeKeys: ['outbox:refused:eoi_1:2:reminder:contact@example.org'] },
      'sent',
    ];
    return runOnOwnWorker(h, 'deliverQueuedEmail', [{ key: 'eoi_1:2:reminder' }], {
      deliverEmail: async () => outcomes.shift(),
    });
  },
};

/**
 * Run on the dev server, which suggests continue-as-new after as many history events as it is
 * told (the time-skipping server only at 4,096 or 4 MB): the EOI continues as new on the way.
 */
const onDevServer: Record<string, Scenario> = {
  // Supported, funded, a candidate accepted and confirmed: ENROLLED, over several runs. Every run.
  // Recorded before patch eoi:drain-handlers-before-finishing (kept: workflows running then).
  'commissioning-continue-as-new': enrolledOverSeveralRuns,
  // The same after it: each run drains its handlers and deliveries before continuing as new.
  'commissioning-continue-as-new-drained': enrolledOverSeveralRuns,
};

async function enrolledOverSeveralRuns(h: CommissioningHarness): Promise<Awaited<ReturnType<Scenario>>> {
  const handle = await h.start(h.newEoi({ nowMs: await h.env.currentTimeMs(), placesRequested: 1 }));
  await handle.executeUpdate(reviewUpdate, { args: [support] });
  await handle.executeUpdate(fundingDecisionUpdate, { args: [fund(1)] });
  const { candidateId } = await handle.executeUpdate(addCandidateUpdate, {
    args: [{ actor: submitter, body: { name: 'Ada', email: 'ada@org.nhs.uk', currentRole: 'Nurse' } }],
  });
  await handle.executeUpdate(candidateOutcomeUpdate, { args: [{ actor: reviewer, body: { candidateId, outcome: 'accepted' } }] });
  await handle.executeUpdate(confirmationUpdate, { args: [{ actor: submitter, body: { candidateId, signedBy: 'Chief Nurse' } }] });
  await h.env.client.workflow.getHandle(handle.workflowId).result();
  return everyRun(h, handle.workflowId);
}
const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 40;

function createDevEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      searchAttributes: allSearchAttributeKeys,
      extraArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS}`],
    },
  });
}

async function runOnOwnWorker(
  h: CommissioningHarness,
  workflowType: string,
  args: unknown[],
  activities: Record<string, (...a: never[]) => Promise<unknown>>,
): Promise<string[]> {
  const taskQueue = `${workflowType}-${randomBytes(4).toString('hex')}`;
  const workflowId = `${workflowType}-recorded`;
  const worker = await Worker.create({ connection: h.env.nativeConnection, taskQueue, ...workflowCode(), activities });
  await worker.runUntil(h.env.client.workflow.execute(workflowType, { workflowId, taskQueue, args }));
  return [workflowId];
}

async function main() {
  const only = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  const all = [
    ...Object.entries(scenarios).map(([name, scenario]) => ({ name, scenario, createEnv: createTimeSkippingEnv })),
    ...Object.entries(onDevServer).map(([name, scenario]) => ({ name, scenario, createEnv: createDevEnv })),
  ];
  for (const { name, scenario, createEnv } of all) {
    if (only.length > 0 && !only.includes(name)) continue;
    const env = await createEnv();
    const h = new CommissioningHarness(env);
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const recorded = await scenario(h);
      for (const [index, run] of recorded.entries()) {
        const { workflowId, runId } = typeof run === 'string' ? { workflowId: run, runId: undefined } : run;
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = path.join(outDir, `${name}${recorded.length > 1 ? `-${index + 1}` : ''}.json`);
        fs.writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
        console.log(`recorded ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
      }
      await h.cleanUp();
    });
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
