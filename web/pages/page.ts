/**
 * A page is one declaration, like an API route (api/http/route.ts): method, path, zod schemas,
 * who may see it, how object scope is checked, and a handler that calls a service and names a
 * view. The page router (web/pages/router.ts) derives sign-in, authorization, validation and
 * error pages from it, and refuses a page that does not say who may see it.
 */
import type { Readable } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Actor, Role } from '../../domain/roles';
import type { FormErrors } from '../forms';
import type { WebDeps } from '../deps';

/** Who may see a page. There is no default: every page states one. */
export type PagePolicy =
  | { readonly public: string } // why it needs no session (the sign-in pages)
  | { readonly roles: readonly Role[] }; // signed in, with one of these roles

/** The signed-in person, for handlers and views. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  actor: Actor;
  /** The session's synchronizer token, which every form carries. */
  csrfToken: string;
}

/**
 * Object-level authorization for pages with path parameters, as for API routes: load the object
 * within the person's scope (throwing 404 outside it) and hand it to the handler.
 */
export type PageScope<TParams, TResource> =
  { readonly unscoped: string } | ((ctx: { user: CurrentUser; params: TParams; deps: WebDeps }) => Promise<TResource>);

export interface PageContext<TParams, TQuery, TBody, TResource> {
  /** The signed-in person; always set on pages with roles, maybe set on public ones. */
  user: CurrentUser | undefined;
  params: TParams;
  query: TQuery;
  body: TBody;
  resource: TResource;
  deps: WebDeps;
  requestId: string;
  req: Request;
  res: Response;
}

export type PageResult =
  | { kind: 'render'; view: string; model?: Record<string, unknown>; status?: number }
  | { kind: 'redirect'; location: string }
  /** A download (a report as CSV, a document, an export streamed as it is read), saved under `filename`. */
  | { kind: 'file'; body: string | Uint8Array | Readable; contentType: string; filename: string };

type Infer<T> = T extends z.ZodType ? z.infer<T> : Record<string, never>;

export interface PageDefinition<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
  TResource = undefined,
> {
  method: 'get' | 'post';
  path: string;
  /** What the page does, in a few words: "Sign in", "Review an expression of interest". */
  summary: string;
  policy: PagePolicy;
  scope?: PageScope<Infer<TParams>, TResource>;
  params?: TParams;
  query?: TQuery;
  /** The form's fields (a POST): refused forms go to `invalid`. */
  body?: TBody;
  /**
   * The form's messages in people's words, by field ("comment") or field and zod issue code
   * ("comment:too_big"), used instead of the schema's wording (web/forms.ts).
   */
  messages?: Record<string, string>;
  /** The form shown again, with its error summary, when the body fails its schema (status 400). */
  invalid?(ctx: PageContext<Infer<TParams>, Infer<TQuery>, Record<string, unknown>, TResource>, errors: FormErrors): Promise<PageResult>;
  /** Express middleware run first, before sign-in and validation (rate limits). */
  before?: RequestHandler[];
  handler(ctx: PageContext<Infer<TParams>, Infer<TQuery>, Infer<TBody>, TResource>): Promise<PageResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPage = PageDefinition<any, any, any, any>;

export function definePage<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
  TResource = undefined,
>(page: PageDefinition<TParams, TQuery, TBody, TResource>): AnyPage {
  return page as AnyPage;
}

export const render = (view: string, model: Record<string, unknown> = {}, status = 200): PageResult => ({
  kind: 'render',
  view,
  model,
  status,
});
/** 303 See Other: after a form, the browser GETs the next page. */
export const redirect = (location: string): PageResult => ({ kind: 'redirect', location });
/** A file to download, such as a report as CSV. */
export const file = (options: { body: string | Uint8Array | Readable; contentType: string; filename: string }): PageResult => ({
  kind: 'file',
  ...options,
});
