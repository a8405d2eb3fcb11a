/**
 * Reports (docs/reports.md): the one service behind /api/reports/* and the staff dashboard. It
 * reads the read models the workflows keep (and, for capacity, asks each intake's workflow), and
 * hands them to the pure functions in domain/reports/. Scope is the lists' own: the EOIs an actor
 * may list are the EOIs its funnel counts (eoiScope), the applications it may list those its
 * accreditation picture counts (spokeScope), so no report can show more than a list would.
 */
import { stringify } from 'csv-stringify/sync';
import type { Prisma } from '../../db/database';
import { csvSafe } from '../../domain/deadlines';
import type { EoiStatus, EoiView } from '../../domain/eoi/schemas';
import { addCalendarDays, londonDateOf, startOfLondonDay } from '../../domain/london-calendar';
import type { SpokeView } from '../../domain/spoke-accreditation/schemas';
import {
  ACCREDITATION_CSV_COLUMNS,
  type AccreditationFacts,
  accreditationFacts,
  accreditationOfFactsByHub,
  accreditationCsvRecords,
  type AccreditationReport,
  type AccreditationReportQuery,
  COMMISSIONING_CSV_COLUMNS,
  commissioningCsvRecords,
  eoiFunnelFacts,
  type EoiFunnelFacts,
  funnelOfFactsByIntake,
  intakeCapacityFigures,
  type CapacityReport,
  type CapacityReportQuery,
  type CommissioningReport,
  type CommissioningReportQuery,
} from '../../domain/reports';
import { isRegional, type Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { eoiScope } from './eois';
import { intakeCapacityOf } from './intakes';
import { spokeScope } from './spoke-applications';

/** Roles that see the commissioning funnel (each within eoiScope) and the capacity of intakes. */
export const REPORT_ROLES = {
  commissioning: ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'],
  capacity: ['admin', 'hee_staff'],
  accreditation: ['admin', 'hee_staff', 'hub_lead', 'practice_manager'],
} as const;

const HOLDING: EoiStatus[] = ['FUNDED', 'CONFIRMATION_OVERDUE', 'ENROLLED'];

type IntakeRow = { id: string; programmeId: string; startsOn: Date; fundedPlaces: number; programme: { name: string } };

const intakeSelect = { id: true, programmeId: true, startsOn: true, fundedPlaces: true, programme: { select: { name: true } } } as const;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** `programmeIntakes`: the ids of the programme's intakes, when the query names a programme. */
function eoiWhere(actor: Actor, query: CommissioningReportQuery, programmeIntakes?: string[]): Prisma.EoiWhereInput {
  const submittedAt: Prisma.DateTimeFilter = {};
  if (query.submittedFrom) submittedAt.gte = new Date(startOfLondonDay(query.submittedFrom));
  if (query.submittedTo) submittedAt.lt = new Date(startOfLondonDay(addCalendarDays(query.submittedTo, 1)));
  const filters: Prisma.EoiWhereInput = {
    ...(query.intakeId ? { intakeId: query.intakeId } : {}),
    ...(programmeIntakes ? { intakeId: { in: programmeIntakes.filter((id) => !query.intakeId || id === query.intakeId) } } : {}),
    ...(query.universityId ? { universityId: query.universityId } : {}),
    ...(query.organisationId ? { organisationId: query.organisationId } : {}),
    ...(query.serviceType ? { serviceType: query.serviceType } : {}),
    ...(query.submittedFrom || query.submittedTo ? { submittedAt } : {}),
  };
  // The caller's scope always wins over a filter naming someone else.
  return { AND: [filters, eoiScope(actor)] };
}

/**
 * Each EOI's funnel facts, in the order given: the stored ones, and for rows written before the
 * column existed (null), computed from their views, read only for those rows.
 */
async function funnelFactsOf(deps: ApiDeps, rows: { id: string; funnelFacts: unknown }[]): Promise<EoiFunnelFacts[]> {
  const missing = rows.filter((row) => row.funnelFacts === null).map((row) => row.id);
  const computed = new Map<string, EoiFunnelFacts>();
  if (missing.length > 0) {
    const views = await deps.db.prisma.eoi.findMany({ where: { id: { in: missing } }, select: { id: true, view: true } });
    for (const row of views) computed.set(row.id, eoiFunnelFacts(row.view as unknown as EoiView));
  }
  return rows.map((row) => (row.funnelFacts as EoiFunnelFacts | null) ?? computed.get(row.id)!);
}

/** Each application's accreditation facts, in the order given: stored, or from the view for rows written before them. */
async function accreditationFactsOf(deps: ApiDeps, rows: { id: string; reportFacts: unknown }[]): Promise<AccreditationFacts[]> {
  const missing = rows.filter((row) => row.reportFacts === null).map((row) => row.id);
  const computed = new Map<string, AccreditationFacts>();
  if (missing.length > 0) {
    const views = await deps.db.prisma.spokeApplication.findMany({ where: { id: { in: missing } }, select: { id: true, view: true } });
    for (const row of views) computed.set(row.id, accreditationFacts(row.view as unknown as SpokeView));
  }
  return rows.map((row) => (row.reportFacts as AccreditationFacts | null) ?? computed.get(row.id)!);
}

/** The funnel per intake and across intakes, of the EOIs in the actor's scope the filters keep. */
export async function commissioningReport(deps: ApiDeps, actor: Actor, query: CommissioningReportQuery): Promise<CommissioningReport> {
  const prisma = deps.db.prisma;
  const programmeIntakes = query.programmeId
    ? (await prisma.intake.findMany({ where: { programmeId: query.programmeId }, select: { id: true } })).map((i) => i.id)
    : undefined;
  const where = eoiWhere(actor, query, programmeIntakes);
  const rows = await prisma.eoi.findMany({
    where,
    select: { id: true, funnelFacts: true },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
  });
  const facts = await funnelFactsOf(deps, rows);
  const intakes = await prisma.intake.findMany({
    where: { id: { in: [...new Set(facts.map((f) => f.intakeId))] } },
    select: intakeSelect,
    orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
  });
  const { total, intakes: perIntake } = funnelOfFactsByIntake(
    facts,
    intakes.map((i) => i.id),
  );
  return {
    generatedAt: deps.now().toISOString(),
    total,
    intakes: perIntake.map(({ intakeId, figures }, index) => {
      const intake = intakes[index]!;
      return {
        intakeId,
        programmeId: intake.programmeId,
        programmeName: intake.programme.name,
        startsOn: dateOf(intake.startsOn),
        figures,
      };
    }),
  };
}

export function commissioningCsv(report: CommissioningReport): { filename: string; csv: string } {
  const records = commissioningCsvRecords(report).map((record) => record.map(csvSafe));
  return {
    filename: `trainflow-commissioning-${londonDateOf(report.generatedAt)}.csv`,
    csv: stringify(records, { header: true, columns: [...COMMISSIONING_CSV_COLUMNS], record_delimiter: 'windows' }),
  };
}

/**
 * Each intake's capacity: the intake workflow's figures (as GET /api/intakes/:id/capacity answers),
 * the confirmed places from its EOIs, and the days left, counted from the API's clock.
 */
export async function capacityReport(deps: ApiDeps, query: CapacityReportQuery): Promise<CapacityReport> {
  const prisma = deps.db.prisma;
  const now = deps.now();
  const today = new Date(`${londonDateOf(now)}T00:00:00.000Z`);
  const intakes: IntakeRow[] = await prisma.intake.findMany({
    where: {
      ...(query.programmeId ? { programmeId: query.programmeId } : {}),
      ...(query.intakeId ? { id: query.intakeId } : {}),
      ...(query.include === 'open' ? { startsOn: { gte: today } } : {}),
    },
    select: intakeSelect,
    orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
  });
  const holding = await prisma.eoi.findMany({
    where: { intakeId: { in: intakes.map((i) => i.id) }, status: { in: HOLDING } },
    select: { id: true, funnelFacts: true },
  });
  const confirmed = new Map<string, number>();
  for (const facts of await funnelFactsOf(deps, holding)) {
    confirmed.set(facts.intakeId, (confirmed.get(facts.intakeId) ?? 0) + facts.confirmed);
  }
  const figures = [];
  for (const intake of intakes) {
    const capacity = await intakeCapacityOf(deps, { id: intake.id, fundedPlaces: intake.fundedPlaces });
    figures.push(
      intakeCapacityFigures(
        { id: intake.id, programmeId: intake.programmeId, programmeName: intake.programme.name, startsOn: dateOf(intake.startsOn) },
        { ...capacity, waitlistLength: capacity.waitlist.length },
        confirmed.get(intake.id) ?? 0,
        now,
      ),
    );
  }
  return { generatedAt: now.toISOString(), intakes: figures };
}

/**
 * The accreditation picture per hub of the applications in the actor's scope: every hub for
 * regional roles (those without an application too), a hub lead's own hub, the hubs of a
 * practice manager's applications.
 */
export async function accreditationReport(deps: ApiDeps, actor: Actor, query: AccreditationReportQuery): Promise<AccreditationReport> {
  const prisma = deps.db.prisma;
  const now = deps.now();
  const rows = await prisma.spokeApplication.findMany({
    // Version 0 is the claim an application makes while it opens: not an application yet.
    where: { AND: [{ version: { gt: 0 } }, query.hubId ? { hubId: query.hubId } : {}, spokeScope(actor)] },
    select: { id: true, reportFacts: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const spokes = await accreditationFactsOf(deps, rows);
  const hubIds = new Set(spokes.map((s) => s.hubId));
  if (actor.role === 'hub_lead' && actor.hubId) hubIds.add(actor.hubId);
  const hubs = await prisma.hub.findMany({
    where: {
      AND: [
        query.hubId ? { id: query.hubId } : {},
        isRegional(actor) ? {} : { id: { in: [...hubIds].filter((id) => !query.hubId || id === query.hubId) } },
      ],
    },
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  const { total, hubs: perHub } = accreditationOfFactsByHub(spokes, hubs, now);
  return { generatedAt: now.toISOString(), total, hubs: perHub };
}

export function accreditationCsv(report: AccreditationReport): { filename: string; csv: string } {
  const records = accreditationCsvRecords(report).map((record) => record.map(csvSafe));
  return {
    filename: `trainflow-accreditation-${londonDateOf(report.generatedAt)}.csv`,
    csv: stringify(records, { header: true, columns: [...ACCREDITATION_CSV_COLUMNS], record_delimiter: 'windows' }),
  };
}
