import { isRejection, REJECTION_TYPE } from '../../domain/rejection';
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

/**
 * The database is down, restarting, full or cut the connection (Prisma's connection errors, or
 * PostgreSQL's SQLSTATE classes 08 "connection exception" and 57P "operator intervention", and
 * 53300 "too many connections"): nothing was done, and the same request can be sent again.
 */
function databaseUnavailable(e: ErrorLike): boolean {
  if (e.name !== 'PrismaClientKnownRequestError' && e.name !== 'PrismaClientInitializationError') return false;
  if (['P1001', 'P1002', 'P1008', 'P1017', 'P2024'].includes(String(e.code))) return true;
  const meta = (e as { meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } }).meta;
  const sqlState = String(meta?.code ?? meta?.driverAdapterError?.cause?.originalCode ?? '');
  return /^(08|57P|53300)/.test(sqlState) || meta?.driverAdapterError?.cause?.kind === 'DatabaseNotReachable';
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
      if (isRejection(rejection)) {
        return new ProblemError(rejection.status, rejection.detail, {
          errors: rejection.errors,
          extensions: {
            ...(rejection.state ? { state: rejection.state } : {}),
            ...(rejection.allowedActions ? { allowedActions: rejection.allowedActions } : {}),
          },
        });
      }
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
  // The router: a path segment that is not valid percent-encoding (e.g. a lone "%").
  if (first.name === 'URIError' && first.status === 400) {
    return new ProblemError(400, 'A path parameter is not valid percent-encoding', {
      errors: [{ path: 'params', message: 'not valid percent-encoding' }],
    });
  }
  // Prisma: a unique constraint lost a race.
  if (first.code === 'P2002') return new ProblemError(409, 'A record with the same unique value already exists');
  if (databaseUnavailable(first)) return new ProblemError(503, 'The database is not reachable; retry shortly');
  for (const e of causes(error)) {
    if (e.name === 'ServiceError' || e.name === 'TransportError') {
      return new ProblemError(503, 'The process engine is not reachable; retry shortly');
    }
  }
  return new ProblemError(500, 'Something went wrong on our side; the request id identifies it in the logs');
}
