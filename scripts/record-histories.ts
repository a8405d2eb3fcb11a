/**
 * `npm run record-histories`: runs the main paths of the commissioning process on the
 * time-skipping server and writes their event histories to test/histories/. The replay test
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
  extensionUpdate,
  fundingDecisionUpdate,
  reviewUpdate,
  withdrawalUpdate,
} from '../workflows/commissioning.messages';
import { intakeCapacityWorkflowId } from '../workflows/intake-capacity.messages';
import { randomBytes } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { CommissioningHarness, DAY, reviewer, staff, submitter, workflowCode } from '../test/workflow/commissioning-harness';
import { createTimeSkippingEnv } from '../test/support/time-skipping';

const outDir = path.resolve(__dirname, '..', 'test', 'histories');
const support = { actor: reviewer, body: { decision: 'support' as const, comment: 'supported' } };
const fund = (places: number) => ({ actor: staff, body: { decision: 'fund' as const, places, allowPartial: false, comment: 'funded' } });

type Scenario = (h: CommissioningHarness) => Promise<string[]>;

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
  // The workflows without a process of their own run on a worker of their own with recording
  // activities, on the same time-skipping server.
  // The weekly digest: two recipients queued, both delivered.
  'weekly-digest': async (h) =>
    runOnOwnWorker(h, 'weeklyDigest', [], {
      queueWeeklyDigest: async () => ({ week: '2027-01-04', keys: ['digest:2027-01-04:u-staff', 'digest:2027-01-04:u-lead'] }),
      deliverEmail: async () => 'sent',
    }),
  // A reference-data record saved durably.
  'reference-data': async (h) =>
    runOnOwnWorker(
      h,
      'recordReferenceData',
      [{ id: 'uni_recorded', kind: 'university', actor: staff, data: { name: 'University of Northshire' } }],
      { saveReferenceRecord: async (change: { id: string }) => ({ id: change.id }) },
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
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const env = await createTimeSkippingEnv();
    const h = new CommissioningHarness(env);
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const workflowIds = await scenario(h);
      for (const [index, workflowId] of workflowIds.entries()) {
        const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
        const file = path.join(outDir, `${name}${workflowIds.length > 1 ? `-${index + 1}` : ''}.json`);
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
