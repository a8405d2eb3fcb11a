/**
 * kill -9 the Temporal server (the production one, on PostgreSQL) at random moments while EOIs
 * and spoke applications are driven through the API, and start it again as a supervisor would:
 * workflows, timers and tasks are in its PostgreSQL databases, so every process still reaches
 * its end state with nothing recorded or sent twice. Meanwhile the API answers 503 for actions
 * and the clients retry.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { startTemporalServer, type TemporalServer } from '../support/temporal-server';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';
import {
  createFaultWorld,
  DATABASE_URL,
  type FaultWorld,
  journeysThrough,
  PatientClient,
  randomBetween,
  recordResult,
  sleep,
} from './harness';

const EOIS = 6;
const SPOKES = 3;
const KILLS = 3;

describe('the Temporal server killed with SIGKILL mid-traffic and restarted', () => {
  let temporal: TemporalServer;
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  beforeAll(async () => {
    temporal = await startTemporalServer({ postgresUrl: DATABASE_URL });
    system = await startTestSystem({ temporalAddress: temporal.address }, { role: 'api' });
    worker = await startWorkerFor(system, { temporalAddress: temporal.address });
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    if (temporal && !temporal.isRunning()) await temporal.start();
    await worker?.stop();
    await system?.stop();
    await temporal?.destroy();
  }, 180_000);

  it('brings every process to its end state once, however the kills fell', async () => {
    PatientClient.retries = 0;
    let kills = 0;
    let downMs = 0;
    const outcome = await journeysThrough(system, world, { eois: EOIS, spokes: SPOKES, label: 'tk' }, async () => {
      while (kills < KILLS) {
        await sleep(randomBetween(1_000, 5_000));
        await temporal.crash();
        const killedAt = Date.now();
        kills += 1;
        await sleep(randomBetween(1_000, 4_000));
        await temporal.start();
        downMs += Date.now() - killedAt;
      }
    });
    // The worker rode out every kill: it is the same process.
    expect(worker.child.exitCode).toBeNull();
    recordResult({
      suite: 'Temporal server killed (SIGKILL) mid-traffic',
      fault: `kill -9 of the Temporal server (PostgreSQL persistence) ${kills} times, down ${Math.round(downMs / 1000)} s in all, restarted at once; clients retried ${PatientClient.retries} requests`,
      trials: kills,
      processes: outcome.processes,
      processesOk: outcome.processesOk,
      emails: outcome.emails,
    });
    expect({ failures: outcome.failures, problems: outcome.problems }).toEqual({ failures: [], problems: [] });
    expect({ lost: outcome.emails.lost, duplicated: outcome.emails.duplicated, unexpected: outcome.emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  }, 600_000);
});
