/**
 * Prometheus metrics for GET /metrics: HTTP request durations by route and status, the outbox
 * (emails waiting, failed, and how long the oldest has waited, read from the database at each scrape),
 * and, in a process that runs the worker, the Temporal SDK's own metrics (workflow and activity
 * task latencies, failures, slots...) from the SDK runtime's Prometheus exporter, appended as is.
 */
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { PrismaClient } from '../db/database';
import { sdkMetricsText } from './runtime';

export interface HttpMetrics {
  registry: Registry;
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** The whole exposition: Trainflow's metrics, then the SDK runtime's. */
  text(): Promise<string>;
}

export function createMetrics(prisma: PrismaClient, now: () => number = Date.now): HttpMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'trainflow_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'trainflow_outbox_pending_emails',
    help: 'Emails queued in the outbox and not yet accepted by the SMTP server',
    registers: [registry],
    async collect() {
      this.set(await prisma.outboxEmail.count({ where: { status: 'pending' } }));
    },
  });
  new Gauge({
    name: 'trainflow_outbox_failed_emails',
    help: 'Emails a recipient refused for good (5xx) and nobody has retried: an address to correct',
    registers: [registry],
    async collect() {
      this.set(await prisma.outboxEmail.count({ where: { status: 'failed' } }));
    },
  });
  new Gauge({
    name: 'trainflow_outbox_oldest_pending_age_seconds',
    help: 'How long the oldest undelivered email has waited (0 when none waits)',
    registers: [registry],
    async collect() {
      const oldest = await prisma.outboxEmail.findFirst({
        where: { status: 'pending' },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      });
      this.set(oldest ? Math.max(0, (now() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });

  return {
    registry,
    middleware(req, res, next) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        // The route pattern (/api/eois/:id), never the concrete path: ids would explode the series.
        const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
        duration.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    },
    async text() {
      return `${await registry.metrics()}${await sdkMetricsText()}`;
    },
  };
}
