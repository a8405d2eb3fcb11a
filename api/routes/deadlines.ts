/**
 * Deadlines (`/api/deadlines`, `/api/deadlines.csv`): every waiting step of both processes, read
 * from the Deadline table the workflows keep in the same transaction as their read models, so it
 * moves with them. Status is computed against now; every role sees only its scope.
 */
import { z } from 'zod';
import { CSV_COLUMNS, CSV_MAX_ROWS, DeadlineExportQuery, DeadlineItemSchema, DeadlineListQuery } from '../../domain/deadlines';
import { pageOf } from '../../domain/reference-data';
import { ROLES } from '../../domain/roles';
import { defineRoute, ok } from '../http/route';
import { exportDeadlinesCsv, listDeadlines } from '../services/deadlines';

const tags = ['Deadlines'];

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
      const { limit, cursor, ...filters } = query;
      return ok(await listDeadlines(deps, actor, filters, { limit, cursor }, deps.now()));
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
      const { csv, filename, truncated } = await exportDeadlinesCsv(deps, actor, query, deps.now());
      return {
        status: 200,
        body: csv,
        contentType: 'text/csv; charset=utf-8',
        headers: {
          'Content-Disposition': `attachment; filename="${filename}"`,
          'Cache-Control': 'no-store',
          ...(truncated ? { 'X-Truncated': 'true' } : {}),
        },
      };
    },
  }),
];
