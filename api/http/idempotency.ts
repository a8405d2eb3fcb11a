import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../db/database';
import { conflict, invalidField } from './problem';
import type { RouteResult } from './route';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function validateIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(key)) {
    throw invalidField('headers.Idempotency-Key', 'must be 1-200 characters of letters, digits, _ . : -');
  }
  return key;
}

function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, body ?? null]))
    .digest('hex');
}

/** A stable id for the resource a keyed request creates, so a retry reaches the same one. */
export function idFromIdempotencyKey(userId: string, key: string, kind: string): string {
  return createHash('sha256').update(`${kind}\n${userId}\n${key}`).digest('base64url').slice(0, 22);
}

/**
 * The Temporal update id of a keyed process action: derived from the caller, the key and the
 * request (method, path with the resource id and action, body). Temporal runs an update once per
 * id in a workflow run and answers a repeat with the first outcome, so a retry whose first
 * answer was lost (a 503 after the transition was made, a dropped connection) gets that answer
 * instead of a conflict with the state the first attempt left. A different body is a different update.
 */
export function updateIdFromIdempotencyKey(userId: string, key: string, request: { method: string; path: string; body: unknown }): string {
  return `idem-${idFromIdempotencyKey(userId, key, `update ${requestHash(request.method, request.path, request.body)}`)}`;
}

/**
 * Runs a creating request or a process action at most once per (user, key). The same key and body replay the
 * stored response; a different body is a 409. A request whose first attempt never finished
 * (the API crashed) runs again: creating handlers derive their ids from the key, so the second
 * run reaches the resource the first one started, and process actions send their Temporal update
 * with an id derived from the key (updateIdFromIdempotencyKey), so the second run gets the first
 * run's outcome. That is why a failure forgets the key rather than remembering it: the repeat
 * must reach the same update again.
 */
export async function withIdempotency(
  prisma: PrismaClient,
  userId: string,
  key: string,
  request: { method: string; path: string; body: unknown },
  run: () => Promise<RouteResult>,
): Promise<RouteResult & { replayed?: boolean }> {
  const hash = requestHash(request.method, request.path, request.body);
  const existing = await prisma.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
  if (existing) {
    if (existing.requestHash !== hash) {
      throw conflict('This Idempotency-Key was already used with a different request', undefined, [
        { path: 'headers.Idempotency-Key', message: 'already used with a different request' },
      ]);
    }
    if (existing.responseStatus !== null) {
      return { status: existing.responseStatus, body: existing.responseBody ?? undefined, replayed: true };
    }
  } else {
    await prisma.idempotencyRecord.create({ data: { userId, key, requestHash: hash } }).catch(async (error: unknown) => {
      // A concurrent first attempt won the insert: fall through and run (ids are derived from the key).
      const raced = await prisma.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
      if (!raced) throw error;
      if (raced.requestHash !== hash) throw conflict('This Idempotency-Key was already used with a different request');
    });
  }
  let result: RouteResult;
  try {
    result = await run();
  } catch (error) {
    await forget(prisma, userId, key);
    throw error;
  }
  if (result.status >= 200 && result.status < 300) {
    await prisma.idempotencyRecord.update({
      where: { userId_key: { userId, key } },
      data: { responseStatus: result.status, responseBody: (result.body ?? null) as never },
    });
  } else {
    // Only successes are remembered: a refused request changed nothing and may be corrected and retried.
    await forget(prisma, userId, key);
  }
  return result;
}

async function forget(prisma: PrismaClient, userId: string, key: string): Promise<void> {
  await prisma.idempotencyRecord.deleteMany({ where: { userId, key, responseStatus: null } });
}
