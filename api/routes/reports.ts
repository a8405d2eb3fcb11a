/**
 * Reports (`/api/reports/*`, docs/reports.md): the commissioning funnel (JSON and CSV), the
 * capacity of intakes and the accreditation picture per hub (JSON and CSV). Declarations only: the work is in api/services/reports.ts.
 */
import { z } from 'zod';
import {
  ACCREDITATION_CSV_COLUMNS,
  AccreditationReportQuery,
  AccreditationReportSchema,
  CapacityReportQuery,
  CapacityReportSchema,
  COMMISSIONING_CSV_COLUMNS,
  CommissioningReportQuery,
  CommissioningReportSchema,
} from '../../domain/reports';
import { defineRoute, ok } from '../http/route';
import {
  accreditationCsv,
  accreditationReport,
  capacityReport,
  commissioningCsv,
  commissioningReport,
  REPORT_ROLES,
} from '../services/reports';

const tags = ['Reports'];

const csvAnswer = ({ filename, csv }: { filename: string; csv: string }) => ({
  status: 200,
  body: csv,
  contentType: 'text/csv; charset=utf-8',
  headers: { 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
});

const ACCREDITATION_DESCRIPTION =
  'Per hub (by name) and across hubs: applications by status, accreditations held now (not expired, not suspended), those ' +
  'expiring within 3, 6 and 12 months of now, re-accreditations in progress (a second or later cycle, open) and overdue ' +
  '(a step past its due time), and lapses. Regional staff and admins see every hub; a hub lead its own hub; a practice ' +
  'manager its own practice’s applications. Filter: hubId.';

const FUNNEL_DESCRIPTION =
  'Counts of EOIs by the steps they reached and where they ended, places requested, allocated, confirmed and released, ' +
  'and median days per step, per intake (earliest start first) and across them. Regional staff and admins see every EOI; ' +
  'an organisation its own, a university those addressed to it (the scope always wins over a filter naming someone else). ' +
  'Filters: intakeId, programmeId, universityId, organisationId, serviceType, submittedFrom/submittedTo (London dates, inclusive).';

export const reportRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/reports/commissioning',
    summary: 'Get the commissioning funnel',
    description: FUNNEL_DESCRIPTION,
    tags,
    policy: { roles: REPORT_ROLES.commissioning },
    query: CommissioningReportQuery,
    responses: { 200: { description: 'The funnel', schema: CommissioningReportSchema } },
    handler: async ({ actor, query, deps }) => ok(await commissioningReport(deps, actor, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/commissioning.csv',
    summary: 'Export the commissioning funnel as CSV',
    description:
      `One row per intake, then a row with intakeId "all" for the total. Columns: ${COMMISSIONING_CSV_COLUMNS.join(', ')} ` +
      `(an unmeasured median is an empty cell; a cell a spreadsheet would read as a formula is prefixed with '). ${FUNNEL_DESCRIPTION}`,
    tags,
    policy: { roles: REPORT_ROLES.commissioning },
    query: CommissioningReportQuery,
    responses: { 200: { description: 'The funnel as CSV', contentType: 'text/csv', schema: z.string() } },
    handler: async ({ actor, query, deps }) => csvAnswer(commissioningCsv(await commissioningReport(deps, actor, query))),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/capacity',
    summary: 'Get the capacity of intakes',
    description:
      'Per intake (earliest start first): funded places, allocated, confirmed, remaining and the waitlist length as the intake ' +
      'itself holds them, and the London calendar days to the confirmation deadline and to the start. By default only intakes ' +
      'that have not started (include=open); include=all for every one. Regional staff and admins only.',
    tags,
    policy: { roles: REPORT_ROLES.capacity },
    query: CapacityReportQuery,
    responses: { 200: { description: 'Capacity per intake', schema: CapacityReportSchema } },
    handler: async ({ query, deps }) => ok(await capacityReport(deps, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/accreditation',
    summary: 'Get the accreditation picture per hub',
    description: ACCREDITATION_DESCRIPTION,
    tags,
    policy: { roles: REPORT_ROLES.accreditation },
    query: AccreditationReportQuery,
    responses: { 200: { description: 'Per hub and in total', schema: AccreditationReportSchema } },
    handler: async ({ actor, query, deps }) => ok(await accreditationReport(deps, actor, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/accreditation.csv',
    summary: 'Export the accreditation picture as CSV',
    description: `One row per hub, then a row with hubId "all". Columns: ${ACCREDITATION_CSV_COLUMNS.join(', ')}. ${ACCREDITATION_DESCRIPTION}`,
    tags,
    policy: { roles: REPORT_ROLES.accreditation },
    query: AccreditationReportQuery,
    responses: { 200: { description: 'The picture as CSV', contentType: 'text/csv', schema: z.string() } },
    handler: async ({ actor, query, deps }) => csvAnswer(accreditationCsv(await accreditationReport(deps, actor, query))),
  }),
];
