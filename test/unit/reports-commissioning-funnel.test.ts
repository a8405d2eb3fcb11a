/**
 * The commissioning funnel over EOIs taken through the real commissioning rules (domain/eoi), so
 * the report reads exactly what the workflows record: each EOI ends in a different way.
 */
import {
  applyAddCandidate,
  applyAmendment,
  applyCandidateOutcome,
  applyConfirmation,
  applyDecline,
  applyFunding,
  applyOffer,
  applyPlaceRelease,
  applyReview,
  applyTimer,
  applyWithdrawal,
  createEoi,
  eoiView,
  type EoiState,
} from '../../domain/eoi';
import {
  commissioningCsvRecords,
  commissioningFunnel,
  commissioningFunnelByIntake,
  COMMISSIONING_CSV_COLUMNS,
  intakeCapacityFigures,
  londonDaysUntil,
  medianDays,
} from '../../domain/reports';
import { DAY_MS } from '../../domain/time';
import { defaultSettings, eoiInput, reviewer, staff, submitter } from './fixtures/eoi';

const settings = defaultSettings;
const t0 = Date.parse('2027-03-01T09:00:00Z');
const day = (n: number) => new Date(t0 + n * DAY_MS);

function submitted(id: string, intakeId = 'in-1', placesRequested = 3): EoiState {
  const input = { ...eoiInput({ placesRequested }), id, intakeId };
  return createEoi(input, day(0), settings).state;
}
const support = (s: EoiState, at: number) => applyReview(s, reviewer, { decision: 'support', comment: 'ok' }, day(at), settings);
const fund = (s: EoiState, places: number, at: number) =>
  applyFunding(s, staff, { places, comment: 'funded' }, { kind: 'allocated', places }, day(at));
function confirmAll(s: EoiState, at: number) {
  for (let i = 0; i < s.allocatedPlaces; i += 1) {
    const { candidateId } = applyAddCandidate(s, submitter, { name: `C${i}`, email: `c${i}@x.nhs.uk`, currentRole: 'Nurse' }, day(at));
    applyCandidateOutcome(s, reviewer, candidateId, 'accepted', day(at));
    applyConfirmation(s, submitter, candidateId, 'Dr Chief', day(at));
  }
}
const view = (s: EoiState) => eoiView(s, settings);

/** Seven EOIs, each ending differently, with known step times. */
function region() {
  const enrolled = submitted('e-enrolled'); // supported on day 2, funded day 5, enrolled day 15
  support(enrolled, 2);
  fund(enrolled, 2, 5);
  confirmAll(enrolled, 15);

  const amendedThenFunded = submitted('e-amended'); // changes day 4, amended, supported day 6, funded day 7, gives 1 back
  applyReview(amendedThenFunded, reviewer, { decision: 'changes_requested', comment: 'more' }, day(4), settings);
  applyAmendment(amendedThenFunded, submitter, { placesRequested: 4, comment: 'done' }, {}, day(5), settings);
  support(amendedThenFunded, 6);
  fund(amendedThenFunded, 3, 7);
  applyPlaceRelease(amendedThenFunded, submitter, 1, 'one left', day(8));

  const uniDeclined = submitted('e-uni-declined');
  applyReview(uniDeclined, reviewer, { decision: 'decline', comment: 'no' }, day(6), settings);

  const heeDeclined = submitted('e-hee-declined');
  support(heeDeclined, 1);
  applyDecline(heeDeclined, staff, 'no money', day(3));

  const waitlistedThenWithdrawn = submitted('e-waitlist-withdrawn', 'in-2');
  support(waitlistedThenWithdrawn, 1);
  applyFunding(waitlistedThenWithdrawn, staff, { places: 2, comment: 'full' }, { kind: 'waitlisted', position: 1 }, day(2));
  applyWithdrawal(waitlistedThenWithdrawn, submitter, 'found another way', day(3));

  const promotedThenWithdrawn = submitted('e-promoted-withdrawn', 'in-2');
  support(promotedThenWithdrawn, 1);
  applyFunding(promotedThenWithdrawn, staff, { places: 1, comment: 'full' }, { kind: 'waitlisted', position: 1 }, day(2));
  applyOffer(promotedThenWithdrawn, 1, day(4));
  applyWithdrawal(promotedThenWithdrawn, staff, 'not recruited', day(9));

  const startedWithOneConfirmed = submitted('e-started', 'in-2'); // 3 funded, 1 confirmed: 2 released at the start
  support(startedWithOneConfirmed, 1);
  fund(startedWithOneConfirmed, 3, 2);
  const { candidateId } = applyAddCandidate(
    startedWithOneConfirmed,
    submitter,
    { name: 'A', email: 'a@x.nhs.uk', currentRole: 'N' },
    day(3),
  );
  applyCandidateOutcome(startedWithOneConfirmed, reviewer, candidateId, 'accepted', day(3));
  applyConfirmation(startedWithOneConfirmed, submitter, candidateId, 'Dr Chief', day(3));
  applyTimer(startedWithOneConfirmed, { key: 'intake-started', at: day(30).toISOString(), kind: 'intake-started' }, day(30), settings);

  const stillInReview = submitted('e-open');
  return [
    enrolled,
    amendedThenFunded,
    uniDeclined,
    heeDeclined,
    waitlistedThenWithdrawn,
    promotedThenWithdrawn,
    startedWithOneConfirmed,
    stillInReview,
  ].map(view);
}

describe('the commissioning funnel', () => {
  it('counts each EOI by the steps it reached and the way it ended', () => {
    const figures = commissioningFunnel(region());
    expect(figures.eois).toEqual({
      submitted: 8,
      supported: 6,
      changesRequested: 1,
      declinedByUniversity: 1,
      declinedByHee: 1,
      declinedAtIntakeStart: 0,
      waitlistExpired: 0,
      funded: 4,
      waitlisted: 2,
      enrolled: 2,
      withdrawn: 2,
      withdrawnAfterFunding: 1,
    });
    expect(figures.byStatus).toEqual({
      UNDER_UNIVERSITY_REVIEW: 1,
      CHANGES_REQUESTED: 0,
      AWAITING_FUNDING_DECISION: 0,
      WAITLISTED: 0,
      FUNDED: 1,
      CONFIRMATION_OVERDUE: 0,
      ENROLLED: 2,
      DECLINED: 2,
      WITHDRAWN: 2,
    });
  });

  it('sums places requested (as amended), held, confirmed and released by why', () => {
    const figures = commissioningFunnel(region());
    // 3 + 4 (amended) + 3 × 5 others
    expect(figures.places.requested).toBe(3 + 4 + 3 + 3 + 3 + 3 + 3 + 3);
    // enrolled 2, amended 3 − 1 given back, started kept its 1 confirmed
    expect(figures.places.allocated).toBe(2 + 2 + 1);
    expect(figures.places.confirmed).toBe(2 + 0 + 1);
    // given back 1 while funded, 1 withdrawn after promotion, 2 unconfirmed at the start
    expect(figures.places.released).toEqual({ givenBack: 1, atWithdrawal: 1, afterMissedDeadline: 0, atIntakeStart: 2 });
  });

  it('puts places released after the confirmation deadline passed under the missed deadline, once', () => {
    const overdue = () => {
      const s = submitted(`e-overdue-${Math.random()}`);
      support(s, 1);
      fund(s, 3, 2);
      applyTimer(s, { key: 'confirmation-overdue', at: day(20).toISOString(), kind: 'confirmation-overdue' }, day(20), settings);
      expect(s.status).toBe('CONFIRMATION_OVERDUE');
      return s;
    };
    const givesOneBack = overdue();
    applyPlaceRelease(givesOneBack, submitter, 1, 'one not recruited', day(21));
    const withdrawn = overdue();
    applyWithdrawal(withdrawn, staff, 'no candidates', day(22));
    const figures = commissioningFunnel([givesOneBack, withdrawn].map(view));
    expect(figures.places.released).toEqual({ givenBack: 0, atWithdrawal: 0, afterMissedDeadline: 1 + 3, atIntakeStart: 0 });
    expect(view(withdrawn).history.at(-1)).toMatchObject({ action: 'funding_withdrawn', placesReleased: 3 });
  });

  it('reads the count from the words of entries recorded before they held it, and counts none for such a withdrawal', () => {
    const s = submitted('e-old');
    support(s, 1);
    fund(s, 3, 2);
    applyPlaceRelease(s, submitter, 1, 'one left', day(3));
    applyWithdrawal(s, submitter, 'gone', day(4));
    const old = view(s);
    old.history = old.history.map(({ placesReleased: _dropped, ...entry }) => entry);
    expect(commissioningFunnel([old]).places.released).toEqual({ givenBack: 1, atWithdrawal: 0, afterMissedDeadline: 0, atIntakeStart: 0 });
    expect(commissioningFunnel([view(s)]).places.released).toEqual({
      givenBack: 1,
      atWithdrawal: 2,
      afterMissedDeadline: 0,
      atIntakeStart: 0,
    });
  });

  it('measures the median days of each step over the EOIs that took it', () => {
    const { durations } = commissioningFunnel(region());
    // first review answer: days 2, 4, 6, 1, 1, 1, 1 → median 1
    expect(durations.submissionToReview).toEqual({ medianDays: 1, measured: 7 });
    // support → decision: 3, 1 (6 → 7), 2 (1 → 3), 1, 1, 1 → sorted 1 1 1 1 2 3 → median 1
    expect(durations.reviewToDecision).toEqual({ medianDays: 1, measured: 6 });
    // funding → ENROLLED: 10 (5 → 15), 28 (2 → 30) → 19
    expect(durations.fundingToConfirmation).toEqual({ medianDays: 19, measured: 2 });
  });

  it('splits the figures per intake, in the order given, and keeps the total across them', () => {
    const { total, intakes } = commissioningFunnelByIntake(region(), ['in-2', 'in-1', 'in-none']);
    expect(intakes.map((i) => [i.intakeId, i.figures.eois.submitted])).toEqual([
      ['in-2', 3],
      ['in-1', 5],
      ['in-none', 0],
    ]);
    expect(total.eois.submitted).toBe(8);
    expect(intakes[2]!.figures.durations.submissionToReview).toEqual({ medianDays: null, measured: 0 });
  });

  it('takes the mean of the two middle values for an even count, to one decimal', () => {
    expect(medianDays([1, 2].map((d) => d * DAY_MS))).toEqual({ medianDays: 1.5, measured: 2 });
    expect(medianDays([DAY_MS / 3])).toEqual({ medianDays: 0.3, measured: 1 });
    expect(medianDays([])).toEqual({ medianDays: null, measured: 0 });
  });
});

describe('the commissioning CSV', () => {
  it('has a row per intake then the total, in the columns of the header, unmeasured medians empty', () => {
    const { total, intakes } = commissioningFunnelByIntake(region(), ['in-1']);
    const records = commissioningCsvRecords({
      generatedAt: day(0).toISOString(),
      total,
      intakes: intakes.map((i) => ({ ...i, programmeId: 'p-1', programmeName: 'MSc', startsOn: '2027-09-01' })),
    });
    const column = (name: string) => COMMISSIONING_CSV_COLUMNS.indexOf(name as never);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.length === COMMISSIONING_CSV_COLUMNS.length)).toBe(true);
    expect(records[0]![column('intakeId')]).toBe('in-1');
    expect(records[0]![column('eois.submitted')]).toBe('5');
    expect(records[1]![column('intakeId')]).toBe('all');
    expect(records[1]![column('places.released.atIntakeStart')]).toBe('2');
    const empty = commissioningCsvRecords({ generatedAt: '', total: commissioningFunnel([]), intakes: [] });
    expect(empty[0]![column('durations.submissionToReview.medianDays')]).toBe('');
  });
});

describe('capacity figures', () => {
  it('counts London calendar days from the given now, negative once passed', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(londonDaysUntil(new Date('2027-06-30T23:30:00Z'), '2027-07-02')).toBe(1);
    expect(londonDaysUntil(new Date('2027-07-05T12:00:00Z'), '2027-07-02')).toBe(-3);
  });

  it('gives the days to the confirmation deadline (28 days before the start) and to the start', () => {
    const figures = intakeCapacityFigures(
      { id: 'in-1', programmeId: 'p', programmeName: 'MSc', startsOn: '2027-09-01' },
      { fundedPlaces: 10, allocated: 6, remaining: 4, waitlistLength: 2 },
      3,
      new Date('2027-07-01T08:00:00Z'),
    );
    expect(figures).toMatchObject({ fundedPlaces: 10, allocated: 6, remaining: 4, waitlistLength: 2, confirmed: 3, daysToStart: 62 });
    expect(figures.daysToConfirmationDeadline).toBe(62 - 28);
  });
});
