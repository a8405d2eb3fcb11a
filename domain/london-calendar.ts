/**
 * The scheme's calendar is Europe/London's (docs/domain.md, "Dates, deadlines and reminders"):
 * - a deadline named as a date is due at the end of that day, 23:59:59 London time;
 * - reminders go out at 09:00 London time on a working day: one that would fall on a Saturday,
 *   a Sunday or an England and Wales bank holiday goes out on the working day before.
 *
 * Time-zone rules come from js-joda's own copy of the IANA database (its version is pinned in
 * package-lock.json), not from the machine, so a workflow replays to the same instants on any
 * host. Pure: no clock reads, safe inside the workflow bundle. Dates are `YYYY-MM-DD` strings,
 * instants ISO 8601 strings in UTC.
 */
import { DayOfWeek, Instant, LocalDate, LocalTime, ZonedDateTime, ZoneId } from '@js-joda/core';
import '@js-joda/timezone';
import { BANK_HOLIDAYS } from './bank-holidays.data';

export const TIME_ZONE = 'Europe/London';
const LONDON = ZoneId.of(TIME_ZONE);
const END_OF_DAY = LocalTime.of(23, 59, 59);
const REMINDER_TIME = LocalTime.of(9, 0);
const bankHolidays = new Set(BANK_HOLIDAYS.map((h) => h.date));

const instantOf = (at: Date | string) => Instant.ofEpochMilli(typeof at === 'string' ? Date.parse(at) : at.getTime());
const toIso = (zoned: ZonedDateTime) => new Date(zoned.toInstant().toEpochMilli()).toISOString();

/** The London calendar date an instant falls on. */
export function londonDateOf(at: Date | string): string {
  return ZonedDateTime.ofInstant(instantOf(at), LONDON).toLocalDate().toString();
}

/** 23:59:59 London time on the date: when a deadline named as that date is due. */
export function endOfLondonDay(date: string): string {
  return toIso(LocalDate.parse(date).atTime(END_OF_DAY).atZone(LONDON));
}

/** 00:00 London time on the date: when that day begins (a programme starting on it has started). */
export function startOfLondonDay(date: string): string {
  return toIso(LocalDate.parse(date).atStartOfDay(LONDON));
}

/** A London wall-clock time ("10:30", 24-hour) on the date as an instant, or undefined when it is not a time. */
export function atLondonTime(date: string, time: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return undefined;
  try {
    return toIso(
      LocalDate.parse(date)
        .atTime(LocalTime.of(Number(match[1]), Number(match[2])))
        .atZone(LONDON),
    );
  } catch {
    return undefined; // not a date (31 February)
  }
}

/** Whether the instant is exactly the end of a London day (a date-only deadline, shown without a time). */
export function isEndOfLondonDay(at: Date | string): boolean {
  return ZonedDateTime.ofInstant(instantOf(at), LONDON).toLocalTime().equals(END_OF_DAY);
}

export function addCalendarDays(date: string, days: number): string {
  return LocalDate.parse(date).plusDays(days).toString();
}

/** Calendar months, clamped to the end of a shorter month (31 January + 1 month = 28/29 February). */
export function addCalendarMonths(date: string, months: number): string {
  return LocalDate.parse(date).plusMonths(months).toString();
}

/** The end of the London day `days` calendar days after the day `from` falls on. */
export function endOfDayAfter(from: Date | string, days: number): string {
  return endOfLondonDay(addCalendarDays(londonDateOf(from), days));
}

export function isBankHoliday(date: string): boolean {
  return bankHolidays.has(date);
}

/** Monday to Friday, and not an England and Wales bank holiday. */
export function isWorkingDay(date: string): boolean {
  const day = LocalDate.parse(date).dayOfWeek();
  return day !== DayOfWeek.SATURDAY && day !== DayOfWeek.SUNDAY && !isBankHoliday(date);
}

export function workingDayOnOrBefore(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addCalendarDays(day, -1);
  return day;
}

/** When a reminder meant for that date goes out: 09:00 London time, on that day or the working day before. */
export function reminderTimeOn(date: string): string {
  return toIso(LocalDate.parse(workingDayOnOrBefore(date)).atTime(REMINDER_TIME).atZone(LONDON));
}

/** The reminder for the day an instant falls on in London (e.g. "10 days after submission"). */
export function reminderTimeFor(at: Date | string): string {
  return reminderTimeOn(londonDateOf(at));
}

const longDateFormats = new Map<string, Intl.DateTimeFormat>();

/** "Friday 31 January 2027" (built from parts: ICU versions differ on the comma after the weekday). */
export function longDate(at: Date, timeZone: string = TIME_ZONE): string {
  let format = longDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    longDateFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** "BST" or "GMT": the name people in England give London's offset at that instant. */
export function londonZoneName(at: Date | string): string {
  return ZonedDateTime.ofInstant(instantOf(at), LONDON).offset().totalSeconds() === 0 ? 'GMT' : 'BST';
}
