/**
 * Exports (`/api/exports/*`, docs/reports.md): EOIs with candidates, spoke applications with their
 * evidence, and the audit trail, as CSV or XLSX streamed as they are read. Each export is declared
 * once (EXPORTS, shared with the pages' download links) for both formats: same policy, filters and
 * errors. Declarations only: the work is in api/services/exports.ts.
 */
import { z } from 'zod';
import { type AnyRoute, defineRoute, type RouteResult } from '../http/route';
import {
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  EXPORTS,
  exportFile,
  type ExportFormat,
  type ExportSpec,
  type FileExport,
} from '../services/exports';

const tags = ['Exports'];

const ABOUT: Record<ExportFormat, string> = {
  csv:
    'As CSV: a header line first; a cell a spreadsheet would read as a formula (starting = + - @, tab or carriage return) ' +
    "is prefixed with '.",
  xlsx:
    'As an XLSX workbook of one sheet: the same header and rows as the CSV, the header bold and frozen; counts and ids ' +
    'are numbers, times and dates are dates (times in UTC); every other cell is text, never a formula, so nothing is prefixed.',
};

const responses = (format: ExportFormat, what: string) =>
  format === 'csv'
    ? { 200: { description: `${what} as CSV`, contentType: 'text/csv', schema: z.string() } }
    : {
        200: {
          description: `${what} as an XLSX workbook`,
          contentType: EXPORT_CONTENT_TYPES.xlsx,
          schema: z.string().meta({ format: 'binary' }),
        },
      };

const file = ({ filename, stream }: FileExport, contentType: string): RouteResult => ({
  status: 200,
  stream,
  contentType,
  headers: { 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
});

/** The CSV and the XLSX route of one export. */
function exportRoutesOf<TQuery extends z.ZodType>(spec: ExportSpec<TQuery>): AnyRoute[] {
  return EXPORT_FORMATS.map((format) =>
    defineRoute({
      method: 'get',
      path: `/api/exports/${spec.name}.${format}`,
      summary: `${spec.summary} as ${format.toUpperCase()}`,
      description: `${spec.description} ${ABOUT[format]} Streamed: the answer starts before every row is read.`,
      tags,
      policy: { roles: spec.roles },
      query: spec.query,
      responses: responses(format, spec.what),
      // The source refuses a role with no rows (its list's scope) before anything is sent.
      handler: async ({ actor, query, deps }) =>
        file(exportFile(deps, format, spec.source(deps, actor, query as z.infer<TQuery>)), EXPORT_CONTENT_TYPES[format]),
    }),
  );
}

export const exportRoutes = [
  ...exportRoutesOf(EXPORTS.eois),
  ...exportRoutesOf(EXPORTS.spokeApplications),
  ...exportRoutesOf(EXPORTS.auditEvents),
];
