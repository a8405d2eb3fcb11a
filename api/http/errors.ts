import { isDatabaseUnavailable, isPermanentDataError, isUniqueViolation } from '../../db/errors';
import { isRejection, REJECTION_TYPE, type Rejection, UNSTORABLE_VALUE } from '../../domain/rejection';
import { ProblemError } from './problem';

interface ErrorLike {
  name?: string;
  type?: string;
  code?: string | number;
  status?: number;
  message?: string;
  cause?: unknown;
  details?: unknown[];
  failure?: unknown;
}

/** Walks an error's cause chain: Temporal wraps the workflow's failure in client errors. */
function* causes(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

/** gRPC FAILED_PRECONDITION (9) as Temporal's WorkflowNotReady: "... due to Workflow Task in failed state". */
function isWorkflowNotReady(e: ErrorLike): boolean {
  return e.code === 9 && /workflow task in failed state/i.test(e.message ?? '');
}

/** A refusal as problem+json: the same status, detail, field errors, state and allowed actions. */
export function rejectionProblem(rejection: Rejection): ProblemError {
  return new ProblemError(rejection.status, rejection.detail, {
    errors: rejection.errors,
    extensions: {
      ...(rejection.state ? { state: rejection.state } : {}),
      ...(rejection.allowedActions ? { allowedActions: rejection.allowedActions } : {}),
    },
  });
}

/**
 * Maps anything thrown in a request to a problem. Errors are matched by name, not instanceof:
 * jest's module registry breaks instanceof for SDK error classes.
 */
export function toProblem(error: unknown): ProblemError {
  for (const e of causes(error)) {
    if (e instanceof ProblemError || e.name === 'ProblemError') return e as ProblemError;
    if (e.name === 'ApplicationFailure' && e.type === REJECTION_TYPE) {
      const rejection = e.details?.[0];
      if (isRejection(rejection)) return rejectionProblem(rejection);
    }
    if (e.name === 'WorkflowNotFoundError') return new ProblemError(404, 'Process not found');
  }
  const first = error as ErrorLike;
  // body-parser
  if (first.type === 'entity.too.large') return new ProblemError(413, 'The request body is over the 100 kB limit');
  if (first.type === 'entity.parse.failed') {
    return new ProblemError(400, 'The body is not valid JSON', { errors: [{ path: 'body', message: 'not valid JSON' }] });
  }
  if (first.type === 'encoding.unsupported' || first.type === 'charset.unsupported') {
    return new ProblemError(415, 'Send the body as UTF-8 application/json');
  }
  // multer (file uploads on pages): over a limit, or a part it does not expect.
  if (first.name === 'MulterError') {
    return first.code === 'LIMIT_FILE_SIZE'
      ? new ProblemError(413, 'The file is over the 100 kB limit')
      : new ProblemError(400, `The form could not be read: ${first.message ?? 'unexpected part'}`);
  }
  // The router: a path segment that is not valid percent-encoding (e.g. a lone "%").
  if (first.name === 'URIError' && first.status === 400) {
    return new ProblemError(400, 'A path parameter is not valid percent-encoding', {
      errors: [{ path: 'params', message: 'not valid percent-encoding' }],
    });
  }
  // The database: a unique constraint lost a race, a value it cannot store, or it is away.
  if (isUniqueViolation(first)) return new ProblemError(409, 'A record with the same unique value already exists');
  if (isPermanentDataError(first)) return new ProblemError(400, UNSTORABLE_VALUE.detail, { errors: UNSTORABLE_VALUE.errors });
  if (isDatabaseUnavailable(first)) return new ProblemError(503, 'The database is not reachable; retry shortly');
  for (const e of causes(error)) {
    if (e.name === 'ServiceError' || e.name === 'TransportError') {
      return new ProblemError(503, 'The process engine is not reachable; retry shortly');
    }
    // Temporal refuses an update while the process's workflow task keeps failing or timing out
    // (a worker killed or overloaded): nothing was accepted, and the same request succeeds once a
    // worker has caught up.
    if (isWorkflowNotReady(e)) return new ProblemError(503, 'The process is catching up after an outage; retry shortly');
  }
  return new ProblemError(500, 'Something went wrong on our side; the request id identifies it in the logs');
}
