import { pipeline } from 'node:stream';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import type { RateLimits } from './rate-limits';
import { IDEMPOTENCY_HEADER, updateIdFromIdempotencyKey, validateIdempotencyKey, withIdempotency } from './idempotency';
import { findNulText, NUL_MESSAGE } from '../../domain/unstorable-text';
import { fieldErrorsFromZod, forbidden, invalidDetail, ProblemError, unauthenticated } from './problem';
import { readUpload, uploadFingerprint } from './uploads';
import { type AnyRoute, isPublic, rolesOf, type RouteResult } from './route';

/** Refuses, at start-up, any route that does not declare who may call it and how it is scoped. */
export function assertRouteIsGuarded(route: AnyRoute): void {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const policy = route.policy as AnyRoute['policy'] | undefined;
  if (!policy || (!isPublic(policy) && !rolesOf(policy)?.length)) {
    throw new Error(`Route ${where} declares no policy: state its roles or why it is public`);
  }
  if (!isPublic(policy) && route.path.includes(':') && !route.scope) {
    throw new Error(`Route ${where} has path parameters but no scope check: add one, or { unscoped: reason }`);
  }
  if (route.body && route.method === 'get') throw new Error(`Route ${where}: GET routes take no body`);
}

function parseOrThrow<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return {} as T;
  const nul = findNulText(value, where);
  if (nul) throw new ProblemError(400, `Invalid ${where}: ${nul} ${NUL_MESSAGE}`, { errors: [{ path: nul, message: NUL_MESSAGE }] });
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = fieldErrorsFromZod(result.error, where);
  throw new ProblemError(400, invalidDetail(where, errors), { errors });
}

function send(res: Response, result: RouteResult, onStreamError: (error: Error) => void): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.status(result.status);
  if (result.stream) {
    res.type(result.contentType ?? 'application/octet-stream');
    // The status line has gone: a failure part way can only cut the answer short, never turn it into a problem.
    pipeline(result.stream, res, (error) => {
      if (!error) return;
      onStreamError(error);
      res.destroy(error);
    });
  } else if (result.body === undefined) {
    res.end();
  } else if (result.contentType) {
    res.type(result.contentType).send(result.body);
  } else {
    res.json(result.body);
  }
}

/** Mounts declared routes: authenticate, rate-limit, authorize, validate, scope, (idempotency), handle. */
export function mountRoutes(routes: readonly AnyRoute[], deps: ApiDeps, limits: Pick<RateLimits, 'perUser'>): Router {
  const router = express.Router();
  const seen = new Set<string>();
  for (const route of routes) {
    assertRouteIsGuarded(route);
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route ${key} is declared twice`);
    seen.add(key);

    router[route.method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const requestId = res.locals.requestId as string;
        let actor: Actor | undefined;
        if (!isPublic(route.policy)) {
          actor = await deps.authenticator.authenticate(req.headers.authorization);
          if (!actor) throw unauthenticated();
          res.locals.actor = actor;
          await limits.perUser(req, res);
          if (!rolesOf(route.policy)?.includes(actor.role)) {
            throw forbidden(`The ${actor.role} role cannot ${route.summary.toLowerCase()}`);
          }
        }
        // Files only where a route takes them; everywhere else the API speaks JSON.
        if (!route.upload && req.is('multipart/form-data')) throw new ProblemError(415, 'Send the body as application/json');
        const params = parseOrThrow(route.params, req.params, 'params');
        const query = parseOrThrow(route.query, req.query, 'query');
        const body = parseOrThrow(route.body, req.body, 'body');
        const idempotencyKey = route.idempotent ? validateIdempotencyKey(req.get(IDEMPOTENCY_HEADER)) : undefined;
        const resource = route.scope && typeof route.scope === 'function' && actor ? await route.scope({ actor, params, deps }) : undefined;
        const files = route.upload ? await readUpload(req, res, route.upload.field, route.upload.limits(deps.config)) : [];
        const request = { method: route.method, path: req.path, body: route.upload ? uploadFingerprint(req.body, files) : req.body };
        const keyed = idempotencyKey && actor ? { userId: actor.userId, key: idempotencyKey } : undefined;
        const updateId = keyed ? updateIdFromIdempotencyKey(keyed.userId, keyed.key, request) : undefined;
        const ctx = { actor: actor as Actor, params, query, body, resource, deps, requestId, idempotencyKey, updateId, files, req, res };
        const result = keyed
          ? await withIdempotency(deps.db.prisma, keyed.userId, keyed.key, request, () => route.handler(ctx))
          : await route.handler(ctx);
        if ('replayed' in result && result.replayed) res.setHeader('Idempotent-Replayed', 'true');
        send(res, result, (error) => deps.logger.error({ err: error, path: req.path }, 'a streamed answer failed part way'));
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}
