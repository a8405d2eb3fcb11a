/**
 * The rate limits hold across API processes: two API processes (`TRAINFLOW_ROLE=api`) on one
 * PostgreSQL database count a user's requests, and an address's refused requests, together.
 */
import { ApiClient } from '../support/api-client';
import { startTestSystem, type TestSystem } from '../support/system';
import { startTrainflowProcess, type TrainflowProcess } from '../support/trainflow-process';

const PER_USER = 6;
const PER_ADDRESS = 4;
const ADMIN_TOKEN = 'shared-limits-admin-token-0123456789abcdef';

describe('rate limits shared by two API processes on PostgreSQL', () => {
  let system: TestSystem;
  const apis: TrainflowProcess[] = [];

  beforeAll(async () => {
    system = await startTestSystem({}, { role: 'worker' });
    for (let i = 0; i < 2; i++) {
      apis.push(
        await startTrainflowProcess({
          role: 'api',
          databaseUrl: system.database.location.databaseUrl!,
          temporalAddress: system.temporalAddress,
          taskQueue: system.config.taskQueue,
          adminToken: ADMIN_TOKEN,
          env: { RATE_LIMIT_PER_MINUTE: String(PER_USER), RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS) },
        }),
      );
    }
  }, 180_000);

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await system?.stop();
  });

  it('counts one user’s requests to either process against one budget', async () => {
    const admin = new ApiClient(apis[0]!.url!, ADMIN_TOKEN);
    const created = await admin.post('/api/users', { name: 'Erin', email: 'erin@hee.nhs.uk', role: 'hee_staff' });
    expect(created.status).toBe(201);
    const [a, b] = apis.map((api) => new ApiClient(api.url!, created.body.token as string));
    const statuses: number[] = [];
    for (let i = 0; i < PER_USER / 2; i++) {
      statuses.push((await a!.get('/api/me')).status, (await b!.get('/api/me')).status);
    }
    expect(statuses).toEqual(Array(PER_USER).fill(200));
    expect((await a!.get('/api/me')).status).toBe(429);
    expect((await b!.get('/api/me')).status).toBe(429);
  });

  it('counts an address’s refused requests to either process together', async () => {
    const [a, b] = apis.map((api) => new ApiClient(api.url!));
    for (let i = 0; i < PER_ADDRESS / 2; i++) {
      expect((await a!.get('/api/me', { authorization: `Bearer tf_guess${i}.x` })).status).toBe(401);
      expect((await b!.get('/api/me', { authorization: `Bearer tf_other${i}.x` })).status).toBe(401);
    }
    const limited = await a!.get('/api/me', { authorization: 'Bearer tf_next.x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
