import { BANK_HOLIDAYS, BANK_HOLIDAYS_ANNOUNCED_UNTIL } from '../../domain/bank-holidays.data';
import {
  addCalendarMonths,
  atLondonTime,
  endOfDayAfter,
  endOfLondonDay,
  isEndOfLondonDay,
  isWorkingDay,
  londonDateOf,
  londonZoneName,
  reminderTimeFor,
  reminderTimeOn,
  startOfLondonDay,
} from '../../domain/london-calendar';
import { projectedYear } from '../../scripts/update-bank-holidays';

describe('dates in Europe/London', () => {
  it('puts the end of a day at 23:59:59 London time, in summer time and in winter', () => {
    expect(endOfLondonDay('2027-04-02')).toBe('2027-04-02T22:59:59.000Z');
    expect(endOfLondonDay('2027-01-15')).toBe('2027-01-15T23:59:59.000Z');
    // The days the clocks change: 23 and 25 hours long.
    expect(endOfLondonDay('2027-03-28')).toBe('2027-03-28T22:59:59.000Z');
    expect(endOfLondonDay('2027-10-31')).toBe('2027-10-31T23:59:59.000Z');
    expect(startOfLondonDay('2027-04-30')).toBe('2027-04-29T23:00:00.000Z');
  });

  it('reads a wall-clock time typed on a page as London time, and refuses what is not a time or a date', () => {
    expect(atLondonTime('2027-06-15', '10:30')).toBe('2027-06-15T09:30:00.000Z');
    expect(atLondonTime('2027-01-15', '9.05')).toBe('2027-01-15T09:05:00.000Z');
    expect(atLondonTime('2027-01-15', '24:00')).toBeUndefined();
    expect(atLondonTime('2027-01-15', 'noon')).toBeUndefined();
    expect(atLondonTime('2027-02-31', '10:00')).toBeUndefined();
  });

  it('reads the London date of an instant, which differs from the UTC date late in a summer evening', () => {
    expect(londonDateOf('2027-04-02T23:30:00Z')).toBe('2027-04-03');
    expect(londonDateOf('2027-01-02T23:30:00Z')).toBe('2027-01-02');
    expect(endOfDayAfter('2027-03-01T23:30:00Z', 10)).toBe('2027-03-11T23:59:59.000Z');
    expect(endOfDayAfter('2027-06-01T23:30:00Z', 10)).toBe('2027-06-12T22:59:59.000Z');
  });

  it('knows a date-only deadline from one with a time of day', () => {
    expect(isEndOfLondonDay(endOfLondonDay('2027-07-01'))).toBe(true);
    expect(isEndOfLondonDay('2027-07-01T23:59:59Z')).toBe(false);
    expect(londonZoneName('2027-07-01T12:00:00Z')).toBe('BST');
    expect(londonZoneName('2027-12-01T12:00:00Z')).toBe('GMT');
  });

  it('adds calendar months on dates, clamping to the end of a shorter month', () => {
    expect(addCalendarMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-06-30', 36)).toBe('2030-06-30');
  });
});

describe('working days and reminder times', () => {
  it('treats weekends and England and Wales bank holidays as non-working days', () => {
    expect(isWorkingDay('2027-04-01')).toBe(true); // Thursday before Easter
    expect(isWorkingDay('2027-03-26')).toBe(false); // Good Friday
    expect(isWorkingDay('2027-03-29')).toBe(false); // Easter Monday
    expect(isWorkingDay('2027-04-03')).toBe(false); // Saturday
    expect(isWorkingDay('2027-12-27')).toBe(false); // Christmas Day, substitute
  });

  it('sends a reminder at 09:00 London time, moved back to the working day before a weekend or bank holiday', () => {
    expect(reminderTimeOn('2027-06-16')).toBe('2027-06-16T08:00:00.000Z'); // Wednesday, summer time
    expect(reminderTimeOn('2027-01-13')).toBe('2027-01-13T09:00:00.000Z'); // Wednesday, winter
    expect(reminderTimeOn('2027-06-19')).toBe('2027-06-18T08:00:00.000Z'); // Saturday → Friday
    expect(reminderTimeOn('2027-06-20')).toBe('2027-06-18T08:00:00.000Z'); // Sunday → Friday
    // Easter Monday → Good Friday → Thursday
    expect(reminderTimeOn('2027-03-29')).toBe('2027-03-25T09:00:00.000Z');
    // Across Christmas 2027: Tuesday 28 (Boxing Day substitute) → Friday 24
    expect(reminderTimeOn('2027-12-28')).toBe('2027-12-24T09:00:00.000Z');
    expect(reminderTimeFor('2027-06-19T23:30:00Z')).toBe('2027-06-18T08:00:00.000Z'); // 00:30 Sunday in London
  });
});

describe('the England and Wales bank holiday data', () => {
  it('lists eight or more dates for every year it covers, sorted, each a weekday', () => {
    const years = new Map<number, number>();
    for (const h of BANK_HOLIDAYS) years.set(Number(h.date.slice(0, 4)), (years.get(Number(h.date.slice(0, 4))) ?? 0) + 1);
    for (const count of years.values()) expect(count).toBeGreaterThanOrEqual(8);
    expect([...BANK_HOLIDAYS].map((h) => h.date)).toEqual([...BANK_HOLIDAYS].map((h) => h.date).sort());
    for (const h of BANK_HOLIDAYS) expect([0, 6]).not.toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
    // Years ahead of the last announcement, for deadlines years away (re-accreditation).
    expect(Math.max(...years.keys())).toBeGreaterThanOrEqual(BANK_HOLIDAYS_ANNOUNCED_UNTIL + 10);
  });

  it('projects the usual pattern exactly as GOV.UK announced the years without one-off holidays', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      expect(projectedYear(year)).toEqual(BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`)));
    }
    // Substitute days: New Year's Day on a Saturday, Christmas on a Saturday and on a Sunday.
    expect(projectedYear(2028).map((h) => h.date)).toContain('2028-01-03');
    expect(
      projectedYear(2032)
        .filter((h) => h.date.startsWith('2032-12'))
        .map((h) => h.date),
    ).toEqual(['2032-12-27', '2032-12-28']);
    expect(
      projectedYear(2033)
        .filter((h) => h.date.startsWith('2033-12'))
        .map((h) => h.date),
    ).toEqual(['2033-12-26', '2033-12-27']);
  });
});
