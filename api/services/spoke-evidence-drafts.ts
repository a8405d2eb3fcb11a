/**
 * A spoke application's evidence while the practice writes it, criterion by criterion (the
 * pages' task list): kept as a FormDraft per application, shared by the practice's managers, until
 * the whole set is sent to the workflow at once (the evidence action). Sending then goes through
 * the same service and workflow checks as the API's POST /evidence.
 */
import type { Prisma } from '../../db/database';
import type { Actor } from '../../domain/roles';
import type { SpokeView } from '../../domain/spoke-accreditation';
import type { ApiDeps } from '../deps';

/** One criterion's answer as the practice wrote it. */
export type EvidenceAnswer = { statement: string; documentUrl?: string };
export type EvidenceAnswers = Record<string, EvidenceAnswer>;

const KIND = 'spoke-evidence';
const draftId = (spokeId: string) => `draft_spoke_${spokeId}`;

/** The answers saved so far for the application (none yet: an empty set). */
export async function loadEvidenceAnswers(deps: ApiDeps, spoke: Pick<SpokeView, 'id'>): Promise<EvidenceAnswers> {
  const row = await deps.db.prisma.formDraft.findFirst({ where: { id: draftId(spoke.id), kind: KIND } });
  return (row?.answers as EvidenceAnswers | undefined) ?? {};
}

/** Saves one criterion's answer (replacing an earlier one). */
export async function saveEvidenceAnswer(
  deps: ApiDeps,
  actor: Actor,
  spoke: Pick<SpokeView, 'id'>,
  code: string,
  answer: EvidenceAnswer,
): Promise<void> {
  await deps.db.prisma.$transaction(async (tx) => {
    const row = await tx.formDraft.findUnique({ where: { id: draftId(spoke.id) } });
    const answers = { ...((row?.answers as EvidenceAnswers | undefined) ?? {}), [code]: answer } as Prisma.InputJsonValue;
    await tx.formDraft.upsert({
      where: { id: draftId(spoke.id) },
      create: { id: draftId(spoke.id), userId: actor.userId, kind: KIND, answers },
      update: { userId: actor.userId, answers },
    });
  });
}

/** Forgets the answers that were sent (the workflow holds them now). */
export async function clearEvidenceAnswers(deps: ApiDeps, spoke: Pick<SpokeView, 'id'>, codes: readonly string[]): Promise<void> {
  await deps.db.prisma.$transaction(async (tx) => {
    const row = await tx.formDraft.findUnique({ where: { id: draftId(spoke.id) } });
    if (!row) return;
    const answers = { ...(row.answers as EvidenceAnswers) };
    codes.forEach((code) => delete answers[code]);
    await tx.formDraft.update({ where: { id: row.id }, data: { answers: answers as Prisma.InputJsonValue } });
  });
}
