/**
 * Exports (`/api/exports/*`, docs/reports.md): EOIs with candidates, spoke applications with their
 * evidence, and the audit trail, as CSV streamed as it is read. Declarations only: the work is in
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
import { defineRoute, type RouteResult } from '../http/route';
import { type CsvExport, exportAuditEvents, exportEois, exportSpokeApplications } from '../services/exports';

const tags = ['Exports'];

const SAFE =
  'A header line first; a cell a spreadsheet would read as a formula (starting = + - @, tab or carriage return) is ' +
  "prefixed with '. Streamed: the answer starts before every row is read.";

const csvFile = ({ filename, stream }: CsvExport): RouteResult => ({
  status: 200,
  stream,
  contentType: 'text/csv; charset=utf-8',
  headers: { 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
});

const csvResponse = (what: string) => ({ 200: { description: `${what} as CSV`, contentType: 'text/csv', schema: z.string() } });

export const exportRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/exports/eois.csv',
    summary: 'Export EOIs with their candidates as CSV',
    description:
      `One row per candidate (an EOI with none: one row, the candidate cells empty). Columns: ${EOI_EXPORT_COLUMNS.join(', ')}. ` +
      `The EOIs GET /api/eois would list with the same filters, in the caller's scope. ${SAFE}`,
    tags,
    policy: { roles: ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'] },
    query: EoiExportQuery,
    responses: csvResponse('The EOIs'),
    handler: async ({ actor, query, deps }) => csvFile(exportEois(deps, actor, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/exports/spoke-applications.csv',
    summary: 'Export spoke applications with their evidence as CSV',
    description:
      `One row per evidence item of the current cycle. Columns: ${SPOKE_EXPORT_COLUMNS.join(', ')}. ` +
      `The applications GET /api/spoke-applications would list with the same filters, in the caller's scope. ${SAFE}`,
    tags,
    policy: { roles: ['admin', 'hee_staff', 'hub_lead', 'practice_manager'] },
    query: SpokeExportQuery,
    responses: csvResponse('The applications'),
    handler: async ({ actor, query, deps }) => csvFile(exportSpokeApplications(deps, actor, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/exports/audit-events.csv',
    summary: 'Export the audit trail as CSV',
    description:
      `Oldest first. Columns: ${AUDIT_EXPORT_COLUMNS.join(', ')} (before and after as JSON). Filters: subjectId, subjectType, ` +
      `actorId, actorRole, action, from/to (London dates, inclusive). ${SAFE}`,
    tags,
    policy: { roles: ['admin', 'hee_staff'] },
    query: AuditExportQuery,
    responses: csvResponse('The audit events'),
    handler: async ({ query, deps, actor }) => csvFile(exportAuditEvents(deps, actor, query)),
  }),
];
