/**
 * The same operations as the API, straight to Temporal with the SDK client: what a caller would
 * pay without Trainflow's HTTP layer (no auth, no validation, no reference-data reads).
 */
import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { newId } from '../../api/routes/ids';
import { ProcessSettingsSchema } from '../../domain/settings';
import { confirmationDueAt } from '../../domain/reference-data';
import type { Actor } from '../../domain/roles';
import type { EoiView } from '../../domain/eoi/schemas';
import { commissioning, type CommissioningInput } from '../../workflows/commissioning';
import { commissioningWorkflowId, reviewUpdate, submissionUpdate } from '../../workflows/commissioning.messages';
import { floorTaskQueue } from '../floor/worker';
import { floorDoneSignal, floorUpdate, noIoFloor } from '../floor/workflows';
import { eoiBody, type Region } from './region';

const settings = ProcessSettingsSchema.parse({});

/** The workflow input POST /api/eois builds for the same body (api/routes/eois.ts). */
export function commissioningInput(region: Region, o: number, u: number): CommissioningInput {
  const body = eoiBody(region, o, u);
  const organisation = region.organisations[o % region.organisations.length]!;
  const university = region.universities[u % region.universities.length]!;
  const intake = region.intake;
  return {
    eoi: {
      id: newId('eoi'),
      organisationId: body.organisationId,
      universityId: body.universityId,
      intakeId: body.intakeId,
      programmeId: intake.programmeId,
      serviceType: body.serviceType,
      pathway: body.pathway,
      placesRequested: body.placesRequested,
      contact: body.contact,
      declarations: body.declarations,
      submittedBy: organisation.actor,
      intake: {
        startsOn: intake.startsOn,
        confirmationDueAt: confirmationDueAt(intake.startsOn),
        priorityServiceTypes: intake.priorityServiceTypes,
      },
      labels: { organisation: organisation.name, university: university.name, programme: region.programme.name },
    },
    settings,
    requestId: randomUUID(),
  };
}

export class RawTemporal {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** client.workflow.start: returns once the server recorded the start; the EOI is not committed yet. */
  async start(input: CommissioningInput): Promise<string> {
    await this.client.workflow.start(commissioning, {
      workflowId: commissioningWorkflowId(input.eoi.id),
      taskQueue: this.taskQueue,
      args: [input],
    });
    return input.eoi.id;
  }

  /** What the API does: start with the submission Update, answered once the EOI is committed. */
  async updateWithStart(input: CommissioningInput, actor: Actor): Promise<EoiView> {
    const startWorkflowOperation = new WithStartWorkflowOperation(commissioning, {
      workflowId: commissioningWorkflowId(input.eoi.id),
      taskQueue: this.taskQueue,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [input],
    });
    return this.client.workflow.executeUpdateWithStart(submissionUpdate, { args: [actor], startWorkflowOperation });
  }

  /** The floor of updateWithStart: the same call on a workflow whose Update does no I/O. */
  async floorUpdateWithStart(workflowId: string): Promise<unknown> {
    const startWorkflowOperation = new WithStartWorkflowOperation(noIoFloor, {
      workflowId,
      taskQueue: floorTaskQueue(this.taskQueue),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [],
    });
    return this.client.workflow.executeUpdateWithStart(floorUpdate, { args: [{ requestId: randomUUID() }], startWorkflowOperation });
  }

  /** The floor of an action: an Update that does no I/O, to a running floor workflow. */
  async floorUpdate(workflowId: string): Promise<unknown> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(floorUpdate, { args: [{ requestId: randomUUID() }] });
  }

  async finishFloor(workflowId: string): Promise<void> {
    await this.client.workflow.getHandle(workflowId).signal(floorDoneSignal);
  }

  async review(eoiId: string, actor: Actor, decision: 'support' | 'decline' | 'changes_requested' = 'support'): Promise<EoiView> {
    return this.client.workflow
      .getHandle(commissioningWorkflowId(eoiId))
      .executeUpdate(reviewUpdate, { args: [{ actor, body: { decision, comment: 'Supported (bench)' }, requestId: randomUUID() }] });
  }
}
