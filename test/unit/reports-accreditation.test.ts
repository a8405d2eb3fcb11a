/** The accreditation picture per hub: states, expiries within 3/6/12 months, re-accreditations, lapses. */
import { accreditationByHub, accreditationCsvRecords, ACCREDITATION_CSV_COLUMNS, type AccreditationSpoke } from '../../domain/reports';

const now = new Date('2027-01-15T12:00:00Z');

function spoke(id: string, overrides: Partial<AccreditationSpoke>): AccreditationSpoke {
  return { id, hubId: 'hub-a', hubName: 'Wigan', status: 'ACCREDITED', cycle: 1, deadlines: [], ...overrides };
}

const spokes: AccreditationSpoke[] = [
  spoke('expires-in-2-months', { accreditedUntil: '2027-03-15T00:00:00Z' }),
  spoke('expires-in-5-months', { accreditedUntil: '2027-06-15T00:00:00Z' }),
  spoke('expires-in-exactly-12-months', { accreditedUntil: '2028-01-15T12:00:00Z' }),
  spoke('expires-in-2-years', { accreditedUntil: '2029-01-15T00:00:00Z' }),
  spoke('suspended', { status: 'SUSPENDED', accreditedUntil: '2027-02-01T00:00:00Z' }),
  // Re-accreditation: still holds the old accreditation until it expires.
  spoke('reaccrediting-on-time', {
    status: 'REACCREDITATION_DUE',
    cycle: 2,
    accreditedUntil: '2027-04-01T00:00:00Z',
    deadlines: [{ key: 'evidence', action: 'Submit', owner: 'Practice', dueAt: '2027-02-01T00:00:00Z' }],
  }),
  spoke('reaccrediting-late', {
    status: 'UNDER_HUB_REVIEW',
    cycle: 3,
    accreditedUntil: '2027-02-01T00:00:00Z',
    deadlines: [{ key: 'review', action: 'Review', owner: 'Hub', dueAt: '2027-01-10T00:00:00Z' }],
  }),
  spoke('lapsed', { hubId: 'hub-b', hubName: 'Bolton', status: 'LAPSED', cycle: 2, accreditedUntil: '2027-01-01T00:00:00Z' }),
  spoke('new', { hubId: 'hub-b', hubName: 'Bolton', status: 'AWAITING_EVIDENCE' }),
];

const hubs = [
  { id: 'hub-b', name: 'Bolton' },
  { id: 'hub-a', name: 'Wigan' },
  { id: 'hub-c', name: 'Leigh' },
];

describe('the accreditation picture', () => {
  it('counts accreditations held now and those expiring within 3, 6 and 12 months (each including the shorter)', () => {
    const {
      hubs: [, wigan],
    } = accreditationByHub(spokes, hubs, now);
    expect(wigan!.figures.applications).toBe(7);
    // Suspended is not held; the two re-accreditations still hold the old one.
    expect(wigan!.figures.accredited).toBe(6);
    expect(wigan!.figures.expiring).toEqual({ within3Months: 3, within6Months: 4, within12Months: 5 });
  });

  it('counts re-accreditations in progress, those with a step past due, and lapses', () => {
    const {
      total,
      hubs: [bolton, wigan, leigh],
    } = accreditationByHub(spokes, hubs, now);
    expect(wigan!.figures).toMatchObject({ reaccreditationsInProgress: 2, reaccreditationsOverdue: 1, lapsed: 0 });
    expect(bolton!.figures).toMatchObject({ applications: 2, accredited: 0, reaccreditationsInProgress: 0, lapsed: 1 });
    expect(bolton!.figures.byStatus).toMatchObject({ LAPSED: 1, AWAITING_EVIDENCE: 1, ACCREDITED: 0 });
    expect(leigh!.figures.applications).toBe(0);
    expect(total).toMatchObject({ applications: 9, accredited: 6, lapsed: 1, reaccreditationsInProgress: 2 });
    expect(total.byStatus.ACCREDITED).toBe(4);
  });

  it('exports a row per hub then the total, in the header’s columns', () => {
    const report = { generatedAt: now.toISOString(), ...accreditationByHub(spokes, hubs, now) };
    const records = accreditationCsvRecords(report);
    const column = (name: string) => ACCREDITATION_CSV_COLUMNS.indexOf(name as never);
    expect(records.map((r) => [r[column('hubId')], r[column('applications')], r[column('expiring.within6Months')]])).toEqual([
      ['hub-b', '2', '0'],
      ['hub-a', '7', '4'],
      ['hub-c', '0', '0'],
      ['all', '9', '4'],
    ]);
    expect(records.every((r) => r.length === ACCREDITATION_CSV_COLUMNS.length)).toBe(true);
  });

  describe('median days of each step', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2026-01-05T09:00:00Z');
    /** A history from [days since the start, status moved to] pairs; the first is the opening. */
    const history = (...steps: [number, string][]) =>
      steps.map(([days, toStatus], i) => ({
        at: new Date(start + days * DAY).toISOString(),
        fromStatus: i === 0 ? null : steps[i - 1]![1],
        toStatus,
      }));
    const timed = (id: string, ...steps: [number, string][]) => spoke(id, { history: history(...steps) });

    const journeys = [
      // Evidence 10 days, hub review 4, changes asked: evidence again 6, review 2, visit 20, HEE 3, agreement 5.
      timed(
        'accredited-after-changes',
        [0, 'AWAITING_EVIDENCE'],
        [10, 'UNDER_HUB_REVIEW'],
        [14, 'EVIDENCE_CHANGES_REQUESTED'],
        [20, 'UNDER_HUB_REVIEW'],
        [22, 'VISIT_PENDING'],
        [42, 'AWAITING_HEE_APPROVAL'],
        [45, 'AWAITING_AGREEMENT'],
        [50, 'ACCREDITED'],
      ),
      // Evidence 2 days, review 1, visit 10, actions 7, a follow-up visit 3, HEE 1, agreement 1.
      timed(
        'accredited-after-actions',
        [0, 'AWAITING_EVIDENCE'],
        [2, 'UNDER_HUB_REVIEW'],
        [3, 'VISIT_PENDING'],
        [13, 'ACTIONS_IN_PROGRESS'],
        [20, 'VISIT_PENDING'],
        [23, 'AWAITING_HEE_APPROVAL'],
        [24, 'AWAITING_AGREEMENT'],
        [25, 'ACCREDITED'],
      ),
      // Withdrawn during the hub's review: the review it never finished is not a measurement.
      timed('withdrawn', [0, 'AWAITING_EVIDENCE'], [8, 'UNDER_HUB_REVIEW'], [30, 'WITHDRAWN']),
      // A renewal HEE refused runs to expiry: an HEE decision, but no new accreditation.
      timed(
        'renewal-refused',
        [0, 'AWAITING_EVIDENCE'],
        [1, 'UNDER_HUB_REVIEW'],
        [2, 'VISIT_PENDING'],
        [3, 'AWAITING_HEE_APPROVAL'],
        [4, 'AWAITING_AGREEMENT'],
        [5, 'ACCREDITED'],
        [400, 'REACCREDITATION_DUE'],
        [401, 'UNDER_HUB_REVIEW'],
        [402, 'VISIT_PENDING'],
        [403, 'AWAITING_HEE_APPROVAL'],
        [409, 'ACCREDITED'],
      ),
    ];

    it('measures each time an application is in a step until the process moves on, and takes the median', () => {
      const { total } = accreditationByHub(journeys, hubs, now);
      expect(total.durations).toEqual({
        evidence: { medianDays: 4, measured: 6 }, // 10, 6; 2; 8 (the withdrawn one did submit); 1, 1 (re-confirmed)
        hubReview: { medianDays: 1, measured: 5 }, // 4, 2, 1, 1, 1
        visit: { medianDays: 3, measured: 5 }, // 20, 10, 3, 1, 1
        actionPlan: { medianDays: 7, measured: 1 },
        heeApproval: { medianDays: 2, measured: 4 }, // 3, 1, 1, 6 (the refusal)
        agreement: { medianDays: 1, measured: 3 }, // 5, 1, 1
        applicationToAccreditation: { medianDays: 25, measured: 3 }, // 50, 25, 5; not the refused renewal
      });
    });

    it('has no median for a step nobody has taken, and none without histories', () => {
      expect(accreditationByHub(spokes, hubs, now).total.durations.hubReview).toEqual({ medianDays: null, measured: 0 });
      expect(accreditationByHub(journeys, hubs, now).hubs[2]!.figures.durations.visit).toEqual({ medianDays: null, measured: 0 });
    });

    it('exports the medians as columns of the CSV', () => {
      const report = { generatedAt: now.toISOString(), ...accreditationByHub(journeys, hubs, now) };
      const records = accreditationCsvRecords(report);
      const column = ACCREDITATION_CSV_COLUMNS.indexOf('durations.applicationToAccreditation.medianDays' as never);
      expect(column).toBeGreaterThan(-1);
      expect(records.map((r) => [r[0], r[column]])).toEqual([
        ['hub-b', ''],
        ['hub-a', '25'],
        ['hub-c', ''],
        ['all', '25'],
      ]);
    });
  });
});
