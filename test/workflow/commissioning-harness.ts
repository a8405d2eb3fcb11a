/**
 * Runs the real commissioning and intake workflows on the time-skipping server with recording
 * activities: each commit is kept with the simulated time it happened at, and messages to the
 * intake are delivered exactly as the real activity does (signal-with-start).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { ProcessSettingsSchema, type ProcessSettings } from '../../domain/settings';
import type { IntakeMessage } from '../../workflows/intake-capacity.messages';
import type { NewEoi } from '../../domain/eoi';
import type { EoiView } from '../../domain/eoi/schemas';
import type { ProcessCommit } from '../../domain/process';
import type { Actor } from '../../domain/roles';
import { confirmationDueAt } from '../../domain/reference-data';
import { commissioning, type CommissioningInput } from '../../workflows/commissioning';
import { commissioningWorkflowId, eoiViewQuery } from '../../workflows/commissioning.messages';
import { intakeCapacityWorkflowId, releasePlacesSignal, requestPlacesSignal } from '../../workflows/intake-capacity.messages';

export const DAY = 24 * 60 * 60 * 1000;

/** The suite's prebuilt bundle (test/support/global-setup.ts), or a fresh one. */
export function workflowCode(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const prebuilt = process.env.TRAINFLOW_WORKFLOW_BUNDLE;
  return prebuilt ? { workflowBundle: { codePath: prebuilt } } : { workflowsPath: require.resolve('../../workflows') };
}

export interface RecordedCommit extends ProcessCommit {
  at: number;
}

export const staff: Actor = { userId: 'u-staff', role: 'hee_staff', name: 'Hana Staff' };
export const submitter: Actor = { userId: 'u-sub', role: 'org_submitter', name: 'Olu Submitter', organisationId: 'org-1' };
export const otherSubmitter: Actor = { userId: 'u-other', role: 'org_submitter', name: 'Rae Other', organisationId: 'org-2' };
export const reviewer: Actor = { userId: 'u-rev', role: 'university_reviewer', name: 'Uma Reviewer', universityId: 'uni-1' };
export const otherReviewer: Actor = { userId: 'u-rev2', role: 'university_reviewer', name: 'Rio Reviewer', universityId: 'uni-2' };

export class CommissioningHarness {
  readonly commits: RecordedCommit[] = [];
  readonly intakeMessages: { intakeId: string; message: IntakeMessage }[] = [];
  readonly fundedPlaces = new Map<string, number>();
  readonly taskQueue = `commissioning-${randomBytes(4).toString('hex')}`;
  /** Each harness has its own intake, so no capacity workflow outlives its test's worker. */
  readonly intakeId = `intake-${randomBytes(4).toString('hex')}`;
  readonly settings: ProcessSettings = ProcessSettingsSchema.parse({});
  /** Set to make the intake continue as new after this many history events. */
  intakeHistoryLimit?: number;

  constructor(readonly env: TestWorkflowEnvironment) {}

  async worker(): Promise<Worker> {
    const env = this.env;
    return Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      ...workflowCode(),
      activities: {
        commitProcessChange: async (commit: ProcessCommit) => {
          this.commits.push({ ...commit, at: await env.currentTimeMs() });
          return commit.notices.map((n) => n.key);
        },
        deliverEmail: async () => 'sent',
        sendToIntake: async (intakeId: string, message: IntakeMessage) => {
          this.intakeMessages.push({ intakeId, message });
          const options = {
            workflowId: intakeCapacityWorkflowId(intakeId),
            taskQueue: this.taskQueue,
            args: [
              { intakeId, fundedPlaces: this.fundedPlaces.get(intakeId) ?? 10, continueAsNewAfterEvents: this.intakeHistoryLimit },
            ] as const,
          };
          if (message.kind === 'request') {
            await env.client.workflow.signalWithStart('intakeCapacity', {
              ...options,
              args: [...options.args],
              signal: requestPlacesSignal,
              signalArgs: [message.request],
            });
          } else {
            await env.client.workflow.signalWithStart('intakeCapacity', {
              ...options,
              args: [...options.args],
              signal: releasePlacesSignal,
              signalArgs: [{ eoiId: message.eoiId, places: message.places, reason: message.reason }],
            });
          }
        },
        recordFundedPlaces: async () => undefined,
      },
    });
  }

  newEoi(overrides: Partial<NewEoi> & { startsInDays?: number; startsOn?: string; nowMs: number }): NewEoi {
    const { startsInDays, nowMs, startsOn: givenStart, ...given } = overrides;
    const rest = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    const startsOn = givenStart ?? new Date(nowMs + (startsInDays ?? 120) * DAY).toISOString().slice(0, 10);
    return {
      id: `eoi_${randomBytes(6).toString('hex')}`,
      organisationId: 'org-1',
      universityId: 'uni-1',
      intakeId: this.intakeId,
      programmeId: 'prog-1',
      serviceType: 'integrated_community_care',
      placesRequested: 2,
      contact: { name: 'Cara Contact', email: 'cara@org1.nhs.uk' },
      declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
      submittedBy: submitter,
      intake: {
        startsOn,
        confirmationDueAt: confirmationDueAt(startsOn),
        priorityServiceTypes: ['primary_care'],
      },
      labels: { organisation: 'Org One', university: 'Uni One', programme: 'MSc Advanced Practice' },
      ...rest,
    };
  }

  private readonly started = new Set<string>();

  async start(eoi: NewEoi) {
    const input: CommissioningInput = { eoi, settings: this.settings };
    const handle = await this.env.client.workflow.start(commissioning, {
      workflowId: commissioningWorkflowId(eoi.id),
      taskQueue: this.taskQueue,
      args: [input],
    });
    this.started.add(handle.workflowId);
    await this.waitFor(() => this.commitsOf(eoi.id).length > 0, `the first commit of ${eoi.id}`).catch(async (error) => {
      const history = await handle.fetchHistory();
      const failure = history.events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure;
      throw new Error(`${(error as Error).message}: ${failure?.message ?? 'no workflow task failure'}`);
    });
    return handle;
  }

  /**
   * Runs a test body with the worker polling, and ends the test's workflows before the worker
   * stops: anything left scheduled would hold the time-skipping server's clock for later tests.
   */
  async run(worker: Worker, body: () => Promise<void>): Promise<void> {
    await worker.runUntil(async () => {
      try {
        await body();
      } finally {
        await this.cleanUp();
      }
    });
  }

  /**
   * Ends whatever this harness started, so nothing outlives the test's worker.
   */
  async cleanUp(): Promise<void> {
    const ids = [...this.started, intakeCapacityWorkflowId(this.intakeId)];
    await Promise.all(
      ids.map((id) =>
        this.env.client.workflow
          .getHandle(id)
          .terminate('test finished')
          .catch(() => undefined),
      ),
    );
  }

  commitsOf(eoiId: string): RecordedCommit[] {
    return this.commits.filter((c) => c.subjectId === eoiId);
  }

  noticesOf(eoiId: string) {
    return this.commitsOf(eoiId).flatMap((c) => c.notices.map((n) => ({ ...n, at: c.at })));
  }

  /** The newest commit by version, as the read model keeps it (commits may finish out of order). */
  latestCommit(eoiId: string): RecordedCommit {
    return this.commitsOf(eoiId).reduce((newest, c) => (c.version > newest.version ? c : newest));
  }

  latestView(eoiId: string): EoiView {
    return this.latestCommit(eoiId).view as EoiView;
  }

  async view(eoiId: string): Promise<EoiView> {
    return this.env.client.workflow.getHandle(commissioningWorkflowId(eoiId)).query(eoiViewQuery);
  }

  /** Polls (real time) until the condition holds: for effects that follow a signal. */
  async waitFor(condition: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }
}

/** The failure an Update was refused with: its status and the rejection details. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; state?: string; detail: string; allowedActions?: string[] }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { type?: string; details?: unknown[] } }).cause;
    if (cause?.type === 'ActionRejected') return cause.details![0] as never;
    throw error;
  }
  throw new Error('Expected the update to be refused');
}
