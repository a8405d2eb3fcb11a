import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Logger } from '../config/logger';
import { isPermanentDataError, sqlState } from '../db/errors';
import { REJECTION_TYPE, UNSTORABLE_VALUE } from '../domain/rejection';

type ActivityFunction = (...args: never[]) => Promise<unknown>;

function activityInfo(): { workflowId?: string; activity?: string } {
  try {
    const { info } = Context.current();
    return { workflowId: info.workflowExecution?.workflowId, activity: info.activityType };
  } catch {
    return {}; // called outside a worker (a test calling the function directly)
  }
}

/**
 * Wraps every activity so that a value the database will never accept fails the activity at
 * once, as a non-retryable rejection the workflow can refuse the action with, instead of being
 * retried for ever (which froze the process and every request waiting on it). Errors a retry can
 * heal (the database away, a lost race) are rethrown unchanged and retried as before.
 */
export function refuseUnstorableValues<T extends Record<string, ActivityFunction>>(activities: T, logger: Logger): T {
  const wrapped: Record<string, ActivityFunction> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        if (!isPermanentDataError(error)) throw error;
        logger.error({ err: error, sqlState: sqlState(error), ...activityInfo() }, 'the database refused a value for good: not retrying');
        throw ApplicationFailure.create({
          type: REJECTION_TYPE,
          message: UNSTORABLE_VALUE.detail,
          details: [UNSTORABLE_VALUE],
          nonRetryable: true,
        });
      }
    };
  }
  return wrapped as T;
}
