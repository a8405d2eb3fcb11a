import {
  DEFAULT_RETENTION_PERIODS,
  documentDeletionDue,
  isDocumentDeletionDue,
  isRetentionPeriod,
  retentionFactsOf,
} from '../../domain/document-retention';

const periods = DEFAULT_RETENTION_PERIODS;
const at = (iso: string) => new Date(iso);

describe('documentDeletionDue', () => {
  it('keeps the documents of an open application and of an accreditation still held', () => {
    // ENROLLED: an EOI that is the record of funded training.
    for (const status of ['AWAITING_EVIDENCE', 'UNDER_HUB_REVIEW', 'ACCREDITED', 'REACCREDITATION_DUE', 'SUSPENDED', 'ENROLLED']) {
      expect(
        documentDeletionDue({ status, closedAt: '2027-01-01T10:00:00.000Z', accreditedAt: '2026-01-01T10:00:00.000Z' }, periods),
      ).toBeUndefined();
    }
    // Closed but with no known closing time: kept rather than guessed.
    expect(documentDeletionDue({ status: 'WITHDRAWN' }, periods)).toBeUndefined();
  });

  it('deletes a withdrawn or rejected application’s (or declined EOI’s) documents two years after it closed, by default', () => {
    for (const status of ['WITHDRAWN', 'REJECTED', 'DECLINED']) {
      expect(documentDeletionDue({ status, closedAt: '2027-03-15T09:30:00.000Z' }, periods)).toEqual({
        from: at('2029-03-15T09:30:00.000Z'),
        rule: 'closed_application',
        countedFrom: '2027-03-15T09:30:00.000Z',
      });
    }
    // 29 February + 2 years: the last day of February.
    expect(documentDeletionDue({ status: 'WITHDRAWN', closedAt: '2028-02-29T12:00:00.000Z' }, periods)?.from).toEqual(
      at('2030-02-28T12:00:00.000Z'),
    );
    expect(
      documentDeletionDue({ status: 'REJECTED', closedAt: '2027-03-15T09:30:00.000Z' }, { ...periods, afterClose: 'P90D' })?.from,
    ).toEqual(at('2027-06-13T09:30:00.000Z'));
  });

  it('keeps an accreditation record for the accreditation period plus six years: to its expiry, or its withdrawal if earlier', () => {
    const accredited = { accreditedAt: '2027-01-10T10:00:00.000Z', accreditedUntil: '2030-01-10T10:00:00.000Z' };
    expect(documentDeletionDue({ status: 'LAPSED', closedAt: '2030-01-10T10:00:05.000Z', ...accredited }, periods)).toEqual({
      from: at('2036-01-10T10:00:00.000Z'),
      rule: 'accreditation_record',
      countedFrom: '2030-01-10T10:00:00.000Z',
    });
    expect(documentDeletionDue({ status: 'WITHDRAWN', closedAt: '2028-06-01T08:00:00.000Z', ...accredited }, periods)).toEqual({
      from: at('2034-06-01T08:00:00.000Z'),
      rule: 'accreditation_record',
      countedFrom: '2028-06-01T08:00:00.000Z',
    });
  });
});

describe('isDocumentDeletionDue', () => {
  const withdrawn = { status: 'WITHDRAWN', closedAt: '2027-03-15T09:30:00.000Z' };
  it('is due from the cut-off on, not a moment before', () => {
    expect(isDocumentDeletionDue(withdrawn, periods, at('2029-03-15T09:29:59.999Z'))).toBe(false);
    expect(isDocumentDeletionDue(withdrawn, periods, at('2029-03-15T09:30:00.000Z'))).toBe(true);
    expect(isDocumentDeletionDue({ status: 'ACCREDITED' }, periods, at('2099-01-01T00:00:00.000Z'))).toBe(false);
  });
});

describe('retentionFactsOf', () => {
  it('takes the closing time from the last history entry into the status', () => {
    const history = [
      { at: '2027-01-01T10:00:00.000Z', toStatus: 'AWAITING_EVIDENCE' },
      { at: '2027-02-01T10:00:00.000Z', toStatus: 'WITHDRAWN' },
    ];
    expect(retentionFactsOf({ status: 'WITHDRAWN', history })).toEqual({
      status: 'WITHDRAWN',
      closedAt: '2027-02-01T10:00:00.000Z',
      accreditedAt: undefined,
      accreditedUntil: undefined,
    });
  });
});

describe('isRetentionPeriod', () => {
  it('takes ISO 8601 durations longer than nothing', () => {
    expect(isRetentionPeriod('P2Y')).toBe(true);
    expect(isRetentionPeriod('P18M')).toBe(true);
    expect(isRetentionPeriod('P0D')).toBe(false);
    expect(isRetentionPeriod('2 years')).toBe(false);
  });
});
