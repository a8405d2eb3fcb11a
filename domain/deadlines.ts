/**
 * Deadlines as staff see them (DOMAIN.md "Deadlines and reminders"; API.md "Deadlines"): every
 * waiting step the process workflows record in the Deadline table, with a status computed
 * against a clock, filtered and scoped by role, exported as CSV and calendar events (the weekly
 * digest that groups them is domain/digest.ts). Pure: the clock is always passed in.
 */
import { z } from 'zod';
import { longDate, TIME_ZONE } from './london-calendar';
import { subjectPath, type SubjectType } from './process';
import { IdSchema } from './reference-data';
import { type Actor, isRegional } from './roles';
import { addDays, addDuration, formatCalendarDate, isIsoDuration } from './time';

export const DEADLINE_STATUSES = ['due', 'overdue'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];
export const SUBJECT_TYPES = ['eoi', 'spoke_application'] as const satisfies readonly SubjectType[];

/** A row of the Deadline table, as the process workflows commit it. */
export interface DeadlineRow {
  id: string;
  subjectType: string;
  subjectId: string;
  key: string;
  action: string;
  owner: string;
  ownerRole: string;
  dueAt: Date;
  organisationId: string | null;
  universityId: string | null;
  intakeId: string | null;
  hubId: string | null;
  practiceId: string | null;
}

/** Overdue once its due instant has passed; due until then. */
export function deadlineStatus(dueAt: Date | string, now: Date): DeadlineStatus {
  const due = typeof dueAt === 'string' ? Date.parse(dueAt) : dueAt.getTime();
  return due < now.getTime() ? 'overdue' : 'due';
}

// ---------- the list: query, scope, filter ----------

/** The longest look-ahead `within` may ask for. */
export const MAX_WITHIN = 'P5Y';
const CAP_REFERENCE = new Date(Date.UTC(2000, 0, 1));

/** An ISO 8601 duration no longer than MAX_WITHIN. */
export function isAllowedWithin(value: string): boolean {
  return isIsoDuration(value) && addDuration(CAP_REFERENCE, value).getTime() <= addDuration(CAP_REFERENCE, MAX_WITHIN).getTime();
}

const WithinSchema = z
  .string()
  .max(40)
  .refine(isIsoDuration, { message: 'an ISO 8601 duration such as P30D', abort: true })
  .refine(isAllowedWithin, `at most ${MAX_WITHIN}`)
  .meta({ description: `Only deadlines due before now + this ISO 8601 duration (overdue ones included), at most ${MAX_WITHIN}` });

const filterFields = {
  status: z.enum(DEADLINE_STATUSES).optional().meta({ description: 'overdue: the due time has passed; due: it has not' }),
  within: WithinSchema.optional(),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  intakeId: IdSchema.optional(),
  universityId: IdSchema.optional(),
  organisationId: IdSchema.optional(),
  hubId: IdSchema.optional(),
  practiceId: IdSchema.optional(),
};

export const DeadlineListQuery = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type DeadlineListQuery = z.infer<typeof DeadlineListQuery>;

/** The CSV export takes the same filters and answers every matching row, up to CSV_MAX_ROWS. */
export const DeadlineExportQuery = z.strictObject(filterFields);
export type DeadlineFilters = z.infer<typeof DeadlineExportQuery>;
export const CSV_MAX_ROWS = 10_000;

export const DeadlineItemSchema = z
  .object({
    id: z.string().meta({ description: 'Stable: "<subjectId>:<key>"' }),
    subjectType: z.enum(SUBJECT_TYPES),
    subjectId: z.string(),
    key: z.string().meta({ description: 'The waiting step, stable within the subject (e.g. "confirmation")' }),
    action: z.string().meta({ description: 'What must be done, in words' }),
    owner: z.string().meta({ description: 'Who must act, in words' }),
    ownerRole: z.string(),
    dueAt: z.string(),
    status: z.enum(DEADLINE_STATUSES),
    intakeId: z.string().optional(),
    hubId: z.string().optional(),
  })
  .meta({ id: 'Deadline' });
export type DeadlineItem = z.infer<typeof DeadlineItemSchema>;

export function toDeadlineItem(row: DeadlineRow, now: Date): DeadlineItem {
  return {
    id: row.id,
    subjectType: row.subjectType as SubjectType,
    subjectId: row.subjectId,
    key: row.key,
    action: row.action,
    owner: row.owner,
    ownerRole: row.ownerRole,
    dueAt: row.dueAt.toISOString(),
    status: deadlineStatus(row.dueAt, now),
    ...(row.intakeId ? { intakeId: row.intakeId } : {}),
    ...(row.hubId ? { hubId: row.hubId } : {}),
  };
}

type ScopeColumn = 'organisationId' | 'universityId' | 'hubId' | 'practiceId';
export type DeadlineScope = Partial<Record<ScopeColumn, string>>;

/**
 * Which deadlines a user may see: HEE staff and admins all; every other role those of the
 * subjects in its scope (its organisation's or university's EOIs, its hub's or practice's
 * spoke applications). A user missing its scope field sees nothing.
 */
export function deadlineScope(actor: Pick<Actor, 'role' | ScopeColumn>): DeadlineScope {
  if (isRegional(actor)) return {};
  const column: ScopeColumn =
    actor.role === 'org_submitter'
      ? 'organisationId'
      : actor.role === 'university_reviewer'
        ? 'universityId'
        : actor.role === 'hub_lead'
          ? 'hubId'
          : 'practiceId';
  return { [column]: actor[column] ?? '-' };
}

/** A Prisma-shaped `where` for the Deadline table: the caller's scope AND the filters. */
export interface DeadlineWhere {
  AND: Record<string, unknown>[];
}

/**
 * The scope always wins: it is ANDed with the filters, so a filter naming someone else's
 * organisation finds nothing rather than widening what the caller sees.
 */
export function deadlineWhere(actor: Pick<Actor, 'role' | ScopeColumn>, filters: DeadlineFilters, now: Date): DeadlineWhere {
  const { status, within, ...columns } = filters;
  const equal = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  const dueAt: Record<string, Date> = {};
  if (status === 'overdue') dueAt.lt = now;
  if (status === 'due') dueAt.gte = now;
  if (within) dueAt.lte = addDuration(now, within);
  return { AND: [deadlineScope(actor), equal, ...(Object.keys(dueAt).length ? [{ dueAt }] : [])] };
}

/** The same rule as deadlineWhere, in memory: does the row pass? */
export function matchesDeadline(where: DeadlineWhere, row: DeadlineRow): boolean {
  return where.AND.every((clause) =>
    Object.entries(clause).every(([column, expected]) => {
      const actual = row[column as keyof DeadlineRow];
      if (column !== 'dueAt') return actual === expected;
      const due = (actual as Date).getTime();
      const range = expected as { lt?: Date; gte?: Date; lte?: Date };
      return (
        (range.lt === undefined || due < range.lt.getTime()) &&
        (range.gte === undefined || due >= range.gte.getTime()) &&
        (range.lte === undefined || due <= range.lte.getTime())
      );
    }),
  );
}

/** Soonest first; ties by id, the order the list pages in. */
export function bySoonest(a: Pick<DeadlineRow, 'dueAt' | 'id'>, b: Pick<DeadlineRow, 'dueAt' | 'id'>): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// ---------- subjects, links, dates ----------

export { subjectPath };

/** "EOI eoi_abc (Northshire Community Trust)", "spoke application spk_x (Leigh Family Practice)". */
export function subjectLabel(row: Pick<DeadlineRow, 'subjectType' | 'subjectId'>, name?: string): string {
  const kind = row.subjectType === 'eoi' ? 'EOI' : 'spoke application';
  return `${kind} ${row.subjectId}${name ? ` (${name})` : ''}`;
}

export { TIME_ZONE };

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The wall-clock reading of an instant in Europe/London. */
export function londonParts(at: Date): { date: string; weekday: number; time: string } {
  const parts = Object.fromEntries(londonFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.indexOf(parts.weekday!),
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in Europe/London: the day a deadline falls on. */
export function londonDate(at: Date): string {
  return londonParts(at).date;
}

/** "Friday 31 January 2027, 09:00" in Europe/London. */
export function formatDueMoment(at: Date): string {
  return `${longDate(at)}, ${londonParts(at).time}`;
}

// ---------- calendar feed ----------

/** Stable across feeds and changes of date, so a calendar client moves the event, never duplicates it. */
export function calendarUid(row: Pick<DeadlineRow, 'id'>): string {
  return `${row.id}@trainflow`;
}

export interface CalendarEvent {
  uid: string;
  /** All-day event on the Europe/London date the deadline falls on: DTSTART;VALUE=DATE. */
  date: string;
  /** The day after (DTEND is exclusive). */
  endDate: string;
  summary: string;
  description: string;
  url: string;
}

export function calendarEvent(row: DeadlineRow, now: Date, options: { publicUrl: string; subjectName?: string }): CalendarEvent {
  const date = londonDate(row.dueAt);
  const url = `${options.publicUrl}${subjectPath(row.subjectType, row.subjectId)}`;
  const label = subjectLabel(row, options.subjectName);
  return {
    uid: calendarUid(row),
    date,
    endDate: formatCalendarDate(addDays(new Date(`${date}T00:00:00Z`), 1)),
    summary: `${row.action}: ${label}`,
    description: [
      `${row.action}.`,
      `Regarding: ${label}.`,
      `Owner: ${row.owner}.`,
      `Due: ${formatDueMoment(row.dueAt)} (${TIME_ZONE})${deadlineStatus(row.dueAt, now) === 'overdue' ? ', overdue' : ''}.`,
      `Details: ${url}`,
    ].join('\n'),
    url,
  };
}

// ---------- CSV ----------

export const CSV_COLUMNS = ['subjectType', 'subjectId', 'action', 'owner', 'dueAt', 'status'] as const;

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or carriage return)
 * is prefixed with an apostrophe, so it is shown as text (OWASP "CSV injection").
 */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRecord(item: DeadlineItem): string[] {
  return CSV_COLUMNS.map((column) => csvSafe(String(item[column])));
}

export function csvFilename(now: Date): string {
  return `trainflow-deadlines-${londonDate(now)}.csv`;
}
