import {
  allowedActions,
  applyFunding,
  applyOffer,
  applyReview,
  checkAction,
  checkConfirmation,
  checkExtension,
  checkFundingDecision,
  checkPlaceRelease,
  confirmationDueForOffer,
  createEoi,
  eoiDeadlines,
  type EoiState,
  pendingTimers,
} from '../../domain/eoi';
import { defaultSettings, eoiInput, reviewer, staff, stranger, submitter } from './fixtures/eoi';

const settings = defaultSettings;
const at = new Date('2027-03-01T09:00:00Z');

const newEoi = (): EoiState => createEoi(eoiInput(), at, settings).state;

describe('who may do what to an EOI', () => {
  it('gives each role only its actions, and none outside its scope', () => {
    const eoi = newEoi();
    expect(allowedActions(eoi, reviewer)).toEqual(['review']);
    expect(allowedActions(eoi, submitter)).toEqual(['withdrawal']);
    expect(allowedActions(eoi, staff)).toEqual(['withdrawal']);
    expect(allowedActions(eoi, stranger)).toEqual([]);
  });

  it('refuses the wrong role or scope with 403 and the wrong state with 409, naming the state', () => {
    const eoi = newEoi();
    expect(checkAction(eoi, staff, 'review')).toMatchObject({ status: 403 });
    expect(checkAction(eoi, stranger, 'withdraw')).toMatchObject({ status: 403 });
    expect(checkAction(eoi, submitter, 'amend')).toMatchObject({
      status: 409,
      state: 'UNDER_UNIVERSITY_REVIEW',
      allowedActions: ['withdrawal'],
    });
    expect(checkAction(eoi, reviewer, 'review')).toBeUndefined();
  });

  it('refuses funding more places than requested, naming the field', () => {
    const eoi = newEoi();
    applyReview(eoi, reviewer, { decision: 'support', comment: 'ok' }, at, settings);
    expect(checkFundingDecision(eoi, staff, { decision: 'fund', places: 4, allowPartial: false, comment: 'x' })).toMatchObject({
      status: 400,
      errors: [{ path: 'body.places', message: 'at most 3' }],
    });
  });

  it('confirms support only for an accepted candidate, and only for funded places', () => {
    const eoi = newEoi();
    applyReview(eoi, reviewer, { decision: 'support', comment: 'ok' }, at, settings);
    applyFunding(eoi, staff, { places: 1, comment: 'x' }, { kind: 'allocated', places: 1 }, at);
    eoi.candidates.push({ id: 'cand-1', name: 'A', email: 'a@x', currentRole: 'Nurse', addedAt: at.toISOString(), outcome: 'offered' });
    expect(checkConfirmation(eoi, submitter, 'cand-1')).toMatchObject({ status: 409 });
    eoi.candidates[0]!.outcome = 'accepted';
    expect(checkConfirmation(eoi, submitter, 'cand-1')).toBeUndefined();
    expect(checkConfirmation(eoi, submitter, 'cand-9')).toMatchObject({
      status: 409,
      errors: [{ path: 'body.candidateId', message: 'unknown candidate' }],
    });
    expect(checkPlaceRelease(eoi, submitter, 2)).toMatchObject({ status: 409 });
  });

  it('accepts an extension only later than the current deadline and in the future', () => {
    const eoi = newEoi();
    applyReview(eoi, reviewer, { decision: 'support', comment: 'ok' }, at, settings);
    applyFunding(eoi, staff, { places: 1, comment: 'x' }, { kind: 'allocated', places: 1 }, at);
    expect(checkExtension(eoi, staff, '2027-08-01T00:00:00Z', at)).toMatchObject({ status: 400 });
    expect(checkExtension(eoi, staff, '2027-02-01T00:00:00Z', at)).toMatchObject({ status: 400 });
    expect(checkExtension(eoi, staff, '2027-08-20T00:00:00Z', at)).toBeUndefined();
  });
});

describe('EOI deadlines', () => {
  it('asks the university to review by the end of the 10th day, reminding at 09:00 that day and escalating on day 20', () => {
    const eoi = newEoi();
    expect(eoiDeadlines(eoi, settings)).toEqual([
      {
        key: 'review',
        action: 'Review the expression of interest',
        owner: 'Uni One',
        ownerRole: 'university_reviewer',
        dueAt: '2027-03-11T23:59:59.000Z',
      },
    ]);
    expect(pendingTimers(eoi, settings).map((t) => [t.kind, t.at])).toEqual([
      ['review-reminder', '2027-03-11T09:00:00.000Z'],
      // Day 20 is Sunday 21 March: the escalation goes out on Friday.
      ['review-escalation', '2027-03-19T09:00:00.000Z'],
      ['intake-started', '2027-08-31T23:00:00.000Z'],
    ]);
  });

  it('plans confirmation reminders 14, 7 and 2 days before the deadline, skipping those already past', () => {
    const eoi = newEoi();
    applyReview(eoi, reviewer, { decision: 'support', comment: 'ok' }, at, settings);
    applyFunding(eoi, staff, { places: 2, comment: 'x' }, { kind: 'allocated', places: 2 }, new Date('2027-07-21T10:00:00Z'));
    // 09:00 BST on the day 7 and 2 days before; the deadline itself at the end of its day.
    expect(pendingTimers(eoi, settings).map((t) => [t.kind, t.at])).toEqual([
      ['confirmation-reminder', '2027-07-28T08:00:00.000Z'],
      ['confirmation-reminder', '2027-08-02T08:00:00.000Z'],
      ['confirmation-overdue', '2027-08-04T22:59:59.000Z'],
      ['intake-started', '2027-08-31T23:00:00.000Z'],
    ]);
    expect(eoiDeadlines(eoi, settings).map((d) => [d.key, d.ownerRole, d.dueAt])).toEqual([
      ['confirmation', 'org_submitter', '2027-08-04T22:59:59.000Z'],
    ]);
  });

  it('gives an EOI promoted from the waitlist at least 14 days to confirm', () => {
    const eoi = newEoi();
    expect(confirmationDueForOffer(eoi, new Date('2027-05-01T00:00:00Z'))).toBe('2027-08-04T22:59:59.000Z');
    expect(confirmationDueForOffer(eoi, new Date('2027-07-30T12:00:00Z'))).toBe('2027-08-13T22:59:59.000Z');
    applyReview(eoi, reviewer, { decision: 'support', comment: 'ok' }, at, settings);
    applyFunding(eoi, staff, { places: 3, comment: 'x' }, { kind: 'waitlisted', position: 2 }, at);
    applyOffer(eoi, 3, new Date('2027-07-30T12:00:00Z'));
    expect(eoi).toMatchObject({ status: 'FUNDED', allocatedPlaces: 3, confirmationDueAt: '2027-08-13T22:59:59.000Z' });
    expect(eoi.waitlistPosition).toBeUndefined();
  });
});
