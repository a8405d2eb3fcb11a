import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import { criteriaSetView, hubView, intakeView, organisationView, practiceView, programmeView, universityView } from '../db/reference-views';
import { REJECTION_TYPE, type Rejection } from '../domain/rejection';
import type { ReferenceChange, ReferenceCreation, ReferenceRename } from '../domain/reference-data';
import { OPEN_STATUSES, type ReferenceRenamed } from '../domain/spoke-accreditation';
import { referenceRenamedSignal, spokeWorkflowId } from '../workflows/spoke-accreditation.messages';

function rejected(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({ type: REJECTION_TYPE, message: rejection.detail, details: [rejection], nonRetryable: true });
}

/** Writes one reference record and its audit event in one transaction; a retry finds it written. */
export function createReferenceDataActivities(deps: { prisma: PrismaClient; temporal: Client }) {
  const { prisma, temporal } = deps;

  async function save(change: ReferenceCreation): Promise<unknown> {
    const { id } = change;
    switch (change.kind) {
      case 'organisation': {
        const clash = await prisma.organisation.findUnique({ where: { odsCode: change.data.odsCode } });
        if (clash && clash.id !== id) {
          throw rejected({
            status: 409,
            detail: `An organisation with ODS code ${change.data.odsCode} already exists`,
            errors: [{ path: 'body.odsCode', message: 'already registered' }],
          });
        }
        return organisationView(await prisma.organisation.upsert({ where: { id }, create: { id, ...change.data }, update: {} }));
      }
      case 'university':
        return universityView(await prisma.university.upsert({ where: { id }, create: { id, ...change.data }, update: {} }));
      case 'programme': {
        const { universityIds, ...programme } = change.data;
        const row = await prisma.programme.upsert({
          where: { id },
          create: { id, ...programme, universities: { create: universityIds.map((universityId) => ({ universityId })) } },
          update: {},
          include: { universities: { include: { university: true } } },
        });
        return programmeView(row);
      }
      case 'intake': {
        const d = change.data;
        const row = await prisma.intake.upsert({
          where: { id },
          create: {
            id,
            programmeId: d.programmeId,
            startsOn: new Date(`${d.startsOn}T00:00:00Z`),
            fundedPlaces: d.fundedPlaces,
            eoiOpensAt: new Date(d.eoiOpensAt),
            eoiClosesAt: new Date(d.eoiClosesAt),
            priorityServiceTypes: d.priorityServiceTypes,
          },
          update: {},
        });
        return intakeView(row);
      }
      case 'hub':
        return hubView(await prisma.hub.upsert({ where: { id }, create: { id, ...change.data }, update: {} }));
      case 'practice': {
        const clash = await prisma.practice.findUnique({ where: { odsCode: change.data.odsCode } });
        if (clash && clash.id !== id) {
          throw rejected({
            status: 409,
            detail: `A practice with ODS code ${change.data.odsCode} already exists`,
            errors: [{ path: 'body.odsCode', message: 'already registered' }],
          });
        }
        return practiceView(await prisma.practice.upsert({ where: { id }, create: { id, ...change.data }, update: {} }));
      }
      case 'criteriaSet': {
        const existing = await prisma.criteriaSet.findUnique({ where: { id } });
        if (existing) return criteriaSetView(existing);
        // Versions per hub are serialised by the unique (hubId, version) constraint: retry on a clash.
        for (let attempt = 0; ; attempt++) {
          const latest = await prisma.criteriaSet.findFirst({ where: { hubId: change.data.hubId }, orderBy: { version: 'desc' } });
          try {
            const row = await prisma.criteriaSet.create({
              data: {
                id,
                hubId: change.data.hubId,
                name: change.data.name,
                criteria: change.data.criteria,
                isExample: change.data.isExample ?? false,
                version: (latest?.version ?? 0) + 1,
              },
            });
            return criteriaSetView(row);
          } catch (error) {
            if ((error as { code?: string }).code !== 'P2002' || attempt > 5) throw error;
          }
        }
      }
    }
  }

  /** A record's new name; the same change again (a retry) finds it renamed and writes nothing more. */
  async function rename(change: ReferenceRename): Promise<unknown> {
    const { id, data } = change;
    const where = { where: { id } };
    const renamed = { where: { id }, data: { name: data.name } };
    const [before, after] = await (async (): Promise<[unknown, unknown]> => {
      switch (data.target) {
        case 'organisation': {
          const row = await prisma.organisation.findUniqueOrThrow(where);
          return [organisationView(row), organisationView(await prisma.organisation.update(renamed))];
        }
        case 'university': {
          const row = await prisma.university.findUniqueOrThrow(where);
          return [universityView(row), universityView(await prisma.university.update(renamed))];
        }
        case 'programme': {
          const include = { universities: { include: { university: true } } } as const;
          const row = await prisma.programme.findUniqueOrThrow({ ...where, include });
          return [programmeView(row), programmeView(await prisma.programme.update({ ...renamed, include }))];
        }
        case 'hub': {
          const row = await prisma.hub.findUniqueOrThrow(where);
          return [hubView(row), hubView(await prisma.hub.update(renamed))];
        }
        case 'practice': {
          const row = await prisma.practice.findUniqueOrThrow(where);
          return [practiceView(row), practiceView(await prisma.practice.update(renamed))];
        }
      }
    })();
    await appendAudit(prisma, {
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
      const record = await save(change);
      await appendAudit(prisma, {
        actor: change.actor,
        action: `${change.kind}.created`,
        subjectType: change.kind,
        subjectId: change.id,
        after: record,
        requestId: change.requestId,
        dedupeKey: `reference:${change.kind}:${change.id}`,
      });
      return record;
    },
  };
}
