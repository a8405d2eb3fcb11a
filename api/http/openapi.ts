import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { type AnyRoute, isPublic, rolesOf } from './route';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** A route's files as OpenAPI describes a multipart body: one or more binary parts named `field`. */
const uploadSchema = (field: string) =>
  z.object({
    [field]: z
      .array(z.string().meta({ format: 'binary' }))
      .min(1)
      .meta({ description: 'The files, one part each' }),
  });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** Express ":id" to OpenAPI "{id}". */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\\.[a-z]+)?/g, (_m, name: string) => `{${name}}`);
}

/** The OpenAPI 3.1 document, generated from the very route declarations the router mounts. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], info: { version: string; serverUrl?: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: spec.schema } } }
        : { description: spec.description };
    }
    responses['400'] ??= problem('Invalid request: the errors name each field');
    if (!isPublic(route.policy)) {
      responses['401'] ??= problem('No or invalid bearer token');
      responses['403'] ??= problem('Outside your role or scope');
      responses['429'] ??= problem('Rate limited');
    }
    if (route.body) {
      responses['413'] ??= problem('Body over 100 kB');
      responses['415'] ??= problem('Body is not JSON');
    }
    if (route.path.includes(':')) responses['404'] ??= problem('Unknown id, or outside your scope');
    const headers = route.idempotent
      ? z.object({
          [IDEMPOTENCY_HEADER]: z
            .string()
            .max(200)
            .optional()
            .meta({
              description:
                'Makes a retry safe: the same key and body answer with the first response (a creation reaches the same ' +
                'resource, an action is taken once); the same key with a different body is a 409',
            }),
        })
      : undefined;
    registry.registerPath({
      method: route.method,
      path: openApiPath(route.path),
      summary: route.summary,
      description: isPublic(route.policy)
        ? [route.description, `Public: ${route.policy.public}`].filter(Boolean).join('\n\n')
        : [route.description, `Roles: ${rolesOf(route.policy)?.join(', ')}`].filter(Boolean).join('\n\n'),
      tags: route.tags,
      security: isPublic(route.policy) ? [] : [{ bearerAuth: [] }],
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(headers ? { headers } : {}),
        ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
        ...(route.upload
          ? { body: { required: true, content: { 'multipart/form-data': { schema: uploadSchema(route.upload.field) } } } }
          : {}),
      },
      responses: responses as never,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Trainflow API',
      version: info.version,
      description: 'Commissioning and spoke accreditation processes for health-education training, run as durable Temporal workflows.',
    },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
  });
}
