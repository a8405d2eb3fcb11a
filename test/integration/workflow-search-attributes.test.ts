/**
 * Trainflow's custom search attributes on a real Temporal dev server: staff find a process in
 * the Temporal UI with the same list queries this test runs (status, intake, hub, next deadline),
 * the attributes follow the workflow's state, and they hold ids and states only.
 */
import { randomBytes } from 'node:crypto';
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { createRegion, createUser, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const DAY = 24 * 60 * 60 * 1000;

describe('custom search attributes: finding processes with Temporal list queries', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const list = async (query: string) => {
    const ids: string[] = [];
    for await (const execution of system.client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids.sort();
  };

  /** Visibility is eventually consistent: poll until the query answers what is expected. */
  async function expectListed(query: string, expected: string[]) {
    let last: string[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      last = await list(query);
      if (JSON.stringify(last) === JSON.stringify([...expected].sort())) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(last).toEqual([...expected].sort());
  }

  it('finds an EOI by status and intake, and by its next deadline, as it moves', async () => {
    const eoi = (await region.submitter.api.post('/api/eois', eoiBody(region))).body;
    const other = (await region.otherSubmitter.api.post('/api/eois', eoiBody(region, { organisationId: region.otherOrganisation.id })))
      .body;
    const workflowId = commissioningWorkflowId(eoi.id);
    const intake = region.intake.id;

    await expectListed(`TrainflowStatus="UNDER_UNIVERSITY_REVIEW" AND TrainflowIntakeId="${intake}"`, [
      workflowId,
      commissioningWorkflowId(other.id),
    ]);
    await expectListed(`TrainflowProcess="eoi" AND TrainflowOrganisationId="${region.organisation.id}"`, [workflowId]);
    const reviewDue = Date.parse(eoi.submittedAt) + 10 * DAY;
    await expectListed(
      `TrainflowOrganisationId="${region.organisation.id}" AND TrainflowNextDeadline < "${new Date(reviewDue + DAY).toISOString()}"`,
      [workflowId],
    );
    await expectListed(
      `TrainflowOrganisationId="${region.organisation.id}" AND TrainflowNextDeadline < "${new Date(reviewDue - DAY).toISOString()}"`,
      [],
    );

    const supported = await region.reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good' });
    expect(supported.body.status).toBe('AWAITING_FUNDING_DECISION');
    await expectListed(`TrainflowStatus="AWAITING_FUNDING_DECISION" AND TrainflowIntakeId="${intake}"`, [workflowId]);
    await expectListed(`TrainflowStatus="UNDER_UNIVERSITY_REVIEW" AND TrainflowIntakeId="${intake}"`, [commissioningWorkflowId(other.id)]);
    await expectListed(`TrainflowUniversityId="${region.university.id}" AND TrainflowStatus="AWAITING_FUNDING_DECISION"`, [workflowId]);

    // Ids and states only: no names, no addresses.
    const attributes = (await system.client.workflow.getHandle(workflowId).describe()).searchAttributes;
    const trainflow = Object.fromEntries(Object.entries(attributes).filter(([key]) => key.startsWith('Trainflow')));
    expect(Object.keys(trainflow).sort()).toEqual([
      'TrainflowIntakeId',
      'TrainflowNextDeadline',
      'TrainflowOrganisationId',
      'TrainflowProcess',
      'TrainflowStatus',
      'TrainflowUniversityId',
    ]);
    const text = JSON.stringify(trainflow);
    for (const personal of ['@', 'Cara', 'Northshire', 'Olu']) expect(text).not.toContain(personal);
  });

  it('finds a spoke application by hub and status', async () => {
    const hub = (await system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] })).body;
    const practice = (
      await system.admin.post('/api/practices', {
        name: 'Leigh Family Practice',
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
        hubId: hub.id,
      })
    ).body;
    const manager = await createUser(system, {
      name: 'Pat Manager',
      email: `pat.${randomBytes(3).toString('hex')}@leigh.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    const applied = await manager.api.post('/api/spoke-applications', {
      practiceId: practice.id,
      hubId: hub.id,
      administrator: { name: 'Ann Admin', email: 'ann@leigh.nhs.uk' },
      educationalist: { name: 'Ed Teach', email: 'ed@leigh.nhs.uk' },
    });
    expect(applied.status).toBe(201);
    const found = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const ids = await list(`TrainflowProcess="spoke" AND TrainflowHubId="${hub.id}" AND TrainflowStatus="AWAITING_EVIDENCE"`);
        if (ids.length === 1) return ids;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return list(`TrainflowHubId="${hub.id}"`);
    };
    const ids = await found();
    expect(ids).toHaveLength(1);
    expect(ids[0]).toContain(applied.body.id);
  });
});
