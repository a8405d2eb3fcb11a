/**
 * The authenticator reuses token lookups for a few seconds; these tests pin down what that may
 * and may not change: a wrong secret is still refused, a revocation made through forgetTokensOf
 * takes effect at once, and a revocation made elsewhere (another API process) is seen once the
 * shipped cache time has passed, and not later.
 */
import { createAuthenticator, TOKEN_CACHE_TTL_MS } from '../../api/auth/authenticate';
import { issueToken } from '../../api/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function userWithToken(userId: string) {
  const prisma = database.db.prisma;
  const issued = issueToken();
  await prisma.user.create({ data: { id: userId, name: 'Casey Staff', email: `${userId}@example.org`, role: 'hee_staff' } });
  await prisma.apiToken.create({ data: { id: issued.id, userId, secretHash: issued.secretHash } });
  return issued;
}

async function revokeInDatabase(userId: string) {
  await database.db.prisma.apiToken.updateMany({ where: { userId }, data: { revokedAt: new Date() } });
}

test('a cached token is still checked against its secret on every request', async () => {
  const issued = await userWithToken('u-cache-secret');
  const { authenticate } = createAuthenticator(database.db.prisma, 'admin-secret-for-this-test');
  expect(await authenticate(`Bearer ${issued.token}`)).toMatchObject({ userId: 'u-cache-secret', role: 'hee_staff' });
  const wrongSecret = `${issued.token.slice(0, -1)}${issued.token.endsWith('A') ? 'B' : 'A'}`;
  expect(await authenticate(`Bearer ${wrongSecret}`)).toBeUndefined();
  expect(await authenticate(`Bearer ${issued.token}`)).toMatchObject({ userId: 'u-cache-secret' });
});

test('forgetTokensOf makes a revocation effective at once, cached or not', async () => {
  const issued = await userWithToken('u-cache-revoke');
  const authenticator = createAuthenticator(database.db.prisma, 'admin-secret-for-this-test');
  expect(await authenticator.authenticate(`Bearer ${issued.token}`)).toBeDefined();

  await revokeInDatabase('u-cache-revoke');
  authenticator.forgetTokensOf('u-cache-revoke');

  expect(await authenticator.authenticate(`Bearer ${issued.token}`)).toBeUndefined();
});

test('without a cache, a revocation made elsewhere (another API replica) is seen on the next request', async () => {
  const issued = await userWithToken('u-cache-off');
  const { authenticate } = createAuthenticator(database.db.prisma, 'admin-secret-for-this-test', { cacheTtlMs: 0 });
  expect(await authenticate(`Bearer ${issued.token}`)).toBeDefined();
  await revokeInDatabase('u-cache-off');
  expect(await authenticate(`Bearer ${issued.token}`)).toBeUndefined();
});

test('with the shipped cache, a revocation made elsewhere is seen within TOKEN_CACHE_TTL_MS, and not before the cached lookup ends', async () => {
  const issued = await userWithToken('u-cache-default');
  let ms = 1_000_000;
  const { authenticate } = createAuthenticator(database.db.prisma, 'admin-secret-for-this-test', { cacheClock: () => ms });
  expect(TOKEN_CACHE_TTL_MS).toBe(5_000); // the figure README's "Guarantees" states
  expect(await authenticate(`Bearer ${issued.token}`)).toBeDefined();
  await revokeInDatabase('u-cache-default');
  // Another process revoked it: this one still holds the lookup it cached (the window README states)...
  ms += TOKEN_CACHE_TTL_MS - 1;
  expect(await authenticate(`Bearer ${issued.token}`)).toBeDefined();
  // ...and looks again once it is TOKEN_CACHE_TTL_MS old.
  ms += 1;
  expect(await authenticate(`Bearer ${issued.token}`)).toBeUndefined();
});

test('the actor handed to a request is a copy: changing it does not change the cached user', async () => {
  const issued = await userWithToken('u-cache-copy');
  const { authenticate } = createAuthenticator(database.db.prisma, 'admin-secret-for-this-test');
  const actor = await authenticate(`Bearer ${issued.token}`);
  (actor as { role: string }).role = 'admin';
  expect(await authenticate(`Bearer ${issued.token}`)).toMatchObject({ role: 'hee_staff' });
});
