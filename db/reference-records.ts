/**
 * Creating a reference record (organisation, university, programme, intake, hub, practice,
 * criteria set): the record and its audit entry in one transaction, as users are written. The id
 * comes from the request (its Idempotency-Key when it has one), so the same creation again finds
 * the record written and adds nothing: no second row, no second audit entry.
 */
import type { ReferenceCreation } from '../domain/reference-data';
import type { Rejection } from '../domain/rejection';
import { appendAudit } from './audit';
import type { Prisma, PrismaClient } from './database';
import { isUniqueViolation } from './errors';
import { criteriaSetView, hubView, intakeView, organisationView, practiceView, programmeView, universityView } from './reference-views';

/** The record written (or found written), or why not: `existingId` names the record that holds the ODS code. */
export type ReferenceCreated = { record: unknown } | { refused: Rejection; existingId?: string };

/**
 * A unique constraint lost to a concurrent writer: the same id written meanwhile (found on the
 * next try), an ODS code taken (refused on the next try, naming the field), or a hub's next
 * criteria-set version taken (the next number on the next try). A clash aborts the transaction,
 * so each try is a transaction of its own.
 */
const ATTEMPTS = 6;

export async function createReferenceRecord(prisma: PrismaClient, change: ReferenceCreation): Promise<ReferenceCreated> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => inOneTransaction(tx, change));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function inOneTransaction(tx: Prisma.TransactionClient, change: ReferenceCreation): Promise<ReferenceCreated> {
  const written = await write(tx, change);
  if ('refused' in written) return written;
  await appendAudit(tx, {
    actor: change.actor,
    action: `${change.kind}.created`,
    subjectType: change.kind,
    subjectId: change.id,
    after: written.record,
    requestId: change.requestId,
    dedupeKey: `reference:${change.kind}:${change.id}`,
  });
  return written;
}

function odsCodeTaken(what: 'An organisation' | 'A practice', odsCode: string, existingId: string): ReferenceCreated {
  return {
    existingId,
    refused: {
      status: 409,
      detail: `${what} with ODS code ${odsCode} already exists`,
      errors: [{ path: 'body.odsCode', message: 'already registered' }],
    },
  };
}

async function write(tx: Prisma.TransactionClient, change: ReferenceCreation): Promise<ReferenceCreated> {
  const { id } = change;
  switch (change.kind) {
    case 'organisation': {
      const clash = await tx.organisation.findUnique({ where: { odsCode: change.data.odsCode } });
      if (clash && clash.id !== id) return odsCodeTaken('An organisation', change.data.odsCode, clash.id);
      return { record: organisationView(await tx.organisation.upsert({ where: { id }, create: { id, ...change.data }, update: {} })) };
    }
    case 'university':
      return { record: universityView(await tx.university.upsert({ where: { id }, create: { id, ...change.data }, update: {} })) };
    case 'programme': {
      const { universityIds, ...programme } = change.data;
      const row = await tx.programme.upsert({
        where: { id },
        create: { id, ...programme, universities: { create: universityIds.map((universityId) => ({ universityId })) } },
        update: {},
        include: { universities: { include: { university: true } } },
      });
      return { record: programmeView(row) };
    }
    case 'intake': {
      const d = change.data;
      const row = await tx.intake.upsert({
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
      return { record: intakeView(row) };
    }
    case 'hub':
      return { record: hubView(await tx.hub.upsert({ where: { id }, create: { id, ...change.data }, update: {} })) };
    case 'practice': {
      const clash = await tx.practice.findUnique({ where: { odsCode: change.data.odsCode } });
      if (clash && clash.id !== id) return odsCodeTaken('A practice', change.data.odsCode, clash.id);
      return { record: practiceView(await tx.practice.upsert({ where: { id }, create: { id, ...change.data }, update: {} })) };
    }
    case 'criteriaSet': {
      const existing = await tx.criteriaSet.findUnique({ where: { id } });
      if (existing) return { record: criteriaSetView(existing) };
      const latest = await tx.criteriaSet.findFirst({ where: { hubId: change.data.hubId }, orderBy: { version: 'desc' } });
      const row = await tx.criteriaSet.create({
        data: {
          id,
          hubId: change.data.hubId,
          name: change.data.name,
          criteria: change.data.criteria,
          isExample: change.data.isExample ?? false,
          version: (latest?.version ?? 0) + 1,
        },
      });
      return { record: criteriaSetView(row) };
    }
  }
}
