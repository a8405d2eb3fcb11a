/**
 * Defence in depth behind the API (which refuses a NUL with the request): a value the database will never accept (a NUL
 * character here), sent straight to a workflow past the API, fails the write at once instead of
 * being retried for ever. The action is refused (400), nothing of it is recorded, and the process
 * takes the next valid action. Real Temporal dev server, real database, real SMTP.
 */
import { randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { REJECTION_TYPE } from '../../domain/rejection';
import type { Actor } from '../../domain/roles';
import { commissioning } from '../../workflows/commissioning';
import { commissioningWorkflowId, reviewUpdate, submissionUpdate, withdrawalUpdate } from '../../workflows/commissioning.messages';
import { recordReferenceData } from '../../workflows/reference-data';
import { spokeAccreditation } from '../../workflows/spoke-accreditation';
import { openedUpdate, spokeUpdates, spokeWorkflowId } from '../../workflows/spoke-accreditation.messages';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const NUL = '\u0000';

/** The rejection a failed Update or workflow carries, found down its cause chain. */
function rejectionIn(error: unknown): { status?: number; detail?: string } | undefined {
  for (let e = error as { name?: string; type?: string; details?: unknown[]; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name === 'ApplicationFailure' && e.type === REJECTION_TYPE) return e.details?.[0] as { status?: number; detail?: string };
  }
  return undefined;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return rejectionIn(error);
  }
  throw new Error('expected the action to be refused');
}

describe('a value the database cannot store, injected past the API, is refused at once and the process carries on', () => {
  let system: TestSystem;
  let region: Region;
  let reviewerActor: Actor;
  let submitterActor: Actor;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    reviewerActor = { userId: region.reviewer.id, role: 'university_reviewer', name: 'Uma Reviewer', universityId: region.university.id };
    submitterActor = { userId: region.submitter.id, role: 'org_submitter', name: 'Olu Submitter', organisationId: region.organisation.id };
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('refuses a review comment holding NUL with 400, records nothing of it, then takes a valid review and a withdrawal', async () => {
    const eoi = (await region.submitter.api.post('/api/eois', eoiBody(region))).body;
    const handle = system.client.workflow.getHandle(commissioningWorkflowId(eoi.id));
    const auditBefore = await system.db.prisma.auditEvent.count({ where: { subjectId: eoi.id } });

    const refused = await refusal(
      handle.executeUpdate(reviewUpdate, { args: [{ actor: reviewerActor, body: { decision: 'support', comment: `Good${NUL}case` } }] }),
    );
    expect(refused).toMatchObject({ status: 400, detail: expect.stringContaining('cannot be stored') });

    // Nothing of the refused review: the workflow and the read model are where they were.
    const stored = await region.submitter.api.get(`/api/eois/${eoi.id}`);
    expect(stored.body.status).toBe('UNDER_UNIVERSITY_REVIEW');
    expect(stored.body.history.map((h: { action: string }) => h.action)).toEqual(['submitted']);
    expect(await system.db.prisma.auditEvent.count({ where: { subjectId: eoi.id } })).toBe(auditBefore);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The next valid actions go through, over HTTP and straight to the workflow alike.
    const reviewed = await region.reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good case' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('AWAITING_FUNDING_DECISION');
    const withdrawn = await handle.executeUpdate(withdrawalUpdate, { args: [{ actor: submitterActor, body: { reason: 'Post frozen' } }] });
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect((await region.submitter.api.get(`/api/eois/${eoi.id}`)).body.status).toBe('WITHDRAWN');
  });

  it('refuses a submission whose contact name holds NUL: the workflow fails with why, no EOI is recorded', async () => {
    const id = `eoi_${randomBytes(8).toString('hex')}`;
    const body = eoiBody(region);
    const startWorkflowOperation = new WithStartWorkflowOperation(commissioning, {
      workflowId: commissioningWorkflowId(id),
      taskQueue: system.config.taskQueue,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [
        {
          eoi: {
            id,
            organisationId: region.organisation.id,
            universityId: region.university.id,
            intakeId: region.intake.id,
            programmeId: region.programme.id,
            serviceType: 'integrated_community_care',
            placesRequested: 2,
            contact: { name: `Cara${NUL}`, email: 'cara@northshire.nhs.uk' },
            declarations: body.declarations,
            submittedBy: submitterActor,
            intake: { startsOn: region.intake.startsOn, confirmationDueAt: region.intake.confirmationDueAt, priorityServiceTypes: [] },
            labels: { organisation: region.organisation.name, university: region.university.name, programme: 'MSc Advanced Practice' },
          },
          settings: system.config.processSettings,
        },
      ],
    });
    const refused = await refusal(
      system.client.workflow.executeUpdateWithStart(submissionUpdate, { args: [submitterActor], startWorkflowOperation }),
    );
    expect(refused).toMatchObject({ status: 400 });

    const handle = system.client.workflow.getHandle(commissioningWorkflowId(id));
    expect(rejectionIn(await handle.result().catch((error: unknown) => error))).toMatchObject({ status: 400 });
    expect(await system.db.prisma.eoi.findUnique({ where: { id } })).toBeNull();
    expect(await system.db.prisma.outboxEmail.count({ where: { subjectId: id } })).toBe(0);

    // The same organisation's next submission goes through.
    const next = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(next.status).toBe(201);
  });

  it('refuses a reference record holding NUL (the recording workflow fails, it is not retried for ever)', async () => {
    const id = `hub_${randomBytes(8).toString('hex')}`;
    const admin: Actor = { userId: 'admin', role: 'admin', name: 'Administrator' };
    const failure = await system.client.workflow
      .execute(recordReferenceData, {
        taskQueue: system.config.taskQueue,
        workflowId: `reference-hub-${id}`,
        args: [{ id, actor: admin, kind: 'hub', data: { name: `Wigan${NUL}`, areas: ['Wigan'], accreditationValidityMonths: 36 } }],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(rejectionIn(failure)).toMatchObject({ status: 400 });
    expect(await system.db.prisma.hub.findUnique({ where: { id } })).toBeNull();

    const next = await system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] });
    expect(next.status).toBe(201);
  });

  describe('spoke accreditation', () => {
    let hub: { id: string };
    let practice: { id: string };
    let manager: RegionUser;
    let managerActor: Actor;
    const people = {
      administrator: { name: 'Ann Admin', email: 'ann@leigh.nhs.uk' },
      educationalist: { name: 'Ed Teach', email: 'ed@leigh.nhs.uk' },
    };

    beforeAll(async () => {
      hub = (await system.admin.post('/api/hubs', { name: 'Leigh Training Hub', areas: ['Leigh'] })).body;
      practice = (
        await system.admin.post('/api/practices', {
          name: 'Leigh Family Practice',
          odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
          isTrainingPractice: false,
          hubId: hub.id,
        })
      ).body;
      manager = await createUser(system, {
        name: 'Pat Manager',
        email: 'pat@leigh.nhs.uk',
        role: 'practice_manager',
        practiceId: practice.id,
      });
      managerActor = { userId: manager.id, role: 'practice_manager', name: 'Pat Manager', practiceId: practice.id };
    });

    it('refuses an application naming an administrator with NUL, and frees the practice to apply again', async () => {
      const id = `spk_${randomBytes(8).toString('hex')}`;
      const startWorkflowOperation = new WithStartWorkflowOperation(spokeAccreditation, {
        workflowId: spokeWorkflowId(id),
        taskQueue: system.config.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [
          {
            application: {
              id,
              practiceId: practice.id,
              hubId: hub.id,
              administrator: { name: `Ann${NUL}`, email: 'ann@leigh.nhs.uk' },
              educationalist: people.educationalist,
              appliedBy: managerActor,
            },
            settings: system.config.processSettings,
          },
        ],
      });
      const refused = await refusal(
        system.client.workflow.executeUpdateWithStart(openedUpdate, { args: [{ actor: managerActor }], startWorkflowOperation }),
      );
      expect(refused).toMatchObject({ status: 400 });
      expect(await system.db.prisma.spokeApplication.findUnique({ where: { id } })).toBeNull();

      const applied = await manager.api.post('/api/spoke-applications', { practiceId: practice.id, hubId: hub.id, ...people });
      expect(applied.status).toBe(201);
    });

    it('refuses evidence holding NUL with 400, then takes valid evidence', async () => {
      const [application] = (await manager.api.get(`/api/spoke-applications?practiceId=${practice.id}`)).body.items;
      const handle = system.client.workflow.getHandle(spokeWorkflowId(application.id));
      const items = application.criteria.map((c: { code: string }) => ({ criterionCode: c.code, statement: `We do ${c.code}` }));
      const poisoned = [{ ...items[0], statement: `We${NUL}do` }, ...items.slice(1)];

      const refused = await refusal(
        handle.executeUpdate(spokeUpdates.evidence, { args: [{ actor: managerActor, body: { items: poisoned } }] }),
      );
      expect(refused).toMatchObject({ status: 400 });
      expect((await manager.api.get(`/api/spoke-applications/${application.id}`)).body.status).toBe('AWAITING_EVIDENCE');

      const submitted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, { items });
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('UNDER_HUB_REVIEW');
    });
  });
});
