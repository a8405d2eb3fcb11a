/**
 * The OpenAPI document served by the running API: valid OpenAPI 3.1 (checked by a maintained
 * validator, @seriousme/openapi-schema-validator, run as its own CLI because it is ESM-only), and
 * describing every route the server actually mounts: the declared list and Express's router stack.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openApiPath } from '../../api/http/openapi';
import { allRoutes } from '../../api/routes';
import { startTestSystem, type TestSystem } from '../support/system';

const VALIDATOR = path.resolve(__dirname, '../../node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

/** Pages about the document itself, mounted beside the API, not part of it. */
// Prometheus text for the scraper, not part of the JSON API.
const NOT_IN_DOCUMENT = new Set(['GET /openapi.json', 'GET /docs', 'GET /docs/', 'GET /docs/init.js', 'GET /metrics']);
/**
 * HTML pages for people and their assets (web/): not JSON, so not in the API's document. The API
 * is everything under /api and /calendar, and the probes; every other path is a page.
 */
const isPage = (route: string) => !/ \/(api\/|calendar\/|healthz$|readyz$)/.test(route);

async function validate(document: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [VALIDATOR, file]);
    return JSON.parse(stdout) as { valid: boolean };
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    return JSON.parse(stdout) as { valid: boolean; errors: unknown };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every "METHOD /path" Express would dispatch to a route handler, walking nested routers. */
function mountedRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all');
      return paths.flatMap((p) => methods.map((m) => `${m.toUpperCase()} ${p}`));
    }
    return layer.handle?.stack ? mountedRoutes(layer.handle.stack) : [];
  });
}

describe('the OpenAPI document', () => {
  let system: TestSystem;
  let document: any;

  beforeAll(async () => {
    system = await startTestSystem();
    const response = await system.as('').get('/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });

  afterAll(async () => {
    await system?.stop();
  });

  const documented = () =>
    new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([p, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`),
      ),
    );

  it('is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await validate(document);
    expect(result).toEqual({ valid: true });
  });

  it('would be caught if it were not (the validator really validates)', async () => {
    const broken = structuredClone(document);
    delete broken.info;
    broken.paths['/api/universities'].get.responses = 'none';
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });

  it('describes every declared route', () => {
    const missing = allRoutes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`).filter((r) => !documented().has(r));
    expect(missing).toEqual([]);
  });

  it("describes every route in Express's router stack of the running server", () => {
    const app = system.server!.listeners('request')[0] as unknown as { router: { stack: Layer[] } };
    const mounted = mountedRoutes(app.router.stack);
    // Sanity: the walk sees the declared routes, so an empty result cannot pass silently.
    expect(mounted).toEqual(expect.arrayContaining(['GET /api/universities', 'POST /api/users', 'GET /api/audit-events']));
    expect(mounted.length).toBeGreaterThanOrEqual(allRoutes.length);
    const missing = mounted
      .filter((r) => !NOT_IN_DOCUMENT.has(r) && !isPage(r))
      .map((r) => r.replace(/ (.*)$/, (_m, p: string) => ` ${openApiPath(p)}`))
      .filter((r) => !documented().has(r));
    expect(missing).toEqual([]);
  });

  it('states for each protected operation its roles, bearer security and the problem answers', () => {
    for (const route of allRoutes.filter((r) => 'roles' in r.policy)) {
      const operation = document.paths[openApiPath(route.path)][route.method];
      expect({ route: route.path, security: operation.security }).toEqual({ route: route.path, security: [{ bearerAuth: [] }] });
      expect(operation.description).toContain('Roles: ');
      for (const status of ['400', '401', '403', '429']) {
        expect(operation.responses[status]?.content?.['application/problem+json']).toBeDefined();
      }
    }
  });

  it('documents the request schemas the handlers validate with, unknown fields refused', () => {
    const schemas = document.components.schemas;
    for (const name of [
      'CreateOrganisation',
      'CreateProgramme',
      'CreateIntake',
      'CreateHub',
      'CreatePractice',
      'CreateCriteriaSet',
      'CreateUser',
    ]) {
      expect({ name, additionalProperties: schemas[name]?.additionalProperties }).toEqual({ name, additionalProperties: false });
    }
    const idempotencyHeader = expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]);
    expect(document.paths['/api/intakes'].post.parameters).toEqual(idempotencyHeader);
    // Process actions honour it too: a repeat after a lost answer reaches the same Temporal Update.
    for (const path of [
      '/api/eois/{id}/review',
      '/api/eois/{id}/candidates/{candidateId}/outcome',
      '/api/spoke-applications/{id}/approval',
    ]) {
      expect({ path, parameters: document.paths[path].post.parameters }).toEqual({ path, parameters: idempotencyHeader });
    }
    expect(document.paths['/api/intakes/{id}/funded-places'].put.parameters).toEqual(idempotencyHeader);
  });
});
