/**
 * Fair share of placement provision: the one service behind the API (api/routes/fair-share.ts),
 * the pages (web/pages/fair-share/) and, through the API, the admin command line. Figures are
 * plain records written straight to the database, each change with its audit entry in the same
 * transaction; the report is computed on every read by the pure model in domain/fair-share/.
 *
 * Scope: regional staff (hee_staff) see and set everything; an organisation's submitter sees its
 * own rows and the region's totals, and sets only its own offered weeks. Nobody else.
 */
import { stringify } from 'csv-stringify/sync';
import { appendAudit } from '../../db/audit';
import type { Prisma } from '../../db/database';
import { csvSafe } from '../../domain/deadlines';
import {
  comparePeriods,
  DEFAULT_PROFESSIONS,
  FIGURE_BODIES,
  fairShareReport,
  type FigureKind,
  type OfferedWeeksRow,
  type Report,
  type ReportQuery,
  type ReportRow,
  type RequiredWeeksRow,
  type Trend,
  type WorkforceRow,
} from '../../domain/fair-share';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import {
  conflict,
  type FieldError,
  fieldErrorsFromZod,
  fieldName,
  forbidden,
  invalidDetail,
  notFound,
  ProblemError,
} from '../http/problem';

type Tx = Prisma.TransactionClient;

/** Who may see and set figures: the roles of every fair-share route. */
export const FAIR_SHARE_ROLES = {
  read: ['hee_staff', 'org_submitter'],
  setOffered: ['hee_staff', 'org_submitter'],
  set: ['hee_staff'],
} as const;

/** The organisation an actor's view is narrowed to, or undefined for regional staff. */
function ownOrganisation(actor: Actor): string | undefined {
  if (actor.role === 'hee_staff') return undefined;
  if (actor.role === 'org_submitter' && actor.organisationId) return actor.organisationId;
  throw forbidden('Only regional staff and organisations see fair-share figures');
}

// ---------- professions ----------

export interface ProfessionView {
  code: string;
  name: string;
  createdAt: string;
}

const professionView = (row: { code: string; name: string; createdAt: Date }): ProfessionView => ({
  code: row.code,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

/** The professions of the partnership first, in their order, then the others by name. */
export async function listProfessions(deps: ApiDeps): Promise<ProfessionView[]> {
  const rows = await deps.db.prisma.profession.findMany({ orderBy: { name: 'asc' } });
  const rank = (code: string) => {
    const index = DEFAULT_PROFESSIONS.findIndex((p) => p.code === code);
    return index === -1 ? DEFAULT_PROFESSIONS.length : index;
  };
  return rows.sort((a, b) => rank(a.code) - rank(b.code)).map(professionView);
}

export async function createProfession(
  deps: ApiDeps,
  actor: Actor,
  body: { code: string; name: string },
  requestId: string,
): Promise<ProfessionView> {
  return deps.db.prisma.$transaction(async (tx) => {
    const clash = await tx.profession.findUnique({ where: { code: body.code } });
    if (clash) {
      throw conflict(`A profession with code ${body.code} exists`, { code: body.code }, [{ path: 'body.code', message: 'already exists' }]);
    }
    const view = professionView(await tx.profession.create({ data: body }));
    await appendAudit(tx, { actor, action: 'profession.created', subjectType: 'profession', subjectId: body.code, after: view, requestId });
    return view;
  });
}

// ---------- figures ----------

type AnyRow = WorkforceRow | RequiredWeeksRow | OfferedWeeksRow;
type Stored = { period: string; rows: AnyRow[] };

const ACTIONS: Record<FigureKind, string> = {
  workforce: 'fair_share.workforce.set',
  'required-weeks': 'fair_share.required_weeks.set',
  'offered-weeks': 'fair_share.offered_weeks.set',
};

/** The stable name of one figure, for the audit trail: "2025-26:workforce:org_x:physiotherapy". */
export function figureSubjectId(period: string, kind: FigureKind, row: { organisationId?: string; profession: string }): string {
  return [period, kind, ...(row.organisationId ? [row.organisationId] : []), row.profession].join(':');
}

async function readFigures(db: Tx, period: string, kind: FigureKind, organisationId?: string): Promise<AnyRow[]> {
  const orderBy = [{ organisationId: 'asc' as const }, { profession: 'asc' as const }];
  const where = { period, ...(organisationId ? { organisationId } : {}) };
  switch (kind) {
    case 'workforce':
      return (await db.fairShareWorkforce.findMany({ where, orderBy })).map((r) => ({
        organisationId: r.organisationId,
        profession: r.profession,
        wte: r.wte,
      }));
    case 'offered-weeks':
      return (await db.fairShareOfferedWeeks.findMany({ where, orderBy })).map((r) => ({
        organisationId: r.organisationId,
        profession: r.profession,
        weeks: r.weeks,
      }));
    case 'required-weeks':
      return (await db.fairShareRequiredWeeks.findMany({ where: { period }, orderBy: { profession: 'asc' } })).map((r) => ({
        profession: r.profession,
        weeks: r.weeks,
      }));
  }
}

/** Whether anything at all is recorded for the period. */
async function periodHasFigures(db: Tx, period: string): Promise<boolean> {
  const [workforce, required, offered] = await Promise.all([
    db.fairShareWorkforce.count({ where: { period } }),
    db.fairShareRequiredWeeks.count({ where: { period } }),
    db.fairShareOfferedWeeks.count({ where: { period } }),
  ]);
  return workforce + required + offered > 0;
}

const noFigures = (period: string) => new ProblemError(404, `No fair-share figures are recorded for ${period}`);

/** What is stored for the period, of one kind, as far as the actor may see it. */
export async function storedFigures(deps: ApiDeps, actor: Actor, period: string, kind: FigureKind): Promise<Stored> {
  const own = ownOrganisation(actor);
  if (!(await periodHasFigures(deps.db.prisma, period))) throw noFigures(period);
  return { period, rows: await readFigures(deps.db.prisma, period, kind, own) };
}

/**
 * Checks the rows against what exists: every profession must be one, every organisation must
 * exist and, for an organisation's submitter, be its own (another's answers as an unknown one
 * does, so nothing is revealed). Refuses the whole request naming each bad row.
 */
async function checkRows(db: Tx, actor: Actor, rows: readonly AnyRow[]): Promise<void> {
  const own = ownOrganisation(actor);
  const organisationIds = [...new Set(rows.flatMap((row) => ('organisationId' in row ? [row.organisationId] : [])))];
  const [professions, organisations] = await Promise.all([
    db.profession.findMany({ select: { code: true } }),
    organisationIds.length ? db.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true } }) : [],
  ]);
  const knownProfessions = new Set(professions.map((p) => p.code));
  const knownOrganisations = new Set(organisations.map((o) => o.id));
  const unknownProfession: FieldError[] = [];
  const unknownOrganisation: FieldError[] = [];
  rows.forEach((row, i) => {
    if (!knownProfessions.has(row.profession)) unknownProfession.push({ path: `body.rows.${i}.profession`, message: 'no such profession' });
    if ('organisationId' in row && (!knownOrganisations.has(row.organisationId) || (own && row.organisationId !== own))) {
      unknownOrganisation.push({ path: `body.rows.${i}.organisationId`, message: 'no such organisation' });
    }
  });
  const name = (e: FieldError) => `${fieldName(e.path)} ${e.message}`;
  if (unknownProfession.length) {
    const errors = [...unknownProfession, ...unknownOrganisation];
    throw new ProblemError(400, `Nothing was stored: ${errors.map(name).join('; ')}`, { errors });
  }
  if (unknownOrganisation.length) {
    throw new ProblemError(404, `Nothing was stored: ${unknownOrganisation.map(name).join('; ')}`, { errors: unknownOrganisation });
  }
}

const valueOf = (row: AnyRow) => ('wte' in row ? row.wte : row.weeks);
const rowKey = (row: { organisationId?: string; profession: string }) => `${row.organisationId ?? ''}|${row.profession}`;

async function writeRows(tx: Tx, period: string, kind: FigureKind, rows: readonly AnyRow[]): Promise<void> {
  for (const row of rows) {
    switch (kind) {
      case 'workforce': {
        const r = row as WorkforceRow;
        const id = { period, organisationId: r.organisationId, profession: r.profession };
        await tx.fairShareWorkforce.upsert({
          where: { period_organisationId_profession: id },
          create: { ...id, wte: r.wte },
          update: { wte: r.wte },
        });
        break;
      }
      case 'offered-weeks': {
        const r = row as OfferedWeeksRow;
        const id = { period, organisationId: r.organisationId, profession: r.profession };
        await tx.fairShareOfferedWeeks.upsert({
          where: { period_organisationId_profession: id },
          create: { ...id, weeks: r.weeks },
          update: { weeks: r.weeks },
        });
        break;
      }
      case 'required-weeks': {
        const r = row as RequiredWeeksRow;
        await tx.fairShareRequiredWeeks.upsert({
          where: { period_profession: { period, profession: r.profession } },
          create: { period, profession: r.profession, weeks: r.weeks },
          update: { weeks: r.weeks },
        });
        break;
      }
    }
  }
}

/**
 * Replaces the stored figure of each row given (others are kept), all or nothing, with one audit
 * entry per figure that changed (before and after) in the same transaction. Writers of a period
 * take turns (an advisory lock), so each entry's "before" is the figure it really replaced.
 */
export async function setFigures(
  deps: ApiDeps,
  actor: Actor,
  period: string,
  kind: FigureKind,
  rows: readonly AnyRow[],
  requestId: string,
): Promise<Stored> {
  if (kind !== 'offered-weeks' && actor.role !== 'hee_staff') throw forbidden('Only regional staff set these figures');
  // The API's body schema, for every caller (the pages and the command line too): one rule, one place.
  const checked = FIGURE_BODIES[kind].safeParse({ rows });
  if (!checked.success) {
    const errors = fieldErrorsFromZod(checked.error, 'body');
    throw new ProblemError(400, invalidDetail('body', errors), { errors });
  }
  const own = ownOrganisation(actor);
  return deps.db.prisma.$transaction(
    async (tx) => {
      await checkRows(tx, actor, rows);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`trainflow:fair-share:${period}`}))`;
      const before = new Map((await readFigures(tx, period, kind)).map((row) => [rowKey(row), valueOf(row)]));
      await writeRows(tx, period, kind, rows);
      const field = kind === 'workforce' ? 'wte' : 'weeks';
      for (const row of rows) {
        const previous = before.get(rowKey(row));
        if (previous === valueOf(row)) continue; // the same figure again changes nothing
        await appendAudit(tx, {
          actor,
          action: ACTIONS[kind],
          subjectType: 'fair_share_figure',
          subjectId: figureSubjectId(period, kind, row),
          before: previous === undefined ? undefined : { [field]: previous },
          after: { ...row, period },
          requestId,
        });
      }
      return { period, rows: await readFigures(tx, period, kind, own) };
    },
    // A whole region's figures in one request: more statements than the default 5 s allows on a slow disk.
    { timeout: 60_000, maxWait: 20_000 },
  );
}

// ---------- the report ----------

async function loadPeriod(deps: ApiDeps, period: string) {
  const prisma = deps.db.prisma;
  const [workforce, requiredWeeks, offeredWeeks] = await Promise.all([
    readFigures(prisma, period, 'workforce') as Promise<WorkforceRow[]>,
    readFigures(prisma, period, 'required-weeks') as Promise<RequiredWeeksRow[]>,
    readFigures(prisma, period, 'offered-weeks') as Promise<OfferedWeeksRow[]>,
  ]);
  return { workforce, requiredWeeks, offeredWeeks };
}

async function organisationsById(deps: ApiDeps, ids: readonly string[]) {
  const rows = await deps.db.prisma.organisation.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, kind: true },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Refuses a profession that does not exist (400 naming the query parameter). */
async function assertProfession(deps: ApiDeps, profession: string | undefined, where: string): Promise<void> {
  if (profession && !(await deps.db.prisma.profession.findUnique({ where: { code: profession } }))) {
    throw new ProblemError(400, `${where}: no such profession`, { errors: [{ path: where, message: 'no such profession' }] });
  }
}

/** The whole region's report of a period, every row; undefined when the period has no figures. */
async function regionReport(
  deps: ApiDeps,
  period: string,
  profession?: string,
): Promise<Omit<Report, 'period' | 'thresholds'> | undefined> {
  const figures = await loadPeriod(deps, period);
  if (figures.workforce.length + figures.requiredWeeks.length + figures.offeredWeeks.length === 0) return undefined;
  const professions = (await listProfessions(deps)).map((p) => p.code);
  const computed = fairShareReport(figures, deps.config.fairShareThresholds, professions);
  const organisations = await organisationsById(deps, [
    ...computed.rows.map((row) => row.organisationId),
    ...computed.offeredWithoutWorkforce.map((figure) => figure.organisationId),
  ]);
  const rows: ReportRow[] = computed.rows
    .filter((row) => !profession || row.profession === profession)
    .map((row) => {
      const organisation = organisations.get(row.organisationId)!;
      return {
        organisationId: row.organisationId,
        organisationName: organisation.name,
        organisationKind: organisation.kind as ReportRow['organisationKind'],
        profession: row.profession,
        wte: row.wte,
        expectedWeeks: row.expectedWeeks,
        offeredWeeks: row.offeredWeeks,
        ratio: row.ratio,
        rag: row.rag,
      };
    })
    .sort(
      (a, b) =>
        professions.indexOf(a.profession) - professions.indexOf(b.profession) ||
        a.organisationName.localeCompare(b.organisationName, 'en-GB'),
    );
  const offeredWithoutWorkforce = computed.offeredWithoutWorkforce
    .filter((figure) => !profession || figure.profession === profession)
    .map((figure) => {
      const organisation = organisations.get(figure.organisationId)!;
      return {
        ...figure,
        organisationName: organisation.name,
        organisationKind: organisation.kind as ReportRow['organisationKind'],
      };
    })
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'));
  return {
    rows,
    totals: computed.totals.filter((total) => !profession || total.profession === profession),
    offeredWithoutWorkforce,
  };
}

/**
 * The period's report: the rows the actor may see, filtered by profession and provider type,
 * and the region's totals per profession (by profession only: they are the whole region's).
 */
export async function fairShareReportFor(deps: ApiDeps, actor: Actor, period: string, query: ReportQuery): Promise<Report> {
  const own = ownOrganisation(actor);
  await assertProfession(deps, query.profession, 'query.profession');
  const report = await regionReport(deps, period, query.profession);
  if (!report) throw noFigures(period);
  return {
    period,
    rows: report.rows.filter((row) => (!own || row.organisationId === own) && (!query.kind || row.organisationKind === query.kind)),
    totals: report.totals,
    offeredWithoutWorkforce: report.offeredWithoutWorkforce.filter(
      (figure) => (!own || figure.organisationId === own) && (!query.kind || figure.organisationKind === query.kind),
    ),
    thresholds: deps.config.fairShareThresholds,
  };
}

/** The report's rows for a spreadsheet: the API's field names as the header. */
export const REPORT_CSV_COLUMNS = [
  'organisationId',
  'organisationName',
  'organisationKind',
  'profession',
  'wte',
  'expectedWeeks',
  'offeredWeeks',
  'ratio',
  'rag',
] as const;

export function reportCsv(report: Report): { filename: string; csv: string } {
  const records = report.rows.map((row) => REPORT_CSV_COLUMNS.map((column) => csvSafe(String(row[column] ?? ''))));
  return {
    filename: `trainflow-fair-share-${report.period}.csv`,
    csv: stringify(records, { header: true, columns: [...REPORT_CSV_COLUMNS], record_delimiter: 'windows' }),
  };
}

/** Periods with any figure, oldest first. */
export async function listPeriods(deps: ApiDeps, actor: Actor): Promise<string[]> {
  ownOrganisation(actor);
  const prisma = deps.db.prisma;
  const [a, b, c] = await Promise.all([
    prisma.fairShareWorkforce.findMany({ distinct: ['period'], select: { period: true } }),
    prisma.fairShareRequiredWeeks.findMany({ distinct: ['period'], select: { period: true } }),
    prisma.fairShareOfferedWeeks.findMany({ distinct: ['period'], select: { period: true } }),
  ]);
  return [...new Set([...a, ...b, ...c].map((row) => row.period))].sort(comparePeriods);
}

/** One provider's rows across every period with figures, oldest first: its trend. */
export async function fairShareTrend(deps: ApiDeps, actor: Actor, organisationId: string, profession?: string): Promise<Trend> {
  const own = ownOrganisation(actor);
  const organisation =
    own && own !== organisationId ? null : await deps.db.prisma.organisation.findUnique({ where: { id: organisationId } });
  if (!organisation) throw notFound('Organisation');
  await assertProfession(deps, profession, 'query.profession');
  const items: Trend['items'] = [];
  for (const period of await listPeriods(deps, actor)) {
    const report = await regionReport(deps, period, profession);
    for (const row of report?.rows.filter((r) => r.organisationId === organisationId) ?? []) {
      const { organisationId: _id, organisationName: _name, organisationKind: _kind, ...figures } = row;
      items.push({ period, ...figures });
    }
  }
  return { organisationId, organisationName: organisation.name, items };
}

// ---------- for the entry pages ----------

/** Who figures may be entered for: every organisation for regional staff, one's own otherwise. */
export async function organisationsForFigures(deps: ApiDeps, actor: Actor): Promise<{ id: string; name: string; odsCode: string }[]> {
  const own = ownOrganisation(actor);
  return deps.db.prisma.organisation.findMany({
    where: own ? { id: own } : {},
    select: { id: true, name: true, odsCode: true },
    orderBy: { name: 'asc' },
  });
}

/** What is stored for the period, of one kind, as far as the actor may see it: empty when nothing is. */
export async function figuresForForm(deps: ApiDeps, actor: Actor, period: string, kind: FigureKind): Promise<AnyRow[]> {
  return readFigures(deps.db.prisma, period, kind, ownOrganisation(actor));
}
