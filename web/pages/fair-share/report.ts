/**
 * The fair-share pages people read: the years with figures, a year's report (chart and table,
 * by profession and provider type, with its CSV), and one provider's trend across the years.
 * Every figure comes from api/services/fair-share.ts, the same service as the API.
 */
import { z } from 'zod';
import { fairShareReportFor, fairShareTrend, listPeriods, listProfessions, reportCsv } from '../../../api/services/fair-share';
import { byRatio, comparePeriods, PeriodSchema, ProfessionCodeSchema, type Report } from '../../../domain/fair-share';
import { IdSchema, ORGANISATION_KINDS } from '../../../domain/reference-data';
import { expectedVsOfferedChart } from '../../charts/expected-vs-offered';
import { definePage, file, render } from '../page';
import { PERIOD_IS_REGION_WIDE, FAIR_SHARE_PAGE_ROLES, KIND_NAMES, RAG_NAMES } from './shared';

const optional = <T extends z.ZodType>(schema: T) => schema.optional().or(z.literal('').transform(() => undefined));

/** Not strict: a link with extra parameters still opens the report. */
const ReportPageQuery = z.object({
  profession: optional(ProfessionCodeSchema),
  kind: optional(z.enum(ORGANISATION_KINDS)),
  saved: optional(z.string().max(40)),
});

function describe(rows: Report['rows'], what: string): string {
  const count = (rag: string | null) => rows.filter((row) => row.rag === rag).length;
  const parts = [
    `${count('green')} at or above their fair share`,
    `${count('amber')} amber`,
    `${count('red')} red`,
    ...(count(null) ? [`${count(null)} with no fair share to compare`] : []),
  ];
  return `Expected and offered placement weeks of ${rows.length} ${what}, those furthest below their fair share first: ${parts.join(', ')}. The figures are in the table beside the chart.`;
}

export const fairShareReportPages = [
  definePage({
    method: 'get',
    path: '/fair-share',
    summary: 'See fair share of placement provision',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    async handler({ user, deps }) {
      const periods = (await listPeriods(deps, user!.actor)).sort(comparePeriods).reverse();
      return render('pages/fair-share/index.njk', {
        pageTitle: 'Fair share of placement provision',
        periods,
        isStaff: user!.role === 'hee_staff',
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/fair-share/:period',
    summary: 'See a fair-share report',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    scope: PERIOD_IS_REGION_WIDE,
    params: z.object({ period: PeriodSchema }),
    query: ReportPageQuery,
    async handler({ user, params, query, deps }) {
      const actor = user!.actor;
      const isStaff = user!.role === 'hee_staff';
      const professions = await listProfessions(deps);
      let report: Report;
      try {
        report = await fairShareReportFor(deps, actor, params.period, { kind: query.kind });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
        return render(
          'pages/fair-share/no-figures.njk',
          { pageTitle: `No fair-share figures for ${params.period}`, period: params.period, isStaff },
          404,
        );
      }
      const withFigures = professions.filter((p) => report.totals.some((t) => t.profession === p.code));
      const profession = withFigures.find((p) => p.code === query.profession) ?? withFigures[0] ?? professions[0]!;
      const rows = byRatio(report.rows.filter((row) => row.profession === profession.code));
      const providers = `${query.kind ? `${(KIND_NAMES[query.kind] ?? query.kind).toLowerCase()} ` : ''}provider${rows.length === 1 ? '' : 's'}`;
      const chart = rows.length
        ? await expectedVsOfferedChart({
            id: 'fair-share-chart',
            title: `${profession.name}, ${params.period}: expected and offered placement weeks by provider`,
            description: describe(rows, providers),
            categories: rows.map((row) => ({ ...row, label: row.organisationName })),
          })
        : undefined;
      const csvQuery = new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}) }).toString();
      return render('pages/fair-share/report.njk', {
        pageTitle: `Fair share of placement provision, ${params.period}`,
        period: params.period,
        periods: (await listPeriods(deps, actor)).sort(comparePeriods).reverse(),
        professions: withFigures,
        profession,
        kind: query.kind,
        kinds: ORGANISATION_KINDS.map((kind) => ({ value: kind, text: KIND_NAMES[kind] })),
        rows,
        total: report.totals.find((t) => t.profession === profession.code),
        withoutWorkforce: report.offeredWithoutWorkforce.filter((figure) => figure.profession === profession.code),
        thresholds: report.thresholds,
        ragNames: RAG_NAMES,
        kindNames: KIND_NAMES,
        chart,
        csvHref: `/fair-share/${params.period}/report.csv${csvQuery ? `?${csvQuery}` : ''}`,
        isStaff,
        saved: query.saved,
        organisationId: actor.organisationId,
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/fair-share/:period/report.csv',
    summary: 'Download a fair-share report',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    scope: PERIOD_IS_REGION_WIDE,
    params: z.object({ period: PeriodSchema }),
    query: ReportPageQuery,
    async handler({ user, params, query, deps }) {
      const { filename, csv } = reportCsv(await fairShareReportFor(deps, user!.actor, params.period, query));
      return file({ body: csv, contentType: 'text/csv; charset=utf-8', filename });
    },
  }),
  definePage({
    method: 'get',
    path: '/fair-share/organisations/:organisationId',
    summary: 'See a provider’s fair share across the years',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    scope: { unscoped: 'The service answers 404 for an organisation outside the person’s scope' },
    params: z.object({ organisationId: IdSchema }),
    async handler({ user, params, deps }) {
      const trend = await fairShareTrend(deps, user!.actor, params.organisationId);
      const professions = await listProfessions(deps);
      const sections = [];
      for (const profession of professions) {
        const items = trend.items.filter((item) => item.profession === profession.code);
        if (!items.length) continue;
        sections.push({
          profession,
          items,
          chart: await expectedVsOfferedChart({
            id: `trend-${profession.code}`,
            title: `${trend.organisationName}, ${profession.name}: expected and offered placement weeks by year`,
            description:
              `Expected and offered placement weeks in ${items.length} year${items.length === 1 ? '' : 's'}, oldest first: ` +
              `${items.map((item) => `${item.period} ratio ${item.ratio === null ? 'none' : item.ratio.toFixed(2)}`).join(', ')}. ` +
              'The figures are in the table beside the chart.',
            categories: items.map((item) => ({ ...item, label: item.period })),
          }),
        });
      }
      return render('pages/fair-share/trend.njk', {
        pageTitle: `${trend.organisationName}: fair share across the years`,
        trend,
        sections,
        ragNames: RAG_NAMES,
      });
    },
  }),
];
