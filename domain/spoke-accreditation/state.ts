/** The state a spoke-accreditation workflow owns, what it learns when a cycle opens, and what a change produces. */
import type { ProcessSettings } from '../settings';
import type { HistoryEntry } from '../process';
import type { Criterion } from '../reference-data';
import type { Actor } from '../roles';
import type { FollowsRules } from '../rule-changes';
import type { ActionPlan } from './action-plan';
import { SPOKE_STATUSES, type EvidenceItem, type Person, type SpokeStatus, type SpokeView, type Visit } from './schemas';

export const TERMINAL_STATUSES: readonly SpokeStatus[] = ['REJECTED', 'WITHDRAWN', 'LAPSED'];
export const OPEN_STATUSES: readonly SpokeStatus[] = SPOKE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
export const isTerminal = (status: SpokeStatus | string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

/** The states in which the practice submits (or re-confirms) evidence. */
export const EVIDENCE_STATUSES: readonly SpokeStatus[] = ['AWAITING_EVIDENCE', 'EVIDENCE_CHANGES_REQUESTED', 'REACCREDITATION_DUE'];

// ---------- state ----------

export type SpokeSettings = Pick<
  ProcessSettings,
  | 'evidenceResubmissionDays'
  | 'evidenceReminderDaysBefore'
  | 'visitReminderDaysBefore'
  | 'reaccreditationReminderMonthsBefore'
  | 'reviewReminderAfterDays'
  | 'reviewEscalationAfterDays'
>;

export interface CriteriaSetRef {
  id: string;
  version: number;
  name: string;
  isExample: boolean;
}

/** What the workflow learns from the database when a cycle opens (activities/spoke-accreditation.ts). */
export interface SpokeCycleData {
  practice: { id: string; name: string; isTrainingPractice: boolean };
  hub: { id: string; name: string; accreditationValidityMonths: number };
  criteriaSet: CriteriaSetRef & { criteria: Criterion[] };
}

export interface NewSpokeApplication {
  id: string;
  practiceId: string;
  hubId: string;
  administrator: Person;
  educationalist: Person;
  appliedBy: Actor;
  requestId?: string;
}

export interface SpokeState extends FollowsRules {
  id: string;
  practiceId: string;
  hubId: string;
  practiceName: string;
  hubName: string;
  isTrainingPractice: boolean;
  administrator: Person;
  educationalist: Person;
  status: SpokeStatus;
  /** 1 for the first application; each re-accreditation is a new cycle. */
  cycle: number;
  /** Rises with every change of step (not with suspension and reinstatement): keys the step's timers. */
  step: number;
  /** When the current step began. */
  stepSince: string;
  /** Rises with every recorded change: keys notices and audit entries uniquely and deterministically. */
  seq: number;
  validityMonths: number;
  criteriaSet: CriteriaSetRef;
  criteria: Criterion[];
  evidence: EvidenceItem[];
  evidenceDueAt?: string;
  visitsScheduled: number;
  visit?: Visit;
  /** The action plan of the last visit with outcome actions_required that gave actions (rule 'spoke:visit-action-plan'). */
  actionPlan?: ActionPlan;
  approval?: SpokeView['approval'];
  agreement?: SpokeView['agreement'];
  accreditedAt?: string;
  accreditedUntil?: string;
  /** The cycle whose signature granted the accreditation held now: keys its expiry timers. */
  accreditationCycle?: number;
  suspension?: SpokeView['suspension'];
  /** HEE refused renewing the accreditation held now (rule 'spoke:refused-renewal-runs-to-expiry'). */
  renewalRefused?: SpokeView['renewalRefused'];
  validityExtensions?: SpokeView['validityExtensions'];
  history: HistoryEntry[];
  /** Timed events already handled (fired or skipped), so none fires twice. Pruned as steps pass. */
  fired: string[];
  createdAt: string;
  updatedAt: string;
}

/** The parts of an application the role and state rules need: the state and the stored view both have them. */
export type SpokeFacts = Pick<SpokeState, 'status' | 'practiceId' | 'hubId' | 'accreditedUntil'> & {
  visit?: { scheduledFor: string };
  actionPlan?: { actions: readonly { completedAt?: string }[] };
};

export interface SpokeContext {
  settings: SpokeSettings;
  /** Unused: email links are made absolute from PUBLIC_URL when rendered. Kept for workflows started with it. */
  publicUrl?: string;
}

export const iso = (d: Date) => d.toISOString();
export const personRef = (actor: Actor) => ({ userId: actor.userId, name: actor.name });
