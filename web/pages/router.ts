import { pipeline, Readable } from 'node:stream';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { toProblem } from '../../api/http/errors';
import { fieldErrorsFromZod, ProblemError } from '../../api/http/problem';
import type { WebDeps } from '../deps';
import { findNulText, NUL_MESSAGE } from '../../domain/unstorable-text';
import { formErrors, formErrorsFromZod } from '../forms';
import { renderPage } from '../render';
import type { AnyPage, CurrentUser, PageResult } from './page';

/** Refuses, at start-up, a page that does not say who may see it and how it is scoped. */
export function assertPageIsGuarded(page: AnyPage): void {
  const where = `${page.method.toUpperCase()} ${page.path}`;
  const policy = page.policy as AnyPage['policy'] | undefined;
  const isPublic = !!policy && 'public' in policy;
  if (!policy || (!isPublic && !('roles' in policy && policy.roles.length))) {
    throw new Error(`Page ${where} declares no policy: state its roles or why it is public`);
  }
  if (!isPublic && page.path.includes(':') && !page.scope) {
    throw new Error(`Page ${where} has path parameters but no scope check: add one, or { unscoped: reason }`);
  }
  if (page.body && page.method === 'get') throw new Error(`Page ${where}: GET pages take no form`);
  if (page.body && !page.invalid) throw new Error(`Page ${where} takes a form but says nothing of how to show it refused (invalid)`);
}

/** The sign-in page, then back to where the person was going. */
export function signInUrl(returnTo?: string, sessionEnded = false): string {
  const query = new URLSearchParams();
  if (returnTo && returnTo !== '/') query.set('returnTo', returnTo);
  if (sessionEnded) query.set('ended', '1');
  return query.size ? `/sign-in?${query}` : '/sign-in';
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'params' | 'query'): T {
  if (!schema) return {} as T;
  const nul = findNulText(value, where);
  if (nul) throw new ProblemError(where === 'params' ? 404 : 400, `Invalid ${where}`, { errors: [{ path: nul, message: NUL_MESSAGE }] });
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  // A path that names nothing valid is a page that does not exist; a bad query, a bad request.
  const errors = fieldErrorsFromZod(result.error, where);
  throw new ProblemError(where === 'params' ? 404 : 400, `Invalid ${where}`, { errors });
}

function send(deps: WebDeps, res: Response, result: PageResult): void {
  if (result.kind === 'redirect') {
    res.redirect(303, result.location);
  } else if (result.kind === 'file') {
    // Never shown in the page's origin: saved, as the type it was stored as, not sniffed.
    res.attachment(result.filename).type(result.contentType).setHeader('X-Content-Type-Options', 'nosniff');
    if (result.body instanceof Readable) {
      res.setHeader('Cache-Control', 'no-store');
      // Once the first bytes are sent there is no error page to show: a failure cuts the download short.
      pipeline(result.body, res, (error) => {
        if (error) deps.logger.error({ err: error, path: res.req.path }, 'a streamed download failed part way');
      });
    } else {
      res.send(typeof result.body === 'string' ? result.body : Buffer.from(result.body));
    }
  } else {
    renderPage(deps, res, result.view, result.model, result.status ?? 200);
  }
}

/** Mounts declared pages: sign-in, authorize, validate, scope, handle, render. */
export function mountPages(pages: readonly AnyPage[], deps: WebDeps): Router {
  const router = express.Router();
  const seen = new Set<string>();
  for (const page of pages) {
    assertPageIsGuarded(page);
    const key = `${page.method} ${page.path}`;
    if (seen.has(key)) throw new Error(`Page ${key} is declared twice`);
    seen.add(key);

    router[page.method](page.path, ...(page.before ?? []), async (req: Request, res: Response, next: NextFunction) => {
      try {
        const user = res.locals.user as CurrentUser | undefined;
        if ('roles' in page.policy) {
          if (!user) {
            // After sign-in the person lands where they were going (a GET: a form cannot be replayed).
            const returnTo = req.method === 'GET' ? req.originalUrl : undefined;
            send(deps, res, { kind: 'redirect', location: signInUrl(returnTo, res.locals.sessionEnded === true) });
            return;
          }
          if (!page.policy.roles.includes(user.role))
            throw new ProblemError(403, `The ${user.role} role cannot ${page.summary.toLowerCase()}`);
        }
        const params = parse(page.params, req.params, 'params');
        const query = parse(page.query, req.query, 'query');
        const resource = page.scope && typeof page.scope === 'function' && user ? await page.scope({ user, params, deps }) : undefined;
        const requestId = res.locals.requestId as string;
        const base = { user, params, query, resource, deps, requestId, req, res };
        if (page.body) {
          const { _csrf: _token, ...fields } = (req.body ?? {}) as Record<string, unknown>;
          const nul = findNulText(fields, 'body');
          if (nul) {
            const result = await page.invalid!({ ...base, body: fields }, formErrors([{ path: nul, message: NUL_MESSAGE }]));
            send(deps, res, result.kind === 'render' ? { ...result, status: result.status === 200 ? 400 : result.status } : result);
            return;
          }
          const parsed = (page.body as z.ZodType).safeParse(fields);
          if (!parsed.success) {
            const result = await page.invalid!({ ...base, body: fields }, formErrorsFromZod(parsed.error, { messages: page.messages }));
            send(deps, res, result.kind === 'render' ? { ...result, status: result.status === 200 ? 400 : result.status } : result);
            return;
          }
          send(deps, res, await page.handler({ ...base, body: parsed.data }));
          return;
        }
        send(deps, res, await page.handler({ ...base, body: {} }));
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}

/** Anything a page throws, as a page: 404, 403, 400, 503 or our fault (logged). */
export function pageErrorHandler(deps: WebDeps) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status === 404 ? 404 : toProblem(error).status;
    if (status >= 500) req.log?.error({ err: error }, 'page failed');
    const views: Record<number, [string, string]> = {
      400: ['pages/errors/bad-request.njk', 'There is a problem with this address'],
      403: ['pages/errors/forbidden.njk', 'You cannot see this page'],
      404: ['pages/errors/not-found.njk', 'Page not found'],
      413: ['pages/errors/bad-request.njk', 'What you sent is too large'],
      429: ['pages/errors/too-many-requests.njk', 'Too many attempts'],
      503: ['pages/errors/unavailable.njk', 'Sorry, the service is unavailable'],
    };
    const [view, pageTitle] = views[status] ?? ['pages/errors/problem.njk', 'Sorry, there is a problem with the service'];
    if (res.headersSent) return;
    renderPage(deps, res, view, { pageTitle, requestId: res.locals.requestId }, views[status] ? status : 500);
  };
}
