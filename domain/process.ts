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
  audit: {
    key: string;
    actor: Actor | { userId: string; role: string };
    action: string;
    comment?: string;
    requestId?: string;
    before?: unknown;
    after?: unknown;
  }[];
  notices: Notice[];
}

/** A human action as a workflow receives it: who acts, the request that carried it (for the audit trail), and the body. */
export interface ActionInput<Body> {
  actor: Actor;
  requestId?: string;
  body: Body;
}

export function historyActor(actor: Actor): HistoryEntry['actor'] {
  return { userId: actor.userId, role: actor.role, name: actor.name };
}
