/**
 * Fair share of placement provision (`/api/fair-share`; rules in docs/domain.md, "Fair share"): professions, the
 * figures of each period, the report and its CSV, and one provider's trend. Declarations only:
 * the work is in api/services/fair-share.ts, which the pages call too.
 */
import { z } from 'zod';
import {
  CreateProfessionBody,
  FIGURE_BODIES,
  type FigureKind,
  OfferedWeeksBody,
  PeriodListSchema,
  PeriodParams,
  ProfessionListSchema,
  ProfessionSchema,
  ReportQuery,
  ReportSchema,
  RequiredWeeksBody,
  StoredOfferedWeeksSchema,
  StoredRequiredWeeksSchema,
  StoredWorkforceSchema,
  TrendParams,
  TrendQuery,
  TrendSchema,
  WorkforceBody,
} from '../../domain/fair-share';
import { ROLES, type Role } from '../../domain/roles';
import { defineRoute, created, ok, type AnyRoute } from '../http/route';
import {
  createProfession,
  fairShareReportFor,
  fairShareTrend,
  listPeriods,
  listProfessions,
  REPORT_CSV_COLUMNS,
  reportCsv,
  setFigures,
  storedFigures,
} from '../services/fair-share';

const tags = ['Fair share'];

const PERIOD_IS_REGION_WIDE = {
  unscoped: 'A period is the whole region’s: the service narrows its rows to the caller’s organisation',
} as const;

const answers = { 404: { description: 'The period has no figures' } };

const FIGURES: Record<
  FigureKind,
  { what: string; body: z.ZodType; stored: z.ZodType; put: readonly Role[]; get: readonly Role[]; description: string }
> = {
  workforce: {
    what: 'workforce',
    body: WorkforceBody,
    stored: StoredWorkforceSchema,
    put: ['hee_staff'],
    get: ['hee_staff'],
    description: 'Each provider’s workforce in a profession, in whole-time equivalents (`wte` ≥ 0).',
  },
  'required-weeks': {
    what: 'required placement weeks',
    body: RequiredWeeksBody,
    stored: StoredRequiredWeeksSchema,
    put: ['hee_staff'],
    get: ['hee_staff', 'org_submitter'],
    description: 'The region’s total placement weeks needed in a profession (what its universities need; `weeks` ≥ 0).',
  },
  'offered-weeks': {
    what: 'offered placement weeks',
    body: OfferedWeeksBody,
    stored: StoredOfferedWeeksSchema,
    put: ['hee_staff', 'org_submitter'],
    get: ['hee_staff', 'org_submitter'],
    description:
      'The placement weeks each provider offers in a profession (`weeks` ≥ 0). An organisation’s submitter sets and sees only its own.',
  },
};

function figureRoutes(kind: FigureKind): AnyRoute[] {
  const figure = FIGURES[kind];
  const path = `/api/fair-share/periods/:period/${kind}`;
  return [
    defineRoute({
      method: 'put',
      path,
      summary: `Set ${figure.what} for a period`,
      description:
        `${figure.description} Each row replaces the stored figure for its key; figures not named are kept. ` +
        'One bad row refuses the whole request and nothing is stored: 400 naming `rows[i].field` (an unknown profession, ' +
        'a negative figure, the same key twice), 404 for an organisation that does not exist (or, for an organisation’s ' +
        'submitter, is not its own). Every figure that changes gets an audit entry. Answers what is stored for the period.',
      tags,
      policy: { roles: figure.put },
      scope: PERIOD_IS_REGION_WIDE,
      params: PeriodParams,
      body: FIGURE_BODIES[kind],
      responses: {
        200: { description: `The ${figure.what} stored for the period`, schema: figure.stored },
        404: { description: 'An organisation named in a row does not exist (`errors` names the rows)' },
      },
      handler: async ({ actor, params, body, deps, requestId }) =>
        ok(await setFigures(deps, actor, params.period, kind, (body as { rows: never[] }).rows, requestId)),
    }),
    defineRoute({
      method: 'get',
      path,
      summary: `Get the ${figure.what} of a period`,
      tags,
      policy: { roles: figure.get },
      scope: PERIOD_IS_REGION_WIDE,
      params: PeriodParams,
      responses: { 200: { description: `The ${figure.what} stored for the period`, schema: figure.stored }, ...answers },
      handler: async ({ actor, params, deps }) => ok(await storedFigures(deps, actor, params.period, kind)),
    }),
  ];
}

export const fairShareRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/fair-share/professions',
    summary: 'List professions',
    description:
      'The allied health professions figures are kept for: physiotherapy, occupational therapy and speech and language therapy always, and any an admin added.',
    tags,
    policy: { roles: ROLES },
    responses: { 200: { description: 'Every profession', schema: ProfessionListSchema } },
    handler: async ({ deps }) => ok({ items: await listProfessions(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/fair-share/professions',
    summary: 'Add a profession',
    description: 'Another allied health profession (`code` such as `podiatry`, unique).',
    tags,
    policy: { roles: ['admin'] },
    body: CreateProfessionBody,
    idempotent: true,
    responses: {
      201: { description: 'The profession', schema: ProfessionSchema },
      409: { description: 'A profession with this code exists' },
    },
    handler: async ({ actor, body, deps, requestId }) => created(await createProfession(deps, actor, body, requestId)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/fair-share/periods',
    summary: 'List periods with figures',
    description: 'The academic years (`2025-26`) with any fair-share figure, oldest first.',
    tags,
    policy: { roles: ['hee_staff', 'org_submitter'] },
    responses: { 200: { description: 'The periods', schema: PeriodListSchema } },
    handler: async ({ actor, deps }) => ok({ items: (await listPeriods(deps, actor)).map((period) => ({ period })) }),
  }),
  ...figureRoutes('workforce'),
  ...figureRoutes('required-weeks'),
  ...figureRoutes('offered-weeks'),
  defineRoute({
    method: 'get',
    path: '/api/fair-share/periods/:period/report',
    summary: 'Get the fair-share report of a period',
    description:
      'One row per provider and profession with a workforce figure: `expectedWeeks` = requiredWeeks × wte ÷ the region’s ' +
      'total wte in the profession (2 decimals); `offeredWeeks` 0 when none recorded; `ratio` = offeredWeeks ÷ unrounded ' +
      'expectedWeeks (2 decimals; null when expectedWeeks is 0); `rag` green at or above `thresholds.greenAt`, amber from ' +
      '`thresholds.amberAt`, red below, null with a null ratio. Totals are the region’s per profession. An organisation’s ' +
      'submitter sees its own rows and the totals. Filters: `profession`, `kind` (provider type).',
    tags,
    policy: { roles: ['hee_staff', 'org_submitter'] },
    scope: PERIOD_IS_REGION_WIDE,
    params: PeriodParams,
    query: ReportQuery,
    responses: { 200: { description: 'The report', schema: ReportSchema }, ...answers },
    handler: async ({ actor, params, query, deps }) => ok(await fairShareReportFor(deps, actor, params.period, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/fair-share/periods/:period/report.csv',
    summary: 'Export the fair-share report as CSV',
    description: `The report's rows for spreadsheets, a header line first: ${REPORT_CSV_COLUMNS.join(', ')} (a null ratio or RAG is an empty cell).`,
    tags,
    policy: { roles: ['hee_staff', 'org_submitter'] },
    scope: PERIOD_IS_REGION_WIDE,
    params: PeriodParams,
    query: ReportQuery,
    responses: { 200: { description: 'The report as CSV', contentType: 'text/csv', schema: z.string() }, ...answers },
    async handler({ actor, params, query, deps }) {
      const { filename, csv } = reportCsv(await fairShareReportFor(deps, actor, params.period, query));
      return {
        status: 200,
        body: csv,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'Content-Disposition': `attachment; filename="${filename}"` },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/fair-share/organisations/:organisationId/trend',
    summary: 'Get a provider’s fair share across periods',
    description: 'The provider’s report rows in every period with figures, oldest first. An organisation’s submitter sees only its own.',
    tags,
    policy: { roles: ['hee_staff', 'org_submitter'] },
    scope: { unscoped: 'The service answers 404 for an organisation outside the caller’s scope, as for an unknown one' },
    params: TrendParams,
    query: TrendQuery,
    responses: { 200: { description: 'The trend', schema: TrendSchema }, 404: { description: 'No such organisation in your scope' } },
    handler: async ({ actor, params, query, deps }) => ok(await fairShareTrend(deps, actor, params.organisationId, query.profession)),
  }),
];
