/**
 * One workflow per expression of interest (DOMAIN.md process A). It owns the EOI's state and
 * deadlines: human actions arrive as Updates (validated, then committed, answering with the new
 * state), the intake's capacity workflow answers funding requests with signals, and durable
 * timers send reminders, escalate and mark the confirmation of support overdue.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { type ProcessSettings, ProcessSettingsSchema } from '../domain/settings';
import { EOI_RULE_CHANGES, follows } from '../domain/rule-changes';
import type { PlacesOutcome } from '../domain/capacity';
import {
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
  applyTimer,
  applyWaitlistPosition,
  applyWithdrawal,
  checkAction,
  checkAddCandidate,
  checkCandidateOutcome,
  checkConfirmation,
  checkContactCorrection,
  checkExtension,
  checkFundingDecision,
  checkPlaceRelease,
  createEoi,
  eoiDeadlines,
  type EoiState,
  eoiView,
  isTerminal,
  type NewEoi,
  waitlistOffersCloseAt,
  pendingTimers,
} from '../domain/eoi';
import { type DeadlineRecord, type Effects, soonestDeadline } from '../domain/process';
import type { Rejection } from '../domain/rejection';
import type { Actor } from '../domain/roles';
import { searchAttributes } from './search-attributes';
import {
  addCandidateUpdate,
  amendUpdate,
  candidateOutcomeUpdate,
  confirmationUpdate,
  contactCorrectionUpdate,
  eoiViewQuery,
  extensionUpdate,
  fundingDecisionUpdate,
  placeReleaseUpdate,
  placesDecidedSignal,
  placesOfferedSignal,
  reviewUpdate,
  submissionUpdate,
  waitlistPositionSignal,
  withdrawalUpdate,
} from './commissioning.messages';
import { record } from './activities';
import { ProcessJournal } from './shared/journal';
import { adoptRules, rulesAtStart } from './shared/rules';
import { rejectAction, rejectionOf, throwIfRejected } from './shared/reject';

export interface CommissioningInput {
  eoi: NewEoi;
  settings: ProcessSettings;
  requestId?: string;
  /** Set when continuing as new. */
  resume?: { state: EoiState; journalVersion: number };
}

export async function commissioning(input: CommissioningInput): Promise<void> {
  // Settings recorded before a setting existed get its default.
  const settings = ProcessSettingsSchema.parse(input.settings);
  const journal = new ProcessJournal<EoiState>(input.resume?.journalVersion ?? 0, input.resume?.state);
  let state: EoiState;
  let opening: Effects | undefined;
  if (input.resume) {
    state = input.resume.state;
  } else {
    const created = createEoi(input.eoi, new Date(), settings, { requestId: input.requestId, rules: rulesAtStart(EOI_RULE_CHANGES) });
    state = created.state;
    opening = created.effects;
  }
  /** Bumped by every change, so the main loop re-plans its timers. */
  let changes = 0;
  const decided = new Map<string, PlacesOutcome>();
  /** The newest waitlist position the intake has sent, by its message sequence. */
  const newestPosition = { seq: -1, position: 0 };
  const notePosition = (position: number, seq = 0) => {
    if (seq > newestPosition.seq) Object.assign(newestPosition, { seq, position });
  };
  const offers: { requestId: string; places: number }[] = [];
  /** Set when the submission itself could not be recorded: the EOI never existed. */
  let refused: Rejection | undefined;

  let committedPosition: number | undefined;
  const index = (next: DeadlineRecord | undefined) =>
    upsertSearchAttributes([
      { key: searchAttributes.status, value: state.status },
      { key: searchAttributes.universityId, value: state.universityId },
      { key: searchAttributes.nextDeadline, value: next ? new Date(next.dueAt) : null },
    ]);
  const commit = async (effects: Effects) => {
    changes += 1;
    committedPosition = state.waitlistPosition;
    const deadlines = eoiDeadlines(state, settings);
    const next = soonestDeadline(deadlines);
    index(next);
    try {
      await journal.commit(
        {
          subjectType: 'eoi',
          subjectId: state.id,
          status: state.status,
          scope: { organisationId: state.organisationId, universityId: state.universityId, intakeId: state.intakeId },
          columns: {
            organisationId: state.organisationId,
            universityId: state.universityId,
            intakeId: state.intakeId,
            serviceType: state.serviceType,
            placesRequested: state.placesRequested,
            allocatedPlaces: state.allocatedPlaces,
            waitlistPosition: state.waitlistPosition ?? null,
            submittedAt: state.submittedAt,
            nextDeadlineAt: next?.dueAt ?? null,
          },
          view: eoiView(state, settings),
          deadlines,
          audit: effects.audit,
          notices: effects.notices,
          ...(effects.readdress ? { readdress: effects.readdress } : {}),
        },
        state,
      );
    } catch (error) {
      const rejection = rejectionOf(error);
      if (!rejection) throw error;
      // The database refused this change for good: carry on from the state it holds.
      log.warn('change refused; back to the recorded state', { eoiId: state.id, detail: rejection.detail });
      const recorded = journal.recordedState();
      if (recorded) {
        state = recorded;
        committedPosition = state.waitlistPosition;
        index(soonestDeadline(eoiDeadlines(state, settings)));
      }
      changes += 1;
      rejectAction(rejection);
    }
  };
  const view = (actor?: Actor) => eoiView(state, settings, actor);
  const now = () => new Date();

  upsertSearchAttributes([
    { key: searchAttributes.process, value: 'eoi' },
    { key: searchAttributes.organisationId, value: state.organisationId },
    { key: searchAttributes.intakeId, value: state.intakeId },
  ]);

  setHandler(eoiViewQuery, (actor) => view(actor));

  // The API starts the workflow with this update, so its answer is the EOI as recorded.
  setHandler(submissionUpdate, async (actor) => {
    await condition(() => journal.committed >= 1 || refused !== undefined);
    if (refused) rejectAction(refused);
    return view(actor);
  });

  setHandler(
    reviewUpdate,
    async ({ actor, body, requestId }) => {
      await commit(applyReview(state, actor, body, now(), settings, requestId));
      return view(actor);
    },
    { validator: ({ actor }) => throwIfRejected(checkAction(state, actor, 'review')) },
  );

  setHandler(
    amendUpdate,
    async ({ actor, body, requestId, universityName, priorityServiceTypes }) => {
      await commit(
        applyAmendment(state, actor, body, { universityLabel: universityName, priorityServiceTypes }, now(), settings, requestId),
      );
      return view(actor);
    },
    { validator: ({ actor }) => throwIfRejected(checkAction(state, actor, 'amend')) },
  );

  // A new handler: histories recorded before it never call it, so no patch is needed.
  setHandler(
    contactCorrectionUpdate,
    async ({ actor, body, requestId }) => {
      await commit(applyContactCorrection(state, actor, body, now(), requestId));
      return view(actor);
    },
    { validator: ({ actor }) => throwIfRejected(checkContactCorrection(state, actor)) },
  );

  setHandler(
    fundingDecisionUpdate,
    async ({ actor, body, requestId }) => {
      if (body.decision === 'decline') {
        const wasWaitlisted = state.status === 'WAITLISTED';
        await commit(applyDecline(state, actor, body.comment, now(), requestId));
        if (wasWaitlisted) await record.sendToIntake(state.intakeId, { kind: 'release', eoiId: state.id, reason: 'funding declined' });
        return view(actor);
      }
      const places = body.places ?? state.placesRequested;
      const fundingRequestId = `${state.id}:funding:${state.seq}`;
      state.pendingFunding = { requestId: fundingRequestId, places, allowPartial: body.allowPartial, actor, comment: body.comment };
      changes += 1;
      await record.sendToIntake(state.intakeId, {
        kind: 'request',
        request: {
          eoiId: state.id,
          requestId: fundingRequestId,
          places,
          allowPartial: body.allowPartial,
          priority: state.priority,
          submittedAt: state.submittedAt,
          ...(follows(state, 'eoi:intake-bounds') ? { offersCloseAt: waitlistOffersCloseAt(state, settings) } : {}),
        },
      });
      await condition(() => decided.has(fundingRequestId));
      let outcome = decided.get(fundingRequestId)!;
      // A position sent after the answer (others joined ahead of us) may have arrived first.
      if (outcome.kind === 'waitlisted') outcome = { kind: 'waitlisted', position: newestPosition.position || outcome.position };
      delete state.pendingFunding;
      await commit(
        applyFunding(state, actor, { places, comment: body.comment }, outcome, now(), requestId, settings.minDaysToConfirmAfterFunding),
      );
      return view(actor);
    },
    { validator: ({ actor, body }) => throwIfRejected(checkFundingDecision(state, actor, body)) },
  );

  setHandler(
    addCandidateUpdate,
    async ({ actor, body, requestId }) => {
      const { effects, candidateId } = applyAddCandidate(state, actor, body, now(), requestId);
      await commit(effects);
      return { candidateId, eoi: view(actor) };
    },
    { validator: ({ actor }) => throwIfRejected(checkAddCandidate(state, actor)) },
  );

  setHandler(
    candidateOutcomeUpdate,
    async ({ actor, body, requestId }) => {
      await commit(applyCandidateOutcome(state, actor, body.candidateId, body.outcome, now(), body.comment, requestId));
      return view(actor);
    },
    { validator: ({ actor, body }) => throwIfRejected(checkCandidateOutcome(state, actor, body.candidateId, body.outcome)) },
  );

  setHandler(
    confirmationUpdate,
    async ({ actor, body, requestId }) => {
      await commit(applyConfirmation(state, actor, body.candidateId, body.signedBy, now(), requestId));
      return view(actor);
    },
    { validator: ({ actor, body }) => throwIfRejected(checkConfirmation(state, actor, body.candidateId)) },
  );

  setHandler(
    extensionUpdate,
    async ({ actor, body, requestId }) => {
      await commit(applyExtension(state, actor, body.confirmationDueAt, body.reason, now(), requestId));
      return view(actor);
    },
    { validator: ({ actor, body }) => throwIfRejected(checkExtension(state, actor, body.confirmationDueAt, now())) },
  );

  setHandler(
    placeReleaseUpdate,
    async ({ actor, body, requestId }) => {
      const { effects, released } = applyPlaceRelease(state, actor, body.places, body.reason, now(), requestId);
      await commit(effects);
      await record.sendToIntake(state.intakeId, { kind: 'release', eoiId: state.id, places: released, reason: body.reason });
      return view(actor);
    },
    { validator: ({ actor, body }) => throwIfRejected(checkPlaceRelease(state, actor, body.places)) },
  );

  setHandler(
    withdrawalUpdate,
    async ({ actor, body, requestId }) => {
      const { effects, released, wasWaitlisted } = applyWithdrawal(state, actor, body.reason, now(), requestId);
      await commit(effects);
      if (released > 0 || wasWaitlisted)
        await record.sendToIntake(state.intakeId, { kind: 'release', eoiId: state.id, reason: body.reason });
      return view(actor);
    },
    { validator: ({ actor }) => throwIfRejected(checkAction(state, actor, 'withdraw')) },
  );

  setHandler(placesDecidedSignal, ({ requestId, outcome, seq }) => {
    if (state.pendingFunding?.requestId !== requestId) return;
    if (outcome.kind === 'waitlisted') notePosition(outcome.position, seq);
    decided.set(requestId, outcome);
  });
  setHandler(placesOfferedSignal, (offer) => {
    offers.push(offer);
  });
  setHandler(waitlistPositionSignal, ({ position, seq }) => {
    notePosition(position, seq);
    if (applyWaitlistPosition(state, newestPosition.position)) changes += 1;
  });

  if (opening) {
    try {
      await commit(opening);
    } catch (error) {
      // The submission could not be recorded: the EOI never existed. The workflow fails with why.
      refused = rejectionOf(error);
      if (!refused) throw error;
      await condition(allHandlersFinished);
      rejectAction(refused);
    }
  } else committedPosition = state.waitlistPosition;

  while (!isTerminal(state.status)) {
    adoptRules(state, EOI_RULE_CHANGES);
    // Places offered from the waitlist. One that arrives after the EOI left the waitlist is
    // ignored: the release this EOI sent when it left frees those places again.
    for (const offer of offers.splice(0)) {
      if (state.status === 'WAITLISTED') await commit(applyOffer(state, offer.places, now(), settings.minDaysToConfirmAfterFunding));
    }
    if (state.status === 'WAITLISTED' && state.waitlistPosition !== committedPosition) {
      await commit({ notices: [], audit: [] });
      continue;
    }
    if (isTerminal(state.status)) break;

    if (workflowInfo().continueAsNewSuggested && !state.pendingFunding) {
      await finishHandlers();
      await continueAsNew<typeof commissioning>({ ...input, resume: { state, journalVersion: journal.version } });
    }

    const seen = changes;
    const woken = () => changes !== seen || offers.length > 0 || state.waitlistPosition !== committedPosition;
    const timer = pendingTimers(state, settings)[0];
    if (!timer) {
      await condition(woken);
      continue;
    }
    const wait = Date.parse(timer.at) - Date.now();
    if (wait > 0 && (await condition(woken, wait))) continue;
    if (state.pendingFunding) {
      await condition(() => !state.pendingFunding);
      continue;
    }
    const { effects, leftWaitlist, released } = applyTimer(state, timer, now(), settings);
    await commit(effects);
    if (leftWaitlist) await record.sendToIntake(state.intakeId, { kind: 'release', eoiId: state.id, reason: 'waitlist expired' });
    else if (released)
      await record.sendToIntake(state.intakeId, { kind: 'release', eoiId: state.id, places: released, reason: 'intake started' });
  }

  await finishHandlers();

  /**
   * Before continuing as new or completing. Histories recorded before the patch waited for the
   * handlers once, then for deliveries, leaving a window in which an Update accepted meanwhile
   * could be cut off; the journal's drain waits until both are quiet together.
   */
  async function finishHandlers(): Promise<void> {
    if (patched('eoi:drain-handlers-before-finishing')) return journal.drain();
    await condition(allHandlersFinished);
    await journal.settle();
  }
}
