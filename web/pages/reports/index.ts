/**
 * The reports' CSV files for people signed in to the pages (the dashboard's download links): the
 * same services and scope as GET /api/reports/commissioning.csv, /api/reports/accreditation.csv and
 * /api/deadlines.csv.
 */
import { accreditationCsv, accreditationReport, commissioningCsv, commissioningReport, REPORT_ROLES } from '../../../api/services/reports';
import { exportDeadlinesCsv } from '../../../api/services/deadlines';
import { DeadlineExportQuery } from '../../../domain/deadlines';
import { ROLES } from '../../../domain/roles';
import { AccreditationReportQuery, CommissioningReportQuery } from '../../../domain/reports';
import { definePage, file } from '../page';

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
];
