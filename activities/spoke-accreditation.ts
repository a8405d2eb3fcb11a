/**
 * What the spoke accreditation workflow needs from the database when a cycle opens: the practice,
 * the hub (its name and accreditation validity) and the hub's latest criteria set, creating the
 * editable example set as the hub's version 1 when the hub has none yet. Opening an application
 * also claims the (practice, hub) pair, so two open applications for the same pair cannot exist
 * even when two requests race.
 */
import type { Prisma, PrismaClient } from '../db/database';
import { appendAudit } from '../db/audit';
import { criteriaSetView } from '../db/reference-views';
import { exampleCriteriaSet } from '../domain/example-criteria';
import type { Criterion } from '../domain/reference-data';
import type { Rejection } from '../domain/rejection';
import { SYSTEM_ACTOR } from '../domain/roles';
import { checkPracticeHub, OPEN_STATUSES, type SpokeCycleData } from '../domain/spoke-accreditation';
import type { PrepareSpokeInput, PrepareSpokeResult } from '../workflows/activities';

/** The open application of a practice at a hub, other than `exceptId`, if any. */
export async function openSpokeApplicationFor(
  prisma: PrismaClient | Prisma.TransactionClient,
  practiceId: string,
  hubId: string,
  exceptId?: string,
): Promise<{ id: string; status: string } | null> {
  return prisma.spokeApplication.findFirst({
    where: { practiceId, hubId, status: { in: [...OPEN_STATUSES] }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, status: true },
  });
}

export function createSpokeActivities(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The hub's latest criteria set; the example set as version 1 (audited) if it has none. */
  async function criteriaFor(hubId: string, requestId?: string): Promise<SpokeCycleData['criteriaSet']> {
    for (let attempt = 0; ; attempt++) {
      const latest = await prisma.criteriaSet.findFirst({ where: { hubId }, orderBy: { version: 'desc' } });
      if (latest) {
        return {
          id: latest.id,
          version: latest.version,
          name: latest.name,
          isExample: latest.isExample,
          criteria: latest.criteria as unknown as Criterion[],
        };
      }
      const example = exampleCriteriaSet(hubId);
      try {
        await prisma.$transaction(async (tx) => {
          const row = await tx.criteriaSet.create({ data: { ...example, version: 1 } });
          await appendAudit(tx, {
            actor: SYSTEM_ACTOR,
            action: 'criteriaSet.created',
            subjectType: 'criteriaSet',
            subjectId: row.id,
            after: criteriaSetView(row),
            comment: 'The example criteria set, created for the hub’s first spoke application: edit it by posting a new version',
            requestId,
            dedupeKey: `reference:criteriaSet:${row.id}`,
          });
        });
      } catch (error) {
        // Someone else created the hub's first version meanwhile: use theirs.
        if ((error as { code?: string }).code !== 'P2002' || attempt > 3) throw error;
      }
    }
  }

  async function cycleData(practiceId: string, hubId: string, requestId?: string, applying = false): Promise<SpokeCycleData | Rejection> {
    const practice = await prisma.practice.findUnique({ where: { id: practiceId } });
    if (!practice) return { status: 400, detail: 'No such practice', errors: [{ path: 'body.practiceId', message: 'no such practice' }] };
    const hub = await prisma.hub.findUnique({ where: { id: hubId } });
    if (!hub) return { status: 400, detail: 'No such hub', errors: [{ path: 'body.hubId', message: 'no such hub' }] };
    // A new application is checked again here: the practice may have joined another hub since the API looked.
    const elsewhere = applying ? checkPracticeHub(practice, hub.id, hub.name) : undefined;
    if (elsewhere) return elsewhere;
    return {
      practice: { id: practice.id, name: practice.name, isTrainingPractice: practice.isTrainingPractice },
      hub: { id: hub.id, name: hub.name, accreditationValidityMonths: hub.accreditationValidityMonths },
      criteriaSet: await criteriaFor(hubId, requestId),
    };
  }

  return {
    /**
     * Opens an application: claims the (practice, hub) pair with a placeholder read-model row
     * (version 0, replaced by the workflow's first commit), or refuses if another application
     * for the pair is open. Idempotent: a retry finds its own placeholder.
     */
    async prepareSpokeApplication(input: PrepareSpokeInput): Promise<PrepareSpokeResult> {
      const data = await cycleData(input.practiceId, input.hubId, input.requestId, true);
      if (!('criteriaSet' in data)) return { ok: false, refused: data };
      const clash = await prisma.$transaction(async (tx) => {
        // Serialises claims for the pair on PostgreSQL (PGlite has a single connection anyway).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`spoke:${input.practiceId}:${input.hubId}`}))`;
        const open = await openSpokeApplicationFor(tx, input.practiceId, input.hubId, input.applicationId);
        if (open) return open;
        const mine = await tx.spokeApplication.findUnique({ where: { id: input.applicationId }, select: { id: true } });
        if (!mine) {
          await tx.spokeApplication.create({
            data: {
              id: input.applicationId,
              practiceId: input.practiceId,
              hubId: input.hubId,
              status: 'AWAITING_EVIDENCE',
              view: { id: input.applicationId, opening: true },
              version: 0,
            },
          });
        }
        return null;
      });
      if (clash) {
        return {
          ok: false,
          refused: {
            status: 409,
            detail: `${data.practice.name} already has an open application to ${data.hub.name}: ${clash.id} (${clash.status})`,
            errors: [{ path: 'body.hubId', message: `open application ${clash.id}` }],
          },
        };
      }
      return { ok: true, data };
    },

    /** Gives up the claim of an application whose opening could not be recorded (its placeholder). */
    async releaseSpokeClaim(input: { applicationId: string }): Promise<void> {
      await prisma.spokeApplication.deleteMany({ where: { id: input.applicationId, version: 0 } });
    },

    /** The practice, the hub and the hub's latest criteria when a re-accreditation cycle opens. */
    async loadSpokeCycle(input: { practiceId: string; hubId: string }): Promise<SpokeCycleData> {
      const data = await cycleData(input.practiceId, input.hubId);
      if (!('criteriaSet' in data)) throw new Error(`${data.detail} (${input.practiceId}, ${input.hubId})`);
      return data;
    },
  };
}
