import { randomBytes } from 'node:crypto';
import { idFromIdempotencyKey } from '../http/idempotency';

/** A new id with a readable prefix; derived from the Idempotency-Key when the request has one. */
export function newId(prefix: string, keyed?: { userId: string; idempotencyKey?: string }): string {
  const body = keyed?.idempotencyKey
    ? idFromIdempotencyKey(keyed.userId, keyed.idempotencyKey, prefix)
    : randomBytes(16).toString('base64url').slice(0, 22);
  return `${prefix}_${body}`;
}
