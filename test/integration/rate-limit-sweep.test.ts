/**
 * Expired rate-limit counters are deleted by the system's own sweep (the library's timer is off,
 * so nothing runs against a database a stopped process has closed), on a real database.
 */
import { sweepExpiredRateLimits } from '../../api/http/rate-limits';
import { createTestDatabase, type TestDatabase } from '../support/database';

const NOW = new Date('2027-03-01T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('rate-limit sweep', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it('deletes counters expired over an hour ago and keeps the rest', async () => {
    const { prisma } = database.db;
    await prisma.rateLimit.createMany({
      data: [
        { key: 'user:long-gone', points: 3, expire: minutesBefore(61) },
        { key: 'user:recent', points: 1, expire: minutesBefore(59) },
        { key: 'address:live', points: 2, expire: new Date(NOW.getTime() + 30_000) },
        { key: 'address:no-expiry', points: 1, expire: null },
      ],
    });
    expect(await sweepExpiredRateLimits(prisma, NOW)).toBe(1);
    const left = await prisma.rateLimit.findMany({ orderBy: { key: 'asc' } });
    expect(left.map((row) => row.key)).toEqual(['address:live', 'address:no-expiry', 'user:recent']);
  });
});
