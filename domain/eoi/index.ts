/**
 * The commissioning process (DOMAIN.md, process A) as pure rules: who may do what in which
 * state, what each action and each timer changes, which deadlines are open and who is told.
 * The workflow owns an EoiState and applies these; the API uses the same checks for its answers.
 */
export * from './schemas';
export {
  confirmedCount,
  isTerminal,
  MIN_DAYS_TO_CONFIRM_AFTER_OFFER,
  OPEN_STATUSES,
  type Candidate,
  type EoiState,
  type NewEoi,
} from './state';
export {
  allowedActions,
  checkAction,
  checkAddCandidate,
  checkCandidateOutcome,
  checkConfirmation,
  checkContactCorrection,
  CONTACT_CORRECTORS,
  checkExtension,
  checkFundingDecision,
  checkPlaceRelease,
  EOI_ACTIONS,
  EOI_READERS,
  MAX_CANDIDATES_PER_PLACE,
  type EoiAction,
  type EoiActionBody,
} from './policy';
export { eoiLabel } from './notices';
export {
  amendmentDueAt,
  confirmationDueForOffer,
  eoiDeadlines,
  fundingDecisionDueAt,
  intakeStartsAt,
  lastDayBeforeStart,
  reviewDueAt,
  waitlistOffersCloseAt,
} from './deadlines';
export {
  applyAddCandidate,
  applyAmendment,
  applyCandidateOutcome,
  applyConfirmation,
  applyContactCorrection,
  applyDecline,
  applyExtension,
  applyFunding,
  applyOffer,
  applyPlaceRelease,
  applyReview,
  applyWaitlistPosition,
  applyWithdrawal,
  createEoi,
  type AllocationOutcome,
} from './transitions';
export { applyTimer, pendingTimers, type EoiTimer } from './timers';
export { eoiView } from './view';
export { currentStageSince, EOI_SUPPORTING_DOCUMENTS, eoiDocumentRemovalRefusal, eoiDocumentsRefusal } from './documents';
