import type { Prisma, PrismaClient } from '../db/database';
import { appendAudit } from '../db/audit';
import type { DocumentStore } from '../db/document-store';
import { saveSignedVersion } from '../db/signed-documents';
import type { EoiView } from '../domain/eoi';
import type { SpokeView } from '../domain/spoke-accreditation';
import { accreditationFacts, eoiFunnelFacts } from '../domain/reports';
import { SYSTEM_ACTOR } from '../domain/roles';
import type { EmailMessage } from '../domain/notifications';
import type { ProcessCommit } from '../domain/process';
import { queueEmail, readdressUndelivered } from './email';
import { addressNotice } from './notices';
import { signedDocumentsOfCommit } from './signed-documents';

/**
 * A practice without a hub may apply to any hub, and on accreditation becomes that hub's spoke
 * (docs/domain.md, "Spoke accreditation"); one that belongs to a hub keeps it.
 */
async function joinHubOnAccreditation(tx: Prisma.TransactionClient, commit: ProcessCommit) {
  const { practiceId, hubId } = commit.scope;
  if (commit.subjectType !== 'spoke_application' || commit.status !== 'ACCREDITED' || !practiceId || !hubId) return;
  const joined = await tx.practice.updateMany({ where: { id: practiceId, hubId: null }, data: { hubId } });
  if (joined.count === 0) return;
  await appendAudit(tx, {
    actor: SYSTEM_ACTOR,
    action: 'practice.joined_hub',
    subjectType: 'practice',
    subjectId: practiceId,
    before: { hubId: null },
    after: { hubId },
    comment: `Accredited as a spoke of the hub (application ${commit.subjectId})`,
    dedupeKey: `practice:${practiceId}:joined-hub:${hubId}`,
  });
}

/**
 * The emails of the subject an earlier attempt of this commit readdressed (from replaced, to still
 * pending): a retry after its transaction went through finds nothing left to readdress, and must
 * still answer them for delivery, or they would wait for the late-email notice.
 */
async function readdressedBefore(tx: Prisma.TransactionClient, subjectId: string, change: { from: string; to: string }) {
  const address = (value: string) => ({ equals: value, mode: 'insensitive' as const });
  const emails = await tx.outboxEmail.findMany({
    where: {
      subjectId,
      recipients: { some: { address: address(change.from), status: 'replaced' } },
      AND: { recipients: { some: { address: address(change.to), status: 'pending' } } },
    },
    select: { key: true },
  });
  return emails.map((e) => e.key);
}

/**
 * Records a process's new state in one transaction: the read-model row (only if this version is
 * newer than the stored one), its open deadlines (replaced as a set), audit entries and outbox
 * emails (each keyed, so a retry adds nothing). Returns the outbox keys still to deliver.
 */
export function createProcessCommitActivities(deps: { prisma: PrismaClient; publicUrl: string; documentStore: DocumentStore }) {
  const { prisma, publicUrl, documentStore } = deps;

  /**
   * Writes the row only if this version is not older than the stored one. The check and the
   * write are one conditional UPDATE: PostgreSQL re-checks `version <= v` after waiting for a
   * concurrent writer's row lock, so an older commit can never overwrite a newer one, and a
   * writer that wins holds the row lock while it replaces the deadlines. The same version again
   * is a retry, written over the first: of a regular activity, the same change; of a local one,
   * run again with its workflow task, the change as the retried task made it (its clock has moved
   * on), which is the one the workflow keeps.
   */
  async function writeRow(tx: Prisma.TransactionClient, commit: ProcessCommit): Promise<boolean> {
    const data = {
      ...commit.columns,
      status: commit.status,
      view: commit.view as Prisma.InputJsonValue,
      version: commit.version,
      // The reports' facts beside the view, so a report over a region reads a few hundred bytes of each row.
      ...(commit.subjectType === 'eoi'
        ? { funnelFacts: eoiFunnelFacts(commit.view as EoiView) as unknown as Prisma.InputJsonValue }
        : { reportFacts: accreditationFacts(commit.view as SpokeView) as unknown as Prisma.InputJsonValue }),
    };
    const newer = { id: commit.subjectId, version: { lte: commit.version } };
    const table = commit.subjectType === 'eoi' ? tx.eoi : tx.spokeApplication;
    const updated = await (table as typeof tx.eoi).updateMany({ where: newer, data: data as Prisma.EoiUpdateManyMutationInput });
    if (updated.count === 1) return true;
    const stored = await (table as typeof tx.eoi).findUnique({ where: { id: commit.subjectId }, select: { version: true } });
    if (stored) return false;
    // First write; a concurrent first write of the same id fails on the primary key and the
    // activity is retried, finding the row.
    await (table as typeof tx.eoi).create({ data: { id: commit.subjectId, ...data } as Prisma.EoiCreateInput });
    return true;
  }

  return {
    async commitProcessChange(commit: ProcessCommit): Promise<string[]> {
      // Audiences are resolved before the transaction: PGlite has one connection.
      const emails: EmailMessage[] = [];
      for (const notice of commit.notices) {
        const email = await addressNotice(prisma, notice, publicUrl);
        if (email) emails.push(email);
      }
      const signed = await signedDocumentsOfCommit(prisma, commit);
      const readdressed: string[] = [];
      await prisma.$transaction(async (tx) => {
        const newest = await writeRow(tx, commit);
        if (newest) {
          await tx.deadline.deleteMany({ where: { subjectId: commit.subjectId } });
          if (commit.deadlines.length > 0) {
            await tx.deadline.createMany({
              data: commit.deadlines.map((d) => ({
                id: `${commit.subjectId}:${d.key}`,
                subjectType: commit.subjectType,
                subjectId: commit.subjectId,
                key: d.key,
                action: d.action,
                owner: d.owner,
                ownerRole: d.ownerRole,
                dueAt: new Date(d.dueAt),
                ...commit.scope,
              })),
            });
          }
        }
        for (const entry of commit.audit) {
          await appendAudit(tx, {
            actor: entry.actor,
            action: entry.action,
            subjectType: commit.subjectType,
            subjectId: commit.subjectId,
            comment: entry.comment,
            requestId: entry.requestId,
            before: entry.before,
            after: entry.after,
            dedupeKey: `${commit.subjectType}:${commit.subjectId}:${entry.key}`,
          });
        }
        if (newest) await joinHubOnAccreditation(tx, commit);
        for (const document of signed) {
          await saveSignedVersion(tx, documentStore, document.version, {
            actor: document.actor,
            action: document.action,
            comment: document.comment,
          });
        }
        for (const email of emails) await queueEmail(tx, email);
        for (const change of commit.readdress ?? []) {
          readdressed.push(...(await readdressUndelivered(tx, commit.subjectId, change)));
          readdressed.push(...(await readdressedBefore(tx, commit.subjectId, change)));
        }
      });
      const pending = await prisma.outboxEmail.findMany({
        where: { key: { in: [...emails.map((e) => e.key), ...readdressed] }, status: 'pending' },
        select: { key: true },
      });
      return pending.map((p) => p.key);
    },
  };
}
