/**
 * Rate limits that cannot be side-stepped: the per-user limit is keyed on the authenticated user
 * (any spelling of "Bearer", any of the user's tokens), and refused requests (no or a bad
 * credential, calendar feed URLs that name no feed) are limited per address, before the
 * credential is even looked up. Over a limit: 429 problem+json with Retry-After.
 */
import { ApiClient } from '../support/api-client';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

const PER_USER = 5;
const PER_ADDRESS = 4;

function expectLimited(response: { status: number; headers: Headers; body: unknown }) {
  expectProblem(response as never, 429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('rate limits per user', () => {
  let system: TestSystem;
  let alice: RegionUser;
  let bob: RegionUser;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: PER_USER, rateLimitPerAddressPerMinute: 1_000 });
    alice = await createUser(system, { name: 'Alice', email: 'alice@hee.nhs.uk', role: 'hee_staff' });
    bob = await createUser(system, { name: 'Bob', email: 'bob@hee.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('counts every spelling of the scheme and every token of a user against one budget', async () => {
    const second = (await system.admin.post(`/api/users/${alice.id}/tokens`)).body.token as string;
    const spellings = [`Bearer ${alice.token}`, `bearer ${alice.token}`, `BEARER ${alice.token}`, `bEaReR ${second}`, `Bearer ${second}`];
    const client = new ApiClient(system.baseUrl);
    for (const authorization of spellings) expect((await client.get('/api/me', { authorization })).status).toBe(200);

    const limited = await client.get('/api/me', { authorization: `BeArEr ${second}` });
    expectLimited(limited);
    expect(limited.body.detail).toMatch(/user/);
    expect(limited.headers.get('ratelimit-policy')).toContain(`q=${PER_USER}`);
    expect((await alice.api.get('/api/universities')).status).toBe(429);

    // Another user is not affected.
    expect((await bob.api.get('/api/me')).status).toBe(200);
  });
});

describe('rate limits per address on refused requests', () => {
  let system: TestSystem;
  let carol: RegionUser;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 1_000, rateLimitPerAddressPerMinute: PER_ADDRESS });
    carol = await createUser(system, { name: 'Carol', email: 'carol@hee.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('limits a stream of bad tokens from one address, and counts no accepted request', async () => {
    // Accepted requests from the address are not counted.
    for (let i = 0; i < PER_ADDRESS * 2; i++) expect((await carol.api.get('/api/me')).status).toBe(200);

    const client = new ApiClient(system.baseUrl);
    const attempts = ['Bearer tf_x.y', 'bearer tf_a.b', 'BEARER nonsense', 'Basic dXNlcjpwdw=='];
    for (const authorization of attempts) expect((await client.get('/api/me', { authorization })).status).toBe(401);

    expectLimited(await client.get('/api/me', { authorization: 'Bearer tf_next.guess' }));
    expectLimited(await client.get('/api/me'));
    // The limit is per address: every request from it is refused for the rest of the window.
    expectLimited(await carol.api.get('/api/me'));
  });
});

describe('rate limits per address on calendar feeds', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 1_000, rateLimitPerAddressPerMinute: PER_ADDRESS });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('limits guessing feed URLs, and answers as problem+json', async () => {
    const user = await createUser(system, { name: 'Dee', email: 'dee@hee.nhs.uk', role: 'hee_staff' });
    const feed = (await user.api.post('/api/me/calendar-token')).body as { url: string };
    const path = new URL(feed.url).pathname;
    const client = new ApiClient(system.baseUrl);
    // The real feed answers, and is not counted.
    for (let i = 0; i < PER_ADDRESS * 2; i++) expect((await client.get(path)).status).toBe(200);

    for (let i = 0; i < PER_ADDRESS; i++) expect((await client.get(`/calendar/tfcal_guess${i}.secret.ics`)).status).toBe(404);
    expectLimited(await client.get('/calendar/tfcal_guess9.secret.ics'));
  });
});
