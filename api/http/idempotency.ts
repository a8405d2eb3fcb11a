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
 * Runs a creating request at most once per (user, key). The same key and body replay the
 * stored response; a different body is a 409. A request whose first attempt never finished
 * (the API crashed) runs again: creating handlers derive their ids from the key, so the second
 * run reaches the resource the first one started.
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
