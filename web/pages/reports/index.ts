/**
 * The reports' CSV files for people signed in to the pages (the dashboard's download links): the
 * same services and scope as GET /api/reports/commissioning.csv and /api/reports/accreditation.csv.
 */
import { accreditationCsv, accreditationReport, commissioningCsv, commissioningReport, REPORT_ROLES } from '../../../api/services/reports';
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
];
