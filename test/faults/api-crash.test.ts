/**
 * kill -9 the API process while creating requests are in flight, restart it on the same port:
 * a client that retries with the same Idempotency-Key gets one answer and one process (one
 * read-model row, one workflow) per key, however the crash fell.
 */
import { freePort } from '../../system/ports';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { eventually } from '../support/eventually';
import { eoiBody } from '../support/region';
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';
import { startTrainflowProcess, type TrainflowProcess } from '../support/trainflow-process';
import { createFaultWorld, type FaultWorld, randomBetween, recordResult, sleep, tallyEmails, via } from './harness';

const TRIALS = 8;
const EOIS_PER_TRIAL = 2;

describe('the API process killed with SIGKILL mid-request, clients retrying with their Idempotency-Key', () => {
  let system: TestSystem;
  let api: TrainflowProcess;
  let port: number;
  let world: FaultWorld;

  const startApi = () =>
    startTrainflowProcess({
      role: 'api',
      port,
      databaseUrl: system.database.location.databaseUrl!,
      temporalAddress: system.temporalAddress,
      taskQueue: system.config.taskQueue,
      adminToken: TEST_ADMIN_TOKEN,
    });

  beforeAll(async () => {
    // The worker runs in this process; the API is a child process we can kill.
    system = await startTestSystem({}, { role: 'worker' });
    port = await freePort();
    api = await startApi();
    const url = api.url!;
    const onApi: TestSystem = { ...system, baseUrl: url, admin: new ApiClient(url, TEST_ADMIN_TOKEN), as: (t) => new ApiClient(url, t) };
    world = await createFaultWorld(onApi, { practices: TRIALS });
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await system?.stop();
  }, 180_000);

  /** What a careful client does: on a dropped connection or a 5xx, send the same request again. */
  async function retrying(send: () => Promise<ApiResponse>): Promise<{ response: ApiResponse; attempts: number }> {
    for (let attempts = 1; attempts <= 480; attempts++) {
      try {
        const response = await send();
        if (response.status < 500) return { response, attempts };
      } catch {
        /* connection refused or reset: the API is down */
      }
      await sleep(250);
    }
    throw new Error('the API did not come back');
  }

  it('answers each key once with one EOI or spoke application and one workflow', async () => {
    const keyed: { kind: 'eoi' | 'spoke'; key: string; answers: ApiResponse[]; attempts: number }[] = [];
    let retried = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const url = `http://127.0.0.1:${port}`;
      const submitter = via(world.submitter.api, url);
      const manager = via(world.practices[trial]!.manager.api, url);
      const practice = world.practices[trial]!;
      const requests = [
        ...Array.from({ length: EOIS_PER_TRIAL }, (_, i) => ({
          kind: 'eoi' as const,
          key: `crash-${trial}-${i}`,
          send: (key: string) => () =>
            submitter.post('/api/eois', eoiBody(world, { placesRequested: 1, pathway: `trial ${trial}` }), { 'Idempotency-Key': key }),
        })),
        {
          kind: 'spoke' as const,
          key: `crash-spoke-${trial}`,
          send: (key: string) => () =>
            manager.post(
              '/api/spoke-applications',
              {
                practiceId: practice.id,
                hubId: world.hub.id,
                administrator: { name: 'Ann Admin', email: `ann.${trial}@practice.nhs.uk` },
                educationalist: { name: 'Ed Teach', email: `ed.${trial}@practice.nhs.uk` },
              },
              { 'Idempotency-Key': key },
            ),
        },
      ];
      // Fire the requests, kill the API at a random moment while they are in flight, restart it.
      const inFlight = requests.map(async (request) => {
        const first = await retrying(request.send(request.key));
        // And once more after the answer: the same key answers the same.
        const again = await retrying(request.send(request.key));
        keyed.push({ kind: request.kind, key: request.key, answers: [first.response, again.response], attempts: first.attempts });
        if (first.attempts > 1) retried += 1;
      });
      await sleep(randomBetween(10, 400));
      await api.crash();
      api = await startApi();
      await Promise.all(inFlight);
    }

    expect(keyed.map((k) => [k.key, k.answers.map((a) => a.status)])).toEqual(keyed.map((k) => [k.key, [201, 201]]));
    for (const k of keyed) expect(k.answers[1]!.body.id).toBe(k.answers[0]!.body.id);
    const eoiIds = keyed.filter((k) => k.kind === 'eoi').map((k) => k.answers[0]!.body.id as string);
    const spokeIds = keyed.filter((k) => k.kind === 'spoke').map((k) => k.answers[0]!.body.id as string);
    expect(new Set(eoiIds).size).toBe(TRIALS * EOIS_PER_TRIAL);
    expect(new Set(spokeIds).size).toBe(TRIALS);

    // One read-model row per key, and nothing else was created.
    expect((await system.db.prisma.eoi.findMany({ select: { id: true } })).map((r) => r.id).sort()).toEqual([...eoiIds].sort());
    expect(
      (await system.db.prisma.spokeApplication.findMany({ where: { version: { gt: 0 } }, select: { id: true } })).map((r) => r.id).sort(),
    ).toEqual([...spokeIds].sort());

    // One workflow per key on this system's task queue (visibility catches up shortly).
    const workflows = await eventually(async () => {
      const listed: string[] = [];
      for await (const wf of system.client.workflow.list({
        query: `TaskQueue = "${system.config.taskQueue}" AND WorkflowType IN ("commissioning", "spokeAccreditation")`,
      })) {
        listed.push(wf.workflowId);
      }
      expect(listed).toHaveLength(eoiIds.length + spokeIds.length);
      return listed;
    }, 'the workflows to be listed');
    expect(new Set(workflows).size).toBe(workflows.length);

    // Each process opened once: one submission audited per EOI, one application per spoke.
    const opened = await system.db.prisma.auditEvent.groupBy({
      by: ['subjectId'],
      where: { action: { in: ['eoi.submitted', 'spoke.applied'] } },
      _count: true,
    });
    expect(opened.map((o) => o._count)).toEqual(Array(eoiIds.length + spokeIds.length).fill(1));

    const emails = await tallyEmails(system);
    recordResult({
      suite: 'API killed (SIGKILL) mid-request',
      fault: `kill -9 of the API process with keyed creating requests in flight, ${TRIALS} times; ${retried} requests retried by the client`,
      trials: TRIALS,
      processes: keyed.length,
      processesOk: new Set([...eoiIds, ...spokeIds]).size,
      emails,
    });
    expect({ lost: emails.lost, duplicated: emails.duplicated, unexpected: emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  }, 420_000);
});
