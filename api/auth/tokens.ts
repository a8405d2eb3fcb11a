import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer token is "tf_<id>.<secret>": the id finds the row, the secret is compared by hash. */
export interface IssuedToken {
  id: string;
  secretHash: string;
  token: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueToken(prefix = 'tf'): IssuedToken {
  const id = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, secretHash: hashSecret(secret), token: `${prefix}_${id}.${secret}` };
}

export function parseToken(token: string, prefix = 'tf'): { id: string; secret: string } | undefined {
  const match = new RegExp(`^${prefix}_([A-Za-z0-9_-]{16})\\.([A-Za-z0-9_-]{43})$`).exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Constant-time comparison of two secrets of any length (both are hashed first). */
export function secretsMatch(presented: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
