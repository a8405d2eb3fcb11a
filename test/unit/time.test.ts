import { addDuration, addMonths, isCalendarDate, parseCalendarDate, parseIsoDuration } from '../../domain/time';
import { confirmationDueAt, isEoiWindowOpen } from '../../domain/reference-data';

describe('ISO durations', () => {
  it('parses days, weeks and times', () => {
    expect(parseIsoDuration('P30D').days).toBe(30);
    expect(parseIsoDuration('P2W').weeks).toBe(2);
    expect(parseIsoDuration('P1Y6M')).toMatchObject({ years: 1, months: 6 });
    expect(parseIsoDuration('PT12H').hours).toBe(12);
  });

  it.each(['', 'P', '30D', 'P1.5D', 'PT', 'P-1D'])('refuses %p', (value) => {
    expect(() => parseIsoDuration(value)).toThrow(RangeError);
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths(new Date('2027-01-31T09:00:00Z'), 1).toISOString()).toBe('2027-02-28T09:00:00.000Z');
    expect(addMonths(new Date('2028-01-31T09:00:00Z'), 1).toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(addDuration(new Date('2027-03-01T00:00:00Z'), 'P3Y').toISOString()).toBe('2030-03-01T00:00:00.000Z');
    expect(addDuration(new Date('2027-03-01T00:00:00Z'), 'P1DT2H').toISOString()).toBe('2027-03-02T02:00:00.000Z');
  });
});

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2027-09-01')).toBe(true);
    expect(isCalendarDate('2027-02-30')).toBe(false);
    expect(isCalendarDate('2027-9-1')).toBe(false);
    expect(parseCalendarDate('2027-09-01').toISOString()).toBe('2027-09-01T00:00:00.000Z');
  });
});

describe('intake rules', () => {
  it('makes confirmation of support due by the end of the day, London time, 28 days before the programme starts', () => {
    // "By 2 April": all of 2 April in London, summer time (BST) and winter time (GMT).
    expect(confirmationDueAt('2027-04-30')).toBe('2027-04-02T22:59:59.000Z');
    expect(confirmationDueAt('2027-09-01')).toBe('2027-08-04T22:59:59.000Z');
    expect(confirmationDueAt('2027-03-01')).toBe('2027-02-01T23:59:59.000Z');
  });

  it('opens the EOI window at eoiOpensAt and closes it at eoiClosesAt', () => {
    const intake = { eoiOpensAt: '2027-01-01T00:00:00Z', eoiClosesAt: '2027-02-01T00:00:00Z' };
    expect(isEoiWindowOpen(intake, new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(isEoiWindowOpen(intake, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isEoiWindowOpen(intake, new Date('2027-02-01T00:00:00Z'))).toBe(false);
  });
});
