import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { WebDeps } from '../web/deps';
import { createWebRouter } from '../web/web';
import { toProblem } from './http/errors';
import { buildOpenApiDocument } from './http/openapi';
import { problemBody } from './http/problem';
import type { AnyRoute } from './http/route';
import { createRateLimits } from './http/rate-limits';
import { mountRoutes } from './http/router';
import { allRoutes } from './routes';
import { redactSecretsInUrl } from './http/redact';
import { mountDocs } from './docs';

export const BODY_LIMIT = '100kb';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function sendProblem(res: Response, status: number, detail: string, extra: Parameters<typeof problemBody>[2] = {}) {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(status, detail, { ...extra, requestId: res.locals.requestId as string })));
}

export interface App {
  app: express.Express;
  routes: readonly AnyRoute[];
  openApi: ReturnType<typeof buildOpenApiDocument>;
}

/** The API under /api (and health, docs, calendar feeds), and the pages (web/) for people. */
export function createApp(deps: WebDeps, routes: readonly AnyRoute[] = allRoutes): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  // The request id in answers, logs and the audit trail is always ours: a client cannot write into
  // the audit trail. A well-formed id the client sent is logged beside it, to join their logs to ours.
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    if (incoming && REQUEST_ID.test(incoming)) res.locals.clientRequestId = incoming;
    res.locals.requestId = randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId as string);
    next();
  });
  if (deps.tracing) app.use(deps.tracing.middleware);
  if (deps.metrics) {
    const metrics = deps.metrics;
    app.use(metrics.middleware);
    // Operational counts only, no personal data; keep the port internal (docker-compose.yml).
    app.get('/metrics', async (_req, res, next) => {
      try {
        res.type('text/plain; version=0.0.4').send(await metrics.text());
      } catch (error) {
        next(error);
      }
    });
  }
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => res.getHeader('x-request-id') as string,
      customProps: (_req, res) => ({
        userId: (res as Response).locals?.actor?.userId,
        clientRequestId: (res as Response).locals?.clientRequestId,
      }),
      serializers: { req: (req: { url?: string }) => ({ ...req, url: redactSecretsInUrl(req.url) }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"] },
      },
    }),
  );

  // The Temporal UI calls the codec server from the browser, with the operator's credentials.
  if (deps.config.codecCorsOrigin) {
    app.use(
      '/api/codec',
      cors({ origin: deps.config.codecCorsOrigin, credentials: true, allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'] }),
    );
  }

  // Every API answer is one person's data, and some carry a secret (a new token, a calendar feed
  // address): no browser or proxy may keep a copy.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Rate limits (api/http/rate-limits.ts): per address here, before any credential is looked
  // up; per user in the router, once the caller is known.
  const limits = createRateLimits(deps.db.prisma, {
    perUserPerMinute: deps.config.rateLimitPerMinute,
    perAddressPerMinute: deps.config.rateLimitPerAddressPerMinute,
  });
  app.use(['/api', '/calendar'], limits.perAddress);

  // API bodies: JSON, at most 100 kB, or files for the routes that take them (pages post forms: web/).
  app.use('/api', (req, res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    // multipart/form-data goes on to the router, which reads it for the routes that take files only.
    const accepted = req.is('application/json') || req.is('multipart/form-data');
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && !accepted) {
      sendProblem(res, 415, 'Send the body as application/json');
      return;
    }
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));

  const openApi = buildOpenApiDocument(routes, { version: '1.0.0', serverUrl: deps.config.publicUrl });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  mountDocs(app);

  app.use(mountRoutes(routes, deps, limits));
  app.use(createWebRouter(deps));

  app.use((req, res) => sendProblem(res, 404, `No route for ${req.method} ${req.path}`));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(error);
    if (problem.status >= 500) req.log.error({ err: error }, 'request failed');
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify(problem.toBody(res.locals.requestId as string)));
  });

  return { app, routes, openApi };
}
