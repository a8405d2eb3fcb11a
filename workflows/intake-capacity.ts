/**
 * One workflow per intake owns its funded places. Funding decisions and releases from the EOI
 * workflows arrive as signals and are applied one at a time, so however many decisions arrive
 * at once, from however many API processes, the intake is never over-allocated and no place is
 * lost. Answers and offers go back to the EOI workflows as signals. Continues as new when its
 * history grows, carrying the state.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type CapacityState,
  capacityView,
  checkFundedPlaces,
  decide,
  makeOffers,
  newCapacity,
  type PlacesOutcome,
  release,
  waitlistPositions,
} from '../domain/capacity';
import { searchAttributes } from './search-attributes';
import { commissioningWorkflowId, placesDecidedSignal, placesOfferedSignal, waitlistPositionSignal } from './commissioning.messages';
import {
  capacityQuery,
  type IntakeCapacityInput,
  releasePlacesSignal,
  requestPlacesSignal,
  setFundedPlacesUpdate,
} from './intake-capacity.messages';
import { record } from './activities';
import { rejectAction } from './shared/reject';
import { adoptRules, rulesAtStart } from './shared/rules';
import { CAPACITY_RULE_CHANGES } from '../domain/rule-changes';

type Outgoing =
  | { kind: 'decided'; eoiId: string; requestId: string; outcome: PlacesOutcome; seq: number }
  | { kind: 'offer'; eoiId: string; requestId: string; places: number }
  | { kind: 'position'; eoiId: string; position: number; seq: number };

/** Continue as new well before Temporal's history limits. */
const MAX_HISTORY_EVENTS = 5_000;

/** What one run hands the next when it continues as new: everything the intake knows. */
type Continuation = IntakeCapacityInput & { resume?: CapacityState; notifiedPositions?: Record<string, number>; sequence?: number };

export async function intakeCapacity(input: Continuation): Promise<void> {
  const state = input.resume ?? newCapacity(input.intakeId, input.fundedPlaces, rulesAtStart(CAPACITY_RULE_CHANGES));
  const notifiedPositions: Record<string, number> = input.notifiedPositions ?? {};
  let sequence = input.sequence ?? 0;
  const outgoing: Outgoing[] = [];
  let fundedPlacesChanges = 0;
  const historyLimit = input.continueAsNewAfterEvents ?? MAX_HISTORY_EVENTS;
  const historyIsLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit;

  upsertSearchAttributes([
    { key: searchAttributes.process, value: 'intake' },
    { key: searchAttributes.intakeId, value: state.intakeId },
  ]);

  /** After any change: offer what became free, and tell waitlisted EOIs their new positions. */
  const afterChange = () => {
    for (const offer of makeOffers(state, new Date())) outgoing.push({ kind: 'offer', ...offer });
    const positions = waitlistPositions(state);
    const waiting = new Set(positions.map((p) => p.eoiId));
    for (const { eoiId, position } of positions) {
      if (notifiedPositions[eoiId] !== position) {
        notifiedPositions[eoiId] = position;
        outgoing.push({ kind: 'position', eoiId, position, seq: ++sequence });
      }
    }
    for (const eoiId of Object.keys(notifiedPositions)) if (!waiting.has(eoiId)) delete notifiedPositions[eoiId];
  };

  setHandler(requestPlacesSignal, (request) => {
    adoptRules(state, CAPACITY_RULE_CHANGES);
    const { outcome, offers } = decide(state, request, new Date());
    if (outcome.kind === 'waitlisted') notifiedPositions[request.eoiId] = outcome.position;
    outgoing.push({ kind: 'decided', eoiId: request.eoiId, requestId: request.requestId, outcome, seq: ++sequence });
    for (const offer of offers) outgoing.push({ kind: 'offer', ...offer });
    afterChange();
  });

  setHandler(releasePlacesSignal, ({ eoiId, places }) => {
    adoptRules(state, CAPACITY_RULE_CHANGES);
    release(state, eoiId, places);
    afterChange();
  });

  setHandler(capacityQuery, () => capacityView(state));

  setHandler(
    setFundedPlacesUpdate,
    async ({ fundedPlaces, actor, requestId }) => {
      adoptRules(state, CAPACITY_RULE_CHANGES);
      const before = state.fundedPlaces;
      state.fundedPlaces = fundedPlaces;
      afterChange();
      await record.recordFundedPlaces({
        intakeId: state.intakeId,
        before,
        fundedPlaces,
        actor,
        requestId,
        key: `${workflowInfo().runId}:${++fundedPlacesChanges}`,
      });
      return capacityView(state);
    },
    {
      validator: ({ fundedPlaces }) => {
        const problem = checkFundedPlaces(state, fundedPlaces);
        if (problem) rejectAction({ status: 409, detail: problem, errors: [{ path: 'body.fundedPlaces', message: problem }] });
      },
    },
  );

  const send = (message: Outgoing): Promise<void> => {
    const eoi = getExternalWorkflowHandle(commissioningWorkflowId(message.eoiId));
    if (message.kind === 'decided')
      return eoi.signal(placesDecidedSignal, { requestId: message.requestId, outcome: message.outcome, seq: message.seq });
    if (message.kind === 'offer') return eoi.signal(placesOfferedSignal, { requestId: message.requestId, places: message.places });
    return eoi.signal(waitlistPositionSignal, { position: message.position, seq: message.seq });
  };

  for (;;) {
    await condition(() => outgoing.length > 0 || historyIsLong());
    while (outgoing.length > 0) {
      const batch = outgoing.splice(0);
      const results = await Promise.allSettled(batch.map(send));
      results.forEach((result, index) => {
        const message = batch[index]!;
        // An EOI that is no longer running cannot hold places: give them to the next in line.
        if (result.status === 'rejected' && message.kind !== 'position') {
          release(state, message.eoiId);
          afterChange();
        }
      });
    }
    if (historyIsLong()) {
      await condition(allHandlersFinished);
      if (outgoing.length === 0) {
        // The message sequence must carry on: EOIs ignore a position numbered below one they have.
        const next: Continuation = { ...input, fundedPlaces: state.fundedPlaces, resume: state, notifiedPositions, sequence };
        await continueAsNew<typeof intakeCapacity>(next);
      }
    }
  }
}
