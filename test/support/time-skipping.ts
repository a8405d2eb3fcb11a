import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SearchAttributeType } from '@temporalio/common';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import { timeSkippingServerExecutable } from '../../temporal/servers';

// The operator API's numbering of search attribute types.
const INDEXED_VALUE_TYPE: Record<string, number> = {
  [SearchAttributeType.TEXT]: 1,
  [SearchAttributeType.KEYWORD]: 2,
  [SearchAttributeType.INT]: 3,
  [SearchAttributeType.DOUBLE]: 4,
  [SearchAttributeType.BOOL]: 5,
  [SearchAttributeType.DATETIME]: 6,
  [SearchAttributeType.KEYWORD_LIST]: 7,
};

/**
 * The Java time-skipping test server (from Maven Central) with Trainflow's custom search
 * attributes registered, as the dev server has them. Start once per test file.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(allSearchAttributeKeys.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!])),
  });
  return env;
}

/**
 * The SDK gives the Java server 5 s to answer, which a loaded 2-core machine (the JVM starting
 * beside other test runs) does not always manage. The wrapper starts it from a class-data archive
 * (temporal/servers.ts, recordClassArchive), which about halves the start; a start that still
 * timed out is tried again.
 */
async function startTimeSkippingServer(attempts = 5): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerExecutable() } });
    } catch (error) {
      if (attempt >= attempts || !/did not start within/.test(String((error as Error).message))) throw error;
    }
  }
}
