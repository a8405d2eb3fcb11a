import { ApplicationFailure } from '@temporalio/workflow';
import { isRejection, REJECTION_TYPE, type Rejection } from '../../domain/rejection';

/** Refuses an action: the API answers with the rejection's status and details. */
export function rejectAction(rejection: Rejection): never {
  throw ApplicationFailure.create({ type: REJECTION_TYPE, message: rejection.detail, details: [rejection], nonRetryable: true });
}

/** Throws when the domain check found a reason to refuse. */
export function throwIfRejected(rejection: Rejection | undefined): void {
  if (rejection) rejectAction(rejection);
}

/**
 * The rejection behind a failure, if that is what it is: raised by rejectAction, or by an
 * activity that refused the change (a value the database will never accept), which reaches the
 * workflow wrapped in an ActivityFailure. Matched by name: the failure classes come from the SDK.
 */
export function rejectionOf(error: unknown): Rejection | undefined {
  let current = error as { name?: string; type?: string; details?: unknown[]; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++, current = current.cause as typeof current) {
    if (current.name === 'ApplicationFailure' && current.type === REJECTION_TYPE && isRejection(current.details?.[0])) {
      return current.details[0];
    }
  }
  return undefined;
}
