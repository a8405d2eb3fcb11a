/**
 * An evidence item's review rounds: each submission (statement, document, who and when) and the
 * decision on it, kept oldest first so an accepted item still shows what was asked of it before.
 * The item's top-level fields stay the current submission and review (what clients read); these
 * functions change both together, so the transitions never set one without the other.
 *
 * A workflow started before rounds were kept has items without `rounds`: the item's current
 * submission (and its review) is taken as the first round, and earlier ones are not known.
 */
import type { EvidenceItem, EvidenceReview, EvidenceRound } from './schemas';

export interface EvidenceSubmission {
  statement: string;
  documentUrl?: string;
  submittedAt: string;
  submittedBy: EvidenceRound['submittedBy'];
}

/** The item's rounds, oldest first; for an item recorded before rounds were kept, its current submission alone. */
export function roundsOf(item: EvidenceItem, cycle: number): EvidenceRound[] {
  if (item.rounds) return item.rounds;
  if (item.statement === undefined || item.submittedAt === undefined || item.submittedBy === undefined) return [];
  return [
    {
      cycle,
      statement: item.statement,
      ...(item.documentUrl ? { documentUrl: item.documentUrl } : {}),
      submittedAt: item.submittedAt,
      submittedBy: item.submittedBy,
      ...(item.review ? { review: item.review } : {}),
    },
  ];
}

/** The practice submits (or re-confirms) the item in `cycle`: a new round, and the current submission. */
export function submitEvidence(item: EvidenceItem, submission: EvidenceSubmission, cycle: number): void {
  const earlier = roundsOf(item, cycle);
  item.status = 'submitted';
  item.statement = submission.statement;
  if (submission.documentUrl) item.documentUrl = submission.documentUrl;
  else delete item.documentUrl;
  item.submittedAt = submission.submittedAt;
  item.submittedBy = submission.submittedBy;
  item.rounds = [
    ...earlier,
    {
      cycle,
      statement: submission.statement,
      ...(submission.documentUrl ? { documentUrl: submission.documentUrl } : {}),
      submittedAt: submission.submittedAt,
      submittedBy: submission.submittedBy,
    },
  ];
}

/**
 * A decision on the item's current submission: the hub's review closes the latest round; a quality
 * visit returning evidence the hub had accepted is kept beside that acceptance (`visitReview`).
 */
export function reviewEvidence(item: EvidenceItem, review: EvidenceReview, cycle: number): void {
  const rounds = roundsOf(item, cycle).map((round) => ({ ...round }));
  const latest = rounds.at(-1);
  if (latest) {
    if (review.source === 'quality_visit' && latest.review) latest.visitReview = review;
    else latest.review = review;
  }
  item.status = review.decision === 'accept' ? 'accepted' : 'rejected';
  item.review = review;
  item.rounds = rounds;
}

/** An item carried into a new cycle keeps its rounds, each still tagged with the cycle it was submitted in. */
export function carriedRounds(item: EvidenceItem, previousCycle: number): { rounds: EvidenceRound[] } | Record<string, never> {
  const rounds = roundsOf(item, previousCycle);
  return rounds.length ? { rounds } : {};
}

/** The rounds before the current one, for pages that show the current submission on its own. */
export const earlierRounds = (item: EvidenceItem): EvidenceRound[] => (item.rounds ?? []).slice(0, -1);
