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

  it('lets nobody jump the queue: a small request waits behind a larger one at the head', () => {
    const state = newCapacity('i1', 2);
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
