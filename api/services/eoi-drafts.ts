/**
 * An expression of interest being written over several pages: the answers so far, kept per
 * person (FormDraft), so a page that is refused or left loses nothing. The draft's id is the
 * submission's idempotency key: sending it twice reaches the same expression of interest.
 */
import { randomBytes } from 'node:crypto';
import type { Prisma } from '../../db/database';
import type { Actor } from '../../domain/roles';
import type { ApiDeps } from '../deps';
import { notFound } from '../http/problem';

/** The answers as typed (strings and ticks), before the submission schema turns them into an EOI. */
export type EoiAnswers = Record<string, string | undefined>;

export interface EoiDraft {
  id: string;
  answers: EoiAnswers;
  submittedId?: string;
  updatedAt?: Date;
}

const KIND = 'eoi';

export async function startEoiDraft(deps: ApiDeps, actor: Actor, answers: EoiAnswers): Promise<EoiDraft> {
  const id = `draft_${randomBytes(12).toString('base64url')}`;
  await deps.db.prisma.formDraft.create({
    data: { id, userId: actor.userId, kind: KIND, answers: answers as Prisma.InputJsonValue },
  });
  return { id, answers };
}

/** The person's own draft; anyone else's is "not found". */
export async function loadEoiDraft(deps: ApiDeps, actor: Actor, id: string): Promise<EoiDraft> {
  const row = await deps.db.prisma.formDraft.findFirst({ where: { id, userId: actor.userId, kind: KIND } });
  if (!row) throw notFound('Draft');
  return toDraft(row);
}

/** The person's drafts not sent yet, the latest first: the home page offers to continue them. */
export async function listUnsentEoiDrafts(deps: ApiDeps, actor: Actor, limit = 10): Promise<EoiDraft[]> {
  const rows = await deps.db.prisma.formDraft.findMany({
    where: { userId: actor.userId, kind: KIND, submittedId: null },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take: limit,
  });
  return rows.map(toDraft);
}

function toDraft(row: { id: string; answers: unknown; submittedId: string | null; updatedAt: Date }): EoiDraft {
  return {
    id: row.id,
    answers: row.answers as EoiAnswers,
    updatedAt: row.updatedAt,
    ...(row.submittedId ? { submittedId: row.submittedId } : {}),
  };
}

/** Merges the answers of one page into the draft. */
export async function saveEoiAnswers(deps: ApiDeps, draft: EoiDraft, answers: EoiAnswers): Promise<EoiDraft> {
  const merged = { ...draft.answers, ...answers };
  await deps.db.prisma.formDraft.update({ where: { id: draft.id }, data: { answers: merged as Prisma.InputJsonValue } });
  return { ...draft, answers: merged };
}

export async function markEoiDraftSent(deps: ApiDeps, draft: EoiDraft, eoiId: string): Promise<void> {
  await deps.db.prisma.formDraft.update({ where: { id: draft.id }, data: { submittedId: eoiId } });
}
