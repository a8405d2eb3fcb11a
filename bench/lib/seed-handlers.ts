/**
 * What the system child does for section 5 (bench/sections/pages.ts): writes rows the bench
 * planned (bench/lib/pages-region.ts) straight into the system's own database, and signs people
 * in the way the pages do (the app's Sessions.start), answering the cookie values.
 */
import { createSessions } from '../../api/auth/sessions';
import type { System } from '../../system/system';

/** The tables the bench may seed, in the order their rows are written. */
export const SEED_TABLES = [
  'university',
  'programme',
  'programmeUniversity',
  'intake',
  'organisation',
  'hub',
  'practice',
  'criteriaSet',
  'user',
  'apiToken',
  'eoi',
  'spokeApplication',
  'deadline',
  'auditEvent',
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

type CreateMany = { createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }> };

export function seedHandlers(system: System) {
  const prisma = system.db.prisma;
  const sessions = createSessions(prisma, system.config.sessionSettings);
  return {
    async seed(table: SeedTable, rows: Record<string, unknown>[]): Promise<number> {
      if (!(SEED_TABLES as readonly string[]).includes(table)) throw new Error(`not a seed table: ${table}`);
      const model = (prisma as unknown as Record<SeedTable, CreateMany>)[table];
      return (await model.createMany({ data: rows })).count;
    },
    async startSessions(userIds: string[]): Promise<string[]> {
      const values: string[] = [];
      for (const userId of userIds) values.push((await sessions.start({ userId, method: 'bench' })).cookieValue);
      return values;
    },
  };
}
