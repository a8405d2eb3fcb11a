import { badRequest } from '../http/problem';

/** Keyset pagination over (a time column, id), createdAt by default: stable while rows are added. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw badRequest('query.cursor is not a cursor this API issued', [{ path: 'query.cursor', message: 'unknown cursor' }]);
  }
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

type TimeField = 'createdAt' | 'submittedAt' | 'dueAt';

/** The Prisma `where` fragment for rows after the cursor, in (createdAt, id) order. */
export function afterCursor(cursor: string | undefined, field: TimeField = 'createdAt') {
  const after = decodeCursor(cursor);
  if (!after) return {};
  return {
    OR: [{ [field]: { gt: after.createdAt } }, { [field]: after.createdAt, id: { gt: after.id } }],
  };
}

export const pageOrder = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];
export const pageOrderBy = (field: TimeField) => [{ [field]: 'asc' as const }, { id: 'asc' as const }];

/** Fetch limit + 1 rows; the extra one tells whether there is a next page. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  view: (row: R) => T,
  field: TimeField = 'createdAt',
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1] as (R & Record<TimeField, Date>) | undefined;
  return {
    items: items.map(view),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor({ createdAt: last[field], id: last.id }) } : {}),
  };
}
