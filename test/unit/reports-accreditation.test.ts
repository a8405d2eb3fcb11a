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
});
