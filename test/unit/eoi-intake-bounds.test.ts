import {
  applyAddCandidate,
  applyCandidateOutcome,
  applyConfirmation,
  applyFunding,
  applyOffer,
  applyReview,
  applyTimer,
  checkExtension,
  createEoi,
  type EoiState,
  type NewEoi,
  pendingTimers,
} from '../../domain/eoi';
import { decide, makeOffers, newCapacity, release } from '../../domain/capacity';
import { defaultSettings, eoiInput, reviewer, staff, submitter } from './fixtures/eoi';

const settings = defaultSettings;

// The programme starts Friday 30 April 2027: confirmation due by the end of Friday 2 April.
const START = '2027-04-30';
const input: NewEoi = eoiInput({ startsOn: START, placesRequested: 2, priorityServiceTypes: [] });

function supported(): EoiState {
  const { state } = createEoi(input, new Date('2027-01-04T09:00:00Z'), settings);
  applyReview(state, reviewer, { decision: 'support', comment: 'ok' }, new Date('2027-01-05T09:00:00Z'), settings);
  return state;
}

describe('bounds on confirmation deadlines', () => {
  it('refuses an extension on or after the programme start, naming confirmationDueAt', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'ok' }, { kind: 'allocated', places: 2 }, new Date('2027-01-06T09:00:00Z'));
    const now = new Date('2027-04-03T09:00:00Z');
    expect(checkExtension(s, staff, '2027-04-29T23:00:00Z', now)).toMatchObject({
      status: 400,
      errors: [{ path: 'body.confirmationDueAt', message: 'must be before the programme starts on 2027-04-30' }],
    });
    expect(checkExtension(s, staff, '2027-04-29T22:59:59Z', now)).toBeUndefined();
  });

  it('gives a funding decision made after the usual deadline 14 days from then, not an overdue confirmation at once', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'late' }, { kind: 'allocated', places: 2 }, new Date('2027-04-05T10:00:00Z'));
    expect(s).toMatchObject({ status: 'FUNDED', confirmationDueAt: '2027-04-19T22:59:59.000Z' });
    expect(pendingTimers(s, settings).find((t) => t.kind === 'confirmation-overdue')!.at).toBe('2027-04-19T22:59:59.000Z');
  });

  it('keeps the usual deadline, passed or not, when a deployment sets no minimum time to confirm (CONFIRMATION_MIN_AFTER_FUNDING=P0D)', () => {
    const s = supported();
    applyFunding(
      s,
      staff,
      { places: 2, comment: 'late' },
      { kind: 'allocated', places: 2 },
      new Date('2027-04-05T10:00:00Z'),
      undefined,
      0,
    );
    expect(s).toMatchObject({ status: 'FUNDED', confirmationDueAt: s.intake.standardConfirmationDueAt });
    expect(Date.parse(s.confirmationDueAt!)).toBeLessThan(Date.parse('2027-04-05T10:00:00Z'));
    const seven = supported();
    applyFunding(
      seven,
      staff,
      { places: 2, comment: 'late' },
      { kind: 'allocated', places: 2 },
      new Date('2027-04-05T10:00:00Z'),
      undefined,
      7,
    );
    expect(seven.confirmationDueAt).toBe('2027-04-12T22:59:59.000Z');
  });

  it('gives a promoted EOI max(usual deadline, 14 days) but never later than the day before the start', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'ok' }, { kind: 'waitlisted', position: 1 }, new Date('2027-01-06T09:00:00Z'));
    applyOffer(s, 2, new Date('2027-04-20T10:00:00Z'));
    expect(s.confirmationDueAt).toBe('2027-04-29T22:59:59.000Z');
  });
});

describe('the waitlist closes before the start', () => {
  it('closes a waitlisted EOI when offers stop, 14 days before the start', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'ok' }, { kind: 'waitlisted', position: 1 }, new Date('2027-01-06T09:00:00Z'));
    const expiry = pendingTimers(s, settings).find((t) => t.kind === 'waitlist-expiry')!;
    expect(expiry.at).toBe('2027-04-15T23:00:00.000Z'); // 00:00 BST on Friday 16 April
    const { effects, leftWaitlist } = applyTimer(s, expiry, new Date(expiry.at), settings);
    expect({ status: s.status, leftWaitlist }).toEqual({ status: 'DECLINED', leftWaitlist: true });
    expect(effects.notices[0]!.lines![0]).toContain('until 14 days before the programme starts');
  });

  it('offers no places from the waitlist once its offers closed, but lets a new decision take them', () => {
    const state = newCapacity('i1', 1);
    const entry = (eoiId: string) => ({
      eoiId,
      requestId: `${eoiId}:1`,
      places: 1,
      allowPartial: false,
      priority: false,
      submittedAt: '2027-01-01T09:00:00Z',
      offersCloseAt: '2027-04-15T23:00:00.000Z',
    });
    decide(state, entry('e1'), new Date('2027-02-01T00:00:00Z'));
    decide(state, entry('e2'), new Date('2027-02-01T00:00:00Z'));
    release(state, 'e1');
    expect(makeOffers(state, new Date('2027-04-16T09:00:00Z'))).toEqual([]);
    expect(decide(state, entry('e3'), new Date('2027-04-16T09:00:00Z')).outcome).toEqual({ kind: 'allocated', places: 1 });
  });
});

describe('when the programme starts', () => {
  const started = (s: EoiState) => {
    const timer = pendingTimers(s, settings).find((t) => t.kind === 'intake-started')!;
    expect(timer.at).toBe('2027-04-29T23:00:00.000Z'); // 00:00 BST on 30 April
    return applyTimer(s, timer, new Date(timer.at), settings);
  };

  it('declines an EOI still awaiting a decision, telling the organisation "intake started"', () => {
    const s = supported();
    const { effects, leftWaitlist } = started(s);
    expect(s.status).toBe('DECLINED');
    expect(s.history.at(-1)).toMatchObject({ action: 'intake_started', comment: 'intake started', toStatus: 'DECLINED' });
    expect(leftWaitlist).toBe(false);
    expect(effects.notices[0]!.audience).toContainEqual({ kind: 'organisation', organisationId: 'org-1' });
  });

  it('keeps the confirmed places of a funded EOI (ENROLLED) and releases the rest', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'ok' }, { kind: 'allocated', places: 2 }, new Date('2027-01-06T09:00:00Z'));
    const { candidateId } = applyAddCandidate(
      s,
      submitter,
      { name: 'Ada', email: 'ada@x.nhs.uk', currentRole: 'Nurse' },
      new Date('2027-02-01T09:00:00Z'),
    );
    applyCandidateOutcome(s, reviewer, candidateId, 'accepted', new Date('2027-02-02T09:00:00Z'));
    applyConfirmation(s, submitter, candidateId, 'Chief Nurse', new Date('2027-02-03T09:00:00Z'));
    const { released } = started(s);
    expect({ status: s.status, allocatedPlaces: s.allocatedPlaces, released }).toEqual({
      status: 'ENROLLED',
      allocatedPlaces: 1,
      released: 1,
    });
  });

  it('withdraws a funded EOI with no confirmed candidate, releasing every place', () => {
    const s = supported();
    applyFunding(s, staff, { places: 2, comment: 'ok' }, { kind: 'allocated', places: 2 }, new Date('2027-01-06T09:00:00Z'));
    const { released } = started(s);
    expect({ status: s.status, allocatedPlaces: s.allocatedPlaces, released }).toEqual({
      status: 'WITHDRAWN',
      allocatedPlaces: 0,
      released: 2,
    });
  });
});
