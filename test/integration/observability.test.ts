/**
 * Observability on real parts: GET /metrics in Prometheus' text format (HTTP durations by route
 * pattern and status, the outbox, the SDK runtime's workflow and activity metrics), and one
 * OpenTelemetry trace from an HTTP request through the workflow Update it makes to the
 * activities the workflow runs (an in-memory exporter in place of OTLP).
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { eventually } from '../support/eventually';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('metrics and traces', () => {
  const exporter = new InMemorySpanExporter();
  let system: TestSystem;
  let region: Region;
  let eoiId: string;

  beforeAll(async () => {
    system = await startTestSystem({}, { spanExporter: exporter });
    region = await createRegion(system);
    const submitted = await region.submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 }));
    expect(submitted.status).toBe(201);
    eoiId = submitted.body.id;
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('traces a review from the HTTP request through the workflow Update to its activities', async () => {
    exporter.reset();
    const reviewed = await region.reviewer.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'ok' });
    expect(reviewed.status).toBe(200);
    const requestId = reviewed.headers.get('x-request-id');

    const spans = await eventually(async () => {
      const finished = exporter.getFinishedSpans();
      const http = finished.find((s) => s.name === 'HTTP POST /api/eois/:id/review');
      expect(http).toBeDefined();
      const inTrace = finished.filter((s) => s.spanContext().traceId === http!.spanContext().traceId);
      expect(inTrace.some((s) => s.name.startsWith('RunActivity:'))).toBe(true);
      return { http: http!, inTrace };
    }, 'the spans of the review to be exported');

    const byId = new Map(spans.inTrace.map((s) => [s.spanContext().spanId, s]));
    const ancestry = (span: ReadableSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [...ancestry(parent), parent.name] : [];
    };
    const activity = spans.inTrace.find((s) => s.name.startsWith('RunActivity:'))!;
    const chain = ancestry(activity);
    expect(chain[0]).toBe('HTTP POST /api/eois/:id/review');
    expect(chain.some((name) => name.includes('Update'))).toBe(true);
    expect(spans.http.attributes).toMatchObject({ 'http.response.status_code': 200, 'trainflow.request_id': requestId });
  });

  it('serves Prometheus metrics: HTTP durations by route and status, the outbox, and the SDK runtime', async () => {
    await region.staff.api.get(`/api/eois/${eoiId}`);
    const response = await fetch(`${system.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^trainflow_http_request_duration_seconds_count\{method="GET",route="\/api\/eois\/:id",status="200"\} [1-9]/m);
    expect(text).toMatch(
      /^trainflow_http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/api\/eois",status="201"\} \d+/m,
    );
    expect(text).toMatch(/^trainflow_outbox_pending_emails \d+$/m);
    expect(text).toMatch(/^trainflow_outbox_oldest_pending_age_seconds \d+(\.\d+)?$/m);
    // From the SDK runtime's own exporter: the worker in this process ran workflow tasks.
    expect(text).toMatch(/^temporal_workflow_task_execution_latency\w*\{/m);
    expect(text).toMatch(/^temporal_activity_execution_latency\w*\{/m);
  });
});
