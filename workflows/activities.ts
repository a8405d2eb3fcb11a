/**
 * The activities the workflows call, and the proxies they call them through: one proxy per retry
 * class. The worker's implementations (activities/index.ts) are checked against
 * WorkflowActivities, so workflow code never imports activity code, not even its types.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DeliveryOutcome } from '../domain/email-delivery';
import type { ProcessCommit } from '../domain/process';
import type { Notice } from '../domain/notifications';
import type { ReferenceChange } from '../domain/reference-data';
import type { Rejection } from '../domain/rejection';
import type { Actor } from '../domain/roles';
import type { ReferenceRenamed, SpokeCycleData } from '../domain/spoke-accreditation';
import type { IntakeMessage } from './intake-capacity.messages';

export interface PrepareSpokeInput {
  applicationId: string;
  practiceId: string;
  hubId: string;
  actor: Actor;
  requestId?: string;
}

export type PrepareSpokeResult = { ok: true; data: SpokeCycleData } | { ok: false; refused: Rejection };

export interface FundedPlacesChange {
  intakeId: string;
  before: number;
  fundedPlaces: number;
  actor: Actor;
  requestId?: string;
  /** Unique per change: the audit entry's dedupe key. */
  key: string;
}

export interface WeeklyDigestRequest {
  /** When the schedule meant the digest to go: decides the week, and so the outbox keys. */
  scheduledAt: string;
  /** The instant "overdue" and "the next 14 days" are measured from (the workflow's clock). */
  asOf: string;
}

export interface WeeklyDigestQueued {
  week: string;
  /** Outbox keys to deliver: one per recipient with something to report, unique per (recipient, week). */
  keys: string[];
}

export interface DocumentRetentionRequest {
  /** The instant retention is measured at (the time the schedule meant the run for). */
  asOf: string;
}

export interface DocumentRetentionResult {
  asOf: string;
  /** One entry per application or EOI whose documents this run deleted (applicationId: its id). */
  deleted: { subjectType: string; applicationId: string; count: number; sha256: string[]; contentDeleted: string[] }[];
}

export interface DocumentScanResult {
  /** The files found clean and released for download. */
  clean: string[];
  /** The files found infected and removed. */
  infected: string[];
  /** The files the scanner still could not scan: held for the next sweep. */
  stillHeld: string[];
}

export interface WorkflowActivities {
  /** A process's new state, deadlines, audit entries and outbox emails, in one transaction; answers the outbox keys to deliver. */
  commitProcessChange(commit: ProcessCommit): Promise<string[]>;
  /** Notices with no state change behind them (the test email), queued in the outbox; answers their keys. */
  queueNotices(notices: Notice[]): Promise<string[]>;
  /**
   * Sends one queued email to its recipients not yet delivered to. Fails (and is retried) while
   * any is deferred; a refusal for good is recorded and answered with the notices about it.
   */
  deliverEmail(key: string): Promise<DeliveryOutcome>;
  /** A message from an EOI to its intake's capacity workflow, starting that workflow on first use. */
  sendToIntake(intakeId: string, message: IntakeMessage): Promise<void>;
  /** Keeps the intake's reference row in step with its capacity workflow, and audits the change. */
  recordFundedPlaces(change: FundedPlacesChange): Promise<void>;
  /** Claims the (practice, hub) pair for a new application and loads what its first cycle needs. */
  prepareSpokeApplication(input: PrepareSpokeInput): Promise<PrepareSpokeResult>;
  /** Gives up the claim of an application whose opening could not be recorded. */
  releaseSpokeClaim(input: { applicationId: string }): Promise<void>;
  /** The practice, the hub and the hub's latest criteria when a re-accreditation cycle opens. */
  loadSpokeCycle(input: { practiceId: string; hubId: string }): Promise<SpokeCycleData>;
  /** Writes one reference record and its audit entry. */
  saveReferenceRecord(change: ReferenceChange): Promise<unknown>;
  /** Signals every open application of a renamed practice or hub with its new name; answers how many. */
  renameInOpenSpokes(renamed: ReferenceRenamed): Promise<number>;
  /** Builds and queues the weekly digest of each recipient. */
  queueWeeklyDigest(request: WeeklyDigestRequest): Promise<WeeklyDigestQueued>;
  /** Deletes the documents whose retention period has passed at asOf, audited per application. */
  deleteExpiredDocuments(request: DocumentRetentionRequest): Promise<DocumentRetentionResult>;
  /** Scans the files held as "scanning" again: releases the clean, removes the infected, audited each. */
  scanHeldDocuments(): Promise<DocumentScanResult>;
}

/**
 * Database writes (a state change, a message to the intake): milliseconds each, so a worker that
 * died mid-write is retried soon; the database may be away for a while, so they never give up.
 * (A value the database will never accept fails at once instead: activities/refuse-unstorable.ts.)
 */
export const record = proxyActivities<
  Pick<WorkflowActivities, 'commitProcessChange' | 'queueNotices' | 'sendToIntake' | 'recordFundedPlaces' | 'saveReferenceRecord'>
>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Messages to other workflows, one per open application: a hub may have hundreds of practices. */
export const tell = proxyActivities<Pick<WorkflowActivities, 'renameInOpenSpokes'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Reads and set-up a spoke cycle needs (it may create the hub's example criteria set). */
export const load = proxyActivities<Pick<WorkflowActivities, 'prepareSpokeApplication' | 'releaseSpokeClaim' | 'loadSpokeCycle'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Building the weekly digest reads every open deadline. */
export const digest = proxyActivities<Pick<WorkflowActivities, 'queueWeeklyDigest'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Email delivery keeps retrying while the mail server is down; the outbox makes each retry safe. */
export const mail = proxyActivities<Pick<WorkflowActivities, 'deliverEmail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The scan sweep streams each held file to the virus scanner; a scanner still down leaves the file held, not failed. */
export const scanning = proxyActivities<Pick<WorkflowActivities, 'scanHeldDocuments'>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The retention run reads every closed application with documents and deletes in batches per application. */
export const retention = proxyActivities<Pick<WorkflowActivities, 'deleteExpiredDocuments'>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
