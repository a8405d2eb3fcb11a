/**
 * The codec server (Temporal's remote codec protocol): the Temporal UI and the `temporal` CLI
 * send it a workflow's encrypted payloads and show what comes back, so an operator with access
 * can read a history the Temporal server itself stores sealed (temporal/payload-encryption.ts).
 * Endpoint: PUBLIC_URL/api/codec (the UI and CLI append /decode and /encode); regional staff and
 * admins only. The UI calls it from the browser: CODEC_CORS_ORIGIN names the UI's origin.
 */
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { invalidField, notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import type { ApiDeps } from '../deps';

const JsonPayload = z.strictObject({
  metadata: z.record(z.string().max(256), z.string().max(100_000)).optional(),
  data: z.string().max(100_000).optional(),
});
const Payloads = z.strictObject({ payloads: z.array(JsonPayload).max(100) }).meta({ id: 'CodecPayloads' });
type JsonPayload = z.infer<typeof JsonPayload>;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

async function transform(deps: ApiDeps, direction: 'encode' | 'decode', payloads: JsonPayload[]) {
  const codec = deps.payloadCodec;
  if (!codec) throw notFound('Payload encryption (PAYLOAD_ENCRYPTION_KEYS is not set)');
  const out: JsonPayload[] = [];
  for (const [index, payload] of payloads.entries()) {
    try {
      const [result] = await codec[direction]([fromJson(payload)]);
      out.push(toJson(result!));
    } catch (error) {
      throw invalidField(`payloads.${index}`, `could not be ${direction}d: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { status: 200, body: { payloads: out } };
}

export const codecRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/codec/decode',
    summary: 'Decrypt workflow payloads (codec server)',
    description: "Temporal's remote codec protocol, for the Temporal UI and `temporal --codec-endpoint`.",
    tags: ['Administration'],
    policy: { roles: ['admin', 'hee_staff'] },
    body: Payloads,
    responses: { 200: { description: 'The payloads, decrypted', schema: Payloads } },
    handler: ({ body, deps }) => transform(deps, 'decode', body.payloads),
  }),
  defineRoute({
    method: 'post',
    path: '/api/codec/encode',
    summary: 'Encrypt workflow payloads (codec server)',
    description: "Temporal's remote codec protocol, for the Temporal UI and `temporal --codec-endpoint`.",
    tags: ['Administration'],
    policy: { roles: ['admin', 'hee_staff'] },
    body: Payloads,
    responses: { 200: { description: 'The payloads, encrypted with the current key', schema: Payloads } },
    handler: ({ body, deps }) => transform(deps, 'encode', body.payloads),
  }),
];
