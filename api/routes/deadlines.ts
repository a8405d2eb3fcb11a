/**
 * Deadlines (`/api/deadlines`, `/api/deadlines.csv`): every waiting step of both processes, read
 * from the Deadline table the workflows keep in the same transaction as their read models, so it
 * moves with them. Status is computed against now; every role sees only its scope.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Prisma, PrismaClient } from '../../db/database';
import {
  CSV_COLUMNS,
  CSV_MAX_ROWS,
  csvFilename,
  csvRecord,
  DeadlineExportQuery,
  DeadlineItemSchema,
  DeadlineListQuery,
  type DeadlineRow,
  deadlineWhere,
  toDeadlineItem,
} from '../../domain/deadlines';
import { pageOf } from '../../domain/reference-data';
import { ROLES } from '../../domain/roles';
import { defineRoute, ok } from '../http/route';
import { afterCursor, pageOrderBy, toPage } from './pagination';

const tags = ['Deadlines'];

/** The deadlines matching a where, soonest first. */
export async function findDeadlines(prisma: PrismaClient, where: Prisma.DeadlineWhereInput, take: number): Promise<DeadlineRow[]> {
  return prisma.deadline.findMany({ where, orderBy: pageOrderBy('dueAt'), take });
}

/** Organisation names for EOIs and practice names for spoke applications, by subject id. */
export async function subjectNames(prisma: PrismaClient, rows: readonly DeadlineRow[]): Promise<Record<string, string>> {
  const organisationIds = [...new Set(rows.flatMap((r) => (r.subjectType === 'eoi' && r.organisationId ? [r.organisationId] : [])))];
  const practiceIds = [...new Set(rows.flatMap((r) => (r.subjectType !== 'eoi' && r.practiceId ? [r.practiceId] : [])))];
  const [organisations, practices] = await Promise.all([
    organisationIds.length
      ? prisma.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true } })
      : [],
    practiceIds.length ? prisma.practice.findMany({ where: { id: { in: practiceIds } }, select: { id: true, name: true } }) : [],
  ]);
  const byId = new Map([...organisations, ...practices].map((r) => [r.id, r.name]));
  const names: Record<string, string> = {};
  for (const row of rows) {
    const name = byId.get((row.subjectType === 'eoi' ? row.organisationId : row.practiceId) ?? '');
    if (name) names[row.subjectId] = name;
  }
  return names;
}

const FILTERS_DESCRIPTION =
  'Every role sees only its scope (an organisation its EOIs, a university the EOIs addressed to it, a hub lead its hub’s ' +
  'spoke applications, a practice manager its practice’s; HEE staff and admins everything), and the scope always wins over ' +
  'a filter naming someone else. status is computed against now: overdue once the due time has passed. within (an ISO 8601 ' +
  'duration, at most P5Y) keeps deadlines due before now + within, overdue ones included.';

export const deadlineRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/deadlines',
    summary: 'List deadlines due or overdue',
    description: `Every waiting step of both processes with who must act and by when, soonest first. ${FILTERS_DESCRIPTION}`,
    tags,
    policy: { roles: ROLES },
    query: DeadlineListQuery,
    responses: { 200: { description: 'A page of deadlines, soonest first', schema: pageOf(DeadlineItemSchema, 'DeadlinePage') } },
    async handler({ actor, query, deps }) {
      const now = new Date();
      const { limit, cursor, ...filters } = query;
      const where = deadlineWhere(actor, filters, now);
      const rows = await findDeadlines(deps.db.prisma, { AND: [...where.AND, afterCursor(cursor, 'dueAt')] }, limit + 1);
      return ok(toPage(rows, limit, (row) => toDeadlineItem(row, now), 'dueAt'));
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/deadlines.csv',
    summary: 'Export deadlines as CSV',
    description:
      `The deadline list for spreadsheets: columns ${CSV_COLUMNS.join(', ')}, soonest first, at most ${CSV_MAX_ROWS} rows ` +
      `(the header X-Truncated: true says there were more). Cells a spreadsheet would read as a formula are prefixed with '. ` +
      FILTERS_DESCRIPTION,
    tags,
    policy: { roles: ROLES },
    query: DeadlineExportQuery,
    responses: { 200: { description: 'The deadlines as CSV', contentType: 'text/csv', schema: z.string() } },
    async handler({ actor, query, deps }) {
      const now = new Date();
      const rows = await findDeadlines(deps.db.prisma, deadlineWhere(actor, query, now), CSV_MAX_ROWS + 1);
      const records = rows.slice(0, CSV_MAX_ROWS).map((row) => csvRecord(toDeadlineItem(row, now)));
      const csv = stringify(records, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
      return {
        status: 200,
        body: csv,
        contentType: 'text/csv; charset=utf-8',
        headers: {
          'Content-Disposition': `attachment; filename="${csvFilename(now)}"`,
          'Cache-Control': 'no-store',
          ...(rows.length > CSV_MAX_ROWS ? { 'X-Truncated': 'true' } : {}),
        },
      };
    },
  }),
];
