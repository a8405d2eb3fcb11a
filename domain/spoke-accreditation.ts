/**
 * Spoke accreditation (DOMAIN.md, process B) as pure rules: the states, who may take which action
 * in which state, what each action and each timer changes, the deadlines and reminders of every
 * waiting step, and who is told. The workflow owns a SpokeState and applies these functions
 * (they change the state they are given and return the effects); the API uses the same checks
 * and schemas. No I/O and no clock reads: safe inside the workflow bundle.
 *
 * Rules this module settles where the sources are silent:
 * - Every evidence round (first application, changes requested, re-accreditation) is due
 *   `evidenceResubmissionDays` after it opens, with reminders `evidenceReminderDaysBefore` and an
 *   overdue notice (practice and hub) when it passes; nothing is refused after the due date.
 * - Hub review, scheduling the visit and HEE approval are due `reviewEscalationAfterDays` after the
 *   step opens, with a reminder after `reviewReminderAfterDays` and an escalation to HEE staff at due.
 *   The agreement is due `evidenceResubmissionDays` after approval, with the evidence reminders.
 * - Re-accreditation starts at the earliest of `reaccreditationReminderMonthsBefore` (6 months
 *   before expiry by default): a new cycle, evidence pre-filled from the last one and marked for
 *   re-confirmation, the latest criteria set of the hub. The later reminders (1 month) go out while
 *   the renewal is under way. If the expiry passes before the renewal is signed, the accreditation
 *   lapses. A renewal signed in time is valid for the hub's validity from the signature.
 * - Suspension (HEE staff, only while the practice holds an accreditation) stops every timer: no
 *   reminder, no escalation, no lapse. Reinstatement returns to the state it was suspended from,
 *   skipping reminders that fell due meanwhile; if the expiry date passed meanwhile, it lapses.
 *   Suspension does not move the expiry date or any due date.
 * - A practice manager may withdraw an application that has never been accredited; HEE staff may
 *   withdraw any open application or accreditation. HEE rejecting a re-accreditation ends the
 *   accreditation held (REJECTED), like rejecting a first application.
 */
import { z } from 'zod';
import type { ProcessSettings } from '../config/config';
import type { Audience, Notice } from './notifications';
import { formatDueDate } from './notifications';
import { type DeadlineRecord, type HistoryEntry, HistoryEntrySchema } from './process';
import {
  CommentSchema,
  CriterionSchema,
  EmailSchema,
  IdSchema,
  InstantSchema,
  NameSchema,
  PageQuery,
  type Criterion,
} from './reference-data';
import type { Rejection } from './rejection';
import { type Actor, type Role, ROLES, SYSTEM_ACTOR } from './roles';
import { addDays, addMonths } from './time';

// ---------- states and actions ----------

export const SPOKE_STATUSES = [
  'AWAITING_EVIDENCE',
  'UNDER_HUB_REVIEW',
  'EVIDENCE_CHANGES_REQUESTED',
  'VISIT_PENDING',
  'AWAITING_HEE_APPROVAL',
  'AWAITING_AGREEMENT',
  'ACCREDITED',
  'REACCREDITATION_DUE',
  'SUSPENDED',
  'REJECTED',
  'WITHDRAWN',
  'LAPSED',
] as const;
export const SpokeStatusSchema = z.enum(SPOKE_STATUSES).meta({ id: 'SpokeStatus' });
export type SpokeStatus = z.infer<typeof SpokeStatusSchema>;

export const TERMINAL_STATUSES: readonly SpokeStatus[] = ['REJECTED', 'WITHDRAWN', 'LAPSED'];
export const OPEN_STATUSES: readonly SpokeStatus[] = SPOKE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
export const isTerminal = (status: SpokeStatus | string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

/** The states in which the practice submits (or re-confirms) evidence. */
export const EVIDENCE_STATUSES: readonly SpokeStatus[] = ['AWAITING_EVIDENCE', 'EVIDENCE_CHANGES_REQUESTED', 'REACCREDITATION_DUE'];

/** Human actions, named as the API's action paths. */
export const SPOKE_ACTIONS = [
  'evidence',
  'evidence-review',
  'visit',
  'visit-outcome',
  'approval',
  'agreement-signature',
  'suspension',
  'reinstatement',
  'withdrawal',
] as const;
export type SpokeAction = (typeof SPOKE_ACTIONS)[number];

/** The roles that ever take each action (the API's route policies come from here). */
export const SPOKE_ACTION_ROLES: Record<SpokeAction, readonly Role[]> = {
  evidence: ['practice_manager'],
  'evidence-review': ['hub_lead'],
  visit: ['hub_lead'],
  'visit-outcome': ['hub_lead'],
  approval: ['hee_staff'],
  'agreement-signature': ['practice_manager'],
  suspension: ['hee_staff'],
  reinstatement: ['hee_staff'],
  withdrawal: ['hee_staff', 'practice_manager'],
};

const ACTION_WORDS: Record<SpokeAction, string> = {
  evidence: 'submit evidence',
  'evidence-review': 'review evidence',
  visit: 'schedule the quality visit',
  'visit-outcome': 'record the quality visit outcome',
  approval: 'decide on HEE approval',
  'agreement-signature': 'sign the Learning and Development Agreement',
  suspension: 'suspend the accreditation',
  reinstatement: 'reinstate the accreditation',
  withdrawal: 'withdraw',
};

/** The roles that read spoke applications, each within its scope. */
export const SPOKE_READERS: readonly Role[] = ['admin', 'hee_staff', 'hub_lead', 'practice_manager'];

// ---------- request bodies (strict: unknown fields are refused) ----------

export const CriterionCodeSchema = z.string().trim().min(1).max(32);
export const PersonSchema = z.strictObject({ name: NameSchema, email: EmailSchema }).meta({ id: 'NamedPerson' });
export type Person = z.infer<typeof PersonSchema>;

export const ApplySpokeBody = z
  .strictObject({
    practiceId: IdSchema,
    hubId: IdSchema,
    administrator: PersonSchema.meta({ description: 'The practice-based administrator responsible for the learners’ timetable' }),
    educationalist: PersonSchema.meta({
      description: 'The practice-based educationalist who offers regular teaching and is responsible for the learning programme',
    }),
  })
  .meta({ id: 'ApplySpoke' });

function noRepeatedCodes(items: { criterionCode: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.criterionCode))
      ctx.addIssue({ code: 'custom', path: ['items', index, 'criterionCode'], message: 'repeats a criterion' });
    seen.add(item.criterionCode);
  });
}

export const EvidenceBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          criterionCode: CriterionCodeSchema,
          statement: z.string().trim().min(1).max(4000),
          documentUrl: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .optional(),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((body, ctx) => noRepeatedCodes(body.items, ctx))
  .meta({ id: 'SpokeEvidence' });

export const EvidenceReviewBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          criterionCode: CriterionCodeSchema,
          decision: z.enum(['accept', 'reject']),
          comment: CommentSchema,
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((body, ctx) => {
    noRepeatedCodes(body.items, ctx);
    body.items.forEach((item, index) => {
      if (item.decision === 'reject' && !item.comment) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'comment'], message: 'say what needs to change' });
      }
    });
  })
  .meta({ id: 'SpokeEvidenceReview' });

export const VisitBody = z.strictObject({ scheduledFor: InstantSchema }).meta({ id: 'SpokeVisit' });

export const VisitOutcomeBody = z
  .strictObject({
    outcome: z.enum(['satisfactory', 'actions_required']),
    notes: z.string().trim().min(1).max(4000),
    criteria: z
      .array(CriterionCodeSchema)
      .max(50)
      .optional()
      .meta({ description: 'With actions_required: the criteria whose evidence must be resubmitted' }),
  })
  .superRefine((body, ctx) => {
    if (body.outcome === 'actions_required' && !body.criteria?.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'name the criteria the actions concern' });
    }
    if (body.outcome === 'satisfactory' && body.criteria?.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'only with actions_required' });
    }
    if (body.criteria && new Set(body.criteria).size !== body.criteria.length) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'repeats a criterion' });
    }
  })
  .meta({ id: 'SpokeVisitOutcome' });

export const ApprovalBody = z
  .strictObject({ decision: z.enum(['approve', 'reject']), comment: CommentSchema })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'give the reason' });
  })
  .meta({ id: 'SpokeApproval' });

export const SignatureBody = z.strictObject({ signedBy: NameSchema }).meta({ id: 'SpokeAgreementSignature' });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).meta({ id: 'SpokeReason' });

export const SPOKE_ACTION_BODIES = {
  evidence: EvidenceBody,
  'evidence-review': EvidenceReviewBody,
  visit: VisitBody,
  'visit-outcome': VisitOutcomeBody,
  approval: ApprovalBody,
  'agreement-signature': SignatureBody,
  suspension: ReasonBody,
  reinstatement: ReasonBody,
  withdrawal: ReasonBody,
} as const satisfies Record<SpokeAction, z.ZodType>;
export type SpokeActionBody<A extends SpokeAction> = z.infer<(typeof SPOKE_ACTION_BODIES)[A]>;

export const SpokeListQuery = PageQuery.extend({
  status: SpokeStatusSchema.optional(),
  hubId: IdSchema.optional(),
  practiceId: IdSchema.optional(),
});

// ---------- the view (read model and every action's answer) ----------

const PersonRef = z.object({ userId: z.string(), name: z.string() });
const EVIDENCE_ITEM_STATUSES = ['missing', 'submitted', 'accepted', 'rejected', 'to_reconfirm'] as const;

export const SpokeEvidenceItemSchema = z
  .object({
    criterionCode: z.string(),
    title: z.string(),
    status: z.enum(EVIDENCE_ITEM_STATUSES).meta({
      description:
        'missing: not yet submitted; submitted: awaiting the hub’s review; accepted; rejected: to resubmit by resubmissionDueAt; to_reconfirm: carried over from the last cycle',
    }),
    statement: z.string().optional(),
    documentUrl: z.string().optional(),
    submittedAt: z.string().optional(),
    submittedBy: PersonRef.optional(),
    review: z
      .object({
        decision: z.enum(['accept', 'reject']),
        comment: z.string(),
        reviewer: PersonRef,
        at: z.string(),
        source: z.enum(['hub_review', 'quality_visit']),
      })
      .optional(),
    resubmissionDueAt: z.string().optional(),
  })
  .meta({ id: 'SpokeEvidenceItem' });
export type EvidenceItem = z.infer<typeof SpokeEvidenceItemSchema>;

const VisitSchema = z.object({
  number: z.number().int(),
  scheduledFor: z.string(),
  scheduledAt: z.string(),
  scheduledBy: PersonRef,
  outcome: z.enum(['satisfactory', 'actions_required']).optional(),
  notes: z.string().optional(),
  criteria: z.array(z.string()).optional(),
  recordedAt: z.string().optional(),
  recordedBy: PersonRef.optional(),
});
export type Visit = z.infer<typeof VisitSchema>;

const DeadlineSchema = z.object({ key: z.string(), action: z.string(), owner: z.string(), dueAt: z.string() });

export const SpokeApplicationSchema = z
  .object({
    id: z.string(),
    practiceId: z.string(),
    practiceName: z.string(),
    hubId: z.string(),
    hubName: z.string(),
    status: SpokeStatusSchema,
    cycle: z.number().int().meta({ description: '1 for the first application, 2 for the first re-accreditation, ...' }),
    isTrainingPractice: z.boolean(),
    administrator: PersonSchema,
    educationalist: PersonSchema,
    criteriaSet: z.object({ id: z.string(), version: z.number().int(), name: z.string(), isExample: z.boolean() }),
    criteria: z.array(CriterionSchema).meta({ description: 'The criteria to evidence, from the pinned criteria set version' }),
    evidence: z.array(SpokeEvidenceItemSchema),
    evidenceDueAt: z.string().optional(),
    visit: VisitSchema.optional(),
    approval: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string(), by: PersonRef, at: z.string() }).optional(),
    agreement: z.object({ signedBy: z.string(), signedAt: z.string(), by: PersonRef }).optional(),
    accreditedAt: z.string().optional(),
    accreditedUntil: z.string().optional(),
    suspension: z.object({ at: z.string(), reason: z.string(), by: PersonRef, fromStatus: SpokeStatusSchema }).optional(),
    history: z.array(HistoryEntrySchema),
    nextDeadline: z.object({ action: z.string(), owner: z.string(), dueAt: z.string() }).optional(),
    deadlines: z.array(DeadlineSchema),
    allowedActions: z.array(z.enum(SPOKE_ACTIONS)).optional().meta({ description: 'The actions open to the caller now' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SpokeApplication' });
export type SpokeView = z.infer<typeof SpokeApplicationSchema>;

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

export interface SpokeState {
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
  approval?: SpokeView['approval'];
  agreement?: SpokeView['agreement'];
  accreditedAt?: string;
  accreditedUntil?: string;
  /** The cycle whose signature granted the accreditation held now: keys its expiry timers. */
  accreditationCycle?: number;
  suspension?: SpokeView['suspension'];
  history: HistoryEntry[];
  /** Timed events already handled (fired or skipped), so none fires twice. Pruned as steps pass. */
  fired: string[];
  createdAt: string;
  updatedAt: string;
}

/** The parts of an application the role and state rules need: the state and the stored view both have them. */
export type SpokeFacts = Pick<SpokeState, 'status' | 'practiceId' | 'hubId' | 'accreditedUntil'> & { visit?: { scheduledFor: string } };

/** What a change produced besides the new state: who to tell and what to audit. */
export interface SpokeEffects {
  notices: Notice[];
  audit: { key: string; actor: Actor; action: string; comment?: string; requestId?: string; before?: unknown; after?: unknown }[];
}

export interface SpokeContext {
  settings: SpokeSettings;
  /** Base of links in emails; relative links without it. */
  publicUrl?: string;
}

const noEffects = (): SpokeEffects => ({ notices: [], audit: [] });
const iso = (d: Date) => d.toISOString();
const personRef = (actor: Actor) => ({ userId: actor.userId, name: actor.name });

// ---------- who may do what ----------

export function inScope(facts: Pick<SpokeFacts, 'practiceId' | 'hubId'>, actor: Actor): boolean {
  switch (actor.role) {
    case 'practice_manager':
      return actor.practiceId === facts.practiceId;
    case 'hub_lead':
      return actor.hubId === facts.hubId;
    case 'hee_staff':
    case 'admin':
      return true;
    default:
      return false;
  }
}

/** Whether a role may take an action in the application's present state (scope aside). */
export function permits(facts: SpokeFacts, role: Role, action: SpokeAction): boolean {
  if (!SPOKE_ACTION_ROLES[action].includes(role) || isTerminal(facts.status)) return false;
  const s = facts.status;
  switch (action) {
    case 'evidence':
      return EVIDENCE_STATUSES.includes(s);
    case 'evidence-review':
      return s === 'UNDER_HUB_REVIEW';
    case 'visit':
      return s === 'VISIT_PENDING';
    case 'visit-outcome':
      return s === 'VISIT_PENDING' && facts.visit !== undefined;
    case 'approval':
      return s === 'AWAITING_HEE_APPROVAL';
    case 'agreement-signature':
      return s === 'AWAITING_AGREEMENT';
    case 'suspension':
      return facts.accreditedUntil !== undefined && s !== 'SUSPENDED';
    case 'reinstatement':
      return s === 'SUSPENDED';
    case 'withdrawal':
      return role === 'hee_staff' || facts.accreditedUntil === undefined;
  }
}

/** The actions the actor may take on this application now. */
export function allowedActions(facts: SpokeFacts, actor: Actor): SpokeAction[] {
  if (!inScope(facts, actor)) return [];
  return SPOKE_ACTIONS.filter((action) => permits(facts, actor.role, action));
}

function reject(facts: SpokeFacts, actor: Actor, status: Rejection['status'], detail: string, errors?: Rejection['errors']): Rejection {
  return { status, detail, state: facts.status, allowedActions: allowedActions(facts, actor), ...(errors?.length ? { errors } : {}) };
}

function whoMay(facts: SpokeFacts, action: SpokeAction): Role[] {
  return ROLES.filter((role) => permits(facts, role, action));
}

const ROLE_WORDS: Record<Role, string> = {
  admin: 'administrators',
  hee_staff: 'HEE staff',
  hub_lead: 'the hub lead',
  practice_manager: 'the practice manager',
  org_submitter: 'organisations',
  university_reviewer: 'universities',
};

/**
 * Role, scope and state, in that order: a role that never takes the action, an actor outside the
 * application's practice or hub, or an action that someone else must take now is 403; an action
 * nobody may take in this state is 409. Both name the state and the caller's allowed actions.
 */
export function checkAction(facts: SpokeFacts, actor: Actor, action: SpokeAction): Rejection | undefined {
  const words = ACTION_WORDS[action];
  if (!SPOKE_ACTION_ROLES[action].includes(actor.role)) {
    return reject(facts, actor, 403, `The ${actor.role} role cannot ${words}`);
  }
  if (!inScope(facts, actor)) return reject(facts, actor, 403, 'This spoke application is outside your scope');
  if (permits(facts, actor.role, action)) return undefined;
  if (isTerminal(facts.status)) {
    return reject(facts, actor, 409, `Cannot ${words}: the application is ${facts.status}`);
  }
  const others = whoMay(facts, action);
  if (others.length > 0) {
    return reject(facts, actor, 403, `Only ${others.map((r) => ROLE_WORDS[r]).join(' or ')} can ${words} now`);
  }
  if (action === 'visit-outcome' && facts.status === 'VISIT_PENDING') {
    return reject(facts, actor, 409, 'Schedule the quality visit before recording its outcome');
  }
  return reject(facts, actor, 409, `Cannot ${words} while the application is ${facts.status}`);
}

// ---------- evidence rules ----------

export function isEvidenceComplete(evidence: readonly EvidenceItem[]): boolean {
  return evidence.every((item) => item.status === 'submitted' || item.status === 'accepted');
}

/** The items the practice may (re)submit now: all of them while gathering, only the returned ones after a review. */
export function isSubmittable(state: Pick<SpokeState, 'status'>, item: EvidenceItem): boolean {
  if (state.status === 'EVIDENCE_CHANGES_REQUESTED') return item.status === 'rejected' || item.status === 'submitted';
  return item.status !== 'accepted';
}

/** The criterion codes a body names, each with its path in the body. */
const namedInItems = (items: { criterionCode: string }[]) =>
  items.map((item, i) => ({ code: item.criterionCode, path: `body.items.${i}.criterionCode` }));

/** A 400 naming every code the application's criteria set does not have, or undefined. */
function refuseUnknownCriteria(state: SpokeState, actor: Actor, named: { code: string; path: string }[]): Rejection | undefined {
  const known = new Set(state.criteria.map((c) => c.code));
  const unknown = named
    .filter((c) => !known.has(c.code))
    .map((c) => ({ path: c.path, message: `not a criterion of ${state.criteriaSet.name} v${state.criteriaSet.version}` }));
  if (!unknown.length) return undefined;
  return reject(state, actor, 400, `Unknown criterion code: ${unknown.map((e) => e.path).join(', ')}`, unknown);
}

/** The evidence item of each named (known) code. */
const evidenceNamed = (state: SpokeState, named: { code: string; path: string }[]) =>
  named.map(({ code, path }) => ({ item: state.evidence.find((e) => e.criterionCode === code)!, path }));

export function checkEvidence(state: SpokeState, actor: Actor, body: SpokeActionBody<'evidence'>): Rejection | undefined {
  const common = checkAction(state, actor, 'evidence');
  if (common) return common;
  const named = namedInItems(body.items);
  const unknown = refuseUnknownCriteria(state, actor, named);
  if (unknown) return unknown;
  const closed = evidenceNamed(state, named)
    .filter(({ item }) => !isSubmittable(state, item))
    .map(({ item, path }) => ({ path, message: `${item.criterionCode} is already ${item.status}` }));
  if (closed.length) {
    return reject(
      state,
      actor,
      409,
      `Only the evidence the hub returned needs resubmitting: ${closed.map((e) => e.message).join('; ')}`,
      closed,
    );
  }
  return undefined;
}

export function checkEvidenceReview(state: SpokeState, actor: Actor, body: SpokeActionBody<'evidence-review'>): Rejection | undefined {
  const common = checkAction(state, actor, 'evidence-review');
  if (common) return common;
  const named = namedInItems(body.items);
  const unknown = refuseUnknownCriteria(state, actor, named);
  if (unknown) return unknown;
  const notWaiting = evidenceNamed(state, named)
    .filter(({ item }) => item.status !== 'submitted')
    .map(({ item, path }) => ({ path, message: `${item.criterionCode} is not awaiting review (${item.status})` }));
  if (notWaiting.length) return reject(state, actor, 409, notWaiting.map((e) => e.message).join('; '), notWaiting);
  return undefined;
}

export function checkVisit(state: SpokeState, actor: Actor, body: SpokeActionBody<'visit'>, now: Date): Rejection | undefined {
  const common = checkAction(state, actor, 'visit');
  if (common) return common;
  if (Date.parse(body.scheduledFor) <= now.getTime()) {
    return reject(state, actor, 400, 'The visit must be scheduled in the future', [
      { path: 'body.scheduledFor', message: 'must be in the future' },
    ]);
  }
  return undefined;
}

export function checkVisitOutcome(state: SpokeState, actor: Actor, body: SpokeActionBody<'visit-outcome'>): Rejection | undefined {
  const common = checkAction(state, actor, 'visit-outcome');
  if (common) return common;
  return refuseUnknownCriteria(
    state,
    actor,
    (body.criteria ?? []).map((code, i) => ({ code, path: `body.criteria.${i}` })),
  );
}

/** Every action's check, by name: what the workflow's update validators run. */
export function checkSpokeAction<A extends SpokeAction>(
  state: SpokeState,
  actor: Actor,
  action: A,
  body: SpokeActionBody<A>,
  now: Date,
): Rejection | undefined {
  switch (action) {
    case 'evidence':
      return checkEvidence(state, actor, body as SpokeActionBody<'evidence'>);
    case 'evidence-review':
      return checkEvidenceReview(state, actor, body as SpokeActionBody<'evidence-review'>);
    case 'visit':
      return checkVisit(state, actor, body as SpokeActionBody<'visit'>, now);
    case 'visit-outcome':
      return checkVisitOutcome(state, actor, body as SpokeActionBody<'visit-outcome'>);
    default:
      return checkAction(state, actor, action);
  }
}

// ---------- timers: deadlines and reminders of every waiting step ----------

export type TimedEventKind =
  | 'reminder' // to whoever must act, before the step is due
  | 'escalation' // a review step passed its due date: the owner and HEE staff are told
  | 'overdue' // the practice's step passed its due date: the practice and the hub are told
  | 'visit-reminder' // before the quality visit, to both sides
  | 'reaccreditation-due' // starts the next cycle
  | 'expiry-reminder' // the accreditation expires soon and the renewal is not signed yet
  | 'lapse'; // the accreditation expired without renewal

export type StepKey = 'evidence' | 'hub-review' | 'visit-scheduling' | 'visit' | 'hee-approval' | 'agreement' | 'accreditation-expiry';

export interface TimedEvent {
  /** Unique for the life of the application (across cycles and continue-as-new). */
  key: string;
  at: string;
  kind: TimedEventKind;
  step: StepKey;
  /** For reminders: how long before the due date (days, or months for expiry). */
  before?: { days?: number; months?: number };
}

type Owner = 'practice' | 'hub' | 'hee';

export interface WaitingStep {
  key: StepKey;
  action: string;
  owner: Owner;
  dueAt: string;
  events: TimedEvent[];
}

const uniqueDescending = (values: readonly number[]) => [...new Set(values)].sort((a, b) => b - a);

/** The re-accreditation points: when the next cycle starts, and the later expiry reminders. */
export function reaccreditationPlan(accreditedAt: string, accreditedUntil: string, settings: SpokeSettings) {
  const months = uniqueDescending(settings.reaccreditationReminderMonthsBefore);
  const startMonths = months[0] ?? 6;
  const until = new Date(accreditedUntil);
  const startsAt = new Date(Math.max(addMonths(until, -startMonths).getTime(), Date.parse(accreditedAt)));
  return {
    startsAt: iso(startsAt),
    startMonths,
    reminders: months.slice(1).map((m) => ({ months: m, at: iso(addMonths(until, -m)) })),
  };
}

/** The waiting steps of the application now, each with its due date and its timed events. */
export function waitingSteps(state: SpokeState, settings: SpokeSettings): WaitingStep[] {
  if (isTerminal(state.status) || state.status === 'SUSPENDED') return [];
  const steps: WaitingStep[] = [];
  const s = `s${state.step}`;
  const since = new Date(state.stepSince);

  const practiceStep = (key: StepKey, action: string, due: Date): WaitingStep => ({
    key,
    action,
    owner: 'practice',
    dueAt: iso(due),
    events: [
      ...uniqueDescending(settings.evidenceReminderDaysBefore)
        .map((days) => ({
          key: `${s}:${key}:reminder-${days}d`,
          at: iso(addDays(due, -days)),
          kind: 'reminder' as const,
          step: key,
          before: { days },
        }))
        // A reminder that would fall before the step began is never sent.
        .filter((event) => Date.parse(event.at) >= since.getTime()),
      { key: `${s}:${key}:overdue`, at: iso(due), kind: 'overdue', step: key },
    ],
  });
  const reviewStep = (key: StepKey, action: string, owner: Owner): WaitingStep => {
    const due = addDays(since, settings.reviewEscalationAfterDays);
    return {
      key,
      action,
      owner,
      dueAt: iso(due),
      events: [
        { key: `${s}:${key}:reminder`, at: iso(addDays(since, settings.reviewReminderAfterDays)), kind: 'reminder', step: key },
        { key: `${s}:${key}:escalation`, at: iso(due), kind: 'escalation', step: key },
      ],
    };
  };

  switch (state.status) {
    case 'AWAITING_EVIDENCE':
      steps.push(practiceStep('evidence', 'Submit evidence for every criterion', new Date(state.evidenceDueAt!)));
      break;
    case 'EVIDENCE_CHANGES_REQUESTED':
      steps.push(practiceStep('evidence', 'Resubmit the evidence the hub returned', new Date(state.evidenceDueAt!)));
      break;
    case 'REACCREDITATION_DUE':
      steps.push(practiceStep('evidence', 'Re-confirm or update the evidence for re-accreditation', new Date(state.evidenceDueAt!)));
      break;
    case 'UNDER_HUB_REVIEW':
      steps.push(reviewStep('hub-review', 'Review the evidence for each criterion', 'hub'));
      break;
    case 'VISIT_PENDING':
      if (!state.visit) {
        steps.push(reviewStep('visit-scheduling', 'Schedule the quality visit', 'hub'));
      } else {
        const visitAt = new Date(state.visit.scheduledFor);
        steps.push({
          key: 'visit',
          action: 'Hold the quality visit and record its outcome',
          owner: 'hub',
          dueAt: iso(visitAt),
          events: uniqueDescending(settings.visitReminderDaysBefore)
            .map((days) => ({
              key: `${s}:visit${state.visit!.number}:reminder-${days}d`,
              at: iso(addDays(visitAt, -days)),
              kind: 'visit-reminder' as const,
              step: 'visit' as const,
              before: { days },
            }))
            .filter((event) => Date.parse(event.at) >= Date.parse(state.visit!.scheduledAt)),
        });
      }
      break;
    case 'AWAITING_HEE_APPROVAL':
      steps.push(reviewStep('hee-approval', 'Approve or reject the accreditation', 'hee'));
      break;
    case 'AWAITING_AGREEMENT':
      steps.push(
        practiceStep('agreement', 'Sign the Learning and Development Agreement', addDays(since, settings.evidenceResubmissionDays)),
      );
      break;
    default:
      break;
  }

  if (state.accreditedUntil && state.accreditedAt) {
    const a = `a${state.accreditationCycle ?? state.cycle}`;
    const plan = reaccreditationPlan(state.accreditedAt, state.accreditedUntil, settings);
    const events: TimedEvent[] = [];
    if (state.status === 'ACCREDITED') {
      events.push({
        key: `${a}:reaccreditation-due`,
        at: plan.startsAt,
        kind: 'reaccreditation-due',
        step: 'accreditation-expiry',
        before: { months: plan.startMonths },
      });
    } else {
      for (const r of plan.reminders.filter((r) => r.at >= state.accreditedAt!)) {
        events.push({
          key: `${a}:expiry-reminder-${r.months}m`,
          at: r.at,
          kind: 'expiry-reminder',
          step: 'accreditation-expiry',
          before: { months: r.months },
        });
      }
    }
    events.push({ key: `${a}:lapse`, at: state.accreditedUntil, kind: 'lapse', step: 'accreditation-expiry' });
    steps.push({
      key: 'accreditation-expiry',
      action:
        state.status === 'ACCREDITED'
          ? `Renew the accreditation (re-accreditation opens ${formatDueDate(plan.startsAt)})`
          : 'Complete re-accreditation before the accreditation expires',
      owner: 'practice',
      dueAt: state.accreditedUntil,
      events,
    });
  }
  return steps;
}

/** Every timed event of the current state that has not fired yet, soonest first. */
export function pendingTimedEvents(state: SpokeState, settings: SpokeSettings): TimedEvent[] {
  const fired = new Set(state.fired);
  return waitingSteps(state, settings)
    .flatMap((step) => step.events)
    .filter((event) => !fired.has(event.key))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || eventOrder(a) - eventOrder(b) || a.key.localeCompare(b.key));
}

// At the same instant: tell people before changing state, and change state before lapsing.
const eventOrder = (e: TimedEvent) => (e.kind === 'lapse' ? 2 : e.kind === 'reaccreditation-due' ? 1 : 0);

/** The next timed event the workflow must wait for, if any. */
export function nextTimedEvent(state: SpokeState, settings: SpokeSettings): TimedEvent | undefined {
  return pendingTimedEvents(state, settings)[0];
}

function ownerWords(state: SpokeState, owner: Owner): Pick<DeadlineRecord, 'owner' | 'ownerRole'> {
  if (owner === 'practice') return { owner: state.practiceName, ownerRole: 'practice_manager' };
  if (owner === 'hub') return { owner: state.hubName, ownerRole: 'hub_lead' };
  return { owner: 'HEE staff', ownerRole: 'hee_staff' };
}

/** The open deadlines, as the Deadline table and calendar feeds hold them. */
export function spokeDeadlines(state: SpokeState, settings: SpokeSettings): DeadlineRecord[] {
  return waitingSteps(state, settings).map((step) => ({
    key: step.key,
    action: step.action,
    ...ownerWords(state, step.owner),
    dueAt: step.dueAt,
  }));
}

export function soonestDeadline(deadlines: readonly DeadlineRecord[]): DeadlineRecord | undefined {
  return [...deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}

/** Forget fired keys of steps and accreditations that are over, so the set stays small for decades. */
function pruneFired(state: SpokeState) {
  state.fired = state.fired.filter((key) => {
    const match = /^([sa])(\d+):/.exec(key);
    if (!match) return true;
    const n = Number(match[2]);
    return match[1] === 's' ? n >= state.step : n >= (state.accreditationCycle ?? 0);
  });
}

// ---------- audiences and notices ----------

const practiceAudience = (s: SpokeState): Audience[] => [{ kind: 'practice', practiceId: s.practiceId }];
const hubAudience = (s: SpokeState): Audience[] => [{ kind: 'hub', hubId: s.hubId }];
const heeAudience: Audience[] = [{ kind: 'role', role: 'hee_staff' }];
/** The quality-marker people the practice named: told of the visit and the outcome. */
const namedAudience = (s: SpokeState): Audience[] => [
  { kind: 'address', email: s.administrator.email, name: s.administrator.name },
  { kind: 'address', email: s.educationalist.email, name: s.educationalist.name },
];

export function spokeLabel(s: Pick<SpokeState, 'id' | 'practiceName' | 'hubName' | 'cycle'>): string {
  return `spoke application ${s.id} (${s.practiceName}, ${s.hubName}${s.cycle > 1 ? `, re-accreditation ${s.cycle - 1}` : ''})`;
}

function notice(
  s: SpokeState,
  ctx: SpokeContext,
  step: string,
  audience: Audience[],
  headline: string,
  extra: Partial<Notice> = {},
): Notice {
  return {
    key: `${s.id}:${step}:${s.seq}`,
    audience,
    subjectType: 'spoke_application',
    subjectId: s.id,
    subjectLabel: spokeLabel(s),
    headline,
    link: `${ctx.publicUrl ?? ''}/api/spoke-applications/${s.id}`,
    ...extra,
  };
}

const criterionLine = (s: SpokeState, code: string) => `${code}: ${s.criteria.find((c) => c.code === code)?.title ?? code}`;

// ---------- transitions ----------

function record(
  s: SpokeState,
  effects: SpokeEffects,
  actor: Actor,
  action: string,
  to: SpokeStatus,
  at: Date,
  options: { comment?: string; requestId?: string; newStep?: boolean } = {},
) {
  const from = s.status;
  s.seq += 1;
  s.history.push({
    at: iso(at),
    actor: { userId: actor.userId, role: actor.role, name: actor.name },
    action,
    fromStatus: from,
    toStatus: to,
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
  s.status = to;
  s.updatedAt = iso(at);
  if (options.newStep ?? from !== to) {
    s.step += 1;
    s.stepSince = iso(at);
    pruneFired(s);
  }
  effects.audit.push({
    key: `${action}:${s.seq}`,
    actor,
    action: `spoke.${action}`,
    comment: options.comment,
    requestId: options.requestId,
    before: { status: from },
    after: { status: to },
  });
}

function evidenceFrom(criteria: readonly Criterion[]): EvidenceItem[] {
  return criteria.map((c) => ({ criterionCode: c.code, title: c.title, status: 'missing' }));
}

/** A new application, waiting for the practice's evidence. */
export function openSpokeApplication(
  input: NewSpokeApplication,
  data: SpokeCycleData,
  at: Date,
  ctx: SpokeContext,
): { state: SpokeState; effects: SpokeEffects } {
  const s: SpokeState = {
    id: input.id,
    practiceId: input.practiceId,
    hubId: input.hubId,
    practiceName: data.practice.name,
    hubName: data.hub.name,
    isTrainingPractice: data.practice.isTrainingPractice,
    administrator: input.administrator,
    educationalist: input.educationalist,
    status: 'AWAITING_EVIDENCE',
    cycle: 1,
    step: 1,
    stepSince: iso(at),
    seq: 1,
    validityMonths: data.hub.accreditationValidityMonths,
    criteriaSet: {
      id: data.criteriaSet.id,
      version: data.criteriaSet.version,
      name: data.criteriaSet.name,
      isExample: data.criteriaSet.isExample,
    },
    criteria: data.criteriaSet.criteria,
    evidence: evidenceFrom(data.criteriaSet.criteria),
    evidenceDueAt: iso(addDays(at, ctx.settings.evidenceResubmissionDays)),
    visitsScheduled: 0,
    history: [
      {
        at: iso(at),
        actor: { userId: input.appliedBy.userId, role: input.appliedBy.role, name: input.appliedBy.name },
        action: 'applied',
        fromStatus: null,
        toStatus: 'AWAITING_EVIDENCE',
        ...(input.requestId ? { requestId: input.requestId } : {}),
      },
    ],
    fired: [],
    createdAt: iso(at),
    updatedAt: iso(at),
  };
  const effects: SpokeEffects = {
    audit: [
      {
        key: `applied:${s.seq}`,
        actor: input.appliedBy,
        action: 'spoke.applied',
        requestId: input.requestId,
        after: { status: s.status, criteriaSet: s.criteriaSet },
      },
    ],
    notices: [
      notice(s, ctx, 'opened-practice', practiceAudience(s), 'Spoke application opened: evidence needed', {
        action: `Submit evidence for each of the ${s.criteria.length} criteria`,
        dueAt: s.evidenceDueAt,
        lines: [`Criteria (${s.criteriaSet.name}, version ${s.criteriaSet.version}):`, ...s.criteria.map((c) => `- ${c.code}: ${c.title}`)],
      }),
      notice(s, ctx, 'opened-hub', hubAudience(s), `New spoke application from ${s.practiceName}`, {
        lines: ['You will be asked to review the evidence once the practice has submitted it for every criterion.'],
      }),
      notice(s, ctx, 'opened-named', namedAudience(s), 'You are named on a spoke application', {
        lines: [
          `${s.practiceName} named ${s.administrator.name} as the practice-based administrator responsible for the learners’ timetable, and ${s.educationalist.name} as the practice-based educationalist who offers regular teaching and is responsible for the learning programme.`,
        ],
      }),
    ],
  };
  return { state: s, effects };
}

export function applyEvidence(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'evidence'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  for (const item of body.items) {
    const target = s.evidence.find((e) => e.criterionCode === item.criterionCode)!;
    target.status = 'submitted';
    target.statement = item.statement;
    if (item.documentUrl) target.documentUrl = item.documentUrl;
    else delete target.documentUrl;
    target.submittedAt = iso(at);
    target.submittedBy = personRef(actor);
  }
  const complete = isEvidenceComplete(s.evidence);
  const codes = body.items.map((i) => i.criterionCode).join(', ');
  record(s, effects, actor, 'evidence', complete ? 'UNDER_HUB_REVIEW' : s.status, at, { comment: `Evidence for ${codes}`, requestId });
  if (complete) {
    delete s.evidenceDueAt;
    s.evidence.forEach((e) => delete e.resubmissionDueAt);
    const due = spokeDeadlines(s, ctx.settings).find((d) => d.key === 'hub-review')?.dueAt;
    const toReview = s.evidence.filter((e) => e.status === 'submitted').map((e) => criterionLine(s, e.criterionCode));
    effects.notices.push(
      notice(s, ctx, 'evidence-ready', hubAudience(s), 'Evidence ready for review', {
        action: 'Review the evidence for each criterion (accept, or reject with a comment)',
        dueAt: due,
        lines: [`${s.practiceName} has submitted evidence for:`, ...toReview.map((l) => `- ${l}`)],
      }),
    );
  }
  return effects;
}

export function applyEvidenceReview(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'evidence-review'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  for (const item of body.items) {
    const target = s.evidence.find((e) => e.criterionCode === item.criterionCode)!;
    target.status = item.decision === 'accept' ? 'accepted' : 'rejected';
    target.review = { decision: item.decision, comment: item.comment, reviewer: personRef(actor), at: iso(at), source: 'hub_review' };
  }
  const summary = body.items.map((i) => `${i.criterionCode} ${i.decision === 'accept' ? 'accepted' : 'rejected'}`).join(', ');
  const stillWaiting = s.evidence.some((e) => e.status === 'submitted');
  if (stillWaiting) {
    record(s, effects, actor, 'evidence-review', s.status, at, { comment: summary, requestId });
    return effects;
  }
  const rejected = s.evidence.filter((e) => e.status === 'rejected');
  if (rejected.length > 0) {
    returnEvidence(s, rejected, at, ctx);
    record(s, effects, actor, 'evidence-review', 'EVIDENCE_CHANGES_REQUESTED', at, { comment: summary, requestId });
    effects.notices.push(changesRequestedNotice(s, ctx, 'evidence-changes', 'Changes requested to your evidence', rejected));
    return effects;
  }
  delete s.visit;
  record(s, effects, actor, 'evidence-review', 'VISIT_PENDING', at, { comment: summary, requestId });
  effects.notices.push(
    notice(s, ctx, 'evidence-accepted-hub', hubAudience(s), 'Evidence accepted: schedule the quality visit', {
      action: 'Agree a date with the practice and schedule the quality visit',
      dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'visit-scheduling')?.dueAt,
    }),
    notice(s, ctx, 'evidence-accepted-practice', practiceAudience(s), 'All your evidence is accepted', {
      lines: ['The hub will contact you to arrange the quality visit.'],
    }),
  );
  return effects;
}

function returnEvidence(s: SpokeState, items: EvidenceItem[], at: Date, ctx: SpokeContext) {
  s.evidenceDueAt = iso(addDays(at, ctx.settings.evidenceResubmissionDays));
  for (const item of items) item.resubmissionDueAt = s.evidenceDueAt;
}

function changesRequestedNotice(s: SpokeState, ctx: SpokeContext, step: string, headline: string, items: EvidenceItem[]): Notice {
  return notice(s, ctx, step, practiceAudience(s), headline, {
    action: `Resubmit the evidence for ${items.map((i) => i.criterionCode).join(', ')}`,
    dueAt: s.evidenceDueAt,
    lines: [
      'Only these criteria need new evidence; the others stay accepted.',
      ...items.map((i) => `- ${criterionLine(s, i.criterionCode)}. Reviewer’s comment: ${i.review?.comment ?? ''}`),
    ],
  });
}

export function applyVisit(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  const rescheduled = s.visit !== undefined;
  s.visitsScheduled += 1;
  s.visit = { number: s.visitsScheduled, scheduledFor: body.scheduledFor, scheduledAt: iso(at), scheduledBy: personRef(actor) };
  record(s, effects, actor, 'visit', s.status, at, {
    comment: `${rescheduled ? 'Rescheduled' : 'Scheduled'} for ${body.scheduledFor}`,
    requestId,
  });
  effects.notices.push(
    notice(
      s,
      ctx,
      'visit-scheduled',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
      `Quality visit ${rescheduled ? 'rescheduled' : 'scheduled'}`,
      {
        lines: [`The quality visit to ${s.practiceName} is on ${formatDueDate(body.scheduledFor)} (${body.scheduledFor}).`],
      },
    ),
  );
  return effects;
}

export function applyVisitOutcome(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'visit-outcome'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  const visit = s.visit!;
  visit.outcome = body.outcome;
  visit.notes = body.notes;
  if (body.criteria?.length) visit.criteria = [...body.criteria];
  visit.recordedAt = iso(at);
  visit.recordedBy = personRef(actor);
  if (body.outcome === 'satisfactory') {
    record(s, effects, actor, 'visit-outcome', 'AWAITING_HEE_APPROVAL', at, { comment: body.notes, requestId });
    effects.notices.push(
      notice(s, ctx, 'approval-needed', heeAudience, 'Spoke accreditation awaiting HEE approval', {
        action: 'Approve or reject the accreditation',
        dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'hee-approval')?.dueAt,
        lines: [`The hub recorded a satisfactory quality visit: ${body.notes}`],
      }),
      notice(s, ctx, 'visit-satisfactory', [...practiceAudience(s), ...namedAudience(s)], 'Quality visit satisfactory', {
        lines: ['The application now goes to HEE for approval.', `Notes: ${body.notes}`],
      }),
    );
    return effects;
  }
  const items = s.evidence.filter((e) => body.criteria!.includes(e.criterionCode));
  for (const item of items) {
    item.status = 'rejected';
    item.review = { decision: 'reject', comment: body.notes, reviewer: personRef(actor), at: iso(at), source: 'quality_visit' };
  }
  returnEvidence(s, items, at, ctx);
  record(s, effects, actor, 'visit-outcome', 'EVIDENCE_CHANGES_REQUESTED', at, { comment: body.notes, requestId });
  effects.notices.push(changesRequestedNotice(s, ctx, 'visit-actions', 'Actions required after the quality visit', items));
  return effects;
}

export function applyApproval(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'approval'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  s.approval = { decision: body.decision, comment: body.comment, by: personRef(actor), at: iso(at) };
  if (body.decision === 'approve') {
    record(s, effects, actor, 'approval', 'AWAITING_AGREEMENT', at, { comment: body.comment || undefined, requestId });
    effects.notices.push(
      notice(s, ctx, 'agreement-needed', practiceAudience(s), 'Approved: sign the Learning and Development Agreement', {
        action: 'Sign the Learning and Development Agreement',
        dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'agreement')?.dueAt,
        lines: body.comment ? [`HEE’s comment: ${body.comment}`] : [],
      }),
      notice(s, ctx, 'approved-hub', hubAudience(s), 'Spoke accreditation approved by HEE', {
        lines: ['The practice has been asked to sign the Learning and Development Agreement.'],
      }),
    );
  } else {
    record(s, effects, actor, 'approval', 'REJECTED', at, { comment: body.comment, requestId });
    effects.notices.push(
      notice(s, ctx, 'rejected', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation not approved', {
        lines: [`HEE’s reason: ${body.comment}`],
      }),
    );
  }
  return effects;
}

export function applySignature(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'agreement-signature'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  s.agreement = { signedBy: body.signedBy, signedAt: iso(at), by: personRef(actor) };
  s.accreditedAt = iso(at);
  s.accreditedUntil = iso(addMonths(at, s.validityMonths));
  s.accreditationCycle = s.cycle;
  record(s, effects, actor, 'agreement-signature', 'ACCREDITED', at, { comment: `Signed by ${body.signedBy}`, requestId });
  effects.notices.push(
    notice(
      s,
      ctx,
      'accredited',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s), ...heeAudience],
      `Accredited until ${formatDueDate(s.accreditedUntil)}`,
      {
        lines: [
          `${s.practiceName} is accredited as a spoke of ${s.hubName} until ${formatDueDate(s.accreditedUntil)}.`,
          `Re-accreditation opens on ${formatDueDate(reaccreditationPlan(s.accreditedAt, s.accreditedUntil, ctx.settings).startsAt)}.`,
        ],
      },
    ),
  );
  return effects;
}

export function applySuspension(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'suspension'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  s.suspension = { at: iso(at), reason: body.reason, by: personRef(actor), fromStatus: s.status };
  record(s, effects, actor, 'suspension', 'SUSPENDED', at, { comment: body.reason, requestId, newStep: false });
  effects.notices.push(
    notice(s, ctx, 'suspended', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation suspended', {
      lines: [`Reason: ${body.reason}`, 'No reminders or deadlines apply while the accreditation is suspended.'],
    }),
  );
  return effects;
}

/** Back to the suspended-from state, or LAPSED if the accreditation expired meanwhile. */
export function applyReinstatement(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'reinstatement'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  const from = s.suspension!.fromStatus;
  delete s.suspension;
  if (s.accreditedUntil && Date.parse(s.accreditedUntil) <= at.getTime()) {
    record(s, effects, actor, 'reinstatement', 'LAPSED', at, {
      comment: `${body.reason} (the accreditation expired while suspended)`,
      requestId,
    });
    effects.notices.push(
      notice(s, ctx, 'lapsed', [...practiceAudience(s), ...hubAudience(s), ...heeAudience], 'Spoke accreditation lapsed', {
        lines: [`The accreditation expired on ${formatDueDate(s.accreditedUntil)} while it was suspended, so it cannot be reinstated.`],
      }),
    );
    return effects;
  }
  record(s, effects, actor, 'reinstatement', from, at, { comment: body.reason, requestId, newStep: false });
  // Reminders that fell due while suspended are moot; due dates, escalations and the lapse still count.
  for (const event of pendingTimedEvents(s, ctx.settings)) {
    const isReminder = event.kind === 'reminder' || event.kind === 'visit-reminder' || event.kind === 'expiry-reminder';
    if (isReminder && Date.parse(event.at) <= at.getTime()) s.fired.push(event.key);
  }
  effects.notices.push(
    notice(s, ctx, 'reinstated', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation reinstated', {
      lines: [
        `Reason: ${body.reason}`,
        s.accreditedUntil ? `The accreditation remains valid until ${formatDueDate(s.accreditedUntil)}.` : '',
      ].filter(Boolean),
    }),
  );
  return effects;
}

export function applyWithdrawal(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'withdrawal'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  const effects = noEffects();
  record(s, effects, actor, 'withdrawal', 'WITHDRAWN', at, { comment: body.reason, requestId });
  effects.notices.push(
    notice(
      s,
      ctx,
      'withdrawn',
      [...practiceAudience(s), ...hubAudience(s), ...(actor.role === 'hee_staff' ? [] : heeAudience)],
      s.accreditedUntil ? 'Spoke accreditation withdrawn' : 'Spoke application withdrawn',
      { lines: [`Withdrawn by ${actor.name}. Reason: ${body.reason}`] },
    ),
  );
  return effects;
}

/** Applies an accepted action (its check passed) to the state. */
export function applySpokeAction<A extends SpokeAction>(
  s: SpokeState,
  actor: Actor,
  action: A,
  body: SpokeActionBody<A>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): SpokeEffects {
  switch (action) {
    case 'evidence':
      return applyEvidence(s, actor, body as SpokeActionBody<'evidence'>, at, ctx, requestId);
    case 'evidence-review':
      return applyEvidenceReview(s, actor, body as SpokeActionBody<'evidence-review'>, at, ctx, requestId);
    case 'visit':
      return applyVisit(s, actor, body as SpokeActionBody<'visit'>, at, ctx, requestId);
    case 'visit-outcome':
      return applyVisitOutcome(s, actor, body as SpokeActionBody<'visit-outcome'>, at, ctx, requestId);
    case 'approval':
      return applyApproval(s, actor, body as SpokeActionBody<'approval'>, at, ctx, requestId);
    case 'agreement-signature':
      return applySignature(s, actor, body as SpokeActionBody<'agreement-signature'>, at, ctx, requestId);
    case 'suspension':
      return applySuspension(s, actor, body as SpokeActionBody<'suspension'>, at, ctx, requestId);
    case 'reinstatement':
      return applyReinstatement(s, actor, body as SpokeActionBody<'reinstatement'>, at, ctx, requestId);
    case 'withdrawal':
      return applyWithdrawal(s, actor, body as SpokeActionBody<'withdrawal'>, at, ctx, requestId);
  }
  throw new Error(`Unknown action ${String(action)}`);
}

// ---------- timed events ----------

const STEP_WORDS: Record<StepKey, string> = {
  evidence: 'evidence',
  'hub-review': 'evidence review',
  'visit-scheduling': 'quality visit scheduling',
  visit: 'quality visit',
  'hee-approval': 'HEE approval',
  agreement: 'signed agreement',
  'accreditation-expiry': 'accreditation',
};

/**
 * Applies a timed event that is due (not re-accreditation, which needs the hub's latest criteria:
 * see startReaccreditation). Marks it fired; reminders only tell people, lapse ends the process.
 */
export function applyTimedEvent(s: SpokeState, event: TimedEvent, at: Date, ctx: SpokeContext): SpokeEffects {
  const effects = noEffects();
  s.fired.push(event.key);
  if (event.kind !== 'lapse') s.seq += 1; // a lapse is recorded (and counted) by record()
  const step = waitingSteps(s, ctx.settings).find((w) => w.key === event.step);
  const due = step?.dueAt;
  const what = STEP_WORDS[event.step];
  switch (event.kind) {
    case 'reminder': {
      const audience = step?.owner === 'hub' ? hubAudience(s) : step?.owner === 'hee' ? heeAudience : practiceAudience(s);
      effects.notices.push(
        notice(
          s,
          ctx,
          `${event.step}-reminder${event.before?.days ? `-${event.before.days}d` : ''}`,
          audience,
          `Reminder: ${what} due ${due ? formatDueDate(due) : 'soon'}`,
          {
            action: step?.action,
            dueAt: due,
            ...(event.step === 'evidence' ? { lines: outstandingEvidenceLines(s) } : {}),
          },
        ),
      );
      break;
    }
    case 'escalation': {
      const owner = step?.owner === 'hub' ? hubAudience(s) : [];
      effects.notices.push(
        notice(s, ctx, `${event.step}-escalation`, [...owner, ...heeAudience], `Overdue: ${what}`, {
          action: step?.action,
          dueAt: due,
          lines: [`This step has waited since ${formatDueDate(s.stepSince)}.`],
        }),
      );
      break;
    }
    case 'overdue':
      effects.notices.push(
        notice(s, ctx, `${event.step}-overdue`, [...practiceAudience(s), ...hubAudience(s)], `Overdue: ${what}`, {
          action: step?.action,
          dueAt: due,
          ...(event.step === 'evidence' ? { lines: outstandingEvidenceLines(s) } : {}),
        }),
      );
      break;
    case 'visit-reminder':
      effects.notices.push(
        notice(
          s,
          ctx,
          `visit-reminder-${event.before?.days ?? 0}d`,
          [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s)],
          `Reminder: quality visit in ${event.before?.days ?? 0} day${event.before?.days === 1 ? '' : 's'}`,
          { lines: [`The quality visit to ${s.practiceName} is on ${formatDueDate(s.visit!.scheduledFor)} (${s.visit!.scheduledFor}).`] },
        ),
      );
      break;
    case 'expiry-reminder':
      effects.notices.push(
        notice(
          s,
          ctx,
          `expiry-reminder-${event.before?.months ?? 0}m`,
          [...practiceAudience(s), ...hubAudience(s)],
          `Accreditation expires ${formatDueDate(s.accreditedUntil!)}`,
          {
            action: 'Complete re-accreditation',
            dueAt: s.accreditedUntil,
            lines: [`Re-accreditation is at this step: ${s.status}. Without renewal the accreditation lapses on the expiry date.`],
          },
        ),
      );
      break;
    case 'lapse':
      record(s, effects, SYSTEM_ACTOR, 'lapsed', 'LAPSED', at, { comment: `The accreditation expired on ${s.accreditedUntil}` });
      effects.notices.push(
        notice(s, ctx, 'lapsed', [...practiceAudience(s), ...hubAudience(s), ...heeAudience], 'Spoke accreditation lapsed', {
          lines: [`The accreditation expired on ${formatDueDate(s.accreditedUntil!)} without renewal.`, 'The practice may apply again.'],
        }),
      );
      break;
    case 'reaccreditation-due':
      throw new Error('Re-accreditation starts with startReaccreditation');
  }
  return effects;
}

function outstandingEvidenceLines(s: SpokeState): string[] {
  const open = s.evidence.filter((e) => isSubmittable(s, e) && e.status !== 'submitted');
  return open.length ? ['Still to submit:', ...open.map((e) => `- ${criterionLine(s, e.criterionCode)}`)] : [];
}

/**
 * Opens the next cycle: REACCREDITATION_DUE with the hub's latest criteria, each carried-over
 * statement pre-filled and marked for re-confirmation. The accreditation held now stays valid
 * until it expires.
 */
export function startReaccreditation(s: SpokeState, event: TimedEvent, data: SpokeCycleData, at: Date, ctx: SpokeContext): SpokeEffects {
  const effects = noEffects();
  s.fired.push(event.key);
  const previous = new Map(s.evidence.map((e) => [e.criterionCode, e]));
  s.cycle += 1;
  s.criteriaSet = {
    id: data.criteriaSet.id,
    version: data.criteriaSet.version,
    name: data.criteriaSet.name,
    isExample: data.criteriaSet.isExample,
  };
  s.criteria = data.criteriaSet.criteria;
  s.validityMonths = data.hub.accreditationValidityMonths;
  s.practiceName = data.practice.name;
  s.hubName = data.hub.name;
  s.evidence = data.criteriaSet.criteria.map((c) => {
    const before = previous.get(c.code);
    if (!before?.statement) return { criterionCode: c.code, title: c.title, status: 'missing' };
    return {
      criterionCode: c.code,
      title: c.title,
      status: 'to_reconfirm',
      statement: before.statement,
      ...(before.documentUrl ? { documentUrl: before.documentUrl } : {}),
      ...(before.submittedAt ? { submittedAt: before.submittedAt } : {}),
      ...(before.submittedBy ? { submittedBy: before.submittedBy } : {}),
    };
  });
  s.evidenceDueAt = iso(addDays(at, ctx.settings.evidenceResubmissionDays));
  delete s.visit;
  delete s.approval;
  delete s.agreement;
  record(s, effects, SYSTEM_ACTOR, 'reaccreditation-due', 'REACCREDITATION_DUE', at, {
    comment: `Cycle ${s.cycle}: the accreditation expires on ${s.accreditedUntil}`,
  });
  const missing = s.evidence.filter((e) => e.status === 'missing');
  effects.notices.push(
    notice(s, ctx, 'reaccreditation-due', practiceAudience(s), 'Re-accreditation due', {
      action: 'Re-confirm or update the evidence for each criterion',
      dueAt: s.evidenceDueAt,
      lines: [
        `The accreditation of ${s.practiceName} expires on ${formatDueDate(s.accreditedUntil!)}.`,
        'Your evidence from the last cycle is pre-filled: re-confirm each item or update it.',
        ...(missing.length ? ['New criteria to evidence:', ...missing.map((e) => `- ${criterionLine(s, e.criterionCode)}`)] : []),
      ],
    }),
    notice(s, ctx, 'reaccreditation-due-hub', hubAudience(s), `Re-accreditation opened for ${s.practiceName}`, {
      lines: [`The accreditation expires on ${formatDueDate(s.accreditedUntil!)}.`],
    }),
  );
  return effects;
}

// ---------- the view ----------

export function spokeView(s: SpokeState, settings: SpokeSettings, actor?: Actor): SpokeView {
  const deadlines = spokeDeadlines(s, settings);
  const next = soonestDeadline(deadlines);
  return {
    id: s.id,
    practiceId: s.practiceId,
    practiceName: s.practiceName,
    hubId: s.hubId,
    hubName: s.hubName,
    status: s.status,
    cycle: s.cycle,
    isTrainingPractice: s.isTrainingPractice,
    administrator: s.administrator,
    educationalist: s.educationalist,
    criteriaSet: s.criteriaSet,
    criteria: s.criteria,
    evidence: s.evidence,
    ...(s.evidenceDueAt ? { evidenceDueAt: s.evidenceDueAt } : {}),
    ...(s.visit ? { visit: s.visit } : {}),
    ...(s.approval ? { approval: s.approval } : {}),
    ...(s.agreement ? { agreement: s.agreement } : {}),
    ...(s.accreditedAt ? { accreditedAt: s.accreditedAt } : {}),
    ...(s.accreditedUntil ? { accreditedUntil: s.accreditedUntil } : {}),
    ...(s.suspension ? { suspension: s.suspension } : {}),
    history: s.history,
    ...(next ? { nextDeadline: { action: next.action, owner: next.owner, dueAt: next.dueAt } } : {}),
    deadlines: deadlines.map((d) => ({ key: d.key, action: d.action, owner: d.owner, dueAt: d.dueAt })),
    ...(actor ? { allowedActions: allowedActions(s, actor) } : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
