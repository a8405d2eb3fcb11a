/**
 * Exports (`/api/exports/*`, docs/reports.md): EOIs with candidates, spoke applications with their
 * evidence, and the audit trail, as CSV or XLSX streamed as they are read. Each export is declared
 * once for both formats (same policy, filters and errors). Declarations only: the work is in
 * api/services/exports.ts.
 */
import { z } from 'zod';
import {
  AUDIT_EXPORT_COLUMNS,
  AuditExportQuery,
  EOI_EXPORT_COLUMNS,
  EoiExportQuery,
  SPOKE_EXPORT_COLUMNS,
  SpokeExportQuery,
} from '../../domain/exports';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { type AnyRoute, defineRoute, type Policy, type RouteResult } from '../http/route';
import {
  asCsv,
  asXlsx,
  auditEventExport,
  eoiExport,
  type ExportSource,
  type FileExport,
  spokeApplicationExport,
} from '../services/exports';

const tags = ['Exports'];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMATS = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    write: asCsv,
    about:
      'As CSV: a header line first; a cell a spreadsheet would read as a formula (starting = + - @, tab or carriage return) ' +
      "is prefixed with '.",
    response: (what: string) => ({ 200: { description: `${what} as CSV`, contentType: 'text/csv', schema: z.string() } }),
  },
  xlsx: {
    contentType: XLSX,
    write: asXlsx,
    about:
      'As an XLSX workbook of one sheet: the same header and rows as the CSV, the header bold and frozen; counts and ids ' +
      'are numbers, times and dates are dates (times in UTC); every other cell is text, never a formula, so nothing is prefixed.',
    response: (what: string) => ({
      200: { description: `${what} as an XLSX workbook`, contentType: XLSX, schema: z.string().meta({ format: 'binary' }) },
    }),
  },
} as const;

const file = ({ filename, stream }: FileExport, contentType: string): RouteResult => ({
  status: 200,
  stream,
  contentType,
  headers: { 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
});

/** The CSV and the XLSX route of one export. */
function exportRoutesOf<TQuery extends z.ZodType>(spec: {
  path: string;
  summary: string;
  description: string;
  what: string;
  policy: Policy;
  query: TQuery;
  source(deps: ApiDeps, actor: Actor, query: z.infer<TQuery>): ExportSource;
}): AnyRoute[] {
  return (['csv', 'xlsx'] as const).map((format) => {
    const { contentType, write, about, response } = FORMATS[format];
    return defineRoute({
      method: 'get',
      path: `${spec.path}.${format}`,
      summary: `${spec.summary} as ${format.toUpperCase()}`,
      description: `${spec.description} ${about} Streamed: the answer starts before every row is read.`,
      tags,
      policy: spec.policy,
      query: spec.query,
      responses: response(spec.what),
      // The source refuses a role with no rows (its list's scope) before anything is sent.
      handler: async ({ actor, query, deps }) => file(write(deps, spec.source(deps, actor, query as z.infer<TQuery>)), contentType),
    });
  });
}

export const exportRoutes = [
  ...exportRoutesOf({
    path: '/api/exports/eois',
    summary: 'Export EOIs with their candidates',
    description:
      `One row per candidate (an EOI with none: one row, the candidate cells empty). Columns: ${EOI_EXPORT_COLUMNS.join(', ')}. ` +
      `The EOIs GET /api/eois would list with the same filters, in the caller's scope.`,
    what: 'The EOIs',
    policy: { roles: ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'] },
    query: EoiExportQuery,
    source: eoiExport,
  }),
  ...exportRoutesOf({
    path: '/api/exports/spoke-applications',
    summary: 'Export spoke applications with their evidence',
    description:
      `One row per evidence item of the current cycle. Columns: ${SPOKE_EXPORT_COLUMNS.join(', ')}. ` +
      `The applications GET /api/spoke-applications would list with the same filters, in the caller's scope.`,
    what: 'The applications',
    policy: { roles: ['admin', 'hee_staff', 'hub_lead', 'practice_manager'] },
    query: SpokeExportQuery,
    source: spokeApplicationExport,
  }),
  ...exportRoutesOf({
    path: '/api/exports/audit-events',
    summary: 'Export the audit trail',
    description:
      `Oldest first. Columns: ${AUDIT_EXPORT_COLUMNS.join(', ')} (before and after as JSON). Filters: subjectId, subjectType, ` +
      `actorId, actorRole, action, from/to (London dates, inclusive).`,
    what: 'The audit events',
    policy: { roles: ['admin', 'hee_staff'] },
    query: AuditExportQuery,
    source: auditEventExport,
  }),
];
