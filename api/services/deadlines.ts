/**
 * Deadlines: every waiting step of both processes, read from the Deadline table the workflows keep
 * in the same transaction as their read models. One service for the API's list, CSV and calendar
 * feed and for the pages (home page, deadlines page). Status is computed against the clock given.
 */
import { stringify } from 'csv-stringify/sync';
import type { Prisma, PrismaClient } from '../../db/database';
import {
  CSV_COLUMNS,
  CSV_MAX_ROWS,
  csvFilename,
  csvRecord,
  type DeadlineFilters,
  type DeadlineItem,
  type DeadlineRow,
  deadlineWhere,
  toDeadlineItem,
} from '../../domain/deadlines';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { afterCursor, pageOrderBy, toPage, type Page } from '../routes/pagination';

/** The deadlines matching a where, soonest first. */
export async function findDeadlines(prisma: PrismaClient, where: Prisma.DeadlineWhereInput, take: number): Promise<DeadlineRow[]> {
  return prisma.deadline.findMany({ where, orderBy: pageOrderBy('dueAt'), take });
}

/** Organisation names for EOIs and practice names for spoke applications, by subject id. */
export async function subjectNames(prisma: PrismaClient, rows: readonly DeadlineRow[]): Promise<Record<string, string>> {
  const organisationIds = [...new Set(rows.flatMap((r) => (r.subjectType === 'eoi' && r.organisationId ? [r.organisationId] : [])))];
  const practiceIds = [...new Set(rows.flatMap((r) => (r.subjectType !== 'eoi' && r.practiceId ? [r.practiceId] : [])))];
  const [organisations, practices] = await Promise.all([
    organisationIds.length
      ? prisma.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true } })
      : [],
    practiceIds.length ? prisma.practice.findMany({ where: { id: { in: practiceIds } }, select: { id: true, name: true } }) : [],
  ]);
  const byId = new Map([...organisations, ...practices].map((r) => [r.id, r.name]));
  const names: Record<string, string> = {};
  for (const row of rows) {
    const name = byId.get((row.subjectType === 'eoi' ? row.organisationId : row.practiceId) ?? '');
    if (name) names[row.subjectId] = name;
  }
  return names;
}

/** Keyset paging (the API's cursors) or numbered pages (the pages). */
export type DeadlinePaging = { limit: number; cursor?: string } | { limit: number; pageNumber: number };

/**
 * A page of the deadlines the actor may see matching the filters, soonest first. `ownerRole`
 * narrows it to the steps waiting on one role (a home page's "needs your action").
 */
export async function listDeadlines(
  deps: ApiDeps,
  actor: Actor,
  filters: DeadlineFilters & { ownerRole?: string },
  paging: DeadlinePaging,
  now: Date,
): Promise<Page<DeadlineItem>> {
  const { page } = await deadlinePage(deps, actor, filters, paging, now);
  return page;
}

/** listDeadlines with each subject's name (organisation or practice), for people. */
export async function listNamedDeadlines(
  deps: ApiDeps,
  actor: Actor,
  filters: DeadlineFilters & { ownerRole?: string },
  paging: DeadlinePaging,
  now: Date,
): Promise<Page<DeadlineItem & { subjectName?: string }>> {
  const { page, rows } = await deadlinePage(deps, actor, filters, paging, now);
  const names = await subjectNames(deps.db.prisma, rows);
  return { ...page, items: page.items.map((item) => ({ ...item, subjectName: names[item.subjectId] })) };
}

async function deadlinePage(
  deps: ApiDeps,
  actor: Actor,
  filters: DeadlineFilters & { ownerRole?: string },
  paging: DeadlinePaging,
  now: Date,
) {
  const { ownerRole, ...rest } = filters;
  const where = deadlineWhere(actor, rest, now);
  const byCursor = 'pageNumber' in paging ? {} : afterCursor(paging.cursor, 'dueAt');
  const rows = await deps.db.prisma.deadline.findMany({
    where: { AND: [...where.AND, ...(ownerRole ? [{ ownerRole }] : []), byCursor] },
    orderBy: pageOrderBy('dueAt'),
    take: paging.limit + 1,
    ...('pageNumber' in paging ? { skip: (paging.pageNumber - 1) * paging.limit } : {}),
  });
  return { page: toPage(rows, paging.limit, (row) => toDeadlineItem(row, now), 'dueAt'), rows: rows.slice(0, paging.limit) };
}

/** How many deadlines listDeadlines would find. */
export function countDeadlines(deps: ApiDeps, actor: Actor, filters: DeadlineFilters & { ownerRole?: string }, now: Date) {
  const { ownerRole, ...rest } = filters;
  const where = deadlineWhere(actor, rest, now);
  return deps.db.prisma.deadline.count({ where: { AND: [...where.AND, ...(ownerRole ? [{ ownerRole }] : [])] } });
}

/** The deadline list as CSV for spreadsheets, at most CSV_MAX_ROWS rows (truncated says there were more). */
export async function exportDeadlinesCsv(deps: ApiDeps, actor: Actor, filters: DeadlineFilters, now: Date) {
  const rows = await findDeadlines(deps.db.prisma, deadlineWhere(actor, filters, now), CSV_MAX_ROWS + 1);
  const records = rows.slice(0, CSV_MAX_ROWS).map((row) => csvRecord(toDeadlineItem(row, now)));
  return {
    csv: stringify(records, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' }),
    filename: csvFilename(now),
    truncated: rows.length > CSV_MAX_ROWS,
  };
}
