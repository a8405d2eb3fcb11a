import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { timeSkippingServerExecutable } from '../../temporal/servers';
import { sleepForDays } from './fixtures/sleeper';

describe('the time-skipping test server (Java, from Maven Central)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerExecutable() } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('lets a workflow sleep 30 days and moves its clock by exactly that', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'sleeper',
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/sleeper') }),
    });
    const elapsed = await worker.runUntil(
      env.client.workflow.execute(sleepForDays, { workflowId: 'sleeper-30', taskQueue: 'sleeper', args: [30] }),
    );
    expect(elapsed).toBeGreaterThanOrEqual(30 * 24 * 60 * 60 * 1000);
    expect(elapsed).toBeLessThan(31 * 24 * 60 * 60 * 1000);
  });
});
