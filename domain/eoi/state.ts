/** The state an EOI workflow owns, what a new EOI starts from, and what a change produces. */
import type { HistoryEntry } from '../process';
import type { ServiceType } from '../reference-data';
import type { Actor } from '../roles';
import type { FollowsRules } from '../rule-changes';
import type { EoiStatus } from './schemas';

export const OPEN_STATUSES: readonly EoiStatus[] = [
  'UNDER_UNIVERSITY_REVIEW',
  'CHANGES_REQUESTED',
  'AWAITING_FUNDING_DECISION',
  'WAITLISTED',
  'FUNDED',
  'CONFIRMATION_OVERDUE',
];
export const isTerminal = (status: EoiStatus) => !OPEN_STATUSES.includes(status);

/** A promoted EOI always gets at least this long to confirm its candidates. */
export const MIN_DAYS_TO_CONFIRM_AFTER_OFFER = 14;

export interface Candidate {
  id: string;
  name: string;
  email: string;
  currentRole: string;
  addedAt: string;
  outcome?: 'offered' | 'accepted' | 'declined';
  outcomeAt?: string;
  confirmation?: { signedBy: string; confirmedAt: string; confirmedBy: string; late: boolean };
}

export interface EoiState extends FollowsRules {
  id: string;
  organisationId: string;
  universityId: string;
  intakeId: string;
  programmeId: string;
  serviceType: ServiceType;
  pathway?: string;
  placesRequested: number;
  contact: { name: string; email: string };
  declarations: { jobDescriptionAndPersonSpec: boolean; hrArrangementsConfirmed: boolean; bandedPostGuaranteed: boolean };
  submittedAt: string;
  submittedBy: string;
  /** The intake names this EOI's service type as a priority. */
  priority: boolean;
  intake: { startsOn: string; standardConfirmationDueAt: string };
  labels: { organisation: string; university: string; programme: string };
  status: EoiStatus;
  /** When the current status began. */
  statusSince: string;
  reviewRound: number;
  allocatedPlaces: number;
  waitlistPosition?: number;
  /** A funding decision waiting for the intake's answer. */
  pendingFunding?: { requestId: string; places: number; allowPartial: boolean; actor: Actor; comment: string };
  confirmationDueAt?: string;
  /** When the current confirmation deadline was set: reminders before this are not sent. */
  deadlineSetAt?: string;
  candidates: Candidate[];
  history: HistoryEntry[];
  firedTimers: string[];
  /** Rises with every change: keys notices and audit entries uniquely and deterministically. */
  seq: number;
}

export interface NewEoi {
  id: string;
  organisationId: string;
  universityId: string;
  intakeId: string;
  programmeId: string;
  serviceType: ServiceType;
  pathway?: string;
  placesRequested: number;
  contact: { name: string; email: string };
  declarations: EoiState['declarations'];
  submittedBy: Actor;
  intake: { startsOn: string; confirmationDueAt: string; priorityServiceTypes: readonly string[] };
  labels: EoiState['labels'];
}

export function confirmedCount(state: EoiState): number {
  return state.candidates.filter((c) => c.confirmation).length;
}

export function nowIso(at: Date) {
  return at.toISOString();
}
