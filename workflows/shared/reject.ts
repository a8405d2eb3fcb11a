import { ApplicationFailure } from '@temporalio/workflow';
import { REJECTION_TYPE, type Rejection } from '../../domain/rejection';

/** Refuses an action: the API answers with the rejection's status and details. */
export function rejectAction(rejection: Rejection): never {
  throw ApplicationFailure.create({ type: REJECTION_TYPE, message: rejection.detail, details: [rejection], nonRetryable: true });
}

/** Throws when the domain check found a reason to refuse. */
export function throwIfRejected(rejection: Rejection | undefined): void {
  if (rejection) rejectAction(rejection);
}
