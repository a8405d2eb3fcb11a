/**
 * Funded places of one intake (DOMAIN.md process A, step 3): first come first served while
 * places are free; when full, a waitlist ordered by the intake's priority service types first,
 * then submission time. Free places go down the waitlist in that order to every EOI they fit
 * (its whole request, or part of it where the decision allows): an EOI too big for what is free
 * keeps its place at the head, and the places do not stay empty behind it (docs/domain.md,
 * "Places and the waitlist"). Pure: the intake's workflow applies these one message at a time,
 * which is what makes them safe under concurrency.
 */
import { CAPACITY_RULE_CHANGES, follows, type FollowsRules } from './rule-changes';

export interface WaitlistEntry {
  eoiId: string;
  requestId: string;
  places: number;
  allowPartial: boolean;
  priority: boolean;
  submittedAt: string;
  /** After this, no places are offered to it from the waitlist (the programme starts soon). */
  offersCloseAt?: string;
}

export interface CapacityState extends FollowsRules {
  intakeId: string;
  fundedPlaces: number;
  /** eoiId → places held. */
  allocations: Record<string, number>;
  waitlist: WaitlistEntry[];
  /** Recently handled request ids: a repeated request gets the same answer, not a second allocation. */
  answered: Record<string, PlacesOutcome>;
}

export type PlacesOutcome = { kind: 'allocated'; places: number } | { kind: 'waitlisted'; position: number };

export type PlacesRequest = WaitlistEntry;

export interface Offer {
  eoiId: string;
  requestId: string;
  places: number;
}

export const MAX_REMEMBERED_ANSWERS = 1000;

/** `rules`: the rule changes it follows; all of them unless the workflow replays an older history. */
export function newCapacity(intakeId: string, fundedPlaces: number, rules: readonly string[] = CAPACITY_RULE_CHANGES): CapacityState {
  return { intakeId, fundedPlaces, allocations: {}, waitlist: [], answered: {}, rules: [...rules] };
}

const noHeadOfLineBlocking = (state: CapacityState) => follows(state, 'capacity:no-head-of-line-blocking');

/** The places an entry would take from `free`: all it asks for, what is free if it allows part, or none. */
const placesFor = (entry: WaitlistEntry, free: number) => (free >= entry.places ? entry.places : entry.allowPartial ? free : 0);

function joinWaitlist(state: CapacityState, request: PlacesRequest) {
  state.waitlist = state.waitlist.filter((e) => e.eoiId !== request.eoiId);
  state.waitlist.push({ ...request });
  state.waitlist.sort(waitlistOrder);
}

export function allocated(state: CapacityState): number {
  return Object.values(state.allocations).reduce((sum, places) => sum + places, 0);
}

export function remaining(state: CapacityState): number {
  return Math.max(0, state.fundedPlaces - allocated(state));
}

/** Priority service types first, then earlier submissions, then the EOI id for a total order. */
export function waitlistOrder(a: WaitlistEntry, b: WaitlistEntry): number {
  if (a.priority !== b.priority) return a.priority ? -1 : 1;
  const bySubmission = Date.parse(a.submittedAt) - Date.parse(b.submittedAt);
  if (bySubmission !== 0) return bySubmission;
  return a.eoiId < b.eoiId ? -1 : a.eoiId > b.eoiId ? 1 : 0;
}

export function waitlistPositions(state: CapacityState): { eoiId: string; position: number }[] {
  return state.waitlist.map((entry, index) => ({ eoiId: entry.eoiId, position: index + 1 }));
}

function remember(state: CapacityState, requestId: string, outcome: PlacesOutcome) {
  state.answered[requestId] = outcome;
  const keys = Object.keys(state.answered);
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_ANSWERS))) delete state.answered[key];
}

/**
 * A funding decision asks for places: allocated if free (or fewer, when the decision allows a
 * partial allocation), otherwise the EOI joins the waitlist in its priority order.
 */
export function requestPlaces(state: CapacityState, request: PlacesRequest): PlacesOutcome {
  const repeated = state.answered[request.requestId];
  if (repeated)
    return repeated.kind === 'waitlisted'
      ? { kind: 'waitlisted', position: positionOf(state, request.eoiId) ?? repeated.position }
      : repeated;
  const held = state.allocations[request.eoiId];
  if (held) return { kind: 'allocated', places: held };
  if (noHeadOfLineBlocking(state)) {
    // Join in rank order; makeOffers (in decide) then gives it places no one ahead of it can use.
    joinWaitlist(state, request);
    const outcome: PlacesOutcome = { kind: 'waitlisted', position: positionOf(state, request.eoiId)! };
    remember(state, request.requestId, outcome);
    return outcome;
  }
  const free = remaining(state);
  // Nobody may jump the queue: free places go to the waitlist's head first.
  const queueEmpty = state.waitlist.length === 0;
  let outcome: PlacesOutcome;
  if (queueEmpty && free >= request.places) {
    state.allocations[request.eoiId] = request.places;
    outcome = { kind: 'allocated', places: request.places };
  } else if (queueEmpty && request.allowPartial && free > 0) {
    state.allocations[request.eoiId] = free;
    outcome = { kind: 'allocated', places: free };
  } else {
    joinWaitlist(state, request);
    outcome = { kind: 'waitlisted', position: positionOf(state, request.eoiId)! };
  }
  remember(state, request.requestId, outcome);
  return outcome;
}

function positionOf(state: CapacityState, eoiId: string): number | undefined {
  const index = state.waitlist.findIndex((e) => e.eoiId === eoiId);
  return index < 0 ? undefined : index + 1;
}

/** Gives places back (all of them when `places` is omitted) and takes the EOI off the waitlist. */
export function release(state: CapacityState, eoiId: string, places?: number): number {
  state.waitlist = state.waitlist.filter((e) => e.eoiId !== eoiId);
  const held = state.allocations[eoiId] ?? 0;
  const freed = places === undefined ? held : Math.min(places, held);
  if (held - freed > 0) state.allocations[eoiId] = held - freed;
  else delete state.allocations[eoiId];
  return freed;
}

/**
 * Offers free places down the waitlist in rank order to every EOI they fit; one too big for what
 * is free keeps its position. (Before the change: to the head only, stopping at the first that
 * does not fit.)
 */
export function makeOffers(state: CapacityState, now?: Date, newcomer?: string): Offer[] {
  const offers: Offer[] = [];
  for (const entry of [...state.waitlist]) {
    // Offers to it have closed; a new decision (the newcomer) may still take free places.
    const closed = entry.offersCloseAt && now && entry.eoiId !== newcomer && Date.parse(entry.offersCloseAt) <= now.getTime();
    const places = closed ? 0 : placesFor(entry, remaining(state));
    if (places === 0) {
      if (noHeadOfLineBlocking(state) && remaining(state) > 0) continue;
      break;
    }
    state.waitlist = state.waitlist.filter((e) => e.eoiId !== entry.eoiId);
    state.allocations[entry.eoiId] = places;
    remember(state, entry.requestId, { kind: 'allocated', places });
    offers.push({ eoiId: entry.eoiId, requestId: entry.requestId, places });
  }
  return offers;
}

/**
 * Handles one request and then offers whatever became offerable: the requester's own answer
 * (allocated or waitlisted with a position) and offers for others at the head of the waitlist.
 */
export function decide(state: CapacityState, request: PlacesRequest, now?: Date): { outcome: PlacesOutcome; offers: Offer[] } {
  let outcome = requestPlaces(state, request);
  const offers = makeOffers(state, now, request.eoiId);
  const own = offers.find((o) => o.eoiId === request.eoiId);
  if (own) outcome = { kind: 'allocated', places: own.places };
  if (outcome.kind === 'waitlisted') outcome = { kind: 'waitlisted', position: positionOf(state, request.eoiId) ?? outcome.position };
  remember(state, request.requestId, outcome);
  return { outcome, offers: offers.filter((o) => o.eoiId !== request.eoiId) };
}

export function checkFundedPlaces(state: CapacityState, fundedPlaces: number): string | undefined {
  const held = allocated(state);
  if (fundedPlaces < held) return `fundedPlaces cannot go below the ${held} places already allocated`;
  return undefined;
}

export function capacityView(state: CapacityState) {
  const held = allocated(state);
  return {
    intakeId: state.intakeId,
    fundedPlaces: state.fundedPlaces,
    allocated: held,
    remaining: Math.max(0, state.fundedPlaces - held),
    waitlist: waitlistPositions(state),
  };
}
export type CapacityView = ReturnType<typeof capacityView>;
