/**
 * The reports' CSV files and the exports for people signed in to the pages (the dashboard's and
 * the lists' download links): the same services and scope as GET /api/reports/commissioning.csv,
 * /api/reports/accreditation.csv, /api/deadlines.csv and /api/exports/*.
 */
import { accreditationCsv, accreditationReport, commissioningCsv, commissioningReport, REPORT_ROLES } from '../../../api/services/reports';
import { exportDeadlinesCsv } from '../../../api/services/deadlines';
import { DeadlineExportQuery } from '../../../domain/deadlines';
import { ROLES } from '../../../domain/roles';
import { AccreditationReportQuery, CommissioningReportQuery } from '../../../domain/reports';
import type { z } from 'zod';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, EXPORTS, exportFile, type ExportSpec } from '../../../api/services/exports';
import { type AnyPage, definePage, file } from '../page';

const csvFile = ({ filename, csv }: { filename: string; csv: string }) =>
  file({ body: csv, contentType: 'text/csv; charset=utf-8', filename });

export const reportPages = [
  definePage({
    method: 'get',
    path: '/reports/commissioning.csv',
    summary: 'Download the commissioning funnel',
    policy: { roles: REPORT_ROLES.commissioning },
    query: CommissioningReportQuery,
    handler: async ({ user, query, deps }) => csvFile(commissioningCsv(await commissioningReport(deps, user!.actor, query))),
  }),
  definePage({
    method: 'get',
    path: '/reports/accreditation.csv',
    summary: 'Download the accreditation picture',
    policy: { roles: REPORT_ROLES.accreditation },
    query: AccreditationReportQuery,
    handler: async ({ user, query, deps }) => csvFile(accreditationCsv(await accreditationReport(deps, user!.actor, query))),
  }),
  definePage({
    method: 'get',
    path: '/reports/deadlines.csv',
    summary: 'Download deadlines',
    policy: { roles: ROLES },
    query: DeadlineExportQuery,
    handler: async ({ user, query, deps }) => csvFile(await exportDeadlinesCsv(deps, user!.actor, query, deps.now())),
  }),
  ...exportPagesOf(EXPORTS.eois),
  ...exportPagesOf(EXPORTS.spokeApplications),
  ...exportPagesOf(EXPORTS.auditEvents),
];

/** `/exports/<name>.csv` and `.xlsx`: an export streamed to the signed-in person, as the API streams it. */
function exportPagesOf<TQuery extends z.ZodType>(spec: ExportSpec<TQuery>): AnyPage[] {
  return EXPORT_FORMATS.map((format) =>
    definePage({
      method: 'get',
      path: `/exports/${spec.name}.${format}`,
      summary: `${spec.summary} as ${format.toUpperCase()}`,
      policy: { roles: spec.roles },
      query: spec.query,
      handler: async ({ user, query, deps }) => {
        const { filename, stream } = exportFile(deps, format, spec.source(deps, user!.actor, query as z.infer<TQuery>));
        return file({ body: stream, contentType: EXPORT_CONTENT_TYPES[format], filename });
      },
    }),
  );
}
