/**
 * A route is one declaration: method, path, zod schemas, who may call it, how object scope is
 * checked, and the handler. The router derives validation, authorization, idempotency and the
 * OpenAPI document from it, and refuses to mount a route that does not say who may call it.
 */
import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor, Role } from '../../domain/roles';
import type { ApiDeps } from '../deps';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route. There is no default: every route states one. */
export type Policy =
  | { readonly public: string } // the reason it needs no token (health checks, calendar feeds)
  | { readonly roles: readonly Role[] };

/**
 * Object-level authorization for routes with path parameters: either a check that loads the
 * object within the caller's scope (throwing 404/403 outside it) and hands it to the handler,
 * or an explicit statement of why the object is not scoped.
 */
export type ScopeCheck<TParams, TResource> =
  { readonly unscoped: string } | ((ctx: { actor: Actor; params: TParams; deps: ApiDeps }) => Promise<TResource>);

export interface RouteContext<TParams, TQuery, TBody, TResource> {
  actor: Actor;
  params: TParams;
  query: TQuery;
  body: TBody;
  /** The object returned by the route's scope check. */
  resource: TResource;
  deps: ApiDeps;
  requestId: string;
  /** Derives stable ids from the Idempotency-Key so a retried request reaches the same resource. */
  idempotencyKey?: string;
  /**
   * With an Idempotency-Key on a process action: the id its Temporal update is sent with, so a
   * repeat whose first answer was lost gets the first outcome (updateIdFromIdempotencyKey).
   */
  updateId?: string;
  /** The files of a route that takes an upload (multipart/form-data), read into memory. */
  files: Express.Multer.File[];
  req: Request;
  res: Response;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Non-JSON answers (calendar, CSV, HTML). */
  contentType?: string;
  /** A body sent as it is produced (large exports), instead of `body`; needs contentType. */
  stream?: Readable;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : Record<string, never>;

export interface RouteDefinition<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
  TResource = undefined,
> {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  policy: Policy;
  scope?: ScopeCheck<Infer<TParams>, TResource>;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  /** A creating POST or a process action (a Temporal update): honours Idempotency-Key. */
  idempotent?: boolean;
  /**
   * Takes files (multipart/form-data, each in a part named `field`) instead of a JSON body; read
   * into memory after the caller and the scope are checked, within the limits the config gives.
   */
  upload?: { field: string; limits(config: ApiDeps['config']): { maxBytes: number; maxFiles: number } };
  responses: Record<number, ResponseSpec>;
  handler(ctx: RouteContext<Infer<TParams>, Infer<TQuery>, Infer<TBody>, TResource>): Promise<RouteResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, any>;

export function defineRoute<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
  TResource = undefined,
>(route: RouteDefinition<TParams, TQuery, TBody, TResource>): AnyRoute {
  return route as AnyRoute;
}

export function isPublic(policy: Policy): policy is { public: string } {
  return 'public' in policy;
}

/** The roles a route admits, or undefined for a public route. */
export function rolesOf(policy: Policy): readonly Role[] | undefined {
  return 'roles' in policy ? policy.roles : undefined;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });

/** A stored file answered as a download: an attachment under its name, its own type, never sniffed or cached. */
export const download = (bytes: Uint8Array, contentType: string, fileName: string): RouteResult => ({
  status: 200,
  body: Buffer.from(bytes),
  contentType,
  headers: {
    'Content-Disposition': contentDisposition(fileName, { type: 'attachment' }),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  },
});
