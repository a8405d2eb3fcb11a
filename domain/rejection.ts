/**
 * Why a process refused an action. Workflows raise it (update validators, activities) as an
 * ApplicationFailure of type REJECTION_TYPE with this as its details; the API turns it into
 * problem+json with the same status, so the caller learns the current state and what is allowed.
 */
export const REJECTION_TYPE = 'ActionRejected';

export interface Rejection {
  status: 400 | 403 | 404 | 409;
  detail: string;
  /** The process state when the action was refused. */
  state?: string;
  /** Actions the caller's role may take in that state. */
  allowedActions?: string[];
  errors?: { path: string; message: string }[];
}

export function isRejection(value: unknown): value is Rejection {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Rejection).status === 'number' &&
    typeof (value as Rejection).detail === 'string'
  );
}

/**
 * A value the database refused for good (a control character, a number or date out of range)
 * that got past the request schemas: the change is refused whole and nothing is recorded.
 */
export const UNSTORABLE_VALUE: Rejection = {
  status: 400,
  detail: 'A value in the request cannot be stored (a control character, or a number or date out of range); nothing was changed',
  errors: [{ path: 'body', message: 'a value cannot be stored' }],
};
