import {
  allocated,
  capacityView,
  checkFundedPlaces,
  decide,
  makeOffers,
  newCapacity,
  release,
  waitlistOrder,
  type WaitlistEntry,
} from '../../domain/capacity';

let n = 0;
const request = (eoiId: string, places: number, options: Partial<WaitlistEntry> = {}): WaitlistEntry => ({
  eoiId,
  requestId: `${eoiId}:r${++n}`,
  places,
  allowPartial: false,
  priority: false,
  submittedAt: `2027-01-0${Math.min(9, Number(eoiId.replace(/\D/g, '')) || 1)}T09:00:00Z`,
  ...options,
});

describe('funded places of an intake', () => {
  it('allocates while places are free and waitlists when the intake is full', () => {
    const state = newCapacity('i1', 3);
    expect(decide(state, request('e1', 2)).outcome).toEqual({ kind: 'allocated', places: 2 });
    expect(decide(state, request('e2', 2)).outcome).toEqual({ kind: 'waitlisted', position: 1 });
    expect(capacityView(state)).toEqual({
      intakeId: 'i1',
      fundedPlaces: 3,
      allocated: 2,
      remaining: 1,
      waitlist: [{ eoiId: 'e2', position: 1 }],
    });
  });

  it('allocates fewer places only when the decision allows it', () => {
    const state = newCapacity('i1', 3);
    decide(state, request('e1', 2));
    expect(decide(state, request('e2', 2, { allowPartial: true })).outcome).toEqual({ kind: 'allocated', places: 1 });
    expect(allocated(state)).toBe(3);
  });

  it('orders the waitlist by priority service type, then submission time, then id', () => {
    const entries = [
      request('e3', 1, { submittedAt: '2027-01-03T00:00:00Z' }),
      request('e2', 1, { submittedAt: '2027-01-02T00:00:00Z' }),
      request('e4', 1, { submittedAt: '2027-01-04T00:00:00Z', priority: true }),
      request('e1', 1, { submittedAt: '2027-01-02T00:00:00Z' }),
    ];
    expect([...entries].sort(waitlistOrder).map((e) => e.eoiId)).toEqual(['e4', 'e1', 'e2', 'e3']);
  });

  it('gives a small request the place a larger one at the head cannot use; the head keeps its position', () => {
    // 1 free place, the head needs 2: a request for 1 takes the place instead of it staying empty.
    const state = newCapacity('i1', 2);
    decide(state, request('e1', 1));
    decide(state, request('e2', 2));
    expect(decide(state, request('e3', 1)).outcome).toEqual({ kind: 'allocated', places: 1 });
    expect(capacityView(state)).toMatchObject({ allocated: 2, remaining: 0, waitlist: [{ eoiId: 'e2', position: 1 }] });
  });

  it('puts a new decision that does not fit on the waitlist in rank order; one that fits takes what no one ahead can use', () => {
    const state = newCapacity('i1', 3);
    decide(state, request('e1', 2));
    decide(state, request('e2', 2)); // 1 free: too few
    expect(decide(state, request('e3', 2, { priority: true })).outcome).toEqual({ kind: 'waitlisted', position: 1 });
    expect(capacityView(state).waitlist.map((w) => w.eoiId)).toEqual(['e3', 'e2']);
    // Allowing part of its request, e4 takes the one place neither e3 nor e2 can use.
    expect(decide(state, request('e4', 2, { allowPartial: true })).outcome).toEqual({ kind: 'allocated', places: 1 });
    release(state, 'e1');
    // 2 free: e3, first in rank, takes both; e2 keeps waiting at the head.
    expect(makeOffers(state).map((o) => [o.eoiId, o.places])).toEqual([['e3', 2]]);
    expect(capacityView(state).waitlist).toEqual([{ eoiId: 'e2', position: 1 }]);
  });

  it('offers freed places down the waitlist to every EOI they fit, in rank order, skipping those too big', () => {
    const state = newCapacity('i1', 4);
    decide(state, request('e1', 4));
    decide(state, request('e2', 3, { priority: true })); // head: priority
    decide(state, request('e3', 1));
    decide(state, request('e4', 2));
    decide(state, request('e5', 1));
    release(state, 'e1', 2);
    expect(makeOffers(state).map((o) => [o.eoiId, o.places])).toEqual([
      ['e3', 1],
      ['e5', 1],
    ]);
    expect(capacityView(state).waitlist.map((w) => w.eoiId)).toEqual(['e2', 'e4']);
  });

  it('keeps to the head of the waitlist for an intake that started before the change (rules: [])', () => {
    const state = newCapacity('i1', 2, []);
    decide(state, request('e1', 1));
    decide(state, request('e2', 2));
    expect(decide(state, request('e3', 1)).outcome).toEqual({ kind: 'waitlisted', position: 2 });
  });

  it('offers released places to the head of the waitlist, as many as fit', () => {
    const state = newCapacity('i1', 2);
    decide(state, request('e1', 2));
    decide(state, request('e2', 1));
    decide(state, request('e3', 1));
    release(state, 'e1');
    expect(makeOffers(state).map((o) => [o.eoiId, o.places])).toEqual([
      ['e2', 1],
      ['e3', 1],
    ]);
    expect(capacityView(state)).toMatchObject({ allocated: 2, remaining: 0, waitlist: [] });
  });

  it('releases part of an allocation, and releasing twice frees nothing more', () => {
    const state = newCapacity('i1', 3);
    decide(state, request('e1', 3));
    expect(release(state, 'e1', 1)).toBe(1);
    expect(state.allocations).toEqual({ e1: 2 });
    expect(release(state, 'e1')).toBe(2);
    expect(release(state, 'e1')).toBe(0);
  });

  it('answers a repeated request the same way instead of allocating twice', () => {
    const state = newCapacity('i1', 4);
    const first = request('e1', 2);
    expect(decide(state, first).outcome).toEqual({ kind: 'allocated', places: 2 });
    expect(decide(state, first).outcome).toEqual({ kind: 'allocated', places: 2 });
    expect(allocated(state)).toBe(2);
  });

  it('never lets funded places go below what is allocated', () => {
    const state = newCapacity('i1', 3);
    decide(state, request('e1', 2));
    expect(checkFundedPlaces(state, 1)).toMatch(/cannot go below the 2/);
    expect(checkFundedPlaces(state, 2)).toBeUndefined();
  });
});
