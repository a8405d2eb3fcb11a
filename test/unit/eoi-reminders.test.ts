import {
  applyAmendment,
  applyFunding,
  applyReview,
  applyTimer,
  createEoi,
  eoiDeadlines,
  type EoiState,
  type NewEoi,
  pendingTimers,
} from '../../domain/eoi';
import { ProcessSettingsSchema } from '../../domain/settings';
import { defaultSettings, eoiInput, reviewer, staff, submitter } from './fixtures/eoi';

const defaults = defaultSettings;
const input = (startsOn = '2027-09-01'): NewEoi => eoiInput({ startsOn, placesRequested: 2 });

/** The step's timers (every open EOI also closes when the programme starts: test/unit/eoi-intake-bounds.test.ts). */
const timersOf = (s: EoiState, settings = defaults) =>
  pendingTimers(s, settings)
    .filter((t) => t.kind !== 'intake-started')
    .map((t) => [t.kind, t.at]);

describe('EOI reminders at 09:00 London time on working days', () => {
  it('moves a reminder that falls at a weekend or on a bank holiday to 09:00 on the working day before', () => {
    // Submitted Tuesday 16 March 2027: day 10 is Friday 26 March, Good Friday; day 20 is Monday 5 April.
    const { state } = createEoi(input(), new Date('2027-03-16T15:30:00Z'), defaults);
    expect(timersOf(state)).toEqual([
      ['review-reminder', '2027-03-25T09:00:00.000Z'], // Thursday 25 March, GMT
      ['review-escalation', '2027-04-05T08:00:00.000Z'], // Monday 5 April, BST
    ]);
    // The due date itself does not move: all of Good Friday is still the university's.
    expect(eoiDeadlines(state, defaults)[0]!.dueAt).toBe('2027-03-26T23:59:59.000Z');
  });

  it('reminds the confirmation of support on the working days before, never after the deadline was set', () => {
    // Programme starts Monday 3 January 2028: confirmation due Monday 6 December 2027.
    const { state } = createEoi(input('2028-01-03'), new Date('2027-09-01T09:00:00Z'), defaults);
    applyReview(state, reviewer, { decision: 'support', comment: 'ok' }, new Date('2027-09-02T09:00:00Z'), defaults);
    applyFunding(state, staff, { places: 2, comment: 'ok' }, { kind: 'allocated', places: 2 }, new Date('2027-09-03T09:00:00Z'));
    expect(timersOf(state)).toEqual([
      ['confirmation-reminder', '2027-11-22T09:00:00.000Z'], // 14 days before: Monday
      ['confirmation-reminder', '2027-11-29T09:00:00.000Z'], // 7 days before: Monday
      ['confirmation-reminder', '2027-12-03T09:00:00.000Z'], // 2 days before is Saturday 4: Friday 3
      ['confirmation-overdue', '2027-12-06T23:59:59.000Z'],
    ]);
    const { effects } = applyTimer(state, pendingTimers(state, defaults)[2]!, new Date('2027-12-03T09:00:00Z'), defaults);
    expect(effects.notices[0]).toMatchObject({
      headline: 'Reminder: confirmation of support is due on Monday 6 December 2027',
      dueAt: '2027-12-06T23:59:59.000Z',
    });
  });

  it('keeps the timers an EOI started before the London calendar was planned with', () => {
    const { state } = createEoi(input(), new Date('2027-03-16T15:30:00Z'), defaults, { rules: [] });
    expect(timersOf(state)).toEqual([
      ['review-reminder', '2027-03-26T15:30:00.000Z'],
      ['review-escalation', '2027-04-05T15:30:00.000Z'],
    ]);
  });
});

describe('review, amendment and funding-decision steps: due dates and reminders from the settings', () => {
  const settings = ProcessSettingsSchema.parse({
    reviewReminderAfterDays: 5,
    amendmentReminderAfterDays: 7,
    fundingDecisionReminderAfterDays: 3,
  });

  it('gives the university REVIEW_REMINDER_AFTER to review, in the due date and in the words of the email', () => {
    const { state, effects } = createEoi(input(), new Date('2027-03-01T09:00:00Z'), settings);
    const university = effects.notices.find((n) => n.key.endsWith('submitted-university'))!;
    expect(university.dueAt).toBe('2027-03-06T23:59:59.000Z');
    expect(university.lines).toContain('You have 5 days to review it.');
    expect(eoiDeadlines(state, settings)[0]!.dueAt).toBe('2027-03-06T23:59:59.000Z');
    // Saturday 6 March: reminded on Friday.
    expect(timersOf(state, settings)[0]).toEqual(['review-reminder', '2027-03-05T09:00:00.000Z']);
  });

  it('reminds the organisation of a pending amendment when it is due, and restarts the review clock once amended', () => {
    const { state } = createEoi(input(), new Date('2027-03-01T09:00:00Z'), settings);
    const asked = applyReview(
      state,
      reviewer,
      { decision: 'changes_requested', comment: 'add detail' },
      new Date('2027-03-02T10:00:00Z'),
      settings,
    );
    expect(asked.notices[0]).toMatchObject({ dueAt: '2027-03-09T23:59:59.000Z' });
    expect(asked.notices[0]!.lines).toContain('You have 7 days to amend it.');
    expect(eoiDeadlines(state, settings)).toMatchObject([
      { key: 'amendment', ownerRole: 'org_submitter', dueAt: '2027-03-09T23:59:59.000Z' },
    ]);
    const [reminder] = pendingTimers(state, settings);
    expect(reminder).toMatchObject({ kind: 'amendment-reminder', at: '2027-03-09T09:00:00.000Z' });
    const { effects } = applyTimer(state, reminder!, new Date(reminder!.at), settings);
    expect(effects.notices[0]).toMatchObject({
      headline: 'Reminder: the university is waiting for your amendments',
      audience: expect.arrayContaining([{ kind: 'organisation', organisationId: 'org-1' }]),
      lines: ['The university asked for changes.', 'Comment from Uni, Uni One: “add detail”'],
    });
    const amended = applyAmendment(state, submitter, { placesRequested: 1 }, {}, new Date('2027-03-08T10:00:00Z'), settings);
    expect(amended.notices[0]).toMatchObject({ dueAt: '2027-03-13T23:59:59.000Z', lines: ['You have 5 days to review it.'] });
    expect(timersOf(state, settings)[0]).toEqual(['review-reminder', '2027-03-12T09:00:00.000Z']);
  });

  it('reminds HEE staff of a supported EOI awaiting their funding decision when it is due', () => {
    const { state } = createEoi(input(), new Date('2027-03-01T09:00:00Z'), settings);
    const supported = applyReview(state, reviewer, { decision: 'support', comment: 'good' }, new Date('2027-03-02T10:00:00Z'), settings);
    expect(supported.notices[0]).toMatchObject({
      dueAt: '2027-03-05T23:59:59.000Z',
      lines: ['Uni One supports it.', 'Comment from Uni, Uni One: “good”', 'You have 3 days to decide.'],
    });
    const [reminder] = pendingTimers(state, settings);
    expect(reminder).toMatchObject({ kind: 'funding-decision-reminder', at: '2027-03-05T09:00:00.000Z' });
    const { effects } = applyTimer(state, reminder!, new Date(reminder!.at), settings);
    expect(effects.notices[0]).toMatchObject({ audience: [{ kind: 'role', role: 'hee_staff' }], dueAt: '2027-03-05T23:59:59.000Z' });
    expect(timersOf(state, settings)).toEqual([]);
  });
});
