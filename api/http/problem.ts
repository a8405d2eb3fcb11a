/** RFC 9457 problem details: the one shape every error response takes. */
import type { ZodError } from 'zod';
import type { FieldError } from '../../domain/field-errors';

export type { FieldError } from '../../domain/field-errors';
export { fieldName, invalidDetail } from '../../domain/field-errors';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

const SLUGS: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'unavailable',
};

export class ProblemError extends Error {
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extensions: Record<string, unknown>;
  readonly slug?: string;

  constructor(
    status: number,
    detail: string,
    options: { errors?: FieldError[]; slug?: string; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
    this.status = status;
    this.errors = options.errors;
    this.slug = options.slug;
    this.extensions = options.extensions ?? {};
  }

  toBody(requestId?: string): ProblemBody {
    return problemBody(this.status, this.message, {
      errors: this.errors,
      slug: this.slug,
      requestId,
      extensions: this.extensions,
    });
  }
}

export function problemBody(
  status: number,
  detail: string,
  options: { errors?: FieldError[]; slug?: string; requestId?: string; extensions?: Record<string, unknown> } = {},
): ProblemBody {
  const slug = options.slug ?? SLUGS[status] ?? 'error';
  return {
    type: `/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(options.errors?.length ? { errors: options.errors } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...options.extensions,
  };
}

export function fieldErrorsFromZod(error: ZodError, prefix: string): FieldError[] {
  return error.issues
    .map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      return keys.map((key) => ({
        path: [prefix, ...issue.path.map(String), ...(key === undefined ? [] : [key])].filter(Boolean).join('.'),
        message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
      }));
    })
    .flat();
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemError(400, detail, { errors });
export const invalidField = (path: string, message: string) =>
  new ProblemError(400, `${path}: ${message}`, { errors: [{ path, message }] });
export const unauthenticated = (detail = 'A valid bearer token is required') => new ProblemError(401, detail);
export const forbidden = (detail = 'Your role or scope does not allow this') => new ProblemError(403, detail);
export const notFound = (what = 'Resource') => new ProblemError(404, `${what} not found`);
export const conflict = (detail: string, extensions?: Record<string, unknown>, errors?: FieldError[]) =>
  new ProblemError(409, detail, { extensions, errors });
