/**
 * Which database errors are permanent (give up: the value will never be stored) and which a
 * retry heals, read from errors the real database raises (PGlite, or PostgreSQL when
 * DATABASE_URL is set: the two drivers shape the same error differently).
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { refuseUnstorableValues } from '../../activities/refuse-unstorable';
import { isPermanentDataError, isUniqueViolation, sqlState } from '../../db/errors';
import { REJECTION_TYPE } from '../../domain/rejection';
import { createTestDatabase, type TestDatabase } from '../support/database';

const id = () => `t_${randomBytes(6).toString('hex')}`;

async function errorOf(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse the write');
}

describe('database errors: permanent data errors against those a retry heals', () => {
  let database: TestDatabase;
  const prisma = () => database.db.prisma;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it.each([
    ['a NUL in a text column', '22021', () => prisma().university.create({ data: { id: id(), name: 'a\u0000b' } })],
    ['a NUL in an array of text', '22021', () => prisma().hub.create({ data: { id: id(), name: 'Hub', areas: ['a\u0000'] } })],
    [
      'a NUL in JSON',
      '22P05',
      () => prisma().criteriaSet.create({ data: { id: id(), hubId: id(), name: 'x', version: 1, criteria: { text: 'a\u0000b' } } }),
    ],
    [
      'an integer beyond 32 bits',
      '22003',
      () => prisma().hub.create({ data: { id: id(), name: 'Hub', areas: [], accreditationValidityMonths: 2 ** 40 } }),
    ],
  ])('%s is permanent (SQLSTATE %s)', async (_what, expectedState, write) => {
    const error = await errorOf(write);
    expect(sqlState(error)).toBe(expectedState);
    expect(isPermanentDataError(error)).toBe(true);
  });

  it.each([
    ['an invalid Date', () => prisma().intake.findMany({ where: { eoiOpensAt: new Date('not a date') } })],
    ['a lone UTF-16 surrogate', () => prisma().university.create({ data: { id: id(), name: 'a\ud800b' } })],
    ['a date beyond year 9999', () => prisma().intake.findMany({ where: { eoiOpensAt: new Date(8.64e15) } })],
  ])('%s, refused by Prisma before it reaches the database, is permanent', async (_what, write) => {
    expect(isPermanentDataError(await errorOf(write))).toBe(true);
  });

  it('a lost race on a unique key is not permanent: a retry finds the other writer’s row', async () => {
    const uid = id();
    await prisma().university.create({ data: { id: uid, name: 'First' } });
    const error = await errorOf(() => prisma().university.create({ data: { id: uid, name: 'Second' } }));
    expect(isUniqueViolation(error)).toBe(true);
    expect(isPermanentDataError(error)).toBe(false);
  });

  describe('activities wrapped by refuseUnstorableValues', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const activities = refuseUnstorableValues(
      {
        saveName: async (name: string) => prisma().university.create({ data: { id: id(), name } }),
        failsForNow: async () => {
          throw new Error('connection reset');
        },
      },
      logger,
    );

    it('fail a permanent data error as a non-retryable rejection, and log it', async () => {
      const failure = (await errorOf(() => activities.saveName('a\u0000b'))) as Record<string, unknown>;
      expect(failure).toMatchObject({ name: 'ApplicationFailure', type: REJECTION_TYPE, nonRetryable: true });
      expect((failure.details as unknown[])[0]).toMatchObject({ status: 400 });
      expect(lines).toEqual([expect.objectContaining({ sqlState: '22021', msg: expect.stringContaining('not retrying') })]);
    });

    it('rethrow any other error unchanged, so Temporal retries it', async () => {
      const error = (await errorOf(() => activities.failsForNow())) as Error;
      expect(error.name).toBe('Error');
      expect(error.message).toBe('connection reset');
      await expect(activities.saveName('Plain name')).resolves.toMatchObject({ name: 'Plain name' });
    });
  });
});
