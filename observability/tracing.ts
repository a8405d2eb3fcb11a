/**
 * OpenTelemetry traces, off unless configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, read by the OTLP exporter itself; OTEL_SERVICE_NAME names
 * the service): one trace from the HTTP request through the workflow Update (or start) it makes
 * and on to the activities the workflow runs, carried in Temporal headers by the SDK's
 * interceptors (@temporalio/interceptors-opentelemetry) across the API and worker processes.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerInterceptors, WorkerOptions } from '@temporalio/worker';
import type { NextFunction, Request, Response } from 'express';

/** Bundled into the workflow code always (worker/worker.ts): without tracing its spans go nowhere. */
export const WORKFLOW_TRACING_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export interface Tracing {
  tracer?: Tracer;
  clientInterceptors: WorkflowClientInterceptor[];
  workerInterceptors: WorkerInterceptors;
  /** The sink the bundled workflow interceptors export their spans through. */
  sinks: NonNullable<WorkerOptions['sinks']>;
  /** Opens a span per HTTP request, the parent of what the request does. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  shutdown(): Promise<void>;
}

let contextInstalled = false;

/** Context that follows async calls, and W3C trace context in Temporal headers: once per process. */
function installContext(): void {
  if (contextInstalled) return;
  contextInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Tracing for one system: to `exporter` when given (tests pass an in-memory one), else to OTLP
 * over HTTP when `enabled`, else nothing (the workflow sink is still there for the bundled
 * interceptors, and drops their spans).
 */
export function createTracing(options: { enabled: boolean; serviceName: string; exporter?: SpanExporter }): Tracing {
  const resource = new Resource({ 'service.name': options.serviceName });
  if (!options.enabled && !options.exporter) {
    return {
      clientInterceptors: [],
      workerInterceptors: {},
      sinks: { exporter: makeWorkflowExporter(new NoopSpanProcessor(), resource) },
      middleware: (_req, _res, next) => next(),
      shutdown: async () => undefined,
    };
  }
  installContext();
  const processor: SpanProcessor = new BatchSpanProcessor(options.exporter ?? new OTLPTraceExporter(), { scheduledDelayMillis: 500 });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer('trainflow');
  const interceptorOptions = { tracer };
  return {
    tracer,
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor(interceptorOptions)],
    workerInterceptors: {
      client: { workflow: [new OpenTelemetryWorkflowClientInterceptor(interceptorOptions)] },
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, interceptorOptions),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(processor, resource) },
    middleware(req, res, next) {
      const span = tracer.startSpan(`HTTP ${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } });
      res.once('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${req.route.path as string}` : undefined;
        if (route) span.updateName(`HTTP ${req.method} ${route}`);
        span.setAttributes({
          'http.route': route ?? 'unmatched',
          'http.response.status_code': res.statusCode,
          'trainflow.request_id': String(res.locals.requestId),
        });
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(context.active(), span), next);
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
}
