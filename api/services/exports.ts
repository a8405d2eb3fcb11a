/**
 * Exports (docs/reports.md, "Exports"): EOIs with their candidates, spoke applications with their
 * evidence, and the audit trail, as CSV or XLSX streamed page by page (EXPORT_PAGE rows read at a
 * time), so a large export never holds more than one page in memory. Each export is one source of
 * columns and records (ExportSource); asCsv and asXlsx only write them. The EOIs and applications an actor
 * exports are those its list would show (eoiListWhere, spokeListWhere: the lists' own scope and
 * filters); the audit trail is for regional roles only, as its list is.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Prisma } from '../../db/database';
import { csvSafe } from '../../domain/deadlines';
import type { EoiView } from '../../domain/eoi/schemas';
import type { z } from 'zod';
import {
  AUDIT_EXPORT_CELL_KINDS,
  AUDIT_EXPORT_COLUMNS,
  auditExportRecord,
  AuditExportQuery,
  EOI_EXPORT_CELL_KINDS,
  EOI_EXPORT_COLUMNS,
  EoiExportQuery,
  eoiExportRecords,
  type ExportCellKinds,
  SPOKE_EXPORT_CELL_KINDS,
  SPOKE_EXPORT_COLUMNS,
  SpokeExportQuery,
  spokeExportRecords,
} from '../../domain/exports';
import { addCalendarDays, londonDateOf, startOfLondonDay } from '../../domain/london-calendar';
import type { Actor, Role } from '../../domain/roles';
import type { SpokeView } from '../../domain/spoke-accreditation/schemas';
import type { ApiDeps } from '../deps';
import { eoiListWhere, type EoiFilters } from './eois';
import { spokeListWhere, type SpokeFilters } from './spoke-applications';
import { xlsxStream } from './xlsx-stream';

/** Rows read from the database at a time. */
export const EXPORT_PAGE = 500;

/** An export whatever its format: what it is called, its columns and its records (read when written). */
export interface ExportSource {
  /** The file's name without date or extension, `trainflow-eois`. */
  name: string;
  /** The XLSX sheet's name. */
  sheet: string;
  columns: readonly string[];
  kinds: ExportCellKinds<string>;
  records: AsyncIterable<string[]>;
}

export interface FileExport {
  filename: string;
  stream: Readable;
}

/** The records as CSV (a header, Windows line ends, formula cells neutralised), streamed. */
function csvStream(columns: readonly string[], records: AsyncIterable<string[]>): Readable {
  const csv = stringify({ header: true, columns: [...columns], record_delimiter: 'windows' });
  const safe = async function* () {
    for await (const record of records) yield record.map(csvSafe);
  };
  pipeline(Readable.from(safe()), csv, (error) => {
    if (error) csv.destroy(error);
  });
  return csv;
}

/** Pages through rows in id order: `read(afterId)` answers the next page. */
async function* paged<T extends { id: string | bigint }>(read: (afterId: T['id'] | undefined) => Promise<T[]>): AsyncGenerator<T> {
  let after: T['id'] | undefined;
  for (;;) {
    const rows = await read(after);
    yield* rows;
    if (rows.length < EXPORT_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

const today = (deps: ApiDeps) => londonDateOf(deps.now());

export function asCsv(deps: ApiDeps, source: ExportSource): FileExport {
  return { filename: `${source.name}-${today(deps)}.csv`, stream: csvStream(source.columns, source.records) };
}

export function asXlsx(deps: ApiDeps, source: ExportSource): FileExport {
  return {
    filename: `${source.name}-${today(deps)}.xlsx`,
    stream: xlsxStream(source.sheet, source.columns, source.kinds, source.records),
  };
}

export function eoiExport(deps: ApiDeps, actor: Actor, filters: EoiFilters): ExportSource {
  const where = eoiListWhere(actor, filters); // refuses a role with no EOIs before anything is sent
  const prisma = deps.db.prisma;
  async function* records() {
    const [organisations, universities] = await Promise.all([
      prisma.organisation.findMany({ select: { id: true, name: true } }),
      prisma.university.findMany({ select: { id: true, name: true } }),
    ]);
    const organisation = new Map(organisations.map((o) => [o.id, o.name]));
    const university = new Map(universities.map((u) => [u.id, u.name]));
    const rows = paged<{ id: string; view: Prisma.JsonValue }>((after) =>
      prisma.eoi.findMany({
        where: { AND: [...where, ...(after ? [{ id: { gt: after } }] : [])] },
        orderBy: { id: 'asc' },
        take: EXPORT_PAGE,
        select: { id: true, view: true },
      }),
    );
    for await (const row of rows) {
      const view = row.view as unknown as EoiView;
      yield* eoiExportRecords(view, { organisation: organisation.get(view.organisationId), university: university.get(view.universityId) });
    }
  }
  return { name: 'trainflow-eois', sheet: 'EOIs', columns: EOI_EXPORT_COLUMNS, kinds: EOI_EXPORT_CELL_KINDS, records: records() };
}

export function spokeApplicationExport(deps: ApiDeps, actor: Actor, filters: SpokeFilters): ExportSource {
  const where = spokeListWhere(actor, filters);
  const prisma = deps.db.prisma;
  async function* records() {
    const rows = paged<{ id: string; view: Prisma.JsonValue }>((after) =>
      prisma.spokeApplication.findMany({
        where: { AND: [where, ...(after ? [{ id: { gt: after } }] : [])] },
        orderBy: { id: 'asc' },
        take: EXPORT_PAGE,
        select: { id: true, view: true },
      }),
    );
    for await (const row of rows) yield* spokeExportRecords(row.view as unknown as SpokeView);
  }
  return {
    name: 'trainflow-spoke-applications',
    sheet: 'Spoke applications',
    columns: SPOKE_EXPORT_COLUMNS,
    kinds: SPOKE_EXPORT_CELL_KINDS,
    records: records(),
  };
}

export function auditEventExport(deps: ApiDeps, actor: Actor, query: AuditExportQuery): ExportSource {
  const at: Prisma.DateTimeFilter = {};
  if (query.from) at.gte = new Date(startOfLondonDay(query.from));
  if (query.to) at.lt = new Date(startOfLondonDay(addCalendarDays(query.to, 1)));
  const where: Prisma.AuditEventWhereInput = {
    subjectId: query.subjectId,
    subjectType: query.subjectType,
    actorId: query.actorId,
    actorRole: query.actorRole,
    action: query.action,
    ...(query.from || query.to ? { at } : {}),
  };
  const prisma = deps.db.prisma;
  async function* records() {
    const rows = paged((after: bigint | undefined) =>
      prisma.auditEvent.findMany({
        where: { AND: [where, ...(after !== undefined ? [{ id: { gt: after } }] : [])] },
        orderBy: { id: 'asc' },
        take: EXPORT_PAGE,
      }),
    );
    for await (const row of rows) yield auditExportRecord(row, actor.role);
  }
  return {
    name: 'trainflow-audit-events',
    sheet: 'Audit events',
    columns: AUDIT_EXPORT_COLUMNS,
    kinds: AUDIT_EXPORT_CELL_KINDS,
    records: records(),
  };
}

/**
 * The exports, declared once for the API (`/api/exports/<name>.csv|xlsx`, bearer tokens) and the
 * pages (`/exports/<name>.csv|xlsx`, the signed-in person's session): who may download each, its
 * filters and its rows.
 */
export const EXPORTS = {
  eois: {
    name: 'eois',
    summary: 'Export EOIs with their candidates',
    description:
      `One row per candidate (an EOI with none: one row, the candidate cells empty). Columns: ${EOI_EXPORT_COLUMNS.join(', ')}. ` +
      `The EOIs GET /api/eois would list with the same filters, in the caller's scope.`,
    what: 'The EOIs',
    roles: ['admin', 'hee_staff', 'org_submitter', 'university_reviewer'],
    query: EoiExportQuery,
    source: eoiExport,
  },
  spokeApplications: {
    name: 'spoke-applications',
    summary: 'Export spoke applications with their evidence',
    description:
      `One row per evidence item of the current cycle. Columns: ${SPOKE_EXPORT_COLUMNS.join(', ')}. ` +
      `The applications GET /api/spoke-applications would list with the same filters, in the caller's scope.`,
    what: 'The applications',
    roles: ['admin', 'hee_staff', 'hub_lead', 'practice_manager'],
    query: SpokeExportQuery,
    source: spokeApplicationExport,
  },
  auditEvents: {
    name: 'audit-events',
    summary: 'Export the audit trail',
    description:
      `Oldest first. Columns: ${AUDIT_EXPORT_COLUMNS.join(', ')} (before and after as JSON). Filters: subjectId, subjectType, ` +
      `actorId, actorRole, action, from/to (London dates, inclusive).`,
    what: 'The audit events',
    roles: ['admin', 'hee_staff'],
    query: AuditExportQuery,
    source: auditEventExport,
  },
} satisfies Record<string, ExportSpec<z.ZodType>>;

export interface ExportSpec<TQuery extends z.ZodType> {
  /** The file's path segment: `eois` for /api/exports/eois.csv and /exports/eois.csv. */
  name: string;
  summary: string;
  description: string;
  what: string;
  roles: readonly Role[];
  query: TQuery;
  source(deps: ApiDeps, actor: Actor, query: z.infer<TQuery>): ExportSource;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** An export in one format, ready to stream. */
export function exportFile(deps: ApiDeps, format: ExportFormat, source: ExportSource): FileExport {
  return format === 'csv' ? asCsv(deps, source) : asXlsx(deps, source);
}
