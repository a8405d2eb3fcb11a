/**
 * Spoke accreditation (DOMAIN.md, process B) as pure rules: the states, who may take which action
 * in which state, what each action and each timer changes, the deadlines and reminders of every
 * waiting step, and who is told. The workflow owns a SpokeState and applies these functions
 * (they change the state they are given and return the effects); the API uses the same checks
 * and schemas. No I/O and no clock reads: safe inside the workflow bundle.
 *
 * Rules these modules settle where the sources are silent:
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
 *   lapses. A renewal signed in time is valid for the hub's validity from the current expiry
 *   (docs/domain.md, "Spoke accreditation").
 * - Suspension (HEE staff, only while the practice holds an accreditation) stops every timer: no
 *   reminder, no escalation, no lapse. Reinstatement returns to the state it was suspended from,
 *   skipping reminders that fell due meanwhile; if the expiry date passed meanwhile, it lapses.
 *   Suspension does not move the expiry date or any due date.
 * - A practice manager may withdraw an application that has never been accredited; HEE staff may
 *   withdraw any open application or accreditation. HEE rejecting a first application (or one
 *   whose accreditation has expired) ends it (REJECTED); rejecting a re-accreditation while the
 *   accreditation it renews is valid returns to ACCREDITED with `renewalRefused`: nothing reopens
 *   re-accreditation, and the accreditation lapses at its expiry.
 * - A quality visit with outcome actions_required may give an action plan instead of criteria
 *   (rule 'spoke:visit-action-plan'): ACTIONS_IN_PROGRESS until the hub lead (or HEE staff, an
 *   admin) has marked every action complete, then HEE approval or a follow-up visit. An action
 *   past its due date emails its owner and the hub once; nothing is refused after it.
 * - HEE staff (and admins) may extend a valid accreditation, not a suspended one, to a date after
 *   its expiry and at most 12 months later; the re-accreditation start, reminders and lapse move.
 */
export {
  ApplySpokeBody,
  ApprovalBody,
  ApprovalRequestBody,
  CriterionCodeSchema,
  EvidenceBody,
  EvidenceReviewBody,
  PeopleCorrectionBody,
  PersonSchema,
  ReasonBody,
  SignatureBody,
  ValidityExtensionBody,
  SPOKE_ACTION_BODIES,
  SPOKE_ACTIONS,
  SPOKE_STATUSES,
  SpokeApplicationSchema,
  SpokeEvidenceItemSchema,
  SpokeListQuery,
  SpokeStatusSchema,
  VisitBody,
  VisitOutcomeBody,
  EvidenceRoundSchema,
  type EvidenceItem,
  type EvidenceReview,
  type EvidenceRound,
  type PeopleCorrection,
  type Person,
  type SpokeAction,
  type SpokeActionBody,
  type SpokeStatus,
  type SpokeView,
  type Visit,
} from './schemas';
export {
  EVIDENCE_STATUSES,
  isTerminal,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  type CriteriaSetRef,
  type NewSpokeApplication,
  type SpokeContext,
  type SpokeCycleData,
  type SpokeFacts,
  type SpokeSettings,
  type SpokeState,
} from './state';
export {
  allowedActions,
  checkAction,
  checkEvidence,
  checkEvidenceReview,
  checkPeopleCorrection,
  checkPracticeHub,
  checkSpokeAction,
  checkValidityExtension,
  latestExtendedExpiry,
  VALIDITY_EXTENSION_MAX_MONTHS,
  checkVisit,
  checkVisitOutcome,
  checkActionCompletion,
  opensActionPlan,
  inScope,
  isEvidenceComplete,
  isSubmittable,
  PEOPLE_CORRECTORS,
  permits,
  SPOKE_ACTION_ROLES,
  SPOKE_READERS,
} from './policy';
export {
  isRenewalRefused,
  nextTimedEvent,
  pendingTimedEvents,
  reaccreditationPlan,
  spokeDeadlines,
  waitingSteps,
  type StepKey,
  type TimedEvent,
  type TimedEventKind,
  type WaitingStep,
} from './timers';
export { spokeLabel } from './notices';
export { applyEvidence, applyEvidenceReview, applyVisit, applyVisitOutcome, openSpokeApplication } from './transitions';
export {
  applyApproval,
  applyReinstatement,
  applySignature,
  applySpokeAction,
  applySuspension,
  applyValidityExtension,
  applyWithdrawal,
} from './decisions';
export { applyTimedEvent, startReaccreditation } from './timed-events';
export { applyPeopleCorrection, NAMED_ROLE_WORDS } from './people';
export { applyReferenceRename, type ReferenceRenamed } from './reference-names';
export { spokeView } from './view';
export {
  ACTION_DUE_MAX_DAYS,
  ACTION_OWNER_WORDS,
  ACTION_OWNERS,
  ACTION_PLAN_ROLES,
  ActionCompletionBody,
  actionDueDateErrors,
  ActionOwnerSchema,
  ActionPlanSchema,
  ActionSchema,
  actionStatus,
  isActionComplete,
  isActionPlanComplete,
  MAX_PLANNED_ACTIONS,
  numberedActions,
  openActions,
  PlannedActionBody,
  type ActionItem,
  type ActionOwner,
  type ActionPlan,
  type ActionStatus,
  type PlannedAction,
} from './action-plan';
export { applyActionCompletion, applyApprovalRequest, applyFollowUpVisit, ownerAudience } from './action-plan-steps';
export { carriedRounds, earlierRounds, reviewEvidence, roundsOf, submitEvidence, type EvidenceSubmission } from './evidence-rounds';
export { spokeDocumentRemovalRefusal, spokeDocumentsRefusal } from './documents';
