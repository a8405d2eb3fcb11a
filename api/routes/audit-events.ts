/**
 * The audit trail, read-only: there is no route that updates or deletes an event. Events are
 * paged oldest first by their (monotonic) id, which is a BigInt in the database and a string here.
 */
import { z } from 'zod';
import { auditRecordFor } from '../../domain/audit-visibility';
import type { AuditEventRow } from '../../domain/exports';
import { IdSchema, pageOf } from '../../domain/reference-data';
import { RoleSchema, type Role } from '../../domain/roles';
import { badRequest } from '../http/problem';
import { defineRoute, ok } from '../http/route';

const AuditEventSchema = z
  .object({
    id: z.string().meta({ description: 'Increasing with time' }),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    action: z.string().meta({ example: 'organisation.created' }),
    subjectType: z.string(),
    subjectId: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    comment: z.string().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'AuditEvent' });

const AuditQuery = z.strictObject({
  subjectId: z.string().min(1).max(200).optional(),
  subjectType: z.string().min(1).max(64).optional(),
  actorId: IdSchema.optional(),
  actorRole: RoleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

function decodeCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,19}$/.test(text)) {
    throw badRequest('query.cursor is not a cursor this API issued', [{ path: 'query.cursor', message: 'unknown cursor' }]);
  }
  return BigInt(text);
}

const encodeCursor = (id: bigint) => Buffer.from(id.toString()).toString('base64url');

function auditView(e: AuditEventRow, reader: Role) {
  const before = auditRecordFor(reader, e.subjectType, e.before);
  const after = auditRecordFor(reader, e.subjectType, e.after);
  return {
    id: e.id.toString(),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    ...(before !== null ? { before } : {}),
    ...(after !== null ? { after } : {}),
    ...(e.comment !== null ? { comment: e.comment } : {}),
    ...(e.requestId !== null ? { requestId: e.requestId } : {}),
  };
}

export const auditEventRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/audit-events',
    summary: 'List audit events',
    description:
      'Who did what, to what, when and why; oldest first. Append-only: nothing updates or deletes an event. ' +
      'Users’ email addresses in user records are shown to admins only.',
    tags: ['Audit'],
    policy: { roles: ['admin', 'hee_staff'] },
    query: AuditQuery,
    responses: { 200: { description: 'A page of audit events', schema: pageOf(AuditEventSchema, 'AuditEventPage') } },
    async handler({ query, deps, actor }) {
      const after = decodeCursor(query.cursor);
      const rows = await deps.db.prisma.auditEvent.findMany({
        where: {
          subjectId: query.subjectId,
          subjectType: query.subjectType,
          actorId: query.actorId,
          actorRole: query.actorRole,
          ...(after !== undefined ? { id: { gt: after } } : {}),
        },
        orderBy: { id: 'asc' },
        take: query.limit + 1,
      });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return ok({
        items: items.map((e) => auditView(e, actor.role)),
        ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(last.id) } : {}),
      });
    },
  }),
];
