/**
 * How long a spoke application's (or an EOI's) documents are kept, and from when they may be deleted. A plain
 * rule: the daily retention run (activities/document-retention.ts) and the application's page
 * both ask it.
 *
 * - An application withdrawn or rejected before it was ever accredited, or an EOI withdrawn or
 *   declined: its documents go a period after it closed (DOCUMENT_RETENTION_AFTER_CLOSE, two
 *   years by default). An EOI enrolled is the record of funded training: kept.
 * - An accreditation record (the application was accredited at some point): its documents are kept
 *   for the accreditation period and a period after it ends (DOCUMENT_RETENTION_ACCREDITED,
 *   six years by default). The accreditation ends at its expiry, or earlier when it is withdrawn.
 * - An application still open, or an accreditation still held: kept.
 */
import { addDuration, parseIsoDuration } from './time';

export interface RetentionPeriods {
  /** ISO 8601 duration after a withdrawn or rejected application closed. */
  afterClose: string;
  /** ISO 8601 duration after an accreditation ended. */
  afterAccreditation: string;
}

export const DEFAULT_RETENTION_PERIODS: RetentionPeriods = { afterClose: 'P2Y', afterAccreditation: 'P6Y' };

/** Whether a setting is a duration retention can use: ISO 8601 and longer than nothing. */
export function isRetentionPeriod(value: string): boolean {
  try {
    const d = parseIsoDuration(value);
    return Object.values(d).some((n) => n > 0);
  } catch {
    return false;
  }
}

/** The statuses after which nothing more happens to an application or an EOI (its documents may age out). */
const CLOSED_STATUSES = ['WITHDRAWN', 'REJECTED', 'LAPSED', 'DECLINED'];

export interface RetentionFacts {
  status: string;
  /** When it reached its closed status. */
  closedAt?: string;
  accreditedAt?: string;
  accreditedUntil?: string;
}

export interface DeletionDue {
  /** The first instant the documents may be deleted. */
  from: Date;
  /** Which rule: a closed application's, or an accreditation record's. */
  rule: 'closed_application' | 'accreditation_record';
  /** The instant the period is counted from: when it closed, or when the accreditation ended. */
  countedFrom: string;
}

/** The facts retention reads from an application's view: its status, and when it took it (the last history entry into it). */
export function retentionFactsOf(view: {
  status: string;
  accreditedAt?: string;
  accreditedUntil?: string;
  history: readonly { at: string; toStatus: string }[];
}): RetentionFacts {
  const closing = [...view.history].reverse().find((entry) => entry.toStatus === view.status);
  return { status: view.status, closedAt: closing?.at, accreditedAt: view.accreditedAt, accreditedUntil: view.accreditedUntil };
}

/** From when an application's documents may be deleted, or undefined while they are kept (open, or no closing time known). */
export function documentDeletionDue(facts: RetentionFacts, periods: RetentionPeriods): DeletionDue | undefined {
  if (!CLOSED_STATUSES.includes(facts.status) || !facts.closedAt) return undefined;
  if (facts.accreditedAt) {
    // The accreditation ends at its expiry, or when it was withdrawn before that.
    const ends = [facts.closedAt, facts.accreditedUntil].filter((t): t is string => !!t).map((t) => Date.parse(t));
    const ended = new Date(Math.min(...ends)).toISOString();
    return { from: addDuration(new Date(ended), periods.afterAccreditation), rule: 'accreditation_record', countedFrom: ended };
  }
  return { from: addDuration(new Date(facts.closedAt), periods.afterClose), rule: 'closed_application', countedFrom: facts.closedAt };
}

/** Whether the documents are due for deletion at `asOf`. */
export function isDocumentDeletionDue(facts: RetentionFacts, periods: RetentionPeriods, asOf: Date): boolean {
  const due = documentDeletionDue(facts, periods);
  return due !== undefined && due.from.getTime() <= asOf.getTime();
}
