/**
 * What a process workflow records each time its state changes: the read model row, the full set
 * of its open deadlines, audit entries and notices. Written in one database transaction by the
 * commitProcessChange activity; shared by the commissioning and accreditation processes.
 */
import { z } from 'zod';
import type { Actor } from './roles';
import type { Notice } from './notifications';

export type SubjectType = 'eoi' | 'spoke_application';

/**
 * The page a person opens for a subject: the target of every email and calendar link
 * (API.md "Pages"), made absolute from PUBLIC_URL where the link is written.
 */
export function subjectPath(subjectType: string, subjectId: string): string {
  return subjectType === 'eoi' ? `/eois/${subjectId}` : `/spoke-applications/${subjectId}`;
}

/** One waiting step: who must act, what they must do, by when. */
export interface DeadlineRecord {
  /** Stable within the subject (e.g. "confirmation"): with the subject id it is the calendar UID. */
  key: string;
  action: string;
  /** Who must act, in words ("University of Salford", "HEE staff", "Royal Infirmary"). */
  owner: string;
  ownerRole: 'org_submitter' | 'university_reviewer' | 'hee_staff' | 'hub_lead' | 'practice_manager';
  dueAt: string;
}

/** One step in a process's history, as the API answers it (EOIs and spoke applications alike). */
export const HistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.object({ userId: z.string(), role: z.string(), name: z.string() }),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  comment: z.string().optional(),
  requestId: z.string().optional(),
  /** Funded places this step gave back to the intake (withdrawal, release, the programme's start). */
  placesReleased: z.number().int().positive().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** Scope columns copied onto deadlines so lists can be filtered and scoped without joins. */
export interface SubjectScope {
  organisationId?: string;
  universityId?: string;
  intakeId?: string;
  hubId?: string;
  practiceId?: string;
}

export interface ProcessCommit {
  subjectType: SubjectType;
  subjectId: string;
  /** Monotonic per subject: an older commit arriving late never overwrites a newer one. */
  version: number;
  status: string;
  scope: SubjectScope;
  /** The columns of the subject's read-model table besides id, status, view and version. */
  columns: Record<string, string | number | boolean | null>;
  view: unknown;
  deadlines: DeadlineRecord[];
  audit: AuditRecord[];
  notices: Notice[];
  readdress?: Readdress[];
}

/** One audit entry a change produces; `key` makes it unique within the subject, so a retried commit adds nothing. */
export interface AuditRecord {
  key: string;
  actor: Actor | { userId: string; role: string };
  action: string;
  comment?: string;
  requestId?: string;
  before?: unknown;
  after?: unknown;
}

/** What a change produced besides the new state: who to tell and what to audit. */
export interface Effects {
  notices: Notice[];
  audit: AuditRecord[];
  /** A corrected contact address: the subject's undelivered email to `from` goes to `to` instead. */
  readdress?: Readdress[];
}

/** Undelivered email of the subject to one address, sent to a corrected one instead (in the commit's transaction). */
export interface Readdress {
  from: string;
  to: string;
  actor: Actor;
  requestId?: string;
}

export const noEffects = (): Effects => ({ notices: [], audit: [] });

/** The waiting step due first. */
export function soonestDeadline(deadlines: readonly DeadlineRecord[]): DeadlineRecord | undefined {
  return [...deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}

/** A human action as a workflow receives it: who acts, the request that carried it (for the audit trail), and the body. */
export interface ActionInput<Body> {
  actor: Actor;
  requestId?: string;
  body: Body;
}

/** The part of a process's state every change records into. */
export interface RecordedProcess<Status extends string> {
  status: Status;
  /** Rises with every recorded change: keys notices and audit entries uniquely and deterministically. */
  seq: number;
  history: HistoryEntry[];
}

export interface Transition<Status extends string> {
  actor: Actor;
  /** The history's name for the change ("university_supported"); audited as `<audit prefix>.<action>`. */
  action: string;
  to: Status;
  at: Date;
  comment?: string;
  requestId?: string;
  /** The first entry of a new process: it comes from no status. */
  opening?: boolean;
  /** More for the audit entry's `after` than the status. */
  after?: Record<string, unknown>;
  /** Funded places the change gave back to the intake; recorded in the history when any. */
  placesReleased?: number;
}

/**
 * Records one change of a process, the same way for both processes: the sequence rises, the
 * history gains an entry, and the audit trail an entry keyed `<seq>:<action>`. Answers the status
 * the process moved from (null when it opens).
 */
export function recordTransition<Status extends string>(
  s: RecordedProcess<Status>,
  effects: Effects,
  auditPrefix: 'eoi' | 'spoke',
  t: Transition<Status>,
): Status | null {
  const from = t.opening ? null : s.status;
  s.seq += 1;
  s.history.push({
    at: t.at.toISOString(),
    actor: { userId: t.actor.userId, role: t.actor.role, name: t.actor.name },
    action: t.action,
    fromStatus: from,
    toStatus: t.to,
    ...(t.comment ? { comment: t.comment } : {}),
    ...(t.requestId ? { requestId: t.requestId } : {}),
    ...(t.placesReleased ? { placesReleased: t.placesReleased } : {}),
  });
  s.status = t.to;
  effects.audit.push({
    key: `${s.seq}:${t.action}`,
    actor: t.actor,
    action: `${auditPrefix}.${t.action}`,
    comment: t.comment,
    requestId: t.requestId,
    ...(from === null ? {} : { before: { status: from } }),
    after: { status: t.to, ...t.after },
  });
  return from;
}
