import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import { createReferenceRecord } from '../db/reference-records';
import { hubView, organisationView, practiceView, programmeView, universityView } from '../db/reference-views';
import { REJECTION_TYPE, type Rejection } from '../domain/rejection';
import type { ReferenceChange, ReferenceRename } from '../domain/reference-data';
import { OPEN_STATUSES, type ReferenceRenamed } from '../domain/spoke-accreditation';
import { referenceRenamedSignal, spokeWorkflowId } from '../workflows/spoke-accreditation.messages';

function rejected(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({ type: REJECTION_TYPE, message: rejection.detail, details: [rejection], nonRetryable: true });
}

/**
 * The reference-data workflow's activities: renames, and telling open applications of one. A
 * creation is written by the API (db/reference-records.ts); this still writes one for a workflow
 * started before that, with the same function, so a retry finds it written.
 */
export function createReferenceDataActivities(deps: { prisma: PrismaClient; temporal: Client }) {
  const { prisma, temporal } = deps;

  /** A record's new name; the same change again (a retry) finds it renamed and writes nothing more. */
  async function rename(change: ReferenceRename): Promise<unknown> {
    const { id, data } = change;
    // The name and its audit entry at once: a retry after a crash between them would record the new name as "before".
    return prisma.$transaction(async (tx) => {
      const where = { where: { id } };
      const renamed = { where: { id }, data: { name: data.name } };
      const [before, after] = await (async (): Promise<[unknown, unknown]> => {
        switch (data.target) {
          case 'organisation': {
            const row = await tx.organisation.findUniqueOrThrow(where);
            return [organisationView(row), organisationView(await tx.organisation.update(renamed))];
          }
          case 'university': {
            const row = await tx.university.findUniqueOrThrow(where);
            return [universityView(row), universityView(await tx.university.update(renamed))];
          }
          case 'programme': {
            const include = { universities: { include: { university: true } } } as const;
            const row = await tx.programme.findUniqueOrThrow({ ...where, include });
            return [programmeView(row), programmeView(await tx.programme.update({ ...renamed, include }))];
          }
          case 'hub': {
            const row = await tx.hub.findUniqueOrThrow(where);
            return [hubView(row), hubView(await tx.hub.update(renamed))];
          }
          case 'practice': {
            const row = await tx.practice.findUniqueOrThrow(where);
            return [practiceView(row), practiceView(await tx.practice.update(renamed))];
          }
        }
      })();
      await appendAudit(tx, {
        actor: change.actor,
        action: `${data.target}.renamed`,
        subjectType: data.target,
        subjectId: id,
        before,
        after,
        requestId: change.requestId,
        dedupeKey: `reference:rename:${data.changeId}`,
      });
      return after;
    });
  }

  return {
    /**
     * Tells every open application of a renamed practice or hub its new name; answers how many were
     * told. A retry tells them again, which changes nothing; one that has just ended is passed over.
     */
    async renameInOpenSpokes(renamed: ReferenceRenamed): Promise<number> {
      const rows = await prisma.spokeApplication.findMany({
        where: {
          version: { gt: 0 },
          status: { in: [...OPEN_STATUSES] },
          ...(renamed.target === 'practice' ? { practiceId: renamed.id } : { hubId: renamed.id }),
        },
        select: { id: true },
      });
      let told = 0;
      for (const row of rows) {
        try {
          await temporal.workflow.getHandle(spokeWorkflowId(row.id)).signal(referenceRenamedSignal, renamed);
          told += 1;
        } catch (error) {
          if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
        }
      }
      return told;
    },

    async saveReferenceRecord(change: ReferenceChange): Promise<unknown> {
      if (change.kind === 'rename') return rename(change);
      const created = await createReferenceRecord(prisma, change);
      if ('refused' in created) throw rejected(created.refused);
      return created.record;
    },
  };
}
