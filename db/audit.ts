import type { Actor } from '../domain/roles';
import type { Prisma, PrismaClient } from './database';

export interface AuditEntry {
  actor: { userId: string; role: Actor['role'] | string };
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  comment?: string;
  requestId?: string;
  /** Makes the append idempotent for writers that may retry (activities). */
  dedupeKey?: string;
}

type Tx = Prisma.TransactionClient | PrismaClient;

/** Appends to the audit trail. There is no update or delete anywhere in the code base. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const data = {
    actorId: entry.actor.userId,
    actorRole: entry.actor.role,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: (entry.before ?? undefined) as Prisma.InputJsonValue | undefined,
    after: (entry.after ?? undefined) as Prisma.InputJsonValue | undefined,
    comment: entry.comment,
    requestId: entry.requestId,
    dedupeKey: entry.dedupeKey,
  };
  if (entry.dedupeKey) {
    await tx.auditEvent.upsert({ where: { dedupeKey: entry.dedupeKey }, create: data, update: {} });
  } else {
    await tx.auditEvent.create({ data });
  }
}
